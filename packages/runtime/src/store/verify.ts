import { decodeEntry } from "./entry";
import { StoreCorruptError } from "./errors";
import { blake3 } from "./hash";
import { bytesEqual, toHex } from "./bytes";
import type { Backend } from "./backend";
import type { Ptr } from "./tree/node";
import { verifyTree } from "./tree/verify";

/**
 * Full integrity check of one commit: every node under `root` re-hashed (contracts tree and each
 * contract's records tree) and every contract's artifact present with the right hash. Returns
 * how many contracts and records it holds. Throws StoreCorruptError on the first problem.
 */
export function verifyCommit(backend: Backend, root: Ptr): { contracts: number; records: number } {
  let contracts = 0;
  let records = 0;
  verifyTree(backend, root, (leaf) => {
    const entry = decodeEntry(leaf.value);
    if (leaf.link === undefined || !bytesEqual(leaf.link.hash, entry.recordsRoot)) {
      throw new StoreCorruptError(`Contract ${toHex(entry.id)}: its records link is wrong`);
    }
    contracts++;
    records += verifyTree(backend, leaf.link);
    const artifact = backend.artifactBytes(entry.meta.artifactHash);
    if (artifact === undefined || !bytesEqual(blake3(artifact), entry.meta.artifactHash)) {
      throw new StoreCorruptError(`Artifact ${toHex(entry.meta.artifactHash)} missing or damaged`);
    }
  });
  return { contracts, records };
}
