import type { u64, Bytes, Option, StateMap } from "@shortcrust/sdk";
import { context, debug, panic, verifyEd25519 } from "@shortcrust/sdk";
import type { Accepted, FnData } from "./types";
import { Signed } from "./generated/types.codec";
import { emitAccepted } from "./generated/verifier.Verifier.events";

/**
 * The seed page's example: accepts a submission (`FnData`) only if its ed25519 signature over
 * the archived `Signed { counter, contract: this contract's id }` verifies and its counter is
 * above the last one accepted for that key. Binding the contract id means a signature made for
 * another verifier cannot be replayed here; the counter means one made here cannot be replayed
 * twice. A rejected submission panics, and a panicking call leaves state as it was.
 * @contract
 * @event accepted Accepted
 */
export class Verifier {
  /** How many submissions were accepted, all keys together. */
  accepted: u64 = 0n;
  /** The last accepted counter of each public key (one record per key). */
  readonly counters!: StateMap<Bytes<32>, u64>;

  /** Checks `data` and records its counter; returns the counter. Panics when rejected. */
  submit(data: FnData): u64 {
    const { signature, public_key, counter } = data;
    const last = this.counters.get(public_key);
    // Debug output (piecrust's hdebug): on the receipt, and on the error if the call fails.
    debug("submit: counter", counter, "last accepted", last);
    if (last !== null && counter <= last) {
      panic(`stale counter ${counter}: the last accepted for this key is ${last}`);
    }
    const message = Signed.archive({ counter, contract: context().selfId });
    if (!verifyEd25519(public_key, message, signature)) panic("bad signature");
    this.counters.set(public_key, counter);
    this.accepted += 1n;
    const event: Accepted = { public_key, counter, callstack: context().callstack };
    emitAccepted(event);
    return counter;
  }

  /** The last counter accepted for `public_key` (null: none yet). */
  last_counter(public_key: Bytes<32>): Option<u64> {
    return this.counters.get(public_key);
  }

  accepted_count(): u64 {
    return this.accepted;
  }
}
