import { ShortcrustError } from "@shortcrust/sdk";

/**
 * Code or bytes that break the artifact format's rules: a bad header, source that names the
 * metering prefix, code whose metering does not prove every function, loop and catch pays. The
 * runtime turns it into its `ArtifactError` at deploy; the toolchain reports it as it is.
 */
export class ArtifactFormatError extends ShortcrustError {
  override name = "ArtifactFormatError";
}
export function isArtifactFormatError(e: unknown): e is ArtifactFormatError {
  return e instanceof ArtifactFormatError;
}
