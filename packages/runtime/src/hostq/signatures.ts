// @noble/curves 1.9 (CommonJS and ESM), not 2 (ESM only): the runtime is CommonJS, and a test
// runner's CommonJS loader (jest's) cannot require an ES module, so with 2 every project that
// imports the runtime under jest would need a transform for it. Same author, same API here.
import { bls12_381 } from "@noble/curves/bls12-381";
import { ed25519 } from "@noble/curves/ed25519";

/**
 * ed25519, RFC 8032 / FIPS 186-5 strict (@noble/curves' `zip215: false`): canonical encodings
 * only, and no small-order key or R. ZIP-215's permissive rules (noble's default) accept, for
 * example, the all-zero key with the all-zero signature for every message, which a contract
 * checking "signed by this key" must not see as a signature. Anything malformed is `false`.
 */
export function ed25519Valid(
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: false });
  } catch {
    return false;
  }
}

/**
 * The hash-to-G1 domain separation tag of the IETF BLS signature draft's basic scheme with
 * minimal-size signatures (draft-irtf-cfrg-bls-signature §4.2.1, `BLS_SIG_BLS12381G1_XMD:SHA-
 * 256_SSWU_RO_NUL_`, RFC 9380's hash_to_curve): the standard suite for G2 keys and G1
 * signatures, and @noble/curves' default for `shortSignatures`.
 */
export const BLS_G1_DST = "BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_";

const bls = bls12_381.shortSignatures;

/**
 * BLS12-381 "short signatures": public key a compressed G2 point (96 bytes), signature a
 * compressed G1 point (48 bytes). Points off the curve or outside the prime-order subgroup, and
 * the identity (with which any signature "verifies"), are `false`.
 */
export function blsValid(
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  try {
    const pk = bls12_381.G2.Point.fromBytes(publicKey);
    const sig = bls12_381.G1.Point.fromBytes(signature);
    if (pk.is0() || sig.is0()) return false;
    pk.assertValidity();
    sig.assertValidity();
    return bls.verify(sig, bls.hash(message, BLS_G1_DST), pk);
  } catch {
    return false;
  }
}
