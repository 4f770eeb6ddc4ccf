import type { StateStore } from "./api";
import { hashReady } from "./hash";
import { LmdbBackend } from "./lmdb-backend";
import { MemoryBackend } from "./memory-backend";
import { Store } from "./state-store";

export interface OpenStoreOptions {
  /**
   * When commit() resolves. "commit" (default): the LMDB transaction is committed and visible,
   * which survives the process being killed at any moment; after a power loss the store is
   * still consistent but may lack the last commits. "flush": also wait until the OS reports the
   * commit flushed to disk (durable against power loss; slower).
   */
  durability?: "commit" | "flush";
}

/** A persistent state store in `dir` (created if missing), on LMDB. */
export async function openStore(dir: string, options: OpenStoreOptions = {}): Promise<StateStore> {
  await hashReady();
  const backend = LmdbBackend.open(dir);
  backend.waitForFlush = options.durability === "flush";
  return new Store(backend);
}

/** An in-memory state store with the same semantics as `openStore`. */
export async function memoryStore(): Promise<StateStore> {
  await hashReady();
  return new Store(new MemoryBackend());
}
