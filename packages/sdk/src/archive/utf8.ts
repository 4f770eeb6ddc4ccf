/**
 * UTF-8 without depending on TextEncoder/TextDecoder (QuickJS has neither): short strings are
 * faster in plain JS anyway; long ones use the platform codecs when they exist.
 */
import { failValue } from "./errors";

const g = globalThis as {
  TextEncoder?: new () => {
    encodeInto(s: string, d: Uint8Array): { read: number; written: number };
  };
  TextDecoder?: new (
    label?: string,
    opts?: { fatal?: boolean },
  ) => { decode(b: Uint8Array): string };
};
const encoder = g.TextEncoder ? new g.TextEncoder() : undefined;
const decoder = g.TextDecoder ? new g.TextDecoder("utf-8") : undefined;
const LONG = 64;

/**
 * Whether `encodeAscii` can work here (a platform TextEncoder: V8, not QuickJS). Generated code
 * tests it before gathering strings for one encode, so a sandbox never pays for the attempt.
 */
export const ASCII_RUNS: boolean = encoder !== undefined;

/**
 * Writes `s` at `buf[pos]` with one platform encode when it is all ASCII (then its byte length
 * is its length) and returns true; false, with `buf[pos, pos + s.length)` clobbered, otherwise or
 * without a TextEncoder. The caller made room for `s.length` bytes.
 */
export function encodeAscii(buf: Uint8Array, pos: number, s: string): boolean {
  if (encoder === undefined) return false;
  const n = s.length;
  const r = encoder.encodeInto(s, buf.subarray(pos, pos + n));
  // Every non-ASCII unit encodes to 2+ bytes, so a full read of n units into n bytes is ASCII.
  return r.read === n && r.written === n;
}

/** UTF-8 byte length of `s`; -1 if it holds a lone surrogate (not encodable by Rust). */
export function utf8Length(s: string): number {
  const n = s.length;
  let len = n;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) len += 1;
    else if (c < 0xd800 || c > 0xdfff) len += 2;
    else if (c <= 0xdbff && i + 1 < n) {
      const d = s.charCodeAt(i + 1);
      if (d < 0xdc00 || d > 0xdfff) return -1;
      i++;
      len += 2; // 2 UTF-16 units → 4 bytes
    } else return -1;
  }
  return len;
}

/**
 * Writes `s` as UTF-8 at `buf[pos]` (the caller ensured `utf8Length(s)` bytes of room) and
 * returns the byte count. Throws a value failure on a lone surrogate.
 */
export function utf8Write(buf: Uint8Array, pos: number, s: string): number {
  const n = s.length;
  if (n > LONG && encoder !== undefined) {
    if (!(s as unknown as { isWellFormed(): boolean }).isWellFormed())
      failValue("a string without lone surrogates", describeSurrogate(s));
    return encoder.encodeInto(s, buf.subarray(pos)).written;
  }
  let p = pos;
  for (let i = 0; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      buf[p++] = c;
    } else if (c < 0x800) {
      buf[p++] = 0xc0 | (c >> 6);
      buf[p++] = 0x80 | (c & 0x3f);
    } else if (c < 0xd800 || c > 0xdfff) {
      buf[p++] = 0xe0 | (c >> 12);
      buf[p++] = 0x80 | ((c >> 6) & 0x3f);
      buf[p++] = 0x80 | (c & 0x3f);
    } else {
      const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (c > 0xdbff || d < 0xdc00 || d > 0xdfff) {
        failValue("a string without lone surrogates", describeSurrogate(s));
      }
      i++;
      c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
      buf[p++] = 0xf0 | (c >> 18);
      buf[p++] = 0x80 | ((c >> 12) & 0x3f);
      buf[p++] = 0x80 | ((c >> 6) & 0x3f);
      buf[p++] = 0x80 | (c & 0x3f);
    }
  }
  return p - pos;
}

function describeSurrogate(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      const d = s.charCodeAt(i + 1);
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) i++;
      else return `a lone surrogate U+${c.toString(16).toUpperCase()} at index ${i}`;
    }
  }
  return "a lone surrogate";
}

/**
 * Index of the first byte of `buf[start, start+len)` that breaks Rust's strict `from_utf8`
 * (overlongs, surrogates, > U+10FFFF, truncated sequences), or -1 when it is valid UTF-8.
 */
