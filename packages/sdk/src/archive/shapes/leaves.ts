/**
 * Leaf shapes: the code that reads, checks and range-checks one leaf at a position, for built
 * code (the runtime specialiser's `new Function` bodies and generated codecs). `at` is an
 * expression of the leaf's position; the result is an expression (reads) or a statement.
 * The closure interpreter (nodes.ts) implements the same leaves as closures and is the
 * reference these are tested against (vectors, fuzz, generated-vs-composed tests).
 */
import { HEAP_MAX, POOL_MAX } from "../pool";
import { block, lines, type HelperRef } from "./code";

/** Width and signedness of the ints that fit a JS number in 32 bits. */
export const SMALL_INTS: Readonly<Record<string, { bits: 8 | 16 | 32; signed: boolean }>> = {
  u8: { bits: 8, signed: false },
  u16: { bits: 16, signed: false },
  u32: { bits: 32, signed: false },
  usize: { bits: 32, signed: false },
  i8: { bits: 8, signed: true },
  i16: { bits: 16, signed: true },
  i32: { bits: 32, signed: true },
  isize: { bits: 32, signed: true },
};

/**
 * Leaf kinds with a flat read (`flatRead`): a struct or tuple of only these (at least one) reads
 * from the bytes alone. Decided from kinds alone, so every caller agrees on who has one.
 */
export const FLAT_KINDS: ReadonlySet<string> = new Set([
  ...Object.keys(SMALL_INTS),
  "u64",
  "i64",
  "f32",
  "f64",
  "bool",
  "bytes",
]);

/** Little-endian 32-bit word at `b[at]` from four byte reads (no DataView). */
const word = (at: string): string =>
  `(b[${at}] | (b[${at} + 1] << 8) | (b[${at} + 2] << 16) | (b[${at} + 3] << 24))`;

/**
 * Where pooled byte copies are decided (pool.ts): `"now"` when the code runs on the engine that
 * builds it (the runtime specialiser: this engine's `HEAP_MAX`/`POOL_MAX`), `"at-run-time"` for
 * code that may run elsewhere (generated files: the SDK's sizes are read when the code runs).
 */
export type PoolChoice = "now" | "at-run-time";

/**
 * A fresh copy of `len` bytes at `b[at]` (byte arrays are never the archive's): from the pool
 * for pooled sizes (past V8's on-heap size), else `slice`.
 */
export function flatBytes(
  at: string,
  len: number,
  ref: HelperRef,
  pool: PoolChoice,
  b = "b",
): string {
  const slice = `${b}.slice(${at}, ${at} + ${len})`;
  if (len <= HEAP_MAX) return slice;
  const copy = `${ref("copyBytes")}(${b}, ${at}, ${at} + ${len})`;
  if (pool === "now") return len <= POOL_MAX ? copy : slice;
  return `(${len} > ${ref("HEAP_MAX")} && ${len} <= ${ref("POOL_MAX")} ? ${copy} : ${slice})`;
}

/**
 * The leaf at `at` read from the bytes `b` alone (no `Source`, no DataView over the archive):
 * 8- to 32-bit ints from byte shifts, 64-bit ints and floats through flat.ts's 8-byte scratch.
 * Null for a kind with no flat read (not in `FLAT_KINDS`). `len`: a `[u8; N]`'s N.
 */
export function flatRead(
  kind: string,
  at: string,
  ref: HelperRef,
  pool: PoolChoice,
  len = 0,
): string | null {
  switch (kind) {
    case "u8":
      return `b[${at}]`;
    case "i8":
      return `((b[${at}] << 24) >> 24)`;
    case "u16":
      return `(b[${at}] | (b[${at} + 1] << 8))`;
    case "i16":
      return `(((b[${at}] | (b[${at} + 1] << 8)) << 16) >> 16)`;
    case "u32":
    case "usize":
      return `(${word(at)} >>> 0)`;
    case "i32":
    case "isize":
      return word(at);
    case "u64":
      return `${ref("flatU64")}(b, ${at})`;
    case "i64":
      return `${ref("flatI64")}(b, ${at})`;
    case "f32":
      return `${ref("flatF32")}(b, ${at})`;
    case "f64":
      return `${ref("flatF64")}(b, ${at})`;
    case "bool":
      return `b[${at}] === 1`;
    case "bytes":
      return flatBytes(at, len, ref, pool);
    default:
      return null;
  }
}

/**
 * The leaf at `at` read through a `Source` `s` (its bytes and DataView). Null for kinds that are
 * not leaves read in one expression. `[u8; N]` is a `slice` here (QuickJS and nested reads).
 */
