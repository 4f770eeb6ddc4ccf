import { ShortcrustError } from "@shortcrust/sdk";

/** A contract that could not be bundled (a missing import, a syntax error, no registered contract). */
export class BundleError extends ShortcrustError {
  override name = "BundleError";
}
export function isBundleError(e: unknown): e is BundleError {
  return e instanceof BundleError;
}
