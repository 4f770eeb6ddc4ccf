import { open, type Database, type RootDatabase } from "lmdb";
import type { Backend, CommitRecord } from "./backend";
import { StoreCorruptError, StoreError, StoreVersionError } from "./errors";
import { keyOf } from "./bytes";
import { decodeNode, type Node } from "./tree/node";
import { NodeCache, type PendingNode } from "./tree/source";

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
 *   nodes     node hash → node bytes          (content-addressed, shared by every commit)
 *   artifacts artifact hash → artifact bytes  (content-addressed)
 *   commits   root → status(1: live, 2: finalized) ‖ seq u32 BE
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
  ) {}

  static open(dir: string): LmdbBackend {
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
      const backend = new LmdbBackend(env, db("nodes"), db("artifacts"), db("commits"));
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

  node(hash: Uint8Array): Node | undefined {
    const key = keyOf(hash);
    let node = this.cache.get(key);
    if (node === undefined) {
      const bytes = this.nodes.getBinary(hash);
      if (bytes === undefined) return undefined;
      node = decodeNode(hash, bytes);
      this.cache.set(key, node);
    }
    return node;
  }

  artifactBytes(hash: Uint8Array): Uint8Array | undefined {
    return this.artifacts.getBinary(hash);
  }

  loadCommits(): { live: CommitRecord[]; finalized: Uint8Array[] } {
    const live: CommitRecord[] = [];
    const finalized: Uint8Array[] = [];
    for (const { key, value } of this.commitsDb.getRange({})) {
      const root = new Uint8Array(key as Uint8Array);
      const v = value as Uint8Array;
      if (root.length !== 32 || v.length !== 5 || (v[0] !== LIVE && v[0] !== FINALIZED)) {
        throw new StoreCorruptError("Malformed commit record in the state store");
      }
      if (v[0] === LIVE) {
        live.push({ root, seq: new DataView(v.buffer, v.byteOffset, 5).getUint32(1) });
      } else {
        finalized.push(root);
      }
    }
    return { live, finalized };
  }

  async writeCommit(
    commit: CommitRecord,
    nodes: Iterable<PendingNode>,
    artifacts: Iterable<PendingNode>,
  ): Promise<void> {
    let bytes = 0;
    await this.env.transaction(() => {
      for (const n of nodes) {
        this.nodes.putSync(n.hash, n.bytes);
        bytes += 32 + n.bytes.length;
      }
      for (const a of artifacts) {
        this.artifacts.putSync(a.hash, a.bytes);
        bytes += 32 + a.bytes.length;
      }
      this.commitsDb.putSync(commit.root, commitRecord(LIVE, commit.seq));
      bytes += 32 + 5;
    });
    this.bytesWritten += bytes;
  }

  async removeCommit(root: Uint8Array, finalized: boolean): Promise<void> {
    await this.env.transaction(() => {
      if (finalized) this.commitsDb.putSync(root, commitRecord(FINALIZED, 0));
      else this.commitsDb.removeSync(root);
    });
  }

  async close(): Promise<void> {
    await this.env.close();
  }
}

function commitRecord(status: number, seq: number): Uint8Array {
  const out = new Uint8Array(5);
  out[0] = status;
  new DataView(out.buffer).setUint32(1, seq);
  return out;
}
