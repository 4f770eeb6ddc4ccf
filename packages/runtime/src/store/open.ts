import type { StateStore } from "./api";
import { hashReady } from "./hash";
import { LmdbBackend } from "./lmdb-backend";
import { MemoryBackend } from "./memory-backend";
import { Store } from "./state-store";

/** A persistent state store in `dir` (created if missing), on LMDB. */
export async function openStore(dir: string): Promise<StateStore> {
  await hashReady();
  return new Store(LmdbBackend.open(dir));
}

/** An in-memory state store with the same semantics as `openStore`. */
export async function memoryStore(): Promise<StateStore> {
  await hashReady();
  return new Store(new MemoryBackend());
}