export function utf8Invalid(buf: Uint8Array, start: number, len: number): number {
  const end = start + len;
  let i = start;
  while (i < end) {
    const b = buf[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    if (b >= 0xc2 && b <= 0xdf) {
      if (i + 1 >= end || (buf[i + 1] & 0xc0) !== 0x80) return i - start;
      i += 2;
    } else if (b >= 0xe0 && b <= 0xef) {
      if (i + 2 >= end) return i - start;
      const b1 = buf[i + 1];
      const lo = b === 0xe0 ? 0xa0 : 0x80;
      const hi = b === 0xed ? 0x9f : 0xbf;
      if (b1 < lo || b1 > hi || (buf[i + 2] & 0xc0) !== 0x80) return i - start;
      i += 3;
    } else if (b >= 0xf0 && b <= 0xf4) {
      if (i + 3 >= end) return i - start;
      const b1 = buf[i + 1];
      const lo = b === 0xf0 ? 0x90 : 0x80;
      const hi = b === 0xf4 ? 0x8f : 0xbf;
      if (b1 < lo || b1 > hi || (buf[i + 2] & 0xc0) !== 0x80 || (buf[i + 3] & 0xc0) !== 0x80) {
        return i - start;
      }
      i += 4;
    } else return i - start;
  }
  return -1;
}

/** Decodes `buf[start, start+len)`, which the caller knows is valid UTF-8. */
export function utf8Read(buf: Uint8Array, start: number, len: number): string {
  if (len <= 8) {
    // Tiny ASCII strings: one fromCharCode call, no subarray.
    let ascii = true;
    for (let i = start; i < start + len; i++) if (buf[i] >= 0x80) ascii = false;
    if (ascii) return asciiChunk(buf, start, start + len);
  } else if (len <= LONG) {
    let ascii = true;
    for (let i = start; i < start + len; i++) {
      if (buf[i] >= 0x80) {
        ascii = false;
        break;
      }
    }
    // One flat string from the bytes (building it piecewise makes cons strings and GC work).
    // eslint-disable-next-line prefer-spread -- apply takes the typed array as is; spread would iterate it
    if (ascii) return fcc.apply(null, buf.subarray(start, start + len) as unknown as number[]);
  }
  if (decoder !== undefined) return decoder.decode(buf.subarray(start, start + len));
  return utf8ReadJs(buf, start, len);
}

/**
 * Decodes `buf[start, end)`, which the caller knows is all ASCII, as one flat string. Long runs
 * go to the platform decoder where there is one (one native call; `fromCharCode.apply` first
 * copies the bytes into an argument list, 8 bytes per byte, which dominated reading strings).
 */
export function asciiRun(buf: Uint8Array, start: number, end: number): string {
  if (end - start > LONG && decoder !== undefined) return decoder.decode(buf.subarray(start, end));
  let out = "";
  for (let k = start; k < end; k += 4096) {
    // eslint-disable-next-line prefer-spread -- apply takes the typed array as is; spread would iterate it
    out += fcc.apply(null, buf.subarray(k, Math.min(end, k + 4096)) as unknown as number[]);
  }
  return out;
}

function utf8ReadJs(buf: Uint8Array, start: number, len: number): string {
  const end = start + len;
  const units: number[] = [];
  let i = start;
  while (i < end) {
    const b = buf[i];
    let c: number;
    if (b < 0x80) {
      c = b;
      i++;
    } else if (b < 0xe0) {
      c = ((b & 0x1f) << 6) | (buf[i + 1] & 0x3f);
      i += 2;
    } else if (b < 0xf0) {
      c = ((b & 0x0f) << 12) | ((buf[i + 1] & 0x3f) << 6) | (buf[i + 2] & 0x3f);
      i += 3;
    } else {
      c =
        ((b & 0x07) << 18) |
        ((buf[i + 1] & 0x3f) << 12) |
        ((buf[i + 2] & 0x3f) << 6) |
        (buf[i + 3] & 0x3f);
      i += 4;
    }
    if (c > 0xffff) {
      c -= 0x10000;
      units.push(0xd800 | (c >> 10), 0xdc00 | (c & 0x3ff));
    } else units.push(c);
  }
  let out = "";
  // eslint-disable-next-line prefer-spread -- apply takes the typed array as is; spread would iterate it
  for (let k = 0; k < units.length; k += 4096) out += fcc.apply(null, units.slice(k, k + 4096));
  return out;
}

const fcc = String.fromCharCode;
function asciiChunk(b: Uint8Array, i: number, j: number): string {
  switch (j - i) {
    case 1:
      return fcc(b[i]);
    case 2:
      return fcc(b[i], b[i + 1]);
    case 3:
      return fcc(b[i], b[i + 1], b[i + 2]);
    case 4:
      return fcc(b[i], b[i + 1], b[i + 2], b[i + 3]);
    case 5:
      return fcc(b[i], b[i + 1], b[i + 2], b[i + 3], b[i + 4]);
    case 6:
      return fcc(b[i], b[i + 1], b[i + 2], b[i + 3], b[i + 4], b[i + 5]);
    case 7:
      return fcc(b[i], b[i + 1], b[i + 2], b[i + 3], b[i + 4], b[i + 5], b[i + 6]);
    case 8:
      return fcc(b[i], b[i + 1], b[i + 2], b[i + 3], b[i + 4], b[i + 5], b[i + 6], b[i + 7]);
    default:
      return "";
  }
}
