import { ArchivedView } from "../views";

/** Reads everything a view exposes (to prove views never throw on checked bytes). */
export function touchView(v: unknown, depth = 0): void {
  if (depth > 64 || v === null || typeof v !== "object") return;
  if (v instanceof Uint8Array) return;
  if (v instanceof ArchivedView) {
    for (const k of Object.keys(Object.getPrototypeOf(v))) {
      touchView((v as unknown as Record<string, unknown>)[k], depth + 1);
    }
    return;
  }
  if (Symbol.iterator in v) {
    for (const x of v as Iterable<unknown>) touchView(x, depth + 1);
    return;
  }
  touchView((v as { value?: unknown }).value, depth + 1);
}
