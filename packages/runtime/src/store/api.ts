/**
 * The contract between the session layer (VM, Session, call frames) and the state layer (commits,
 * roots, proofs, the embedded store). Sessions only ever touch state through `SessionState`;
 * `StateStore` is what a VM holds. Ids, keys and roots are raw bytes (contract ids and roots are 32
 * bytes).
 */

/** What a commit knows about a deployed contract besides its records. */
export interface ContractMeta {
  /** blake3 of the artifact bytes; the artifact itself is stored content-addressed. */
  readonly artifactHash: Uint8Array;
  readonly owner: Uint8Array;
}

/** An inclusion proof for one record (or its absence) under a state root; see `verifyProof`. */
export interface StateProof {
  readonly root: Uint8Array;
  readonly contractId: Uint8Array;
  readonly key: Uint8Array;
  /** The record's value, or null when the proof shows the key is absent. */
  readonly value: Uint8Array | null;
  /** Opaque to sessions; interpreted by `verifyProof`. */
  readonly path: unknown;
}

/**
 * A session's view of state: a base commit (or genesis) plus an overlay of changes, with a journal
 * so a failed call frame can be rolled back at the cost of what it changed.
 */
export interface SessionState {
  /** The base commit's root, or null for a genesis session. */
  readonly base: Uint8Array | null;

  contract(id: Uint8Array): ContractMeta | undefined;
  /** Deploys (meta + artifact), or removes with null. */
  setContract(id: Uint8Array, meta: ContractMeta | null, artifact?: Uint8Array): void;
  /** The artifact bytes of a contract in this state. */
  artifact(id: Uint8Array): Uint8Array | undefined;
  /** Moves every record and the meta of `from` to `to` (replacing `to`); used by migration. */
  moveContract(from: Uint8Array, to: Uint8Array): void;
  /** Ids of every contract in this state, in ascending byte order. */
  contractIds(): Uint8Array[];

  get(id: Uint8Array, key: Uint8Array): Uint8Array | undefined;
  /** Writes a record; null deletes it. */
  set(id: Uint8Array, key: Uint8Array, value: Uint8Array | null): void;

  /** A journal position; `rollback(mark)` undoes every change made after it. Marks nest. */
  mark(): number;
  rollback(mark: number): void;
  /**
   * Forgets the journal: no mark taken so far will be rolled back (a session calls it after a
   * top-level call, so a long session does not keep every overwritten value, such as WASM pages).
   */
  settle(): void;

  /** The root `commit()` would return now; equals `base` when nothing changed. */
  root(): Uint8Array;
  prove(id: Uint8Array, key: Uint8Array): StateProof;
  /** Persists the overlay as a new commit and returns its root. The state stays usable. */
  commit(): Promise<Uint8Array>;
  /** Lets go of the base commit (so it may be deleted or finalized). Idempotent. */
  release(): void;
}

export interface StateStore {
  /** Opens a session state on a commit (null = genesis). Unknown roots throw a typed error. */
  checkout(base: Uint8Array | null): SessionState;
  /** Roots of the commits held (neither deleted nor finalized). */
  commits(): Uint8Array[];
  deleteCommit(root: Uint8Array): Promise<void>;
  finalizeCommit(root: Uint8Array): Promise<void>;
  /**
   * Deletes stored data that only deleted or finalized commits used (explicit mark-and-sweep;
   * never automatic). Optional: stores without garbage collection leave it out.
   */
  collectGarbage?(): Promise<{ nodes: number; artifacts: number }>;
  close(): Promise<void>;
}
