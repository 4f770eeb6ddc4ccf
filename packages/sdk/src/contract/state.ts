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
