import type { SessionState, StateStore } from "./api";
import type { Backend, CommitRecord } from "./backend";
import { expectBytes, toHex } from "./bytes";
import { StoreError } from "./errors";
import { OverlayState, type StateHost } from "./session-state";
import { verifyCommit } from "./verify";
import { PENDING, type Ptr, type Ref } from "./tree/node";
import type { NodeSource, PendingNode } from "./tree/source";

interface Removal {
  readonly root: Uint8Array;
  readonly rootLoc: number;
  readonly finalize: boolean;
  readonly promise: Promise<void>;
  resolve(): void;
  reject(err: unknown): void;
  started: boolean;
}

/**
 * The commits of one store and the sessions holding them. Deleting or finalizing a commit that
 * sessions hold WAITS (piecrust's semantics): the commit leaves `commits()` and stops being a valid
 * base at once, and the returned promise settles when the last holder releases it and the change
 * is on disk. (Awaiting it while holding the commit yourself never settles, as in piecrust.)
 */
export class Store implements StateStore {
  private readonly live = new Map<string, CommitRecord>();
  private readonly finalized = new Set<string>();
  private readonly holds = new Map<string, number>();
  private readonly removals = new Map<string, Removal>();
  private nextSeq = 0;
  private closed = false;
  private readonly host: StateHost;

  constructor(private readonly backend: Backend) {
    const { live, finalized, nextSeq } = backend.loadCommits();
    for (const c of live) this.live.set(toHex(c.root), c);
    this.nextSeq = nextSeq;
    for (const r of finalized) this.finalized.add(toHex(r));
    const source: NodeSource = backend;
    this.host = {
      source,
      artifactBytes: (hash) => backend.artifactBytes(hash),
      assertOpen: () => this.assertOpen(),
      commitAndHold: (root, nodes, artifacts) => this.commitAndHold(root, nodes, artifacts),
      release: (root) => this.release(root),
    };
  }

  checkout(base: Uint8Array | null): SessionState {
    this.assertOpen();
    if (base === null) return new OverlayState(this.host, null);
    expectBytes(base, "base commit", 32);
    const hex = toHex(base);
    const record = this.live.get(hex);
    if (record === undefined) throw this.noSuchCommit(hex);
    this.holds.set(hex, (this.holds.get(hex) ?? 0) + 1);
    return new OverlayState(this.host, { hash: base.slice(), loc: record.rootLoc });
  }

  commits(): Uint8Array[] {
    this.assertOpen();
    return [...this.live.values()].sort((a, b) => a.seq - b.seq).map((c) => c.root.slice());
  }

  deleteCommit(root: Uint8Array): Promise<void> {
    return this.remove(root, false);
  }

