import { createBLAKE3, type IHasher } from "hash-wasm";
import { StoreError } from "./errors";

/**
 * blake3 for the state layer. hash-wasm compiles its WebAssembly asynchronously once; after that
 * hashing is synchronous. Opening a store awaits `hashReady()`, so sessions never see the wait.
 */
let hasher: IHasher | undefined;
let loading: Promise<void> | undefined;

/** Resolves once hashing (and so `verifyProof`) can be used synchronously. */
export function hashReady(): Promise<void> {
  loading ??= createBLAKE3().then((h) => {
    hasher = h;
  });
  return loading;
}
// Start loading at import so standalone `verifyProof` users rarely have to wait.
hashReady().catch(() => undefined);

function ready(): IHasher {
  if (hasher === undefined) {
    throw new StoreError("HASH_NOT_READY", "blake3 is not initialised yet", {
      hint: "await hashReady() (or open a store) before hashing or verifying proofs",
    });
  }
  return hasher;
}

/** blake3-256 of the concatenation of `parts`. */
export function blake3(...parts: Uint8Array[]): Uint8Array {
  const h = ready();
  h.init();
  for (const p of parts) h.update(p);
  return h.digest("binary");
}

// Domain separation bytes (see README.md, "Hashing").
export const TAG_LEAF = Uint8Array.of(0x00);
export const TAG_NODE = Uint8Array.of(0x01);
export const TAG_RECORD_KEY = Uint8Array.of(0x02);
export const TAG_CONTRACT_KEY = Uint8Array.of(0x03);
export const TAG_CONTRACT_ENTRY = 0x04;

/** The hash of an empty subtree, and so the root of the genesis (empty) state. */
export const EMPTY_HASH: Uint8Array = new Uint8Array(32);

export function leafHash(keyHash: Uint8Array, valueHash: Uint8Array): Uint8Array {
  return blake3(TAG_LEAF, keyHash, valueHash);
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return blake3(TAG_NODE, left, right);
}

export function recordKeyHash(key: Uint8Array): Uint8Array {
  return blake3(TAG_RECORD_KEY, key);
}

export function contractKeyHash(contractId: Uint8Array): Uint8Array {
  return blake3(TAG_CONTRACT_KEY, contractId);
}
