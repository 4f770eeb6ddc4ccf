/** Entry points shared by composed codecs and generated code: one archive / one check. */
import { ArchiveWriter, type InlineWriter } from "./writer";
import { CheckContext, NOT_ASCII, rootPosition } from "./checker";
import { CheckFailure, toArchiveError, toCheckError } from "./errors";
import type { Source } from "./source";
import { HEAP_MAX, POOL_MAX, chunk, chunkView, reserveInChunk } from "./pool";

let shared: ArchiveWriter | null = null;

/** The archive of every root of no bytes (see `archiveEmpty`), made once. */
const NO_BYTES = Object.freeze(new Uint8Array(0));
/** What `archiveEmpty` hands a zero-size root's `write` (which writes nothing), made once. */
const NO_ROOT: InlineWriter = Object.freeze({
  buf: NO_BYTES,
  view: new DataView(NO_BYTES.buffer),
});

/** The signature of `archiveRoot`. */
type ArchiveRootFn = <T>(
  value: T,
  size: number,
  align: number,
  rootName: string,
  resolve: ((w: ArchiveWriter, v: T) => void) | null,
  write: (w: ArchiveWriter, pos: number, v: T) => void,
) => Uint8Array;

/**
 * Archives one root value: `resolve` writes its out-of-line data (may be null when it has none),
 * then the root's `size` bytes are reserved at `align` and filled by `write`. Value failures
 * become an `ArchiveError` rooted at `rootName`. Returns fresh bytes; the writer is reused.
 * A root with no out-of-line data that `placeRoot` pools is written in place instead. One
 * version per kind of engine, chosen when the module loads: a contract's sandbox pays gas for
 * every node of the function it runs, taken or not, so its version holds only its own paths.
 */
export const archiveRoot: ArchiveRootFn = POOL_MAX === 0 ? archiveFresh : archivePooled;

/** `archiveRoot` on V8: roots `placeRoot` pools in place, the rest through the shared writer. */
function archivePooled<T>(
  value: T,
  size: number,
  align: number,
  rootName: string,
  resolve: ((w: ArchiveWriter, v: T) => void) | null,
  write: (w: ArchiveWriter, pos: number, v: T) => void,
): Uint8Array {
  const placed = resolve === null ? placeRoot(size) : null;
  if (placed === null) return viaWriter(value, size, align, rootName, resolve, write);
  try {
    // With nothing out of line, a write touches only the bytes and their view (nodes.ts, and
    // generated `$write`s, which say so by taking an InlineWriter).
    write(placed as unknown as ArchiveWriter, placed.at, value);
  } catch (err) {
    throw toArchiveError(err, rootName);
  }
  return placed.buf.subarray(placed.at, placed.at + size);
}

/**
 * `archiveRoot` off V8 (a contract's sandbox), where nothing is pooled: a root with nothing out
 * of line, whatever its value, is the archive alone, written straight into fresh bytes of its
 * size (zero, and at 0 as `reserve` would put it), which saves the writer's zero fill and the
 * copy out. A fixed-size allocation, so its gas never depends on what ran before.
 */
function archiveFresh<T>(
  value: T,
  size: number,
  align: number,
  rootName: string,
  resolve: ((w: ArchiveWriter, v: T) => void) | null,
  write: (w: ArchiveWriter, pos: number, v: T) => void,
): Uint8Array {
  if (resolve !== null) return viaWriter(value, size, align, rootName, resolve, write);
  const buf = new Uint8Array(size);
  try {
    write({ buf, view: new DataView(buf.buffer) } as ArchiveWriter, 0, value);
  } catch (err) {
    throw toArchiveError(err, rootName);
  }
  return buf;
}

/** Both versions' two passes through the shared writer (a root with out-of-line data). */
function viaWriter<T>(
  value: T,
  size: number,
  align: number,
  rootName: string,
  resolve: ((w: ArchiveWriter, v: T) => void) | null,
  write: (w: ArchiveWriter, pos: number, v: T) => void,
): Uint8Array {
  // A nested call (say, from a getter on the value) gets its own writer.
  const w = shared ?? new ArchiveWriter();
  shared = null;
  try {
    w.reset();
    if (resolve !== null) resolve(w, value);
    if (POOL_MAX === 0 && w.pos === 0) {
      // Off V8, a value with nothing out of line after all (a `None`, a short string) is the
      // root alone, as in `archiveFresh`: written through the writer (its resolvers are needed)
      // into fresh bytes of the root's size.
      const buf = new Uint8Array(size);
      const wb = w.buf;
      const wv = w.view;
      w.buf = buf;
      w.view = new DataView(buf.buffer);
      w.rcur = 0;
      try {
        write(w, 0, value);
      } finally {
        w.buf = wb;
        w.view = wv;
      }
      return buf;
    }
    const at = w.reserve(size, align);
    w.rcur = 0;
    write(w, at, value);
    return w.finish();
  } catch (err) {
    // What the failed archive wrote is not zero any more (`finish` says so on success).
    w.touched(w.pos);
    throw toArchiveError(err, rootName);
  } finally {
    shared = w;
  }
}

