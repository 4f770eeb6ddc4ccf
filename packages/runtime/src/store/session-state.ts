import type { ContractMeta, SessionState, StateProof } from "./api";
import { bytesEqual, compareBytes, expectBytes, keyOf, toHex } from "./bytes";
import { decodeEntry, encodeEntry, type ContractEntry } from "./entry";
import { StoreCorruptError, StoreError } from "./errors";
import { blake3, contractKeyHash, recordKeyHash } from "./hash";
import type { ProofPath, StateProofPath } from "./proof";
import { EMPTY_REF, LEAF, NODE, PENDING, type LeafNode, type Ptr, type Ref } from "./tree/node";
import { leaves, lookup, lookupLeaf, pathTo, type TreePath } from "./tree/read";
import { loadNode, NodeBuffer, type NodeSource, type PendingNode } from "./tree/source";
import { updateTree, type TreeUpdate } from "./tree/update";

/** What a session state needs from the store it was checked out of. */
export interface StateHost {
  readonly source: NodeSource;
  artifactBytes(hash: Uint8Array): Uint8Array | undefined;
  /** Throws if the store is closed. */
  assertOpen(): void;
  /** Writes a commit and takes a hold on it for the caller, in one step; returns where its root
   * node is stored. */
  commitAndHold(root: Ref, nodes: PendingNode[], artifacts: PendingNode[]): Promise<Ptr>;
  release(root: Uint8Array): void;
}

interface RecordChange {
  readonly key: Uint8Array;
  readonly keyHash: Uint8Array;
  readonly value: Uint8Array | null;
}

/**
 * A contract as this session sees it once touched. Never mutated except `records` (journaled) and
 * the `recordsRoot` cache: a changed meta or a move makes a new object, so the journal can keep
 * the old one as its undo.
 */
interface ContractChange {
  readonly id: Uint8Array;
  /** null: the contract does not exist (removed, or moved away) in this session. */
  readonly meta: ContractMeta | null;
  /** Committed records tree that records not in `records` come from. */
  readonly recordsBase: Ptr;
  readonly records: Map<string, RecordChange>;
  recordsRoot?: Ref;
}

type Undo =
  | {
      readonly record: true;
      readonly owner: ContractChange;
      readonly k: string;
      readonly prev: RecordChange | undefined;
    }
  | { readonly record: false; readonly idKey: string; readonly prev: ContractChange | undefined };

/**
 * A session's state: a committed base (read lazily, a record at a time, by walking its tree) under
 * an overlay of changes with an undo journal. Roots are computed by re-hashing only the paths of
 * changed records, and a commit writes only the nodes that are new.
 */
export class OverlayState implements SessionState {
  private baseRoot: Ptr | null;
  private contracts = new Map<string, ContractChange>();
  private baseEntries = new Map<string, BaseEntry | null>();
  private baseIds: Uint8Array[] | undefined;
  private newArtifacts = new Map<string, Uint8Array>();
  private journal: Undo[] = [];
  private buffer: NodeBuffer;
  private version = 0;
  private rootCache: { version: number; root: Ref } | undefined;
  private released = false;
  private committing = false;

  constructor(
    private readonly host: StateHost,
    base: Ptr | null,
  ) {
    this.baseRoot = base;
    this.buffer = new NodeBuffer(host.source);
  }

  get base(): Uint8Array | null {
    return this.baseRoot === null ? null : this.baseRoot.hash.slice();
  }

  contract(id: Uint8Array): ContractMeta | undefined {
    this.assertReadable();
    expectBytes(id, "contract id", 32);
    const meta = this.current(id)?.meta;
    // Copies: callers must not be able to change state (or a cached node) through what we return.
    return meta
      ? { artifactHash: meta.artifactHash.slice(), owner: meta.owner.slice() }
      : undefined;
  }

