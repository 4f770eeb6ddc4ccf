import { StoreError } from "../errors";
import { blake3, leafHash, nodeHash } from "../hash";
import { bytesEqual, compareBytes } from "../bytes";
import {
  bit,
  EMPTY,
  EMPTY_REF,
  encodeInternal,
  encodeLeaf,
  LEAF,
  NODE,
  PENDING,
  type InternalNode,
  type LeafNode,
  type Ptr,
  type Ref,
} from "./node";
import { deref, refOf, type NodeBuffer } from "./source";

/** One change to a tree: set `keyHash` to `value` (with an optional link to a subtree), or
 * delete it when `value` is null. */
export interface TreeUpdate {
  readonly keyHash: Uint8Array;
  readonly value: Uint8Array | null;
  readonly link?: Ptr;
}

/**
 * Applies `updates` (distinct keyHashes) to the tree rooted at `root` and returns the new root.
 * Only the nodes on the paths of the updated keys are rebuilt (O(updates × depth)); new nodes go
 * to `out`, which is also where unchanged nodes are read from (it layers over the store).
 *
 * The shape is canonical, so the root depends only on the set of (key, value) pairs: an empty
 * subtree is EMPTY_HASH, a subtree holding one leaf IS that leaf (it floats up to where its key
 * first differs from every other key), and a subtree with two or more leaves is an internal node.
 */
export function updateTree(out: NodeBuffer, root: Ptr, updates: TreeUpdate[]): Ref {
  if (updates.length === 0) return refOf(out, root);
  const sorted = [...updates].sort((a, b) => compareBytes(a.keyHash, b.keyHash));
  for (let i = 1; i < sorted.length; i++) {
    if (bytesEqual(sorted[i - 1].keyHash, sorted[i].keyHash)) {
      throw new StoreError("INVALID_INPUT", "Two updates for the same key in one tree update");
    }
  }
  return update(out, refOf(out, root), 0, sorted, 0, sorted.length);
}

/** A leaf to place: a new value to hash, or an existing leaf kept by reference. */
interface Item {
  readonly keyHash: Uint8Array;
  readonly value: Uint8Array | null;
  readonly link?: Ptr;
  readonly ref?: Ref;
}

// Every range [lo, hi) below is sorted by keyHash and shares its first `depth` bits.
function update(
  out: NodeBuffer,
  ref: Ref,
  depth: number,
  ups: readonly TreeUpdate[],
  lo: number,
  hi: number,
): Ref {
  if (lo === hi) return ref;
  if (ref.kind === EMPTY) {
    const items = ups.slice(lo, hi).filter((u) => u.value !== null);
    return build(out, depth, items, 0, items.length);
  }
  const node = deref(out, ref);
  if (node.kind === LEAF) {
    const items: Item[] = [];
    let placed = false;
    for (let i = lo; i < hi; i++) {
      const u = ups[i];
      const c = compareBytes(u.keyHash, node.keyHash);
      if (!placed && c >= 0) {
        placed = true;
        if (c > 0) items.push(existing(ref, node));
      }
      if (u.value !== null) items.push(u);
    }
    if (!placed) items.push(existing(ref, node));
    return build(out, depth, items, 0, items.length);
  }
  const mid = splitAt(ups, depth, lo, hi);
  return combine(
    out,
    update(out, node.left, depth + 1, ups, lo, mid),
    update(out, node.right, depth + 1, ups, mid, hi),
  );
}

function existing(ref: Ref, node: LeafNode): Item {
  return { keyHash: node.keyHash, value: null, ref };
}

function build(
  out: NodeBuffer,
  depth: number,
  items: readonly Item[],
  lo: number,
  hi: number,
): Ref {
  if (lo === hi) return EMPTY_REF;
  if (hi - lo === 1) return leaf(out, items[lo]);
  const mid = splitAt(items, depth, lo, hi);
  return combine(out, build(out, depth + 1, items, lo, mid), build(out, depth + 1, items, mid, hi));
}

function leaf(out: NodeBuffer, item: Item): Ref {
  if (item.ref !== undefined) return item.ref;
  const value = item.value as Uint8Array;
  const hash = leafHash(item.keyHash, blake3(value));
  const node: LeafNode = { kind: LEAF, keyHash: item.keyHash, value, link: item.link };
  out.add(hash, encodeLeaf(item.keyHash, value, item.link), node);
  return { hash, loc: PENDING, kind: LEAF, node };
}

/** Joins two sibling subtrees, applying the collapse rule (a lone leaf floats up). */
function combine(out: NodeBuffer, left: Ref, right: Ref): Ref {
  if (left.kind === EMPTY && right.kind !== NODE) return right;
  if (right.kind === EMPTY && left.kind === LEAF) return left;
  const hash = nodeHash(left.hash, right.hash);
  const node: InternalNode = { kind: NODE, left, right };
  out.add(hash, encodeInternal(left, right), node);
  return { hash, loc: PENDING, kind: NODE, node };
}

/** The first index in [lo, hi) whose key has bit `depth` set (binary search: bits are sorted). */
function splitAt(
  items: readonly { keyHash: Uint8Array }[],
  depth: number,
  lo: number,
  hi: number,
): number {
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (bit(items[m].keyHash, depth) === 0) lo = m + 1;
    else hi = m;
  }
  return lo;
}