  finalizeCommit(root: Uint8Array): Promise<void> {
    return this.remove(root, true);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const r of this.removals.values()) {
      if (!r.started)
        r.reject(new StoreError("CLOSED", "The store closed before the commit was released"));
    }
    this.removals.clear();
    await this.backend.close();
  }

  /**
   * Garbage collection (explicit, never automatic): deletes the nodes and artifacts that no held
   * commit and no open session's base can reach, i.e. what only deleted or finalized commits used.
   * Costs the number of distinct live nodes (mark and sweep). Returns how many were deleted.
   */
  async collectGarbage(): Promise<{ nodes: number; artifacts: number }> {
    this.assertOpen();
    const held: Ptr[] = [];
    for (const hex of [...this.holds.keys(), ...this.removals.keys()]) {
      const r = this.live.get(hex) ?? this.removals.get(hex);
      if (r !== undefined) held.push({ hash: r.root, loc: r.rootLoc });
    }
    return this.backend.collectGarbage(held);
  }

  /** Bytes the backend wrote since open (keys + values); for storage-growth figures. */
  get bytesWritten(): number {
    return this.backend.bytesWritten;
  }

  /**
   * Full integrity check of a held commit (re-hashes everything under its root; costs the size
   * of its state). Throws StoreCorruptError on the first problem.
   */
  verify(root: Uint8Array): { contracts: number; records: number } {
    this.assertOpen();
    expectBytes(root, "verify root", 32);
    const record = this.live.get(toHex(root));
    if (record === undefined) throw this.noSuchCommit(toHex(root), "commit");
    return verifyCommit(this.backend, { hash: record.root, loc: record.rootLoc });
  }

  /** How many sessions hold `root` as their base (for tests and diagnostics). */
  holders(root: Uint8Array): number {
    return this.holds.get(toHex(root)) ?? 0;
  }

  // ---- internals ----

  private assertOpen(): void {
    if (this.closed) throw new StoreError("CLOSED", "The state store is closed");
  }

  /** `what`: how the caller used the root (a session's base, or a commit to delete or verify). */
  private noSuchCommit(hex: string, what = "base commit"): StoreError {
    const details = this.removals.has(hex)
      ? "it is being deleted or finalized"
      : this.finalized.has(hex)
        ? "it was finalized; a finalized commit is no longer a session base (as in piecrust)"
        : undefined;
    return new StoreError("NO_SUCH_COMMIT", `No such ${what}: ${hex}`, { details });
  }

  private async commitAndHold(
    root: Ref,
    nodes: PendingNode[],
    artifacts: PendingNode[],
  ): Promise<Ptr> {
    this.assertOpen();
    const hex = toHex(root.hash);
    let record = this.live.get(hex);
    if (record === undefined) {
      // Same state as a held commit: nothing to write (its nodes are all stored already).
      const seq = this.nextSeq++;
      record = { root: root.hash.slice(), seq, rootLoc: root.loc === PENDING ? seq : root.loc };
      await this.backend.writeCommit(record, nodes, artifacts);
      // Committing a root that was being removed brings it back: the removal is superseded.
      const removal = this.removals.get(hex);
      if (removal !== undefined && !removal.started) {
        this.removals.delete(hex);
        removal.resolve();
      }
      this.finalized.delete(hex);
      this.live.set(hex, this.live.get(hex) ?? record);
      record = this.live.get(hex) as CommitRecord;
    }
    this.holds.set(hex, (this.holds.get(hex) ?? 0) + 1);
    return { hash: record.root, loc: record.rootLoc };
  }

  private release(root: Uint8Array): void {
    const hex = toHex(root);
    const n = (this.holds.get(hex) ?? 0) - 1;
    if (n > 0) {
      this.holds.set(hex, n);
      return;
    }
    this.holds.delete(hex);
    const removal = this.removals.get(hex);
    if (removal !== undefined && !this.closed) this.run(hex, removal);
  }

  private remove(root: Uint8Array, finalize: boolean): Promise<void> {
    this.assertOpen();
    expectBytes(root, finalize ? "finalizeCommit root" : "deleteCommit root", 32);
    const hex = toHex(root);
    const pending = this.removals.get(hex);
    if (pending !== undefined && pending.finalize === finalize) return pending.promise;
    if (!this.live.has(hex)) return Promise.reject(this.noSuchCommit(hex, "commit"));
    const record = this.live.get(hex) as CommitRecord;
    this.live.delete(hex);
    let resolve!: () => void;
    let reject!: (err: unknown) => void;
    const promise = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const removal: Removal = {
      root: root.slice(),
      rootLoc: record.rootLoc,
      finalize,
      promise,
      resolve,
      reject,
      started: false,
    };
    this.removals.set(hex, removal);
    if (!this.holds.has(hex)) this.run(hex, removal);
    return promise;
  }

  private run(hex: string, removal: Removal): void {
    removal.started = true;
    this.backend.removeCommit(removal.root, removal.finalize).then(
      () => {
        if (this.removals.get(hex) === removal) this.removals.delete(hex);
        if (removal.finalize) this.finalized.add(hex);
        removal.resolve();
      },
      (err: unknown) => {
        if (this.removals.get(hex) === removal) this.removals.delete(hex);
        removal.reject(err);
      },
    );
  }
}
