/**
 * Fresh byte arrays for archives and deserialized bytes, carved from shared chunks the way
 * Node's `Buffer.allocUnsafe` pool does it (but always zeroed: a chunk is a fresh allocation and
 * a range is handed out once).
 *
 * Why: V8 keeps a typed array of at most 64 bytes on its own heap (a few tens of ns), but a larger
 * one gets its own off-heap ArrayBuffer (≈ 0.3–0.6 µs, plus external-memory GC pressure), which
 * cost more than archiving or reading a fixed-size struct such as the 176-byte `FnData` itself.
 * So arrays of `HEAP_MAX < n ≤ POOL_MAX` bytes are `subarray`s of an 8 KiB chunk, each starting
 * 16-aligned (the checker's word scans and the archive's alignment rules stay as for a fresh
 * buffer). Smaller and larger arrays are allocated alone, as before.
 *
 * What a caller sees: a fresh `Uint8Array` whose bytes no other value shares (writing to it never
 * changes another array, nor the input of a deserialize), but whose `byteOffset` may be non-zero
 * and whose `.buffer` may hold other arrays' bytes: use `byteOffset`/`byteLength` with `.buffer`
 * (as one must with any `Uint8Array`), never write through `.buffer` itself, and copy (`slice()`)
 * a small array kept for long if the 8 KiB it pins matter.
 */

/** At most this many bytes: V8 allocates the array on its heap, cheaply; no pooling. */
export const HEAP_MAX = 64;
/** More than this many bytes: an array of its own (a chunk would waste too much of its tail). */
export const POOL_MAX = 1024;
const CHUNK = 8192;

/** The current chunk, a DataView over it, and its first free (16-aligned) position. */
export let chunk = new Uint8Array(0);
export let chunkView = new DataView(chunk.buffer);
let used = 0;

/**
 * Reserves `n` fresh zero bytes (`HEAP_MAX < n ≤ POOL_MAX`) in the current chunk (a new one if
 * they do not fit) and returns their position in `chunk`. Read `chunk` after the call.
 */
export function reserveInChunk(n: number): number {
  let at = used;
  if (at + n > chunk.length) {
    chunk = new Uint8Array(CHUNK);
    chunkView = new DataView(chunk.buffer);
    at = 0;
  }
  used = (at + n + 15) & ~15;
  return at;
}

/** A fresh copy of `src[start, end)` (pooled when its size calls for it). */
export function copyBytes(src: Uint8Array, start: number, end: number): Uint8Array {
  const n = end - start;
  if (n <= HEAP_MAX || n > POOL_MAX) return src.slice(start, end);
  const at = reserveInChunk(n);
  const c = chunk;
  c.set(src.subarray(start, end), at);
  return c.subarray(at, at + n);
}
