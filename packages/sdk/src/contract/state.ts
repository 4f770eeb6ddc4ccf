import { bridge } from "./bridge";

/** Reads one record of this contract's storage; a missing key is null. */
export function stateGet(key: Uint8Array): Uint8Array | null {
  return bridge("stateGet").stateGet(key);
}

/** Writes one record of this contract's storage (journaled per call frame); null deletes it. */
export function stateSet(key: Uint8Array, value: Uint8Array | null): void {
  bridge("stateSet").stateSet(key, value);
}

/** Session-only data: survives between calls of one session, never committed, never in the root. */
export function ephemeralGet(key: Uint8Array): Uint8Array | null {
  return bridge("ephemeralGet").ephemeralGet(key);
}

/** Writes session-only data; reverted with the call frame on failure, like state. */
export function ephemeralSet(key: Uint8Array, value: Uint8Array | null): void {
  bridge("ephemeralSet").ephemeralSet(key, value);
}

/**
 * For generated glue that keeps a call's fields in one decoded record: `flush` (write the record
 * back if it changed) runs before every call out of this frame, so the callee sees the frame's
 * writes; `invalidate` (forget the decoded record; the next access reads it again) runs after a
 * call out during which this contract was re-entered, so the frame sees what the re-entrant
 * frame wrote. This is piecrust's re-entrancy over one shared memory, over records.
 */
export function frameState(flush: () => void, invalidate: () => void): void {
  bridge("frameState").frameState(flush, invalidate);
}
