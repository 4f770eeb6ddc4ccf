import { bytesEqual } from "../bytes";
import { EMPTY_HASH } from "../hash";
import { bit, EMPTY, LEAF, type LeafNode, type Node, type Ptr } from "./node";
import { deref, type NodeSource } from "./source";

/** The leaf stored under `keyHash` in the tree rooted at `root`, or undefined. */
export function lookupLeaf(
  source: NodeSource,
  root: Ptr,
  keyHash: Uint8Array,
): LeafNode | undefined {
  if (bytesEqual(root.hash, EMPTY_HASH)) return undefined;
  let node: Node = deref(source, root);
  for (let depth = 0; ; depth++) {
    if (node.kind === LEAF) return bytesEqual(node.keyHash, keyHash) ? node : undefined;
    const child = bit(keyHash, depth) === 0 ? node.left : node.right;
    if (child.kind === EMPTY) return undefined;
    node = deref(source, child);
  }
}

/** The value stored under `keyHash` in the tree rooted at `root`, or undefined. */
export function lookup(source: NodeSource, root: Ptr, keyHash: Uint8Array): Uint8Array | undefined {
  return lookupLeaf(source, root, keyHash)?.value;
}

/**
 * The Merkle path to where `keyHash` is or would be: the sibling hashes top-down, and what sits at
 * the end (the key's own leaf, another leaf whose key shares the prefix, or nothing).
 */
export interface TreePath {
  readonly siblings: Uint8Array[];
  readonly leaf: LeafNode | null;
}

export function pathTo(source: NodeSource, root: Ptr, keyHash: Uint8Array): TreePath {
  const siblings: Uint8Array[] = [];
  if (bytesEqual(root.hash, EMPTY_HASH)) return { siblings, leaf: null };
  let node: Node = deref(source, root);
  for (let depth = 0; ; depth++) {
    if (node.kind === LEAF) return { siblings, leaf: node };
    const right = bit(keyHash, depth) === 1;
    siblings.push(right ? node.left.hash : node.right.hash);
    const child = right ? node.right : node.left;
    if (child.kind === EMPTY) return { siblings, leaf: null };
    node = deref(source, child);
  }
}

/** Every leaf of the tree (in key-hash order). Costs the size of the tree. */
export function* leaves(source: NodeSource, root: Ptr): Generator<LeafNode> {
  if (bytesEqual(root.hash, EMPTY_HASH)) return;
  const node = deref(source, root);
  if (node.kind === LEAF) {
    yield node;
    return;
  }
  for (const child of [node.left, node.right]) {
    if (child.kind !== EMPTY) yield* leaves(source, child);
  }
}
