import type { StateProof } from "./api";
import { bytesEqual } from "./bytes";
import { encodeEntry } from "./entry";
import { blake3, contractKeyHash, EMPTY_HASH, leafHash, nodeHash, recordKeyHash } from "./hash";
import { bit } from "./tree/node";

/** A path in one tree as carried in a proof: siblings top-down, and the leaf at its end. */
export interface ProofPath {
  readonly siblings: Uint8Array[];
  /** The leaf where the path ends (the key's own, or another one for absence), or null (empty). */
  readonly leaf: { readonly keyHash: Uint8Array; readonly valueHash: Uint8Array } | null;
}

/** What `StateProof.path` holds: the record's path in its contract's records tree, the
 * contract's entry, and the entry's path in the contracts tree (whose root is the state root). */
export interface StateProofPath {
  readonly contract: ProofPath;
  /** The contract's entry, or null when the proof shows the contract is absent. */
  readonly entry: {
    readonly artifactHash: Uint8Array;
    readonly owner: Uint8Array;
    readonly recordsRoot: Uint8Array;
  } | null;
  /** The record's path in the records tree (null when the contract is absent). */
  readonly record: ProofPath | null;
}

/**
 * Checks `proof` against `root`: the value it claims (or the absence it claims) is what the state
 * with that root holds. Malformed proofs are false, never an exception (except HASH_NOT_READY).
 */
export function verifyProof(root: Uint8Array, proof: StateProof): boolean {
  try {
    return check(root, proof);
  } catch (err) {
    if (err instanceof Error && (err as { code?: string }).code === "HASH_NOT_READY") throw err;
    return false;
  }
}

function check(root: Uint8Array, proof: StateProof): boolean {
  if (!isBytes(root, 32) || !isBytes(proof.root, 32) || !bytesEqual(root, proof.root)) return false;
  if (!isBytes(proof.contractId, 32) || !isBytes(proof.key)) return false;
  if (proof.value !== null && !isBytes(proof.value)) return false;
  const path = proof.path as StateProofPath;
  const contractKey = contractKeyHash(proof.contractId);
  if (path.entry === null) {
    return proof.value === null && bytesEqual(fold(path.contract, contractKey, null), root);
  }
  const { artifactHash, owner, recordsRoot } = path.entry;
  if (!isBytes(artifactHash, 32) || !isBytes(owner) || !isBytes(recordsRoot, 32)) return false;
  if (path.record === null) return false;
  const recordKey = recordKeyHash(proof.key);
  const valueHash = proof.value === null ? null : blake3(proof.value);
  if (!bytesEqual(fold(path.record, recordKey, valueHash), recordsRoot)) return false;
  const entry = encodeEntry(proof.contractId, { artifactHash, owner }, recordsRoot);
  return bytesEqual(fold(path.contract, contractKey, blake3(entry)), root);
}

/**
 * The root that `path` implies for `keyHash` holding `valueHash` (or being absent when null), or
 * MISMATCH (never equal to a root) when the path does not fit the claim.
 */
function fold(path: ProofPath, keyHash: Uint8Array, valueHash: Uint8Array | null): Uint8Array {
  const { siblings, leaf } = path;
  if (!Array.isArray(siblings) || siblings.length > 256) return MISMATCH;
  let h: Uint8Array;
  if (valueHash !== null) {
    if (leaf === null || !isBytes(leaf.keyHash, 32) || !bytesEqual(leaf.keyHash, keyHash)) {
      return MISMATCH;
    }
    if (!isBytes(leaf.valueHash, 32) || !bytesEqual(leaf.valueHash, valueHash)) return MISMATCH;
    h = leafHash(keyHash, valueHash);
  } else if (leaf === null) {
    h = EMPTY_HASH;
  } else {
    // Absence shown by another leaf that owns the whole subtree of the shared prefix.
    if (!isBytes(leaf.keyHash, 32) || !isBytes(leaf.valueHash, 32)) return MISMATCH;
    if (bytesEqual(leaf.keyHash, keyHash)) return MISMATCH;
    for (let i = 0; i < siblings.length; i++) {
      if (bit(leaf.keyHash, i) !== bit(keyHash, i)) return MISMATCH;
    }
    h = leafHash(leaf.keyHash, leaf.valueHash);
  }
  for (let i = siblings.length - 1; i >= 0; i--) {
    const s = siblings[i];
    if (!isBytes(s, 32)) return MISMATCH;
    h = bit(keyHash, i) === 1 ? nodeHash(s, h) : nodeHash(h, s);
  }
  return h;
}

// Never equal to a 32-byte root: it has the wrong length.
const MISMATCH = new Uint8Array(0);

function isBytes(v: unknown, length?: number): v is Uint8Array {
  return v instanceof Uint8Array && (length === undefined || v.length === length);
}