  setContract(id: Uint8Array, meta: ContractMeta | null, artifact?: Uint8Array): void {
    this.assertWritable();
    expectBytes(id, "contract id", 32);
    const idKey = keyOf(id);
    const prev = this.contracts.get(idKey);
    if (meta === null) {
      this.replace(idKey, prev, {
        id: id.slice(),
        meta: null,
        recordsBase: EMPTY_REF,
        records: new Map(),
      });
      return;
    }
    const artifactHash = expectBytes(meta?.artifactHash, "contract meta artifactHash", 32);
    const owner = expectBytes(meta.owner, "contract meta owner");
    const hashKey = keyOf(artifactHash);
    if (artifact !== undefined) {
      expectBytes(artifact, "artifact");
      if (!bytesEqual(blake3(artifact), artifactHash)) {
        throw new StoreError("INVALID_INPUT", "artifact: its blake3 hash is not meta.artifactHash");
      }
    } else if (!this.newArtifacts.has(hashKey) && !this.host.artifactBytes(artifactHash)) {
      throw new StoreError("INVALID_INPUT", `artifact ${toHex(artifactHash)} is not in the store`, {
        hint: "Pass the artifact bytes with the first setContract that uses them.",
      });
    }
    if (artifact !== undefined && !this.newArtifacts.has(hashKey)) {
      this.newArtifacts.set(hashKey, artifact.slice());
    }
    const existing = this.current(id);
    const next: ContractChange = {
      id: id.slice(),
      meta: { artifactHash: artifactHash.slice(), owner: owner.slice() },
      recordsBase: existing?.recordsBase ?? EMPTY_REF,
      records: existing?.meta ? existing.records : new Map(),
    };
    this.replace(idKey, prev, next);
  }

  artifact(id: Uint8Array): Uint8Array | undefined {
    const meta = this.contract(id);
    if (meta === undefined) return undefined;
    const hex = keyOf(meta.artifactHash);
    return this.newArtifacts.get(hex)?.slice() ?? this.host.artifactBytes(meta.artifactHash);
  }

  moveContract(from: Uint8Array, to: Uint8Array): void {
    this.assertWritable();
    expectBytes(from, "moveContract from", 32);
    expectBytes(to, "moveContract to", 32);
    const src = this.current(from);
    if (src?.meta == null) {
      throw new StoreError("NO_SUCH_CONTRACT", `No contract ${toHex(from)} to move`);
    }
    if (bytesEqual(from, to)) return;
    const toKey = keyOf(to);
    const fromKey = keyOf(from);
    this.replace(toKey, this.contracts.get(toKey), {
      id: to.slice(),
      meta: src.meta,
      recordsBase: src.recordsBase,
      records: src.records,
    });
    this.replace(fromKey, this.contracts.get(fromKey), {
      id: src.id,
      meta: null,
      recordsBase: EMPTY_REF,
      records: new Map(),
    });
  }

  contractIds(): Uint8Array[] {
    this.assertReadable();
    const ids = new Map<string, Uint8Array>();
    for (const id of this.baseContractIds()) ids.set(keyOf(id), id);
    for (const [hex, c] of this.contracts) {
      if (c.meta === null) ids.delete(hex);
      else ids.set(hex, c.id);
    }
    return [...ids.values()].map((id) => id.slice()).sort(compareBytes);
  }

  get(id: Uint8Array, key: Uint8Array): Uint8Array | undefined {
    this.assertReadable();
    expectBytes(id, "contract id", 32);
    expectBytes(key, "record key");
    const c = this.contracts.get(keyOf(id));
    if (c === undefined) {
      const e = this.baseEntry(id);
      if (e === null) return undefined;
      return lookup(this.host.source, e.records, recordKeyHash(key))?.slice();
    }
    if (c.meta === null) return undefined;
    const change = c.records.get(keyOf(key));
    if (change !== undefined) return change.value?.slice() ?? undefined;
    return lookup(this.host.source, c.recordsBase, recordKeyHash(key))?.slice();
  }

  set(id: Uint8Array, key: Uint8Array, value: Uint8Array | null): void {
    this.assertWritable();
    expectBytes(id, "contract id", 32);
    expectBytes(key, "record key");
    if (value !== null) expectBytes(value, "record value");
    const c = this.touch(id);
    const k = keyOf(key);
    const prev = c.records.get(k);
    const keyHash = prev?.keyHash ?? recordKeyHash(key);
    c.records.set(k, { key: prev?.key ?? key.slice(), keyHash, value: value && value.slice() });
    c.recordsRoot = undefined;
    this.journal.push({ record: true, owner: c, k, prev });
    this.version++;
  }

  mark(): number {
    this.assertReadable();
    return this.journal.length;
  }

  settle(): void {
    this.journal = [];
  }

