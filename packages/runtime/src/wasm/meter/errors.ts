import { ArtifactError } from "../../errors";

/** Bytes that are not a well-formed WASM module (or use encodings this layer does not know). */
export class WasmFormatError extends ArtifactError {
  override name = "WasmFormatError";
}
export function isWasmFormatError(e: unknown): e is WasmFormatError {
  return e instanceof WasmFormatError;
}
