import { bytesEqual, keyOf } from "./bytes";
import { decodeEntry } from "./entry";
import { EMPTY_HASH } from "./hash";
import { LEAF, NODE } from "./tree/node";
import { loadNode, type NodeSource } from "./tree/source";

/** Keys (`keyOf`) of every node and artifact reachable from `roots`: what GC must keep. */
export interface Reachable {
  readonly nodes: Set<string>;
  readonly artifacts: Set<string>;
}

/**
 * Marks everything reachable from the state roots `roots`. Shared subtrees are visited once, so
 * this costs the number of distinct live nodes, not commits × state size.
 */
export function reachable(source: NodeSource, roots: Iterable<Uint8Array>): Reachable {
  const nodes = new Set<string>();
  const artifacts = new Set<string>();
  const stack: { hash: Uint8Array; contracts: boolean }[] = [];
  const push = (hash: Uint8Array, contracts: boolean) => {
    if (bytesEqual(hash, EMPTY_HASH)) return;
    const k = keyOf(hash);
    if (nodes.has(k)) return;
    nodes.add(k);
    stack.push({ hash, contracts });
  };
  for (const r of roots) push(r, true);
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const node = loadNode(source, item.hash);
    if (node.kind === NODE) {
      push(node.left.hash, item.contracts);
      push(node.right.hash, item.contracts);
    } else if (node.kind === LEAF && item.contracts) {
      const entry = decodeEntry(node.value);
      artifacts.add(keyOf(entry.meta.artifactHash));
      push(entry.recordsRoot, false);
    }
  }
  return { nodes, artifacts };
}
