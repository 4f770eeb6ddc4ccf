/**
 * Leaf conversions shared by composed codecs and generated code: value checks for integers,
 * 64/128-bit reads and writes, chars. All little-endian (every piecrust target is).
 */
import { failValue, describeValue } from "./errors";

const U64_MAX = 0xffff_ffff_ffff_ffffn;
const U128_MAX = (1n << 128n) - 1n;
const I64_MAX = (1n << 63n) - 1n;
const I64_MIN = -I64_MAX - 1n;
const I128_MAX = (1n << 127n) - 1n;
const I128_MIN = -I128_MAX - 1n;

/** [min, max] of a `bits`-bit integer, for the message (and for widths other than 64). */
function bigRange(bits: number, signed: boolean): [bigint, bigint] {
  if (bits === 128) return signed ? [I128_MIN, I128_MAX] : [0n, U128_MAX];
  const top = 1n << BigInt(bits - (signed ? 1 : 0));
  return signed ? [-top, top - 1n] : [0n, top - 1n];
}

/** Checks a ≤ 32-bit integer value (`u8` … `i32`, `usize`, `isize`) and returns it. */
export function checkSmallInt(v: unknown, bits: number, signed: boolean, type: string): number {
  if (typeof v !== "number" || !Number.isInteger(v)) failValue(type, describeValue(v));
  const min = signed ? -(2 ** (bits - 1)) : 0;
  const max = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
  if (v < min || v > max) failValue(`${type} (${min}..=${max})`, describeValue(v));
  return v;
}

/** Checks a 64/128-bit integer (a bigint, or a number that is a safe integer) and returns it. */
export function checkBigInt(v: unknown, bits: number, signed: boolean, type: string): bigint {
  const b = typeof v === "bigint" ? v : safeBigInt(v, type);
  // Compared, not `BigInt.asUintN(bits, b) === b`: QuickJS (the sandbox's engine) returns
  // `asIntN`'s result from `asUintN`, which refused every value with the top bit set. 64 bits
  // inline, and the failure in a function of its own: a contract pays gas for every node of a
  // function it enters, and every u64 write runs this.
  if (
    bits === 64
      ? signed
        ? b >= I64_MIN && b <= I64_MAX
        : b >= 0n && b <= U64_MAX
      : inRange(b, bits, signed)
  )
    return b;
  return outOfRange(v, bits, signed, type);
}

function safeBigInt(v: unknown, type: string): bigint {
  if (typeof v === "number" && Number.isSafeInteger(v)) return BigInt(v);
  return failValue(`${type} (a bigint)`, describeValue(v));
}

function inRange(b: bigint, bits: number, signed: boolean): boolean {
  const r = bigRange(bits, signed);
  return b >= r[0] && b <= r[1];
}

function outOfRange(v: unknown, bits: number, signed: boolean, type: string): never {
  const r = bigRange(bits, signed);
  return failValue(`${type} (${r[0]}..=${r[1]})`, describeValue(v));
}

export function writeU128(view: DataView, pos: number, v: bigint): void {
  view.setBigUint64(pos, v & U64_MAX, true);
  view.setBigUint64(pos + 8, (v >> 64n) & U64_MAX, true);
}

export function readU128(view: DataView, pos: number): bigint {
  return (view.getBigUint64(pos + 8, true) << 64n) | view.getBigUint64(pos, true);
}

export function readI128(view: DataView, pos: number): bigint {
  return BigInt.asIntN(128, readU128(view, pos));
}

/** Checks a `char` value (one Unicode scalar value) and returns its code point. */
export function charCode(v: unknown): number {
  if (typeof v === "string" && v.length > 0 && v.length <= 2) {
    const c = v.codePointAt(0)!;
    if ((c < 0xd800 || c > 0xdfff) && (c > 0xffff ? v.length === 2 : v.length === 1)) return c;
  }
  return failValue("a char (one Unicode scalar value)", describeValue(v));
}

/** Checks a float value and returns it. */
export function checkFloat(v: unknown, type: string): number {
  if (typeof v !== "number") failValue(type, describeValue(v));
  return v;
}

/** Checks a `bool` value and returns it. */
export function checkBool(v: unknown): boolean {
  if (typeof v !== "boolean") failValue("bool", describeValue(v));
  return v;
}

/** Checks a `[u8; N]` / `Vec<u8>` value (a Uint8Array, of `len` bytes when given). */
export function checkBytes(v: unknown, len: number): Uint8Array {
  if (!(v instanceof Uint8Array)) {
    return failValue(len >= 0 ? `${len} bytes (a Uint8Array)` : "a Uint8Array", describeValue(v));
  }
  if (len >= 0 && v.length !== len) failValue(`${len} bytes`, `${v.length}`);
  return v;
}
