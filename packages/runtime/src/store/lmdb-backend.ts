import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from "node:fs";
import { join } from "node:path";
import { open, type Database, type RootDatabase } from "lmdb";
import type { Backend, CommitRecord } from "./backend";
import { StoreCorruptError, StoreError, StoreVersionError } from "./errors";
import { bytesEqual, compareBytes, keyOf, toHex } from "./bytes";
import { blake3, leafHash, nodeHash } from "./hash";
import { decodeNode, LEAF, storageKey, type Node, type Ptr } from "./tree/node";
import { NodeCache, type PendingNode } from "./tree/source";
import { reachable } from "./reachable";
import { lockStore } from "./lock";

/** Written once into a new store; any other value refuses to open. */
export const STORE_FORMAT = "shortcrust-state/1";
const FORMAT_PREFIX = "shortcrust-state/";
const FORMAT_KEY = new TextEncoder().encode("format");

const LIVE = 1;
const FINALIZED = 2;

type Bytes = Database<Uint8Array, Uint8Array>;

/**
 * Backend on LMDB (the `lmdb` package): one environment with four named databases
 *   meta      "format" → STORE_FORMAT
 *   nodes     loc u32 BE ‖ node hash → node bytes   (loc = seq of the commit that wrote it, so
 *             each commit appends; unchanged nodes are shared by reference from later commits)
 *   artifacts artifact hash → artifact bytes       (content-addressed)
 *   commits   root → status(1: live, 2: finalized) ‖ seq u32 BE ‖ rootLoc u32 BE
 * A commit is one LMDB write transaction (nodes + artifacts + commit record), so it is on disk
 * entirely or not at all; LMDB's copy-on-write B-tree keeps the file consistent across SIGKILL.
 */
export class LmdbBackend implements Backend {
  bytesWritten = 0;
  /** Decoded nodes: a read walks ~log2(N) nodes, and hot paths should not hit LMDB each time. */
  private readonly cache = new NodeCache(1 << 18);

  private constructor(
    private readonly env: RootDatabase,
    private readonly nodes: Bytes,
    private readonly artifacts: Bytes,
    private readonly commitsDb: Bytes,
    private readonly unlock: () => void,
  ) {}

  /** Whether commit() waits until the commit is flushed to disk (see OpenStoreOptions). */
  waitForFlush = false;

  static open(dir: string): LmdbBackend {
    if (existsSync(dir) && !statSync(dir).isDirectory()) {
      throw new StoreError("INVALID_INPUT", `The state store path ${dir} is a file`, {
        hint: "A store is a directory (created if missing): give a new path, or a store's directory.",
      });
    }
    try {
      mkdirSync(dir, { recursive: true });
    } catch (cause) {
      throw new StoreError("IO", `The state store directory ${dir} could not be created`, {
        details: cause instanceof Error ? cause.message : String(cause),
        cause,
      });
    }
    const unlock = lockStore(dir);
    try {
      return LmdbBackend.openLocked(dir, unlock);
    } catch (err) {
      unlock(); // whatever refused the open, the directory is free again
      throw err;
    }
  }

  /** `open` once the directory is this process's (`unlock` goes to the backend's `close`). */
  private static openLocked(dir: string, unlock: () => void): LmdbBackend {
    checkLmdbHeader(dir);
    let env: RootDatabase;
    try {
      env = open({ path: dir, maxDbs: 8, compression: false });
    } catch (cause) {
      throw new StoreCorruptError(`Cannot open the state store at ${dir}`, {
        details: cause instanceof Error ? cause.message : String(cause),
        hint: "The directory does not hold a readable LMDB environment.",
        cause,
      });
    }
    try {
      const db = (name: string): Bytes =>
        env.openDB<Uint8Array, Uint8Array>({ name, encoding: "binary", keyEncoding: "binary" });
      const meta = db("meta");
      const backend = new LmdbBackend(env, db("nodes"), db("artifacts"), db("commits"), unlock);
      backend.checkFormat(meta, dir);
      return backend;
    } catch (err) {
      void env.close();
      if (err instanceof StoreError) throw err;
      throw new StoreCorruptError(`Cannot read the state store at ${dir}`, {
        details: err instanceof Error ? err.message : String(err),
        cause: err,
      });
    }
  }

