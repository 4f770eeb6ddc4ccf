import type { Backend, CommitRecord } from "./backend";
import { keyOf } from "./bytes";
import { reachable } from "./reachable";
import { decodeNode, type Node, type Ptr } from "./tree/node";
import type { PendingNode } from "./tree/source";

/**
 * Backend on Maps: the same semantics as LMDB, gone when the process ends. Nodes are kept decoded
 * and by hash alone (locations matter only for LMDB's key order).
 */
export class MemoryBackend implements Backend {
  private readonly nodes = new Map<string, Node>();
  private readonly artifacts = new Map<string, Uint8Array>();
  private readonly live = new Map<string, CommitRecord>();
  private readonly finalized = new Map<string, Uint8Array>();
  bytesWritten = 0;

  node(ptr: Ptr): Node | undefined {
    return this.nodes.get(keyOf(ptr.hash));
  }

  artifactBytes(hash: Uint8Array): Uint8Array | undefined {
    return this.artifacts.get(keyOf(hash))?.slice();
  }

  loadCommits(): { live: CommitRecord[]; finalized: Uint8Array[]; nextSeq: number } {
    const live = [...this.live.values()];
    const nextSeq = live.reduce((n, c) => Math.max(n, c.seq + 1), 0);
    return { live, finalized: [...this.finalized.values()], nextSeq };
  }

  async writeCommit(
    commit: CommitRecord,
    nodes: Iterable<PendingNode>,
    artifacts: Iterable<PendingNode>,
  ): Promise<void> {
    for (const n of nodes) {
      this.nodes.set(keyOf(n.hash), n.node ?? decodeNode(n.hash, n.bytes, commit.seq));
      this.bytesWritten += 36 + n.bytes.length;
    }
    for (const a of artifacts) {
      this.artifacts.set(keyOf(a.hash), a.bytes);
      this.bytesWritten += 32 + a.bytes.length;
    }
    const k = keyOf(commit.root);
    this.finalized.delete(k);
    this.live.set(k, commit);
  }

  async removeCommit(root: Uint8Array, finalized: boolean): Promise<void> {
    const k = keyOf(root);
    this.live.delete(k);
    if (finalized) this.finalized.set(k, root.slice());
  }

  async collectGarbage(heldRoots: Ptr[]): Promise<{ nodes: number; artifacts: number }> {
    const roots = [...heldRoots, ...[...this.live.values()].map((c) => ({ hash: c.root, loc: 0 }))];
    const keep = reachable(this, roots, (p) => keyOf(p.hash), keyOf);
    let nodes = 0;
    let artifacts = 0;
    for (const k of [...this.nodes.keys()]) {
      if (!keep.nodes.has(k)) nodes += Number(this.nodes.delete(k));
    }
    for (const k of [...this.artifacts.keys()]) {
      if (!keep.artifacts.has(k)) artifacts += Number(this.artifacts.delete(k));
    }
    return { nodes, artifacts };
  }

  async close(): Promise<void> {}
}
