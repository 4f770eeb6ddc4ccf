import type { Backend, CommitRecord } from "./backend";
import { fromHex, keyOf, toHex } from "./bytes";
import { decodeNode, type Node } from "./tree/node";
import type { PendingNode } from "./tree/source";
import { reachable } from "./reachable";

/** Backend on Maps: the same semantics as LMDB, gone when the process ends. */
export class MemoryBackend implements Backend {
  private readonly nodes = new Map<string, Node>();
  private readonly artifacts = new Map<string, Uint8Array>();
  private readonly live = new Map<string, number>();
  private readonly finalized = new Set<string>();
  bytesWritten = 0;

  node(hash: Uint8Array): Node | undefined {
    return this.nodes.get(keyOf(hash));
  }

  artifactBytes(hash: Uint8Array): Uint8Array | undefined {
    return this.artifacts.get(keyOf(hash))?.slice();
  }

  loadCommits(): { live: CommitRecord[]; finalized: Uint8Array[] } {
    return {
      live: [...this.live].map(([hex, seq]) => ({ root: fromHex(hex), seq })),
      finalized: [...this.finalized].map(fromHex),
    };
  }

  async writeCommit(
    commit: CommitRecord,
    nodes: Iterable<PendingNode>,
    artifacts: Iterable<PendingNode>,
  ): Promise<void> {
    for (const n of nodes) {
      this.nodes.set(keyOf(n.hash), n.node ?? decodeNode(n.hash, n.bytes));
      this.bytesWritten += 32 + n.bytes.length;
    }
    for (const a of artifacts) {
      this.artifacts.set(keyOf(a.hash), a.bytes);
      this.bytesWritten += 32 + a.bytes.length;
    }
    const hex = toHex(commit.root);
    this.finalized.delete(hex);
    this.live.set(hex, commit.seq);
  }

  async removeCommit(root: Uint8Array, finalized: boolean): Promise<void> {
    const hex = toHex(root);
    this.live.delete(hex);
    if (finalized) this.finalized.add(hex);
  }

  async collectGarbage(heldRoots: Uint8Array[]): Promise<{ nodes: number; artifacts: number }> {
    const roots = [...heldRoots, ...[...this.live.keys()].map(fromHex)];
    const keep = reachable(this, roots);
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
