import { bytesEqual } from "../bytes";
import { EMPTY_HASH } from "../hash";
import { bit, EMPTY, LEAF, type Node } from "./node";
import { deref, loadNode, type NodeSource } from "./source";

/** The value stored under `keyHash` in the tree rooted at `root`, or undefined. */
export function lookup(
  source: NodeSource,
  root: Uint8Array,
  keyHash: Uint8Array,
): Uint8Array | undefined {
  if (bytesEqual(root, EMPTY_HASH)) return undefined;
  let node: Node = loadNode(source, root);
  for (let depth = 0; ; depth++) {
    if (node.kind === LEAF) return bytesEqual(node.keyHash, keyHash) ? node.value : undefined;
    const child = bit(keyHash, depth) === 0 ? node.left : node.right;
    if (child.kind === EMPTY) return undefined;
    node = deref(source, child);
  }
}

/**
 * The Merkle path to where `keyHash` is or would be: the sibling hashes top-down, and what sits at
 * the end (the key's own leaf, another leaf whose key shares the prefix, or nothing).
 */
export interface TreePath {
  readonly siblings: Uint8Array[];
  readonly leaf: { readonly keyHash: Uint8Array; readonly value: Uint8Array } | null;
}

export function pathTo(source: NodeSource, root: Uint8Array, keyHash: Uint8Array): TreePath {
  const siblings: Uint8Array[] = [];
  if (bytesEqual(root, EMPTY_HASH)) return { siblings, leaf: null };
  let node: Node = loadNode(source, root);
  for (let depth = 0; ; depth++) {
    if (node.kind === LEAF) return { siblings, leaf: { keyHash: node.keyHash, value: node.value } };
    const right = bit(keyHash, depth) === 1;
    siblings.push(right ? node.left.hash : node.right.hash);
    const child = right ? node.right : node.left;
    if (child.kind === EMPTY) return { siblings, leaf: null };
    node = deref(source, child);
  }
}

/** Every leaf value of the tree (in key-hash order). Costs the size of the tree. */
export function* leaves(source: NodeSource, root: Uint8Array): Generator<Uint8Array> {
  if (bytesEqual(root, EMPTY_HASH)) return;
  const node = loadNode(source, root);
  if (node.kind === LEAF) {
    yield node.value;
    return;
  }
  yield* leaves(source, node.left.hash);
  yield* leaves(source, node.right.hash);
}
