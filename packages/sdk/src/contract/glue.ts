/**
 * Helpers the generated modules share (entry glue, event emitters, call stubs), written once
 * here instead of printed into every generated file. Reached through `codegen-v1`.
 */
import { CheckError, isCheckError } from "../archive/errors";

/** Whether two byte strings are equal (archives, contract ids). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * An event payload checked and read by `codec`; a bad one is a CheckError at `path` (the
 * codec's own root, `Entry`, replaced by where the payload came from, `Registry.events.added`).
 */
export function eventPayload<T>(
  codec: { readonly name: string; deserialize(bytes: Uint8Array): T },
  path: string,
  data: Uint8Array,
): T {
  try {
    return codec.deserialize(data);
  } catch (e) {
    if (!isCheckError(e)) throw e;
    const rest = e.path.startsWith(codec.name) ? e.path.slice(codec.name.length) : `.${e.path}`;
    throw new CheckError(e.kind, path + rest, e.offset, e.expected, e.found, e);
  }
}
