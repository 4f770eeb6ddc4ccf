import { oog } from "../gas";
import { ownKeys, Str, TE } from "../intrinsics";

/**
 * The charges the native-built-in wrappers make (`GAS.NATIVE_*`), and the argument coercions
 * they share: a wrapper reads a size the way the built-in reads it, and passes a coerced
 * argument on coerced, so a `valueOf` / `toString` runs once.
 */
const clz = Math.clz32;

/** Charges NATIVE_CALL + units (≥ 0; NaN and ±Infinity, which the built-in refuses, count 0). */
export function el(n: number): void {
  const c = GAS.NATIVE_CALL + (n > 0 && n !== Infinity ? n * GAS.NATIVE_ELEMENT : 0);
  if ((__sc_gas -= c) < 0) oog();
  __sc_gas |= 0; // a small integer again (see gas.ts)
}
/** Charges NATIVE_CALL + 1 per `k` units. */
export function per(n: number, k: number): void {
  if (!(n > 0 && n !== Infinity)) n = 0;
  else {
    n = n / k;
    n = n - (n % 1);
  }
  if ((__sc_gas -= GAS.NATIVE_CALL + n) < 0) oog();
  __sc_gas |= 0; // a small integer again (see gas.ts)
}
export function ch(n: number): void {
  per(n, GAS.NATIVE_CHARS_PER_GAS);
}
export function by(n: number): void {
  per(n, GAS.NATIVE_BYTES_PER_GAS);
}
/** Per code unit parsed, formatted or matched. */
export function pc(n: number): void {
  const k = n > 0 && n !== Infinity ? n * GAS.NATIVE_PARSE_CHAR : 0;
  if ((__sc_gas -= GAS.NATIVE_CALL + k) < 0) oog();
  __sc_gas |= 0; // a small integer again (see gas.ts)
}
/** Charges after the work (the result's size), without the call base. */
export function post(n: number): void {
  if (n > 0 && (__sc_gas -= n) < 0) oog();
  __sc_gas |= 0; // a small integer again (see gas.ts)
}

/** ToLength(o.length). */
export function len(o: unknown): number {
  let n = (o as { length: unknown }).length;
  if (typeof n !== "number") n = +(n as number);
  const m = n as number;
  return m > 0 ? (m === Infinity ? 9007199254740991 : m - (m % 1)) : 0;
}
/** ToIntegerOrInfinity. */
export function int(x: unknown): number {
  const n = +(x as number);
  return n !== n ? 0 : n === Infinity || n === -Infinity ? n : n - (n % 1);
}
/** A relative index (slice, fill…) clamped to [0, n]; `d` when x is undefined. */
export function rel(x: unknown, n: number, d: number): number {
  if (x === undefined) return d;
  const i = int(x);
  return i < 0 ? (i + n > 0 ? i + n : 0) : i < n ? i : n;
}
export function span(n: number, a: unknown, b: unknown): number {
  const s = rel(a, n, 0);
  const e = rel(b, n, n);
  return e > s ? e - s : 0;
}
/** n·⌈log2 n⌉ comparisons. */
export function nlogn(n: number): number {
  return n < 2 ? n : n > 4294967295 ? n * 32 : n * (32 - clz(n - 1));
}
/** ToString for a String.prototype receiver. */
export function str(v: unknown): string {
  if (typeof v === "string") return v;
  if (v === null || v === undefined) {
    throw new TE("String.prototype method called on null or undefined");
  }
  if (typeof v === "symbol") throw new TE("cannot convert a Symbol to a string");
  return Str(v);
}
/** ToString of an argument. */
export function arg(v: unknown): string {
  if (typeof v === "string") return v;
  if (typeof v === "symbol") throw new TE("cannot convert a Symbol to a string");
  return Str(v);
}
/** An argument a built-in may hand to a Symbol method (a RegExp): left as is; else ToString. */
export function pat(v: unknown, sym: symbol): unknown {
  if (
    v !== null &&
    (typeof v === "object" || typeof v === "function") &&
    (v as Record<symbol, unknown>)[sym] != null
  ) {
    return v;
  }
  return arg(v);
}
/** Own keys of an object (0 for primitives: the built-ins box or refuse them). */
export function keys(o: unknown): number {
  return o !== null && (typeof o === "object" || typeof o === "function")
    ? ownKeys(o).length
    : typeof o === "string"
      ? o.length
      : 0;
}

/** After-charges by the result: its length in chars, its elements, its parsed chars. */
export const outLen = (r: unknown): void => {
  if (typeof r === "string") {
    const k = r.length / GAS.NATIVE_CHARS_PER_GAS;
    post(k - (k % 1));
  }
};
export const outEl = (r: unknown): void => {
  if (r !== null && typeof r === "object") post(len(r) * GAS.NATIVE_ELEMENT);
};
export const outParse = (r: unknown): void => {
  if (typeof r === "string") post(r.length * GAS.NATIVE_PARSE_CHAR);
};
