import { ArtifactError, ContractFailure } from "../errors";

/** A WASM module that breaks the piecrust ABI's rules (refused at deploy; the message says which). */
export class WasmValidationError extends ArtifactError {
  override name = "WasmValidationError";
}
export function isWasmValidationError(e: unknown): e is WasmValidationError {
  return e instanceof WasmValidationError;
}

/**
 * A WASM contract trapped (unreachable, out-of-bounds access, stack overflow, a bad pointer given
 * to an import): a calling contract sees `ContractError::Unknown`, as in piecrust.
 */
export class WasmTrapError extends ContractFailure {
  override name = "WasmTrapError";
  constructor(
    readonly trap: string,
    where: string,
  ) {
    super({ case: "Unknown" }, `${where} trapped: ${trap}`);
  }
}
export function isWasmTrapError(e: unknown): e is WasmTrapError {
  return e instanceof WasmTrapError;
}
