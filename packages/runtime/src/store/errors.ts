import { ShortcrustError, type ShortcrustErrorOptions } from "@shortcrust/sdk";

/** What went wrong, for code that branches on it (the message is for people). */
export type StoreErrorCode =
  | "NO_SUCH_COMMIT"
  | "NO_SUCH_CONTRACT"
  | "INVALID_INPUT"
  | "RELEASED"
  | "BUSY"
  | "LOCKED"
  | "CLOSED"
  | "HASH_NOT_READY"
  | "CORRUPT"
  | "VERSION"
  | "IO";

/** Every error of the state layer (commits, roots, proofs, the embedded store). */
export class StoreError extends ShortcrustError {
  override name = "StoreError";
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, shortMessage: string, options: ShortcrustErrorOptions = {}) {
    super(shortMessage, options);
    this.code = code;
  }
}

/** The store's bytes are not what this code wrote: a missing or malformed node, a foreign file. */
export class StoreCorruptError extends StoreError {
  override name = "StoreCorruptError";
  constructor(shortMessage: string, options: ShortcrustErrorOptions = {}) {
    super("CORRUPT", shortMessage, options);
  }
}

/** The store was written by an incompatible format version. */
export class StoreVersionError extends StoreError {
  override name = "StoreVersionError";
  readonly found: string;
  readonly expected: string;
  constructor(found: string, expected: string) {
    super("VERSION", `Incompatible store format: found '${found}', expected '${expected}'`, {
      hint: "Open it with the Shortcrust version that wrote it, or start a new store directory.",
    });
    this.found = found;
    this.expected = expected;
  }
}

export function isStoreError(err: unknown): err is StoreError {
  return err instanceof StoreError;
}

export function isStoreCorruptError(err: unknown): err is StoreCorruptError {
  return err instanceof StoreCorruptError;
}

export function isStoreVersionError(err: unknown): err is StoreVersionError {
  return err instanceof StoreVersionError;
}
