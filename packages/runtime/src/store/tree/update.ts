import { StoreError } from "../errors";
import { blake3, leafHash, nodeHash } from "../hash";
import { bytesEqual } from "../bytes";
import {
  bit,
  EMPTY,
  EMPTY_REF,
  encodeInternal,
  encodeLeaf,
  LEAF,
  NODE,
  type LeafNode,
  type Ref,
} from "./node";
import { loadNode, refOf, type NodeBuffer } from "./source";

/** One change to a tree: set `keyHash` to `value`, or delete it when `value` is null. */
export interface TreeUpdate {
  readonly keyHash: Uint8Array;
  readonly value: Uint8Array | null;
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
export function updateTree(out: NodeBuffer, root: Uint8Array, updates: TreeUpdate[]): Ref {
  if (updates.length === 0) return refOf(out, root);
  return update(out, refOf(out, root), 0, updates);
}

/** A leaf to place: either an existing one (kept by reference) or a new value to hash. */
interface Item {
  readonly keyHash: Uint8Array;
  readonly value: Uint8Array | null;
  readonly ref?: Ref;
}

function update(out: NodeBuffer, ref: Ref, depth: number, updates: readonly TreeUpdate[]): Ref {
  if (updates.length === 0) return ref;
  if (ref.kind === EMPTY)
    return build(
      out,
      depth,
      updates.filter((u) => u.value !== null),
    );
  const node = loadNode(out, ref.hash);
  if (node.kind === LEAF) {
    const items: Item[] = updates.filter((u) => u.value !== null);
    if (!updates.some((u) => bytesEqual(u.keyHash, node.keyHash))) items.push(existing(ref, node));
    return build(out, depth, items);
  }
  const [l, r] = split(updates, depth);
  return combine(out, update(out, node.left, depth + 1, l), update(out, node.right, depth + 1, r));
}

function existing(ref: Ref, node: LeafNode): Item {
  return { keyHash: node.keyHash, value: null, ref };
}

function build(out: NodeBuffer, depth: number, items: readonly Item[]): Ref {
  if (items.length === 0) return EMPTY_REF;
  if (items.length === 1) return leaf(out, items[0]);
  if (depth >= 256) {
    throw new StoreError("INVALID_INPUT", "Two updates for the same key in one tree update");
  }
  const [l, r] = split(items, depth);
  return combine(out, build(out, depth + 1, l), build(out, depth + 1, r));
}

function leaf(out: NodeBuffer, item: Item): Ref {
  if (item.ref !== undefined) return item.ref;
  const value = item.value as Uint8Array;
  const hash = leafHash(item.keyHash, blake3(value));
  out.add(hash, encodeLeaf(item.keyHash, value));
  return { hash, kind: LEAF };
}

/** Joins two sibling subtrees, applying the collapse rule (a lone leaf floats up). */
function combine(out: NodeBuffer, left: Ref, right: Ref): Ref {
  if (left.kind === EMPTY && right.kind !== NODE) return right;
  if (right.kind === EMPTY && left.kind === LEAF) return left;
  const hash = nodeHash(left.hash, right.hash);
  out.add(hash, encodeInternal(left, right));
  return { hash, kind: NODE };
}

function split<T extends { keyHash: Uint8Array }>(items: readonly T[], depth: number): [T[], T[]] {
  const l: T[] = [];
  const r: T[] = [];
  for (const it of items) (bit(it.keyHash, depth) === 0 ? l : r).push(it);
  return [l, r];
}
