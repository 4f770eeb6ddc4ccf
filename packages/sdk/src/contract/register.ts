import { archiveRoot } from "../archive/root";
import { bridge, type ContractEntry } from "./bridge";

/** Room for the largest archive a call can produce (64 KiB values plus out-of-line data). */
const WRITER_CAPACITY = 128 * 1024;

/**
 * Registers the contract's entry point; generated glue calls it once when the artifact is
 * evaluated. `init`, if listed, is run by the host once at deploy and never again.
 *
 * It also grows the archive layer's shared writer to its final size now, while the contract
 * loads (which costs no gas): otherwise the first archive in a session would pay for creating
 * and growing it, and the same call would cost different gas depending on what ran before.
 */
export function registerContract(entry: ContractEntry): void {
  bridge("registerContract").register(entry);
  archiveRoot(
    null,
    0,
    1,
    "()",
    (w) => w.ensure(WRITER_CAPACITY),
    () => {},
  );
}
