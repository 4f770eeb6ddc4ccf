import { ShortcrustError } from "../errors";

/**
 * Why an archive was rejected. The names follow the `kind` field of the rkyv 0.7 vectors; the
 * last four cover checks rkyv 0.7.45+ adds and our own guard rails.
 */
export type CheckErrorKind =
  | "bool"
  | "char"
  | "ptr_out_of_bounds"
  | "overrun"
  | "subtree_out_of_bounds"
  | "subtree_overrun"
  | "unaligned"
  | "utf8"
  | "enum_tag"
  | "inline_string_len"
  | "map"
  | "internal";

/** Bytes that are not a valid archive of the type (bytecheck's rules). */
export class CheckError extends ShortcrustError {
  override name = "CheckError";
  readonly kind: CheckErrorKind;
  /** Where in the value: `FnData.signature`, `Ledger.entries[1].1`, `Option<String>.some`. */
  readonly path: string;
  /** Byte position in the archive where the bad data sits. */
  readonly offset: number;
  readonly expected: string;
  readonly found: string;

  constructor(
    kind: CheckErrorKind,
    path: string,
    offset: number,
    expected: string,
    found: string,
    cause?: unknown,
    hint?: string,
  ) {
    super(`${path}: expected ${expected}, found ${found} at byte ${offset}`, {
      details: `check failed (${kind})`,
      cause,
      hint,
    });
    this.kind = kind;
    this.path = path;
    this.offset = offset;
    this.expected = expected;
    this.found = found;
  }
}

/** A value that does not fit its type (`u8` given 300, `Bytes<64>` given 63 bytes). */
export class ArchiveError extends ShortcrustError {
  override name = "ArchiveError";
  readonly path: string;
  readonly expected: string;
  readonly found: string;

  constructor(path: string, expected: string, found: string, cause?: unknown) {
    super(`${path}: expected ${expected}, found ${found}`, { cause });
    this.path = path;
    this.expected = expected;
    this.found = found;
  }
}

export function isCheckError(err: unknown): err is CheckError {
  return err instanceof CheckError;
}

export function isArchiveError(err: unknown): err is ArchiveError {
  return err instanceof ArchiveError;
}

/**
 * Internal, cheap to throw (no stack trace): raised deep inside a check, each composite level
 * on the way out adds its path segment, and the entry point turns it into a `CheckError`.
 */
export class CheckFailure {
  readonly segments: string[] = [];
  constructor(
    readonly kind: CheckErrorKind,
    readonly offset: number,
    readonly expected: string,
    readonly found: string,
  ) {}
}

/** Internal twin of `CheckFailure` for values (becomes an `ArchiveError`). */
export class ValueFailure {
  readonly segments: string[] = [];
  constructor(
    readonly expected: string,
    readonly found: string,
  ) {}
}

/** Adds a path segment (`.field`, `[3]`, `.some`) to a failure passing through, then rethrows. */
export function rethrowAt(err: unknown, segment: string): never {
  if (err instanceof CheckFailure || err instanceof ValueFailure) err.segments.push(segment);
  throw err;
}

/** Adds a path segment to a failure passing through (without rethrowing). */
export function addSegment(err: unknown, segment: string): void {
  if (err instanceof CheckFailure || err instanceof ValueFailure) err.segments.push(segment);
}

/** Throws a check failure at `offset` (to be completed with a path by the entry point). */
export function failCheck(
  kind: CheckErrorKind,
  offset: number,
  expected: string,
  found: string,
): never {
  throw new CheckFailure(kind, offset, expected, found);
}

/** Throws a value failure (to be completed with a path by the entry point). */
export function failValue(expected: string, found: string): never {
  throw new ValueFailure(expected, found);
}

function joinPath(root: string, segments: readonly string[]): string {
  let p = root;
  for (let i = segments.length - 1; i >= 0; i--) p += segments[i];
  return p;
}

/** Turns whatever a check threw into a `CheckError` rooted at `root` (the type's name). */
export function toCheckError(err: unknown, root: string): CheckError {
  if (err instanceof CheckError) return err;
  if (err instanceof CheckFailure) {
    return new CheckError(
      err.kind,
      joinPath(root, err.segments),
      err.offset,
      err.expected,
      err.found,
    );
  }
  // A bug of ours, never hostile input: still typed, so nothing else escapes the checker.
  return new CheckError("internal", root, 0, "a checkable archive", describeError(err), err);
}

/** Turns whatever archiving threw into an `ArchiveError` rooted at `root`. */
export function toArchiveError(err: unknown, root: string): ArchiveError {
  if (err instanceof ArchiveError) return err;
  if (err instanceof ValueFailure) {
    return new ArchiveError(joinPath(root, err.segments), err.expected, err.found);
  }
  return new ArchiveError(root, "a value of the type", describeError(err), err);
}

function describeError(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/**
 * What an enum's JSON may be, for errors, case by case as JSON writes them:
 * `a case of Shape ("Dot", {"Circle": …}, {"Rect": …})`. The SDK's codecs and the emitter (at
 * codegen) both build their messages here.
 */
export function enumJsonExpected(
  name: string,
  variants: readonly { readonly name: string; readonly unit: boolean }[],
): string {
  const cases = variants.map((v) =>
    v.unit ? JSON.stringify(v.name) : `{${JSON.stringify(v.name)}: …}`,
  );
  return `a case of ${name} (${cases.join(", ")})`;
}

/** A short description of a JS value for error messages. */
export function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (v === undefined) return "undefined";
  switch (typeof v) {
    case "bigint":
      return `${v}n`;
    case "string":
      return JSON.stringify(v.length > 40 ? v.slice(0, 40) + "…" : v);
    case "number":
    case "boolean":
      return String(v);
    case "function":
      return "a function";
    case "object":
      if (v instanceof Uint8Array) return `${v.length} bytes`;
      if (Array.isArray(v)) return `an array of ${v.length}`;
      return "an object";
    default:
      return typeof v;
  }
}
