import { PAGE_SIZE } from "./abi";

/**
 * How a WASM contract's memory lives in the state: one record per non-zero 64 KiB page under key
 * `ff ‖ u32 big-endian page index` (big-endian so keys sort by page), and the memory length in
 * pages under key `fe` (u32 little-endian). An all-zero page has no record. So the records tree,
 * its proofs, the stores and the journals cover memory exactly as they cover TypeScript records.
 */
export const LENGTH_KEY = Uint8Array.of(0xfe);

export function pageKey(index: number): Uint8Array {
  const k = new Uint8Array(5);
  k[0] = 0xff;
  new DataView(k.buffer).setUint32(1, index, false);
  return k;
}

export function readLength(rec: Uint8Array | undefined): number | undefined {
  if (rec === undefined) return undefined;
  return new DataView(rec.buffer, rec.byteOffset, rec.byteLength).getUint32(0, true);
}

export { PAGE_SIZE };
