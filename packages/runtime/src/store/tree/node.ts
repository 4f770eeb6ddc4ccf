import { StoreCorruptError } from "../errors";
import { EMPTY_HASH } from "../hash";
import { toHex } from "../bytes";

/**
 * Nodes of the compact sparse Merkle tree. A node is identified by its hash; it is STORED under
 * `loc ‖ hash`, where `loc` is the sequence number of the commit that wrote it, so each commit's
 * new nodes sit together at the end of the key space (a commit appends instead of dirtying pages
 * all over the B-tree). Parents therefore record where each child is stored:
 *   leaf:        0x00 ‖ keyHash(32) ‖ value
 *   linked leaf: 0x02 ‖ keyHash(32) ‖ linkHash(32) ‖ linkLoc(u32) ‖ value   (a contract's entry,
 *                linking to the root of its records tree)
 *   internal:    0x01 ‖ kinds(1) ‖ left(32) ‖ right(32) ‖ leftLoc(u32) ‖ rightLoc(u32)
 * kinds = leftKind | rightKind << 2. Kinds and locations are storage data, never hashed (hashes
 * are in hash.ts), so roots do not depend on history. A stored location SAME means "written by
 * the same commit as this node". An empty child is EMPTY_HASH and is never stored.
 */
export const EMPTY = 0;
export const LEAF = 1;
export const NODE = 2;
export type Kind = typeof EMPTY | typeof LEAF | typeof NODE;

/** Not written yet: the node lives in a session's buffer. */
export const PENDING = -1;
/** Stored location meaning "the same commit as the referring node". */
export const SAME = 0xffffffff;

/** Where a node is: its hash and the commit that stored it (or PENDING). */
export interface Ptr {
  readonly hash: Uint8Array;
  readonly loc: number;
  /** The decoded node, once loaded (nodes are immutable, so this memo never goes stale). */
  node?: Node;
}

export interface Ref extends Ptr {
  readonly kind: Kind;
}

export const EMPTY_REF: Readonly<Ref> = Object.freeze({ hash: EMPTY_HASH, loc: 0, kind: EMPTY });

export interface LeafNode {
  readonly kind: typeof LEAF;
  readonly keyHash: Uint8Array;
  readonly value: Uint8Array;
  /** For a contract's entry: the root of its records tree. */
  readonly link?: Ptr;
}

export interface InternalNode {
  readonly kind: typeof NODE;
  readonly left: Ref;
  readonly right: Ref;
}

export type Node = LeafNode | InternalNode;

/** The storage key of a node: u32 BE location ‖ hash. */
export function storageKey(ptr: Ptr): Uint8Array {
  const out = new Uint8Array(36);
  new DataView(out.buffer).setUint32(0, ptr.loc);
  out.set(ptr.hash, 4);
  return out;
}

function storedLoc(loc: number): number {
  return loc === PENDING ? SAME : loc;
}

export function encodeLeaf(keyHash: Uint8Array, value: Uint8Array, link?: Ptr): Uint8Array {
  if (link === undefined) {
    const out = new Uint8Array(33 + value.length);
    out[0] = 0x00;
    out.set(keyHash, 1);
    out.set(value, 33);
    return out;
  }
  const out = new Uint8Array(69 + value.length);
  out[0] = 0x02;
  out.set(keyHash, 1);
  out.set(link.hash, 33);
  new DataView(out.buffer).setUint32(65, storedLoc(link.loc));
  out.set(value, 69);
  return out;
}

export function encodeInternal(left: Ref, right: Ref): Uint8Array {
  const out = new Uint8Array(74);
  out[0] = 0x01;
  out[1] = left.kind | (right.kind << 2);
  out.set(left.hash, 2);
  out.set(right.hash, 34);
  const dv = new DataView(out.buffer);
  dv.setUint32(66, storedLoc(left.loc));
  dv.setUint32(70, storedLoc(right.loc));
  return out;
}

/** Decodes a node stored at `loc` (which resolves its children's SAME locations). */
export function decodeNode(hash: Uint8Array, bytes: Uint8Array, loc: number): Node {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const resolve = (stored: number) => (stored === SAME ? loc : stored);
  if (bytes.length >= 33 && bytes[0] === 0x00) {
    return { kind: LEAF, keyHash: bytes.subarray(1, 33), value: bytes.subarray(33) };
  }
  if (bytes.length >= 69 && bytes[0] === 0x02) {
    return {
      kind: LEAF,
      keyHash: bytes.subarray(1, 33),
      link: { hash: bytes.subarray(33, 65), loc: resolve(dv.getUint32(65)) },
      value: bytes.subarray(69),
    };
  }
  if (bytes.length === 74 && bytes[0] === 0x01) {
    const lk = bytes[1] & 3;
    const rk = (bytes[1] >> 2) & 3;
    if (lk <= NODE && rk <= NODE && bytes[1] >> 4 === 0) {
      return {
        kind: NODE,
        left: { hash: bytes.subarray(2, 34), loc: resolve(dv.getUint32(66)), kind: lk as Kind },
        right: { hash: bytes.subarray(34, 66), loc: resolve(dv.getUint32(70)), kind: rk as Kind },
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
