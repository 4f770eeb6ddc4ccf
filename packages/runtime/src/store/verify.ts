import { decodeEntry } from "./entry";
import { StoreCorruptError } from "./errors";
import { blake3 } from "./hash";
import { bytesEqual, toHex } from "./bytes";
import type { Backend } from "./backend";
import { verifyTree } from "./tree/verify";

/**
 * Full integrity check of one commit: every node under `root` re-hashed (contracts tree and each
 * contract's records tree) and every contract's artifact present with the right hash. Returns
 * how many contracts and records it holds. Throws StoreCorruptError on the first problem.
 */
export function verifyCommit(
  backend: Backend,
  root: Uint8Array,
): { contracts: number; records: number } {
  let contracts = 0;
  let records = 0;
  verifyTree(backend, root, (value) => {
    const entry = decodeEntry(value);
    contracts++;
    records += verifyTree(backend, entry.recordsRoot);
    const artifact = backend.artifactBytes(entry.meta.artifactHash);
    if (artifact === undefined || !bytesEqual(blake3(artifact), entry.meta.artifactHash)) {
      throw new StoreCorruptError(`Artifact ${toHex(entry.meta.artifactHash)} missing or damaged`);
    }
  });
  return { contracts, records };
}
