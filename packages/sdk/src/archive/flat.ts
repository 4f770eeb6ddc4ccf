/**
 * 64-bit ints and floats read from bytes alone, for flat reads (a struct or tuple of leaves
 * deserialized with no `Source` and no DataView over the archive): generated codecs' `$readFlat`
 * and the composed codecs' `readFlat` (specialize.ts) both call these. The 8 bytes are copied one by
 * one into a scratch and read through a DataView over it: cheaper than a DataView over the
 * archive per call, whose constructor V8 does not inline. The scratch is made on first use
 * (nothing is allocated when a module loads). Generated code calls these only on V8 (where
 * `POOL_MAX > 0`); elsewhere it keeps the `Source` path.
 */
let s8: Uint8Array | null = null;
let sv: DataView | null = null;

function scratch(): Uint8Array {
  s8 = new Uint8Array(8);
  sv = new DataView(s8.buffer);
  return s8;
}

function copy8(b: Uint8Array, at: number): void {
  const s = s8 ?? scratch();
  s[0] = b[at];
  s[1] = b[at + 1];
  s[2] = b[at + 2];
  s[3] = b[at + 3];
  s[4] = b[at + 4];
  s[5] = b[at + 5];
  s[6] = b[at + 6];
  s[7] = b[at + 7];
}

/** The little-endian u64 at `b[at]`. */
export function flatU64(b: Uint8Array, at: number): bigint {
  copy8(b, at);
  return sv!.getBigUint64(0, true);
}

/** The little-endian i64 at `b[at]`. */
export function flatI64(b: Uint8Array, at: number): bigint {
  copy8(b, at);
  return sv!.getBigInt64(0, true);
}

/** The little-endian f64 at `b[at]`. */
export function flatF64(b: Uint8Array, at: number): number {
  copy8(b, at);
  return sv!.getFloat64(0, true);
}

/** The little-endian f32 at `b[at]`. */
export function flatF32(b: Uint8Array, at: number): number {
  const s = s8 ?? scratch();
  s[0] = b[at];
  s[1] = b[at + 1];
  s[2] = b[at + 2];
  s[3] = b[at + 3];
  return sv!.getFloat32(0, true);
}
