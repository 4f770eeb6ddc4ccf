/**
 * Host side (tests and the main job, never a contract): makes the `FnData` a user submits to the
 * verifier, signed with ed25519 (`@noble/curves`) over the archived `Signed { counter, contract }`,
 * the same bytes the verifier archives with the same generated codec.
 */
import { ed25519 } from "@noble/curves/ed25519.js";
import type { FnData } from "./types";
import { Signed } from "./generated/types.codec";

export interface Signer {
  readonly publicKey: Uint8Array;
  /** FnData for `contract` (the verifier's id) with `counter`. */
  sign(counter: bigint, contract: Uint8Array): FnData;
}

/** A signer for a 32-byte ed25519 secret key (a fresh random one when none is given). */
export function signer(secretKey: Uint8Array = ed25519.utils.randomSecretKey()): Signer {
  const publicKey = ed25519.getPublicKey(secretKey);
  return {
    publicKey,
    sign: (counter, contract) => ({
      signature: ed25519.sign(Signed.archive({ counter, contract }), secretKey),
      public_key: publicKey,
      counter,
    }),
  };
}
