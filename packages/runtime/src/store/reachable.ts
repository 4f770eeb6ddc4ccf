import { bytesEqual } from "./bytes";
import { decodeEntry } from "./entry";
import { EMPTY_HASH } from "./hash";
import { LEAF, NODE, type Ptr } from "./tree/node";
import { loadNode, type NodeSource } from "./tree/source";

/** Keys (as the backend names them) of every node and artifact reachable: what GC keeps. */
export interface Reachable {
  readonly nodes: Set<string>;
  readonly artifacts: Set<string>;
}

/**
 * Marks everything reachable from the state roots `roots`. Shared subtrees are visited once, so
 * this costs the number of distinct live nodes, not commits × state size. `keyOf` names a node
 * the way the backend stores it.
 */
export function reachable(
  source: NodeSource,
  roots: Iterable<Ptr>,
  nodeKey: (ptr: Ptr) => string,
  artifactKey: (hash: Uint8Array) => string,
): Reachable {
  const nodes = new Set<string>();
  const artifacts = new Set<string>();
  const stack: Ptr[] = [];
  const push = (ptr: Ptr) => {
    if (bytesEqual(ptr.hash, EMPTY_HASH)) return;
    const k = nodeKey(ptr);
    if (nodes.has(k)) return;
    nodes.add(k);
    stack.push(ptr);
  };
  for (const r of roots) push(r);
  for (let ptr = stack.pop(); ptr !== undefined; ptr = stack.pop()) {
    const node = loadNode(source, ptr);
    if (node.kind === NODE) {
      push(node.left);
      push(node.right);
    } else if (node.kind === LEAF && node.link !== undefined) {
      // A contract's entry: keep its artifact and its records tree.
      artifacts.add(artifactKey(decodeEntry(node.value).meta.artifactHash));
      push(node.link);
    }
  }
  return { nodes, artifacts };
}
