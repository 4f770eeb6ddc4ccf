/**
 * serde_json conventions of the rkyv vectors (see their `conventions`), leaf by leaf: 64/128-bit
 * integers as decimal strings, NaN/±Infinity as strings, bytes as arrays of numbers.
 */
import { failValue, describeValue } from "./errors";

/** JSON → bigint: a decimal string, or a number that is a safe integer. */
export function bigIntFromJson(j: unknown, type: string): bigint {
  if (typeof j === "string" && /^-?[0-9]+$/.test(j)) return BigInt(j);
  if (typeof j === "number" && Number.isSafeInteger(j)) return BigInt(j);
  return failValue(`${type} as a decimal string`, describeValue(j));
}

export function bigIntToJson(v: bigint): string {
  return v.toString();
}

/** JSON → float: a number or "NaN" / "Infinity" / "-Infinity". */
export function floatFromJson(j: unknown, type: string): number {
  if (typeof j === "number") return type === "f32" ? Math.fround(j) : j;
  if (j === "NaN") return NaN;
  if (j === "Infinity") return Infinity;
  if (j === "-Infinity") return -Infinity;
  return failValue(`${type} (a number, "NaN" or "±Infinity")`, describeValue(j));
}

export function floatToJson(v: number): number | string {
  if (Number.isFinite(v)) return v;
  return nonFinite(v);
}

/** f32 → JSON: the shortest decimal that reads back as the same f32 (as Rust prints it). */
export function f32ToJson(v: number): number | string {
  if (!Number.isFinite(v)) return nonFinite(v);
  if (v === 0) return v;
  for (let p = 1; p < 10; p++) {
    const d = Number(v.toPrecision(p));
    if (Math.fround(d) === v) return d;
  }
  return v;
}

function nonFinite(v: number): string {
  return Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
}

/** JSON → bytes: an array of numbers 0..=255 or a "0x…" hex string; `len` < 0 for any length. */
export function bytesFromJson(j: unknown, len: number): Uint8Array {
  let out: Uint8Array;
  if (typeof j === "string" && /^0x([0-9a-fA-F]{2})*$/.test(j)) {
    out = new Uint8Array((j.length - 2) / 2);
    for (let i = 0; i < out.length; i++) out[i] = parseInt(j.slice(2 + 2 * i, 4 + 2 * i), 16);
  } else if (Array.isArray(j)) {
    out = new Uint8Array(j.length);
    for (let i = 0; i < j.length; i++) {
      const b = j[i];
      if (typeof b !== "number" || !Number.isInteger(b) || b < 0 || b > 255) {
        failValue(`a byte at index ${i}`, describeValue(b));
      }
      out[i] = b;
    }
  } else {
    return failValue("bytes (an array of numbers or a 0x… hex string)", describeValue(j));
  }
  if (len >= 0 && out.length !== len) failValue(`${len} bytes`, `${out.length}`);
  return out;
}

export function bytesToJson(v: Uint8Array): number[] {
  return Array.from(v);
}