  private checkFormat(meta: Bytes, dir: string): void {
    const found = meta.getBinary(FORMAT_KEY);
    if (found === undefined) {
      const empty =
        this.nodes.getKeysCount({ limit: 1 }) === 0 &&
        this.commitsDb.getKeysCount({ limit: 1 }) === 0;
      if (!empty) {
        throw new StoreCorruptError(`The state store at ${dir} has data but no format record`);
      }
      meta.putSync(FORMAT_KEY, new TextEncoder().encode(STORE_FORMAT));
      return;
    }
    const text = Buffer.from(found).toString("utf8");
    if (text === STORE_FORMAT) return;
    if (text.startsWith(FORMAT_PREFIX)) throw new StoreVersionError(text, STORE_FORMAT);
    throw new StoreCorruptError(`The state store at ${dir} has an unknown format record`, {
      details: JSON.stringify(text.slice(0, 64)),
    });
  }

  node(ptr: Ptr): Node | undefined {
    if (ptr.loc < 0) return undefined;
    const skey = storageKey(ptr);
    const key = keyOf(skey);
    let node = this.cache.get(key);
    if (node === undefined) {
      const stored = this.nodes.getBinary(skey);
      if (stored === undefined) return undefined;
      // A plain Uint8Array: Buffer#slice is a view, and our copies must be copies.
      const bytes = new Uint8Array(stored);
      node = decodeNode(ptr.hash, bytes, ptr.loc);
      checkHash(ptr.hash, node);
      this.cache.set(key, node);
    }
    return node;
  }

  artifactBytes(hash: Uint8Array): Uint8Array | undefined {
    const stored = this.artifacts.getBinary(hash);
    return stored === undefined ? undefined : new Uint8Array(stored);
  }

  loadCommits(): { live: CommitRecord[]; finalized: Uint8Array[]; nextSeq: number } {
    const live: CommitRecord[] = [];
    const finalized: Uint8Array[] = [];
    for (const { key, value } of this.commitsDb.getRange({})) {
      const root = new Uint8Array(key as Uint8Array);
      const v = value as Uint8Array;
      if (root.length !== 32 || v.length !== 9 || (v[0] !== LIVE && v[0] !== FINALIZED)) {
        throw new StoreCorruptError("Malformed commit record in the state store");
      }
      if (v[0] === LIVE) {
        const dv = new DataView(v.buffer, v.byteOffset, 9);
        live.push({ root, seq: dv.getUint32(1), rootLoc: dv.getUint32(5) });
      } else {
        finalized.push(root);
      }
    }
    // Past every live commit AND every stored node: nodes of deleted commits may still be on
    // disk (and shared by live ones), so a new commit must never write under their location.
    let nextSeq = live.reduce((n, c) => Math.max(n, c.seq + 1), 0);
    for (const key of this.nodes.getKeys({ reverse: true, limit: 1 })) {
      const k = key as Uint8Array;
      nextSeq = Math.max(nextSeq, new DataView(k.buffer, k.byteOffset, 4).getUint32(0) + 1);
    }
    return { live, finalized, nextSeq };
  }

  async writeCommit(
    commit: CommitRecord,
    nodes: Iterable<PendingNode>,
    artifacts: Iterable<PendingNode>,
  ): Promise<void> {
    let bytes = 0;
    await io("write a commit", () =>
      this.env.transaction(() => {
        // Keys in ascending order past every stored key (a new seq), so LMDB can append: pages are
        // filled whole instead of split half-empty.
        const sorted = [...nodes].sort((a, b) => compareBytes(a.hash, b.hash));
        for (let i = 0; i < sorted.length; i++) {
          const n = sorted[i];
          if (i > 0 && bytesEqual(sorted[i - 1].hash, n.hash)) continue; // the same node twice
          const key = storageKey({ hash: n.hash, loc: commit.seq });
          // Typed void, but lmdb returns false when it refuses an append (it does not throw):
          // never let a node go missing silently.
          const written = this.nodes.putSync(key, n.bytes, { append: true }) as unknown;
          if (written !== true) {
            throw new StoreError("IO", `Tree node ${toHex(n.hash)} could not be appended`);
          }
          bytes += 36 + n.bytes.length;
        }
        for (const a of artifacts) {
          this.artifacts.putSync(a.hash, a.bytes);
          bytes += 32 + a.bytes.length;
        }
        this.commitsDb.putSync(commit.root, commitRecord(LIVE, commit.seq, commit.rootLoc));
        bytes += 32 + 9;
      }),
    );
    // Committed and visible now (safe against SIGKILL: the OS has the pages); flushed = durable
    // against power loss too.
    if (this.waitForFlush) await io("flush a commit", async () => this.env.flushed);
    this.bytesWritten += bytes;
  }