export function sourceRead(kind: string, at: string, ref: HelperRef, len = 0): string | null {
  const small = SMALL_INTS[kind];
  if (small) {
    const { bits, signed } = small;
    if (bits === 8) return signed ? `((s.bytes[${at}] << 24) >> 24)` : `s.bytes[${at}]`;
    return `s.view.get${signed ? "Int" : "Uint"}${bits}(${at}, true)`;
  }
  switch (kind) {
    case "u64":
      return `s.view.getBigUint64(${at}, true)`;
    case "i64":
      return `s.view.getBigInt64(${at}, true)`;
    case "u128":
      return `${ref("readU128")}(s.view, ${at})`;
    case "i128":
      return `${ref("readI128")}(s.view, ${at})`;
    case "f32":
      return `s.view.getFloat32(${at}, true)`;
    case "f64":
      return `s.view.getFloat64(${at}, true)`;
    case "bool":
      return `s.bytes[${at}] === 1`;
    case "char":
      return `String.fromCodePoint(s.view.getUint32(${at}, true))`;
    case "string":
      return `${ref("readString")}(s, ${at})`;
    case "bytes":
      return `s.bytes.slice(${at}, ${at} + ${len})`;
    case "unit":
      return "null";
    default:
      return null;
  }
}

/** The check statement of a leaf that has one (`bool`, `char`, `string`); null otherwise. */
export function leafCheck(kind: string, at: string): string | null {
  switch (kind) {
    case "bool":
      return `c.bool(${at});`;
    case "char":
      return `c.char(${at});`;
    case "string":
      return `c.string(${at});`;
    default:
      return null;
  }
}

/**
 * Writes the small int `v` at `at` into `w` (`x`: a fresh local name that cannot shadow
 * anything in `at` or `v`): a fast range test first; `checkSmallInt` builds the error.
 */
export function smallIntWrite(
  kind: string,
  at: string,
  v: string,
  x: string,
  ref: HelperRef,
): string {
  const { bits, signed } = SMALL_INTS[kind];
  const norm =
    bits === 32
      ? signed
        ? `${x} | 0`
        : `${x} >>> 0`
      : signed
        ? `(${x} << ${32 - bits}) >> ${32 - bits}`
        : `${x} & ${(1 << bits) - 1}`;
  const set =
    bits === 8
      ? `w.buf[${at}] = ${x};`
      : `w.view.set${signed ? "Int" : "Uint"}${bits}(${at}, ${x}, true);`;
  return block(
    "",
    lines(
      `const ${x} = ${v};`,
      `if (typeof ${x} !== "number" || (${norm}) !== ${x}) ${ref("checkSmallInt")}(${x}, ${bits}, ${signed}, ${JSON.stringify(kind)});`,
      set,
    ),
  );
}

/**
 * Writes the leaf `v` at `at` into `w` (a statement): range and type checks first (the SDK's
 * scalars.ts helpers build the errors), then the little-endian bytes. `fresh`: a new local name
 * that cannot shadow anything in `at` or `v` (asked for only by small ints and unit); `typed`: TypeScript annotations (generated files);
 * `len`: a `[u8; N]`'s N. Null for kinds that are not such leaves. A string's bytes were
 * written by its resolve (`w.resolveString(v)`); this writes its inline part.
 */
export function leafWrite(
  kind: string,
  at: string,
  v: string,
  fresh: () => string,
  ref: HelperRef,
  typed: boolean,
  len = 0,
): string | null {
  if (SMALL_INTS[kind]) return smallIntWrite(kind, at, v, fresh(), ref);
  const k = JSON.stringify(kind);
  switch (kind) {
    case "u64":
    case "i64": {
      const signed = kind === "i64";
      return `w.view.setBig${signed ? "Int" : "Uint"}64(${at}, ${ref("checkBigInt")}(${v}, 64, ${signed}, ${k}), true);`;
    }
    case "u128":
    case "i128":
      return `${ref("writeU128")}(w.view, ${at}, ${ref("checkBigInt")}(${v}, 128, ${kind === "i128"}, ${k}));`;
    case "f32":
    case "f64":
      return `w.view.setFloat${kind === "f32" ? 32 : 64}(${at}, ${ref("checkFloat")}(${v}, ${k}), true);`;
    case "bool":
      return `w.buf[${at}] = ${ref("checkBool")}(${v}) ? 1 : 0;`;
    case "char":
      return `w.view.setUint32(${at}, ${ref("charCode")}(${v}), true);`;
    case "unit": {
      const x = fresh();
      return block(
        "",
        lines(
          `const ${x}${typed ? ": unknown" : ""} = ${v};`,
          `if (${x} !== null && ${x} !== undefined) ${ref("failValue")}("null (unit)", ${ref("describeValue")}(${x}));`,
        ),
      );
    }
    case "string":
      return `w.writeString(${at}, ${v});`;
    case "bytes":
      return `w.buf.set(${ref("checkBytes")}(${v}, ${len}), ${at});`;
    default:
      return null;
  }
}