  rollback(mark: number): void {
    this.assertWritable();
    if (!Number.isInteger(mark) || mark < 0 || mark > this.journal.length) {
      throw new StoreError(
        "INVALID_INPUT",
        `rollback: mark ${String(mark)} is not a live journal position (0..${this.journal.length})`,
      );
    }
    while (this.journal.length > mark) {
      const u = this.journal.pop() as Undo;
      if (u.record) {
        if (u.prev === undefined) u.owner.records.delete(u.k);
        else u.owner.records.set(u.k, u.prev);
        u.owner.recordsRoot = undefined;
      } else if (u.prev === undefined) {
        this.contracts.delete(u.idKey);
      } else {
        this.contracts.set(u.idKey, u.prev);
        u.prev.recordsRoot = undefined;
      }
    }
    this.version++;
  }

  root(): Uint8Array {
    this.assertReadable();
    return this.computeRoot().hash.slice();
  }

  prove(id: Uint8Array, key: Uint8Array): StateProof {
    this.assertReadable();
    expectBytes(id, "contract id", 32);
    expectBytes(key, "record key");
    const root = this.computeRoot();
    const proof = (value: Uint8Array | null, path: StateProofPath): StateProof => ({
      root: root.hash.slice(),
      contractId: id.slice(),
      key: key.slice(),
      value,
      path,
    });
    const contractKey = contractKeyHash(id);
    const contractPath = pathTo(this.buffer, root, contractKey);
    const leaf = contractPath.leaf;
    const contract = proofPath(contractPath);
    if (leaf === null || !bytesEqual(leaf.keyHash, contractKey)) {
      return proof(null, { contract, entry: null, record: null });
    }
    const entry = decodeEntry(leaf.value);
    const keyHash = recordKeyHash(key);
    const recordPath = pathTo(this.buffer, linkOf(leaf, entry), keyHash);
    const found = recordPath.leaf !== null && bytesEqual(recordPath.leaf.keyHash, keyHash);
    return proof(found && recordPath.leaf ? recordPath.leaf.value.slice() : null, {
      contract,
      entry: { ...entry.meta, recordsRoot: entry.recordsRoot },
      record: proofPath(recordPath),
    });
  }

  async commit(): Promise<Uint8Array> {
    this.assertWritable();
    const root = this.computeRoot();
    const nodes = this.newNodes(root);
    const artifacts: PendingNode[] = [];
    for (const c of this.contracts.values()) {
      const bytes = c.meta && this.newArtifacts.get(keyOf(c.meta.artifactHash));
      if (bytes) artifacts.push({ hash: c.meta!.artifactHash, bytes });
    }
    this.committing = true;
    let stored: Ptr;
    try {
      stored = await this.host.commitAndHold(root, nodes, artifacts);
    } catch (err) {
      this.committing = false;
      // Released while the failed commit was in flight: let go of the base now.
      if (this.released && this.baseRoot !== null) this.host.release(this.baseRoot.hash);
      throw err;
    }
    this.committing = false;
    const oldBase = this.baseRoot;
    this.baseRoot = stored;
    if (oldBase !== null) this.host.release(oldBase.hash);
    if (this.released) this.host.release(stored.hash);
    this.contracts = new Map();
    this.baseEntries = new Map();
    this.baseIds = undefined;
    this.newArtifacts = new Map();
    this.journal = [];
    this.buffer = new NodeBuffer(this.host.source);
    this.rootCache = undefined;
    this.version++;
    return stored.hash.slice();
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    // A commit in flight releases its new root itself when it lands.
    if (this.baseRoot !== null && !this.committing) this.host.release(this.baseRoot.hash);
  }

  // ---- internals ----

  private assertReadable(): void {
    if (this.released) {
      throw new StoreError("RELEASED", "This session state was released", {
        hint: "Check out a new session state from the store.",
      });
    }
    this.host.assertOpen();
  }

  private assertWritable(): void {
    this.assertReadable();
    if (this.committing) {
      throw new StoreError("BUSY", "This session state is being committed", {
        hint: "await commit() before changing the state again.",
      });
    }
  }

  /** The contract as this session sees it (overlay, else base), or undefined if never existed. */
  private current(id: Uint8Array): ContractChange | undefined {
    const c = this.contracts.get(keyOf(id));
    if (c !== undefined) return c;
    const e = this.baseEntry(id);
    if (e === null) return undefined;
    return { id, meta: e.meta, recordsBase: e.records, records: new Map() };
  }

