/**
 * 64-bit ints and floats read from bytes alone, for flat reads (a leaf, or a struct or tuple of
 * leaves, deserialized with no `Source`): generated codecs' `$readFlat` and the composed codecs'
 * `readFlat` (specialize.ts) both call these. One version per kind of engine, chosen when the
 * module loads:
 * - On V8 the 8 bytes are copied one by one into a scratch and read through a DataView over it:
 *   cheaper than a DataView over the archive per call, whose constructor V8 does not inline. The
 *   scratch is made on first use (nothing is allocated when a module loads).
 * - Elsewhere (a contract's QuickJS sandbox, where every statement is interpreted and metered,
 *   and the heap starts each call from its load-time snapshot, so a scratch would be made again
 *   in every call) one DataView over exactly the value's bytes.
 */
import { POOL_MAX } from "./pool";

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

/** A DataView over the `n` bytes at `b[at]`. */
function over(b: Uint8Array, at: number, n: number): DataView {
  return new DataView(b.buffer, b.byteOffset + at, n);
}

const onV8 = POOL_MAX > 0;

/** The little-endian u64 at `b[at]`. */
export const flatU64: (b: Uint8Array, at: number) => bigint = onV8
  ? (b, at) => {
      copy8(b, at);
      return sv!.getBigUint64(0, true);
    }
  : (b, at) => over(b, at, 8).getBigUint64(0, true);

/** The little-endian i64 at `b[at]`. */
export const flatI64: (b: Uint8Array, at: number) => bigint = onV8
  ? (b, at) => {
      copy8(b, at);
      return sv!.getBigInt64(0, true);
    }
  : (b, at) => over(b, at, 8).getBigInt64(0, true);

/** The little-endian f64 at `b[at]`. */
export const flatF64: (b: Uint8Array, at: number) => number = onV8
  ? (b, at) => {
      copy8(b, at);
      return sv!.getFloat64(0, true);
    }
  : (b, at) => over(b, at, 8).getFloat64(0, true);

/** The little-endian f32 at `b[at]`. */
export const flatF32: (b: Uint8Array, at: number) => number = onV8
  ? (b, at) => {
      const s = s8 ?? scratch();
      s[0] = b[at];
      s[1] = b[at + 1];
      s[2] = b[at + 2];
      s[3] = b[at + 3];
      return sv!.getFloat32(0, true);
    }
  : (b, at) => over(b, at, 4).getFloat32(0, true);