/**
 * Archives a root of no bytes (unit, a struct of units): its `write` only checks the value, so it
 * gets no holder, and the archive is one shared, frozen empty array (no bytes to be fresh: in a
 * contract's sandbox a new typed array per unit archive cost more than the rest of it). Codecs
 * choose it when they are made (a test in `archiveRoot` would be gas every archive pays: the
 * schedule charges a function's nodes).
 */
export function archiveEmpty<T>(
  value: T,
  rootName: string,
  write: (w: ArchiveWriter, pos: number, v: T) => void,
): Uint8Array {
  try {
    // (A write of no bytes touches no writer state; the holder stands in for one.)
    write(NO_ROOT as ArchiveWriter, 0, value);
  } catch (err) {
    throw toArchiveError(err, rootName);
  }
  return NO_BYTES;
}

/** The inline bytes of one root, placed in the pool's chunk at `at` (see `placeRoot`). */
export interface PlacedRoot extends InlineWriter {
  readonly at: number;
}

/**
 * Reserves a fixed-size root with no out-of-line data in place in the pool's chunk: fresh (zero)
 * bytes, written with no copy (see pool.ts). `archiveRoot` uses it, and so do generated codecs,
 * which then call their own `write` straight from the codec, where `archiveRoot` calls it through
 * one call site shared by every type (megamorphic in any real program, so never inlined). The
 * archive is `buf.subarray(at, at + size)` once written. Off V8 (nothing is pooled) the holder
 * is fresh bytes of exactly `size` at 0. Null on V8 where `size` is not pooled (too small or
 * large): use `archiveRoot`. A fresh holder per call, so a nested archive (a
 * getter on the value) may move the pool to a new chunk without touching these bytes, and a
 * failed write leaves them unused. Off V8 the holder's `buf` is the archive itself.
 */
export function placeRoot(size: number): PlacedRoot | null {
  if (POOL_MAX === 0) {
    // Off V8 (a contract's sandbox): nothing is pooled, so fresh bytes of exactly the root's
    // size, the archive itself; a fixed-size allocation, so its gas never depends on what ran
    // before. Cheaper there than the shared writer's zero fill and copy out.
    const buf = new Uint8Array(size);
    return { buf, view: new DataView(buf.buffer), at: 0 };
  }
  if (size <= HEAP_MAX || size > POOL_MAX) return null;
  const at = reserveInChunk(size);
  return { buf: chunk!, view: chunkView!, at };
}

/**
 * rkyv's `check_archived_root`: the root is the last `size` bytes; it is bounds- and
 * alignment-checked, claimed, and `check`ed. Anything thrown becomes a `CheckError` rooted at
 * `rootName`. Returns the root position.
 */
export function checkRoot(
  bytes: Uint8Array,
  size: number,
  align: number,
  rootName: string,
  check: ((c: CheckContext, pos: number) => void) | null,
): number {
  if (check === null) {
    // Nothing inside to check: only the root's own bounds and alignment (the common case of
    // fixed-size arguments; saves building a context).
    const pos = bytes.length - size;
    if (pos >= 0 && (pos & (align - 1)) === 0) return pos;
  }
  // First pass defers string validation to ASCII scans of whole runs (fast for the common
  // case); if some string is not ASCII, or a failure may hide an earlier bad string, check
  // again strictly, which validates each string in visiting order and finds the first error.
  try {
    return runCheck(new CheckContext(bytes, true), size, align, check);
  } catch (err) {
    if (err !== NOT_ASCII && !(err instanceof CheckFailure)) throw toCheckError(err, rootName);
  }
  try {
    return runCheck(new CheckContext(bytes, false), size, align, check);
  } catch (err) {
    throw toCheckError(err, rootName);
  }
}

function runCheck(
  c: CheckContext,
  size: number,
  align: number,
  check: ((c: CheckContext, pos: number) => void) | null,
): number {
  const pos = rootPosition(c, size, align);
  if (check !== null) {
    const saved = c.push(pos);
    check(c, pos);
    c.pop(pos + size, saved);
  }
  c.flushAscii();
  return pos;
}

/** The reader's view of an archive: its bytes and a DataView over exactly them. */
export function sourceOf(bytes: Uint8Array): Source {
  return {
    bytes,
    view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    win: "",
    winStart: 0,
    winEnd: 0,
  };
}
