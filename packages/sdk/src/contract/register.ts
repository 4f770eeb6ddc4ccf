import { bridge, type ContractEntry } from "./bridge";

/**
 * Registers the contract's entry point; generated glue calls it once when the artifact is
 * evaluated. `init`, if listed, is run by the host once at deploy and never again.
 */
export function registerContract(entry: ContractEntry): void {
  bridge("registerContract").register(entry);
}
