import { StoreCorruptError } from "../errors";
import { blake3, EMPTY_HASH, leafHash, nodeHash } from "../hash";
import { bytesEqual, toHex } from "../bytes";
import { bit, EMPTY, LEAF, NODE, type Kind, type LeafNode, type Ptr } from "./node";
import { loadNode, type NodeSource } from "./source";

/**
 * Re-hashes every node under `root` and checks the tree is well-formed and canonical: each node's
 * hash is its content's, each child's recorded kind is right, each leaf sits on its key's path,
 * and no lone leaf was left below where it should have floated up. Calls `onLeaf` with each leaf
 * value. Costs the size of the tree: for integrity checks (and the crash tests), not for sessions.
 */
export function verifyTree(
  source: NodeSource,
  root: Ptr,
  onLeaf: (leaf: LeafNode) => void = () => undefined,
): number {
  if (bytesEqual(root.hash, EMPTY_HASH)) return 0;
  return walk(source, root, undefined, 0, [], onLeaf).leaves;
}

function walk(
  source: NodeSource,
  ptr: Ptr,
  expectedKind: Kind | undefined,
  depth: number,
  path: number[],
  onLeaf: (leaf: LeafNode) => void,
): { leaves: number; kind: Kind } {
  const hash = ptr.hash;
  const node = loadNode(source, ptr);
  const fail = (why: string) => {
    throw new StoreCorruptError(`Tree node ${toHex(hash)} is inconsistent: ${why}`);
  };
  if (expectedKind !== undefined && expectedKind !== node.kind) fail("wrong kind in its parent");
  if (node.kind === LEAF) {
    if (!bytesEqual(leafHash(node.keyHash, blake3(node.value)), hash)) fail("hash mismatch");
    for (let i = 0; i < depth; i++) if (bit(node.keyHash, i) !== path[i]) fail("leaf off its path");
    onLeaf(node);
    return { leaves: 1, kind: LEAF };
  }
  if (depth >= 256) fail("deeper than 256 levels");
  if (!bytesEqual(nodeHash(node.left.hash, node.right.hash), hash)) fail("hash mismatch");
  let leaves = 0;
  for (const [side, child] of [node.left, node.right].entries()) {
    if (child.kind === EMPTY) {
      if (!bytesEqual(child.hash, EMPTY_HASH)) fail("empty child with a hash");
      continue;
    }
    path.push(side);
    const r = walk(source, child, child.kind, depth + 1, path, onLeaf);
    path.pop();
    leaves += r.leaves;
  }
  if (leaves < 2) fail("fewer than two leaves under an internal node (not canonical)");
  return { leaves, kind: NODE };
}
