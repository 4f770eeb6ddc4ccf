import { codec, type Codec } from "../archive/codec";
import type { TypeDesc } from "../archive/descriptor";
import type { Bytes } from "../types";
import { hostQuery } from "./calls";

/**
 * The built-in host queries every Shortcrust VM offers (rusk's cryptography host queries): their
 * names and the rkyv types of their arguments and results, in one place. The runtime decodes and
 * answers them with these descriptors; the typed wrappers below archive and check with them.
 *
 * Signature queries take a struct (not a tuple: rkyv 0.7 cannot check its own archive of a plain
 * tuple with out-of-line children, see the archive README), in Rust:
 *
 * ```rust
 * struct VerifyEd25519 { public_key: [u8; 32], message: Vec<u8>, signature: [u8; 64] }
 * struct VerifyBls { public_key: [u8; 96], message: Vec<u8>, signature: [u8; 48] }
 * ```
 *
 * and return a `bool`. Hash queries take the data as a `Vec<u8>` and return `[u8; 32]`.
 */
const bytes = (len: number): TypeDesc => ({ kind: "bytes", len });
const message: TypeDesc = { kind: "vec", element: { kind: "u8" } };
const signatureQuery = (name: string, keyLen: number, sigLen: number): TypeDesc => ({
  kind: "struct",
  name,
  fields: [
    { name: "public_key", type: bytes(keyLen) },
    { name: "message", type: message },
    { name: "signature", type: bytes(sigLen) },
  ],
});

export const BUILTIN_HOST_QUERIES = {
  verify_ed25519: {
    arg: /* @__PURE__ */ signatureQuery("VerifyEd25519", 32, 64),
    ret: { kind: "bool" },
  },
  verify_bls: { arg: /* @__PURE__ */ signatureQuery("VerifyBls", 96, 48), ret: { kind: "bool" } },
  blake2b_256: { arg: message, ret: /* @__PURE__ */ bytes(32) },
  sha256: { arg: message, ret: /* @__PURE__ */ bytes(32) },
} as const satisfies Record<string, { readonly arg: TypeDesc; readonly ret: TypeDesc }>;

/** The name of a built-in host query. */
export type BuiltinHostQuery = keyof typeof BUILTIN_HOST_QUERIES;

/** The argument of a signature query (both curves). */
export interface SignatureQuery {
  public_key: Uint8Array;
  message: Uint8Array;
  signature: Uint8Array;
}

// (The `@__PURE__` marks above and below let the bundler drop all of this from a contract that
// uses none of the wrappers.)
// Compiled when the module loads (free load budget), never lazily inside a call: a codec built
// on a first call would make that call cost more gas than the next.
const ed25519Arg = /* @__PURE__ */ codec<SignatureQuery>(BUILTIN_HOST_QUERIES.verify_ed25519.arg);
const blsArg = /* @__PURE__ */ codec<SignatureQuery>(BUILTIN_HOST_QUERIES.verify_bls.arg);
const dataArg = /* @__PURE__ */ codec<Uint8Array>(BUILTIN_HOST_QUERIES.sha256.arg);
const boolRet = /* @__PURE__ */ codec<boolean>(BUILTIN_HOST_QUERIES.verify_bls.ret);
const digestRet = /* @__PURE__ */ codec<Uint8Array>(BUILTIN_HOST_QUERIES.sha256.ret);

function verify(
  name: BuiltinHostQuery,
  arg: Codec<SignatureQuery>,
  keyLen: number,
  sigLen: number,
  publicKey: Uint8Array,
  msg: Uint8Array,
  signature: Uint8Array,
): boolean {
  // A key or signature of the wrong length is malformed, and a malformed one never verifies.
  if (publicKey.length !== keyLen || signature.length !== sigLen) return false;
  const out = hostQuery(name, arg.archive({ public_key: publicKey, message: msg, signature }));
  return boolRet.deserialize(out);
}

/**
 * Whether `signature` is a valid ed25519 signature (RFC 8032 strict: canonical encodings, no small-order points) of
 * `message` by `publicKey`. A malformed key or signature (wrong length, not a curve point) gives
 * `false`. Host query `verify_ed25519`, priced per byte of its argument.
 */
export function verifyEd25519(
  publicKey: Bytes<32>,
  message: Uint8Array,
  signature: Bytes<64>,
): boolean {
  return verify("verify_ed25519", ed25519Arg, 32, 64, publicKey, message, signature);
}

/**
 * Whether `signature` (a compressed G1 point, 48 bytes) is a valid BLS12-381 signature of
 * `message` by `publicKey` (a compressed G2 point, 96 bytes): the "short signatures" scheme,
 * message hashed to G1 with DST `BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_`. A malformed key or
 * signature gives `false`. Host query `verify_bls`.
 */
export function verifyBls(
  publicKey: Bytes<96>,
  message: Uint8Array,
  signature: Bytes<48>,
): boolean {
  return verify("verify_bls", blsArg, 96, 48, publicKey, message, signature);
}

function digest(name: BuiltinHostQuery, data: Uint8Array): Bytes<32> {
  return digestRet.deserialize(hostQuery(name, dataArg.archive(data)));
}

/** BLAKE2b with a 32-byte output (unkeyed) of `data`. Host query `blake2b_256`. */
export function blake2b256(data: Uint8Array): Bytes<32> {
  return digest("blake2b_256", data);
}

/** SHA-256 of `data`. Host query `sha256`. */
export function sha256(data: Uint8Array): Bytes<32> {
  return digest("sha256", data);
}
