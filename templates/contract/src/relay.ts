import type { bool, u64, ContractId, Bytes } from "@shortcrust/sdk";
import { ephemeralGet, ephemeralSet } from "@shortcrust/sdk";
import type { FnData, Outcome, Refused } from "./types";
import { verifierContract } from "./generated/verifier.Verifier.client";
import { emitRefused, emitRelayed } from "./generated/relay.Relay.events";

/**
 * Submits FnData to a verifier on a user's behalf: an inter-contract call whose every ending
 * (`CallResult`: ok, or a `Panic`, `OutOfGas`, `DoesNotExist` or `Unknown` error) becomes an
 * `Outcome` value, so the relay's own bookkeeping is kept even when the verifier fails (the
 * verifier's writes are rolled back with its frame). The verifier sees the relay as
 * `context().caller`. The relay also keeps a per-session cache of the submissions the verifier
 * accepted through it, in ephemeral data: a duplicate within one session is refused without
 * paying for the verifier's call, and the cache is gone in the next session (never committed).
 * @contract
 * @event relayed [ContractId, u64]
 * @event refused Refused
 */
export class Relay {
  forwarded: u64 = 0n;
  refused: u64 = 0n;

  /**
   * Forwards `data` to `verifier` with at most `gas_limit` gas (0: the default, 93% of what is
   * left). The relay never panics on the verifier's account.
   */
  forward(verifier: ContractId, data: FnData, gas_limit: u64): Outcome {
    const key = cacheKey(data.public_key, data.counter);
    if (ephemeralGet(key) !== null) return this.refuse(data.counter, { case: "Duplicate" });

    const r = verifierContract(verifier, gas_limit === 0n ? undefined : gas_limit).submit(data);
    if ("ok" in r) {
      this.forwarded += 1n;
      ephemeralSet(key, SEEN);
      emitRelayed([verifier, r.ok]);
      return { case: "Accepted", value: r.ok };
    }
    switch (r.err.case) {
      case "Panic":
        return this.refuse(data.counter, { case: "Rejected", value: r.err.message });
      case "OutOfGas":
        return this.refuse(data.counter, { case: "OutOfGas" });
      case "DoesNotExist":
        return this.refuse(data.counter, { case: "NoSuchVerifier" });
      case "Unknown":
        return this.refuse(data.counter, { case: "Failed" });
    }
  }

  /** Whether this session's cache holds an accepted submission (public key, counter). */
  seen(public_key: Bytes<32>, counter: u64): bool {
    return ephemeralGet(cacheKey(public_key, counter)) !== null;
  }

  private refuse(counter: u64, reason: Outcome): Outcome {
    this.refused += 1n;
    const event: Refused = { counter, reason };
    emitRefused(event);
    return reason;
  }
}

const SEEN = new Uint8Array([1]);

/** `"seen" ‖ public key ‖ counter (u64 LE)`: ephemeral data is per contract, keyed by bytes. */
function cacheKey(publicKey: Uint8Array, counter: bigint): Uint8Array {
  const key = new Uint8Array(4 + 32 + 8);
  key.set([0x73, 0x65, 0x65, 0x6e]);
  key.set(publicKey, 4);
  new DataView(key.buffer).setBigUint64(36, counter, true);
  return key;
}