  /** The overlay entry for an existing contract, created (journaled) on first write. */
  private touch(id: Uint8Array): ContractChange {
    const idKey = keyOf(id);
    const c = this.contracts.get(idKey);
    if (c?.meta) return c;
    const cur = c ?? this.current(id);
    if (cur?.meta == null) {
      throw new StoreError("NO_SUCH_CONTRACT", `No contract ${toHex(id)} in this state`, {
        hint: "Records belong to a deployed contract: setContract first.",
      });
    }
    const fresh: ContractChange = { ...cur, id: id.slice(), records: new Map() };
    this.replace(idKey, undefined, fresh);
    return fresh;
  }

  private replace(idKey: string, prev: ContractChange | undefined, next: ContractChange): void {
    this.journal.push({ record: false, idKey, prev });
    this.contracts.set(idKey, next);
    this.version++;
  }

  private baseEntry(id: Uint8Array): BaseEntry | null {
    if (this.baseRoot === null) return null;
    const k = keyOf(id);
    let e = this.baseEntries.get(k);
    if (e === undefined) {
      const leaf = lookupLeaf(this.host.source, this.baseRoot, contractKeyHash(id));
      e = leaf === undefined ? null : baseEntryOf(leaf);
      this.baseEntries.set(k, e);
    }
    return e;
  }

  private baseContractIds(): Uint8Array[] {
    if (this.baseIds === undefined) {
      this.baseIds = [];
      if (this.baseRoot !== null) {
        for (const leaf of leaves(this.host.source, this.baseRoot)) {
          this.baseIds.push(decodeEntry(leaf.value).id);
        }
      }
    }
    return this.baseIds;
  }

  /** The current root, rebuilt over the base along the changed paths only (cached). */
  private computeRoot(): Ref {
    if (this.rootCache?.version === this.version) return this.rootCache.root;
    const updates: TreeUpdate[] = [];
    for (const c of this.contracts.values()) {
      const keyHash = contractKeyHash(c.id);
      if (c.meta === null) {
        updates.push({ keyHash, value: null });
      } else {
        const records = this.recordsRoot(c);
        updates.push({ keyHash, value: encodeEntry(c.id, c.meta, records.hash), link: records });
      }
    }
    const root = updateTree(this.buffer, this.baseRoot ?? EMPTY_REF, updates);
    this.rootCache = { version: this.version, root };
    return root;
  }

  private recordsRoot(c: ContractChange): Ptr {
    if (c.recordsRoot !== undefined) return c.recordsRoot;
    if (c.records.size === 0) return c.recordsBase;
    const updates: TreeUpdate[] = [];
    for (const r of c.records.values()) updates.push(r);
    c.recordsRoot = updateTree(this.buffer, c.recordsBase, updates);
    return c.recordsRoot;
  }

  /** Nodes reachable from `root` that are not stored yet: exactly what the commit adds. */
  private newNodes(root: Ptr): PendingNode[] {
    const out: PendingNode[] = [];
    const pending = this.buffer.nodes;
    const walk = (ptr: Ptr): void => {
      if (ptr.loc !== PENDING) return; // stored already, and so is everything under it
      const n = pending.get(keyOf(ptr.hash));
      if (n === undefined) return;
      out.push(n);
      const node = n.node ?? loadNode(this.buffer, ptr);
      if (node.kind === NODE) {
        walk(node.left);
        walk(node.right);
      } else if (node.kind === LEAF && node.link !== undefined) {
        walk(node.link);
      }
    };
    walk(root);
    return out;
  }
}

/** A contract of the base state: its meta and where its records tree is. */
interface BaseEntry {
  readonly meta: ContractMeta;
  readonly records: Ptr;
}

function baseEntryOf(leaf: LeafNode): BaseEntry {
  const entry = decodeEntry(leaf.value);
  return { meta: entry.meta, records: linkOf(leaf, entry) };
}

/** The records-tree pointer of a contract leaf, checked against the entry it must agree with. */
function linkOf(leaf: LeafNode, entry: ContractEntry): Ptr {
  if (leaf.link === undefined || !bytesEqual(leaf.link.hash, entry.recordsRoot)) {
    throw new StoreCorruptError("A contract leaf's records link disagrees with its entry");
  }
  return leaf.link;
}

function proofPath(path: TreePath): ProofPath {
  return {
    siblings: path.siblings.map((s) => s.slice()),
    leaf:
      path.leaf === null
        ? null
        : { keyHash: path.leaf.keyHash.slice(), valueHash: blake3(path.leaf.value) },
  };
}
