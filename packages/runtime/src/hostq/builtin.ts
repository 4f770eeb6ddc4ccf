import {
  BUILTIN_HOST_QUERIES,
  codec,
  type BuiltinHostQuery,
  type SignatureQuery,
} from "@shortcrust/sdk";
import { createBLAKE2b, createSHA256, type IHasher } from "hash-wasm";
import type { HostQuery } from "../vm/core";
import { HOST_QUERY_PRICES, priceOf } from "./prices";
import { blsValid, ed25519Valid } from "./signatures";

const Q = BUILTIN_HOST_QUERIES;
const signatureArg = {
  verify_ed25519: codec<SignatureQuery>(Q.verify_ed25519.arg),
  verify_bls: codec<SignatureQuery>(Q.verify_bls.arg),
};
const dataArg = codec<Uint8Array>(Q.sha256.arg);
const boolRet = codec<boolean>(Q.verify_bls.ret);
const digestRet = codec<Uint8Array>(Q.sha256.ret);

function signatureQuery(
  name: "verify_ed25519" | "verify_bls",
  valid: (pk: Uint8Array, msg: Uint8Array, sig: Uint8Array) => boolean,
): HostQuery {
  const arg = signatureArg[name];
  const price = HOST_QUERY_PRICES[name];
  return {
    price: (a) => priceOf(price, a),
    execute(a) {
      let q: SignatureQuery;
      try {
        q = arg.deserialize(a);
      } catch {
        // An argument that is not a well-formed archive holds no valid signature.
        return boolRet.archive(false);
      }
      return boolRet.archive(valid(q.public_key, q.message, q.signature));
    },
  };
}

function hashQuery(name: "blake2b_256" | "sha256", hasher: IHasher): HostQuery {
  const price = HOST_QUERY_PRICES[name];
  return {
    price: (a) => priceOf(price, a),
    // A malformed archive throws: the session turns it into Panic("host query failed").
    execute(a) {
      const data = dataArg.deserialize(a);
      hasher.init();
      hasher.update(data);
      return digestRet.archive(hasher.digest("binary"));
    },
  };
}

/**
 * The built-in host queries (`BUILTIN_HOST_QUERIES` in `@shortcrust/sdk`), fresh instances (each
 * VM gets its own hashers). A VM registers them unless told otherwise.
 */
export async function builtinHostQueries(): Promise<Map<BuiltinHostQuery, HostQuery>> {
  const [blake2b, sha256] = await Promise.all([createBLAKE2b(256), createSHA256()]);
  return new Map<BuiltinHostQuery, HostQuery>([
    ["verify_ed25519", signatureQuery("verify_ed25519", ed25519Valid)],
    ["verify_bls", signatureQuery("verify_bls", blsValid)],
    ["blake2b_256", hashQuery("blake2b_256", blake2b)],
    ["sha256", hashQuery("sha256", sha256)],
  ]);
}
