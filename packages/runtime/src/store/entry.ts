import type { ContractMeta } from "./api";
import { StoreCorruptError } from "./errors";
import { TAG_CONTRACT_ENTRY } from "./hash";

/**
 * A contract's leaf value in the contracts tree:
 *   0x04 ‖ contractId(32) ‖ artifactHash(32) ‖ recordsRoot(32) ‖ owner(rest)
 * so the state root covers the contract's records, its artifact hash and its owner.
 */
export interface ContractEntry {
  readonly meta: ContractMeta;
  readonly recordsRoot: Uint8Array;
}

export function encodeEntry(
  id: Uint8Array,
  meta: ContractMeta,
  recordsRoot: Uint8Array,
): Uint8Array {
  const out = new Uint8Array(97 + meta.owner.length);
  out[0] = TAG_CONTRACT_ENTRY;
  out.set(id, 1);
  out.set(meta.artifactHash, 33);
  out.set(recordsRoot, 65);
  out.set(meta.owner, 97);
  return out;
}

export function decodeEntry(bytes: Uint8Array): ContractEntry & { id: Uint8Array } {
  if (bytes.length < 97 || bytes[0] !== TAG_CONTRACT_ENTRY) {
    throw new StoreCorruptError("Malformed contract entry", {
      details: `${bytes.length} bytes starting with 0x${(bytes[0] ?? 0).toString(16)}`,
    });
  }
  return {
    id: bytes.slice(1, 33),
    meta: { artifactHash: bytes.slice(33, 65), owner: bytes.slice(97) },
    recordsRoot: bytes.slice(65, 97),
  };
}
