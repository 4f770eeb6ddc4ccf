/**
 * Printing calls for a person (the main job): each call with its arguments, then its result or
 * error, gas, events (decoded with the generated decoders) and call tree; ids and roots in hex.
 */
import { isContractFailure } from "@shortcrust/runtime";

/** A call's receipt as the generated clients return it. */
export interface Receipt<T> {
  readonly data: T;
  readonly gasSpent: bigint;
  readonly gasLimit: bigint;
  readonly events: readonly ReceiptEvent[];
  readonly callTree: readonly { contractId: Uint8Array; limit: bigint; spent: bigint }[];
  /** The contracts' debug output (`debug(...)`); the runtime's receipts always carry it. */
  readonly debug?: readonly DebugLine[];
}
export interface DebugLine {
  readonly contractId: Uint8Array;
  readonly message: string;
  readonly reverted: boolean;
}
export interface ReceiptEvent {
  readonly source: Uint8Array;
  readonly topic: string;
  readonly data: Uint8Array;
  readonly reverted: boolean;
}

export const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");

/** A contract the report can name, with a decoder for its events. */
export interface Known {
  readonly name: string;
  readonly decode?: (event: ReceiptEvent) => {
    topic: string;
    value: unknown;
  };
}

export class Report {
  private readonly known = new Map<string, Known>();

  constructor(private readonly write: (line: string) => void = console.log) {}

  /** Names `id` (and decodes its events) from now on. */
  name(id: Uint8Array, known: Known): void {
    this.known.set(hex(id), known);
  }

  line(text = ""): void {
    this.write(text);
  }

  /** A contract by name and full id. */
  contract(id: Uint8Array): string {
    const k = this.known.get(hex(id));
    return k ? `${k.name} ${hex(id)}` : hex(id);
  }

  /**
   * Runs `call`, printing `label(args)` and what came of it. Returns the receipt, or null when
   * the call failed (a failed call changes nothing and burns its gas limit).
   */
  call<T>(label: string, args: readonly unknown[], call: () => Receipt<T>): Receipt<T> | null {
    this.write(`▶ ${label}(${args.map((a) => show(a)).join(", ")})`);
    let r: Receipt<T>;
    try {
      r = call();
    } catch (e) {
      if (!isContractFailure(e)) throw e;
      const ce = e.contractError;
      const what = ce.case === "Panic" ? `Panic: ${ce.message}` : ce.case;
      this.write(`  ✗ ${what}    (a failed call burns its gas limit and changes nothing)`);
      this.debug(e.debug);
      return null;
    }
    this.write(`  ✓ ${show(r.data)}    gas ${r.gasSpent} of ${r.gasLimit}`);
    this.debug(r.debug ?? []);
    for (const e of r.events) {
      const k = this.known.get(hex(e.source));
      const ev = k?.decode?.(e);
      const value = ev ? show(ev.value) : `${e.data.length} bytes`;
      this.write(
        `    event ${k?.name ?? hex(e.source)}.${e.topic} ${value}${e.reverted ? " (reverted)" : ""}`,
      );
    }
    this.tree(r.callTree);
    return r;
  }

  private debug(lines: readonly DebugLine[]): void {
    for (const l of lines) {
      const who = this.known.get(hex(l.contractId))?.name ?? hex(l.contractId).slice(0, 16);
      this.write(`    debug ${who}: ${l.message}${l.reverted ? " (reverted)" : ""}`);
    }
  }

  /**
   * The call tree, root first. A receipt lists it flat in reverse post-order (piecrust's
   * `CallTreeElem` carries no depth), so reversed it is pre-order: the root, then its calls.
   * This project's calls nest one level (a relay calling the verifier), so every frame after
   * the root is printed as the root's call.
   */
  private tree(elems: Receipt<unknown>["callTree"]): void {
    const order = [...elems].reverse();
    order.forEach((f, i) => {
      const who = this.known.get(hex(f.contractId))?.name ?? hex(f.contractId).slice(0, 16);
      this.write(`    ${i === 0 ? "" : "  └ "}${who}: spent ${f.spent} (limit ${f.limit})`);
    });
  }
}

/** A value as a person reads it: bigints as numbers, bytes as hex (long ones shortened). */
export function show(v: unknown): string {
  if (v === null || v === undefined) return "None";
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "string") return JSON.stringify(v);
  if (v instanceof Uint8Array) {
    return v.length <= 32 ? `0x${hex(v)}` : `0x${hex(v.subarray(0, 8))}…(${v.length} bytes)`;
  }
  if (Array.isArray(v)) return `[${v.map(show).join(", ")}]`;
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (typeof o.case === "string") {
      return "value" in o ? `${o.case}(${show(o.value)})` : o.case;
    }
    return `{ ${Object.entries(o)
      .map(([k, x]) => `${k}: ${show(x)}`)
      .join(", ")} }`;
  }
  return String(v);
}
