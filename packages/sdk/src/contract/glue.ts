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

/**
 * An event whose topic `contract` does not declare (`topics`): a CheckError that says who emitted
 * it, since in a receipt of nested calls it is most often another contract's event.
 */
export function unknownTopic(
  contract: string,
  topics: readonly string[],
  event: { readonly topic: string; readonly source: Uint8Array },
): never {
  const from = Array.from(event.source.subarray(0, 4), (b) => b.toString(16).padStart(2, "0"));
  throw new CheckError(
    "enum_tag",
    `${contract}.events`,
    0,
    `a topic of ${contract} (${topics.join(", ")})`,
    `${JSON.stringify(event.topic)} from contract ${from.join("")}…`,
    undefined,
    `to decode one contract's events from a receipt of nested calls, pass its id: decode${contract}Events(events, id) skips the others`,
  );
}
