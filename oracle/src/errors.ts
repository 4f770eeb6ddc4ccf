import { ShortcrustError } from "@shortcrust/sdk";

/** The Rust oracle could not be built or run, or cannot express a type. */
export class OracleError extends ShortcrustError {
  override name = "OracleError";
}

export function isOracleError(err: unknown): err is OracleError {
  return err instanceof OracleError;
}
