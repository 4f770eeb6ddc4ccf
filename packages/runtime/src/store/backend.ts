import type { Ptr } from "./tree/node";
import type { NodeSource, PendingNode } from "./tree/source";

/**
 * A commit as the backend keeps it: its root, its place in commit order (`seq`, also the location
 * of the nodes it wrote), and where its root node is stored (`rootLoc`: `seq`, or an older commit's
 * when the root node already existed).
 */
export interface CommitRecord {
  readonly root: Uint8Array;
  readonly seq: number;
  readonly rootLoc: number;
}

/**
 * The storage under a StateStore: content-addressed tree nodes and artifacts, plus the list of
 * commits. Implemented over LMDB (`lmdb-backend.ts`) and over Maps (`memory-backend.ts`); the
 * store's semantics live above it, so both behave the same.
 */
export interface Backend extends NodeSource {
  artifactBytes(hash: Uint8Array): Uint8Array | undefined;
  /** Commits that are held (neither deleted nor finalized), the finalized roots, and the first
   * sequence number no stored node uses yet. */
  loadCommits(): { live: CommitRecord[]; finalized: Uint8Array[]; nextSeq: number };
  /** Writes new nodes (at location `commit.seq`), new artifacts and the commit record, all or
   * nothing. */
  writeCommit(
    commit: CommitRecord,
    nodes: Iterable<PendingNode>,
    artifacts: Iterable<PendingNode>,
  ): Promise<void>;
  /** Drops a commit from the list; a finalized one is remembered as such. */
  removeCommit(root: Uint8Array, finalized: boolean): Promise<void>;
  /**
   * Deletes every node and artifact not reachable from the live commits on disk or from
   * `heldRoots`, atomically with respect to commits (no commit can land between mark and sweep).
   */
  collectGarbage(heldRoots: Ptr[]): Promise<{ nodes: number; artifacts: number }>;
  /** Bytes (keys + values) written by commits since open; for storage-growth figures. */
  readonly bytesWritten: number;
  close(): Promise<void>;
}