  async removeCommit(root: Uint8Array, finalized: boolean): Promise<void> {
    await io("remove a commit", () =>
      this.env.transaction(() => {
        if (finalized) this.commitsDb.putSync(root, commitRecord(FINALIZED, 0, 0));
        else this.commitsDb.removeSync(root);
      }),
    );
  }

  async collectGarbage(heldRoots: Ptr[]): Promise<{ nodes: number; artifacts: number }> {
    // One synchronous write transaction: mark and sweep see the same commits, and no commit can
    // land in between (a commit in flight lands before or after, with all of its nodes).
    return this.env.transactionSync(() => {
      const roots = [...heldRoots];
      for (const c of this.loadCommits().live) roots.push({ hash: c.root, loc: c.rootLoc });
      const keep = reachable(this, roots, (p) => keyOf(storageKey(p)), keyOf);
      const sweep = (db: Bytes, live: Set<string>): number => {
        const dead: Uint8Array[] = [];
        for (const key of db.getKeys({})) {
          const k = key as Uint8Array;
          if (!live.has(keyOf(k))) dead.push(new Uint8Array(k));
        }
        for (const k of dead) db.removeSync(k);
        return dead.length;
      };
      return {
        nodes: sweep(this.nodes, keep.nodes),
        artifacts: sweep(this.artifacts, keep.artifacts),
      };
    });
  }

  async close(): Promise<void> {
    try {
      await this.env.close();
    } finally {
      this.unlock();
    }
  }
}

function commitRecord(status: number, seq: number, rootLoc: number): Uint8Array {
  const out = new Uint8Array(9);
  out[0] = status;
  new DataView(out.buffer).setUint32(1, seq);
  new DataView(out.buffer).setUint32(5, rootLoc);
  return out;
}

/**
 * LMDB does not checksum pages, so every node read from disk is re-hashed once (reads then hit
 * the cache): damaged bytes become a StoreCorruptError, never a silent wrong answer.
 */
function checkHash(hash: Uint8Array, node: Node): void {
  const actual =
    node.kind === LEAF
      ? leafHash(node.keyHash, blake3(node.value))
      : nodeHash(node.left.hash, node.right.hash);
  if (!bytesEqual(actual, hash)) {
    throw new StoreCorruptError(
      `Tree node ${toHex(hash)} is damaged: its content hashes differently`,
      {
        hint: "The store's file was modified outside Shortcrust; restore it from a backup.",
      },
    );
  }
}

/**
 * LMDB trusts its file: handed a foreign file it can crash the process instead of failing. So
 * before opening, check that an existing data.mdb starts with an LMDB meta page (magic
 * 0xBEEFC0DE, little-endian, right after the page header: byte 24 in lmdb-js's LMDB build, 16
 * in classic LMDB 0.9).
 */
function checkLmdbHeader(dir: string): void {
  const file = join(dir, "data.mdb");
  if (!existsSync(file)) return;
  const head = Buffer.alloc(32);
  const fd = openSync(file, "r");
  let n: number;
  try {
    n = readSync(fd, head, 0, 32, 0);
  } finally {
    closeSync(fd);
  }
  if (n === 0) return; // created but never written: LMDB initialises it
  const magic = (at: number) => n >= at + 4 && head.readUInt32LE(at) === 0xbeefc0de;
  if (!magic(24) && !magic(16)) {
    throw new StoreCorruptError(`The state store at ${dir} is not an LMDB environment`, {
      details: `data.mdb starts with ${head.subarray(0, n).toString("hex")}`,
      hint: "Point openStore at a directory created by it, or at a new directory.",
    });
  }
}

/** Runs an LMDB write; a failure (disk full, permissions, …) becomes a typed StoreError. */
async function io<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (cause) {
    if (cause instanceof StoreError) throw cause;
    throw new StoreError("IO", `The state store could not ${what}`, {
      details: cause instanceof Error ? cause.message : String(cause),
      cause,
    });
  }
}
