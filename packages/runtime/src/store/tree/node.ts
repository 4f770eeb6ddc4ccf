import { StoreCorruptError } from "../errors";
import { EMPTY_HASH } from "../hash";
import { toHex } from "../bytes";

/**
 * Nodes of the compact sparse Merkle tree, stored content-addressed (key = the node's hash).
 *   leaf:     0x00 ‖ keyHash(32) ‖ value
 *   internal: 0x01 ‖ kinds(1) ‖ left(32) ‖ right(32)   kinds = leftKind | rightKind << 2
 * The kinds byte is derived data (not hashed): it saves loading a child to learn whether it is a
 * leaf, which the collapse rule needs. An empty child is EMPTY_HASH and is never stored.
 */
export const EMPTY = 0;
export const LEAF = 1;
export const NODE = 2;
export type Kind = typeof EMPTY | typeof LEAF | typeof NODE;

export interface Ref {
  readonly hash: Uint8Array;
  readonly kind: Kind;
  /** The decoded node, once loaded (nodes are immutable, so this memo never goes stale). */
  node?: Node;
}

export const EMPTY_REF: Readonly<Ref> = Object.freeze({ hash: EMPTY_HASH, kind: EMPTY });

export interface LeafNode {
  readonly kind: typeof LEAF;
  readonly keyHash: Uint8Array;
  readonly value: Uint8Array;
}

export interface InternalNode {
  readonly kind: typeof NODE;
  readonly left: Ref;
  readonly right: Ref;
}

export type Node = LeafNode | InternalNode;

export function encodeLeaf(keyHash: Uint8Array, value: Uint8Array): Uint8Array {
  const out = new Uint8Array(33 + value.length);
  out[0] = 0x00;
  out.set(keyHash, 1);
  out.set(value, 33);
  return out;
}

export function encodeInternal(left: Ref, right: Ref): Uint8Array {
  const out = new Uint8Array(66);
  out[0] = 0x01;
  out[1] = left.kind | (right.kind << 2);
  out.set(left.hash, 2);
  out.set(right.hash, 34);
  return out;
}

export function decodeNode(hash: Uint8Array, bytes: Uint8Array): Node {
  if (bytes.length >= 33 && bytes[0] === 0x00) {
    return { kind: LEAF, keyHash: bytes.subarray(1, 33), value: bytes.subarray(33) };
  }
  if (bytes.length === 66 && bytes[0] === 0x01) {
    const lk = bytes[1] & 3;
    const rk = (bytes[1] >> 2) & 3;
    if (lk <= NODE && rk <= NODE && bytes[1] >> 4 === 0) {
      return {
        kind: NODE,
        left: { hash: bytes.subarray(2, 34), kind: lk as Kind },
        right: { hash: bytes.subarray(34, 66), kind: rk as Kind },
      };
    }
  }
  throw new StoreCorruptError(`Malformed tree node ${toHex(hash)}`, {
    details: `${bytes.length} bytes starting with 0x${(bytes[0] ?? 0).toString(16)}`,
  });
}

/** Bit `i` (0 = most significant bit of byte 0) of a 256-bit key: 0 goes left, 1 right. */
export function bit(keyHash: Uint8Array, i: number): number {
  return (keyHash[i >> 3] >> (7 - (i & 7))) & 1;
}
