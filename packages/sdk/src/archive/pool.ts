/**
 * Fresh byte arrays for archives and deserialized bytes, carved from shared chunks the way
 * Node's `Buffer.allocUnsafe` pool (and msgpackr's `pack`) do it, but always zeroed: a chunk is a
 * fresh allocation and each range of it is handed out once.
 *
 * Why: V8 keeps a typed array of at most 64 bytes on its own heap (a few tens of ns), but a larger
 * one gets its own off-heap ArrayBuffer (≈ 0.3–0.6 µs, plus external-memory GC pressure), which
 * cost more than archiving or reading a fixed-size struct such as the 168-byte `FnData` itself.
 * So on V8, arrays of `HEAP_MAX < n ≤ POOL_MAX` bytes are `subarray`s of an 8 KiB chunk, each
 * starting 16-aligned (the checker's word scans and the archive's alignment rules stay as for a
 * fresh buffer). Smaller and larger arrays are allocated alone, as before.
 *
 * Elsewhere (`POOL_MAX` is 0) every array is allocated alone: other engines do not have V8's
 * cliff, and in a contract's QuickJS sandbox the gas of an allocation must not depend on what
 * earlier calls left in a chunk (the runtime meters typed-array allocations by size).
 *
 * What a caller sees: a fresh `Uint8Array` whose bytes no other value shares (writing to it never
 * changes another array, nor the input of a deserialize), but whose `byteOffset` may be non-zero
 * and whose `.buffer` may hold other arrays' bytes: use `byteOffset`/`byteLength` with `.buffer`
 * (as one must with any `Uint8Array`), never write through `.buffer` itself, and copy (`slice()`)
 * a small array kept for long if the 8 KiB it pins matter.
 */

/** At most this many bytes: V8 allocates the array on its heap, cheaply; no pooling. */
export const HEAP_MAX = 64;

// V8 (Node, Deno) is told by `process.versions.v8`; no pooling where it cannot be told. (No
// function call and no allocation at load: in a sandbox, module evaluation is metered too.)
const proc = (globalThis as { process?: { versions?: { v8?: unknown } } }).process;

/**
 * Pooled sizes are `HEAP_MAX < n ≤ POOL_MAX`: larger arrays get a buffer of their own (a chunk
 * would waste too much of its tail). 0 (nothing pooled) off V8.
 */
export const POOL_MAX =
  typeof proc === "object" && proc !== null && typeof proc.versions?.v8 === "string" ? 1024 : 0;
const CHUNK = 8192;

/** The current chunk (none before the first use), a DataView over it, its first free position. */
export let chunk: Uint8Array | null = null;
export let chunkView: DataView | null = null;
let used = 0;

/**
 * Reserves `n` fresh zero bytes (`HEAP_MAX < n ≤ POOL_MAX`) in the current chunk (a new one if
 * they do not fit) and returns their position in `chunk`. Read `chunk` after the call.
 */
export function reserveInChunk(n: number): number {
  let at = used;
  if (chunk === null || at + n > chunk.length) {
    chunk = new Uint8Array(CHUNK);
    chunkView = new DataView(chunk.buffer);
    at = 0;
  }
  used = (at + n + 15) & ~15;
  return at;
}

/**
 * A fresh copy of `src[start, end)` in the chunk; only for `HEAP_MAX < end - start ≤ POOL_MAX`
 * (callers test the size inline and `slice` otherwise: no extra call where nothing is pooled).
 */
export function copyBytes(src: Uint8Array, start: number, end: number): Uint8Array {
  const n = end - start;
  const at = reserveInChunk(n);
  const c = chunk!;
  c.set(src.subarray(start, end), at);
  return c.subarray(at, at + n);
}
