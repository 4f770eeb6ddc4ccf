import {
  decodeArtifact as decodeFormat,
  isArtifactFormatError,
  verifyCode,
  type Artifact,
} from "@shortcrust/artifact";
import { ArtifactError } from "../errors";

/**
 * The artifact format's checks as the runtime reports them: a header or metering that breaks the
 * format's rules is an `ArtifactError` (a `RuntimeError`, like every other deploy failure).
 */
export function decodeArtifact(bytes: Uint8Array): Artifact {
  return asRuntimeError(() => decodeFormat(bytes));
}

/** Proves metered code pays at every function, loop and catch clause (deploy-time check). */
export function verifyDeployable(code: string, name: string): void {
  asRuntimeError(() => verifyCode(code, name, true));
}

function asRuntimeError<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (!isArtifactFormatError(e)) throw e;
    throw new ArtifactError(e.shortMessage, { details: e.details, hint: e.hint, cause: e });
  }
}
