import { RuntimeError } from "../errors";
import { DIRTY_BLOCK_BYTES, DIRTY_BLOCK_SHIFT, DIRTY_MAP_BYTES } from "../wasm/meter/costs";

/** A re-entrant frame's entry state: the blocks dirty at its entry, with their content then. */
export interface Checkpoint {
  readonly blocks: Int32Array;
  readonly bytes: Uint8Array;
  readonly globals: readonly (number | bigint)[];
  readonly all: boolean;
}

/** The metered module's restore export (see the meter's `RESTORE_EXPORT`). */
export type RestoreFn = (map: number, index: number, indexLength: number, snap: number) => number;

/** The allocator the snapshot region and the map come from (the module's own malloc). */
export interface Allocator {
  malloc(n: number): number;
  free(p: number): void;
}

const B = DIRTY_BLOCK_BYTES;
const S = DIRTY_BLOCK_SHIFT;

/**
 * An interpreter's memory as a post-load snapshot plus the blocks written since. The metered
 * module marks every 256-byte block it stores to in a byte map inside its own memory (see the
 * meter's `dirtyPages` option); JS-side writes go into blocks from `malloc` or the glue's
 * `stackAlloc`, which mark their whole range when they hand it out; imports that write elsewhere
 * call `markAll`. The snapshot lives in the module's own memory too (a region from its malloc:
 * the kept blocks, then an index from block to slot), so the restore is one call into the
 * module (`RESTORE_EXPORT`): it walks the map and `memory.copy`s marked blocks back. The map and
 * the snapshot region are blocks nothing may store to: a mark on one is a wild store, and the
 * heap refuses to go on (`RuntimeError`; the sandbox must be discarded).
 */
export class Heap {
  /** The map's address, once allocated; before that the module marks into scratch space. */
  private map = 0;
  private scratch = 0;
  /** The snapshot region: kept blocks at `snap`, then the i32 index (see RESTORE_EXPORT). */
  private snap = 0;
  private index = 0;
  private indexLength = 0;
  private slots = 0;
  private region = 0;
  /** Forbidden block ranges [first, end): the map, then the snapshot region. */
  private forbidden: [number, number][] = [];
  private snapGlobals: (number | bigint)[] = [];
  private all = false;
  /** Set by a wild store: nothing is trusted any more. */
  private wild = false;
  /** Blocks copied back by the last restore (a measure for the bench and the docs). */
  lastRestored = 0;
  private recording = false;
  private recorded: number[] = [];

  constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly dirty: WebAssembly.Global,
    private readonly globals: readonly WebAssembly.Global[],
    private readonly restoreFn: RestoreFn,
  ) {
    // Until the map exists (the start function and constructors run first), marks land in the
    // top 512 KiB of the initial memory, which nothing has allocated yet (checked in `attach`).
    this.scratch = memory.buffer.byteLength - DIRTY_MAP_BYTES;
    dirty.value = this.scratch;
  }

  private alloc: Allocator | undefined;

  /**
   * Allocates the map (with the module's own malloc, which the snapshot's region comes from
   * too) and folds in what was marked so far.
   */
  attach(alloc: Allocator, dataBlocks: readonly (readonly [number, number])[]): void {
    this.alloc = alloc;
    const block = alloc.malloc(DIRTY_MAP_BYTES + B);
    const p = (block + B - 1) & ~(B - 1);
    if (block === 0 || p + DIRTY_MAP_BYTES > this.scratch) {
      throw new RuntimeError("the interpreter's dirty-block map could not be placed", {
        details: `map at ${block}, scratch at ${this.scratch}`,
      });
    }
    const heap = new Uint8Array(this.memory.buffer);
    const blocks = heap.length >>> S;
    heap.fill(0, p, p + DIRTY_MAP_BYTES);
    heap.copyWithin(p, this.scratch, this.scratch + blocks);
    heap.fill(0, this.scratch, this.scratch + DIRTY_MAP_BYTES);
    for (const [first, end] of dataBlocks) heap.fill(1, p + first, p + end);
    this.map = p;
    this.dirty.value = p;
    // Whole blocks of its own, inside the malloc'd chunk: only a wild store marks one.
    this.forbidden = [[p >>> S, (p + DIRTY_MAP_BYTES) >>> S]];
    this.unmarkForbidden(heap);
  }

  /** Marks [p, p + n) from JS (a block about to be written by the host or the glue). */
  mark(p: number, n: number): void {
    if (this.map === 0 || n <= 0) return;
    const first = this.map + (p >>> S);
    const last = this.map + ((p + n - 1) >>> S);
    // Once per frame for a few blocks: one view, kept until the memory grows.
    const buf = this.memory.buffer;
    if (this.markView === undefined || this.markView.buffer !== buf) {
      this.markView = new Uint8Array(buf);
    }
    const heap = this.markView;
    if (first === last) heap[first] = 1;
    else heap.fill(1, first, last + 1);
  }
  private markView: Uint8Array | undefined;

  /** Something wrote the heap where no mark says: the next restore copies every block. */
  markAll(): void {
    this.all = true;
  }

  /**
   * The current memory and globals become what `restore` returns to (once per heap). The kept
   * blocks (marked, or all with `markAll`, and not all zeros) are copied into a region from the
   * module's malloc; the allocation's own writes are part of what is kept.
   */
  snapshot(): void {
    const alloc = this.alloc;
    if (alloc === undefined) throw new RuntimeError("the interpreter heap has no map yet");
    if (this.region !== 0) throw new RuntimeError("an interpreter heap is snapshotted once");
    // What is kept before the region is allocated: then that, or what the allocation wrote.
    const before = this.kept(this.all ? undefined : this.markedBlocks(), undefined);
    let need = before.length + 16;
    for (;;) {
      const memBlocks = this.memory.buffer.byteLength >>> S;
      // The index covers the memory as it will be after this allocation (with room to spare).
      const length = memBlocks + need + (((memBlocks + need) * 4 * 2) >>> S) + 64;
      const size = need * B + length * 4 + 2 * B;
      const p = alloc.malloc(size);
      if (p === 0) throw new RuntimeError("no memory for the interpreter's heap snapshot");
      const snap = (p + B - 1) & ~(B - 1);
      const index = snap + need * B;
      const end = (index + length * 4 + B - 1) & ~(B - 1);
      const region: [number, number] = [snap >>> S, end >>> S];
      const now = this.kept([...before, ...this.markedBlocks()], region);
      if (now.length > need || this.memory.buffer.byteLength >>> S > length) {
        alloc.free(p);
        need = now.length + 64;
        continue;
      }
      this.fill(p, snap, index, length, region, now);
      break;
    }
    this.snapGlobals = this.globals.map((g) => g.value as number | bigint);
    this.all = false;
  }

  /**
   * Of `from` (block numbers; every block of memory when undefined), in ascending order and
   * once each: those not forbidden, not in `region`, and not all zeros.
   */
  private kept(from: readonly number[] | undefined, region: [number, number] | undefined) {
    const u32 = new Uint32Array(this.memory.buffer);
    const blocks = u32.length >>> (S - 2);
    const take = (i: number) =>
      !this.isForbidden(i) &&
      (region === undefined || i < region[0] || i >= region[1]) &&
      !zeroBlock(u32, i);
    const out: number[] = [];
    if (from === undefined) {
      for (let i = 0; i < blocks; i++) if (take(i)) out.push(i);
      return out;
    }
    const seen = new Uint8Array(blocks);
    for (const i of from) if (i < blocks) seen[i] = 1;
    for (let i = 0; i < blocks; i++) if (seen[i] !== 0 && take(i)) out.push(i);
    return out;
  }

  private fill(
    p: number,
    snap: number,
    index: number,
    length: number,
    region: [number, number],
    kept: readonly number[],
  ): void {
    const heap = new Uint8Array(this.memory.buffer);
    const idx = new Int32Array(this.memory.buffer, index, length);
    idx.fill(0);
    kept.forEach((i, slot) => {
      heap.copyWithin(snap + slot * B, i << S, (i << S) + B);
      idx[i] = slot + 1;
    });
    this.forbidden.push(region);
    for (const [first, stop] of this.forbidden) idx.fill(-1, first, Math.min(stop, length));
    heap.fill(0, this.map, this.map + (heap.length >>> S));
    this.region = p;
    this.snap = snap;
    this.index = index;
    this.indexLength = length;
    this.slots = kept.length;
  }

  /** The map's address (tests use it to stand in for a wild store). */
  get mapAddress(): number {
    return this.map;
  }

  /** Bytes the snapshot keeps (blocks that were not all zeros). */
  get snapshotBytes(): number {
    return this.slots * B;
  }

  /** Returns memory and globals to the snapshot; returns the number of blocks copied back. */
  restore(): number {
    this.usable();
    const heap = new Uint8Array(this.memory.buffer);
    const blocks = heap.length >>> S;
    if (this.all) {
      heap.fill(1, this.map, this.map + blocks);
      this.unmarkForbidden(heap);
      this.all = false;
    }
    if (this.recording) {
      this.recording = false;
      this.recorded = this.markedBlocks();
    }
    const n = this.putBack();
    for (let i = 0; i < this.globals.length; i++) this.globals[i].value = this.snapGlobals[i];
    this.lastRestored = n;
    return n;
  }

  /** The next restore remembers which blocks it copied back (`lastRestoredBlocks`). */
  recordNext(): void {
    this.recording = true;
  }

  /** The blocks the last recorded restore copied back (for the bench: `markBlocks` them). */
  lastRestoredBlocks(): number[] {
    return [...this.recorded];
  }

  /** Marks blocks dirty (the bench's restore case). */
  markBlocks(blocks: readonly number[]): void {
    const heap = new Uint8Array(this.memory.buffer);
    for (const b of blocks) heap[this.map + b] = 1;
  }

  /** A re-entrant frame's entry: the blocks dirty now, with their current content. */
  checkpoint(): Checkpoint {
    this.usable();
    const heap = new Uint8Array(this.memory.buffer);
    const list = this.markedBlocks();
    const bytes = new Uint8Array(list.length * B);
    list.forEach((b, k) => bytes.set(heap.subarray(b << S, (b << S) + B), k * B));
    return {
      blocks: Int32Array.from(list),
      bytes,
      globals: this.globals.map((g) => g.value as number | bigint),
      all: this.all,
    };
  }

  /**
   * Back to a checkpoint: blocks dirtied since it go back to the snapshot (they were clean at
   * the checkpoint, so they are clean again), blocks dirty at it get their content then and stay
   * marked (the outer frame's restore still copies them back).
   */
  rollback(cp: Checkpoint): void {
    this.usable();
    if (this.all && !cp.all) {
      throw new RuntimeError("the interpreter heap cannot be rolled back to a re-entrant entry");
    }
    let heap = new Uint8Array(this.memory.buffer);
    for (const b of cp.blocks) heap[this.map + b] = 0;
    this.putBack();
    heap = new Uint8Array(this.memory.buffer);
    cp.blocks.forEach((b, k) => {
      heap.set(cp.bytes.subarray(k * B, (k + 1) * B), b << S);
      heap[this.map + b] = 1;
    });
    for (let i = 0; i < this.globals.length; i++) this.globals[i].value = cp.globals[i];
  }

  /** True when memory and globals equal the snapshot (a test's check; reads all of memory). */
  atSnapshot(): boolean {
    this.usable();
    const heap = new Uint8Array(this.memory.buffer);
    const idx = new Int32Array(this.memory.buffer, this.index, this.indexLength);
    const u32 = new Uint32Array(this.memory.buffer);
    const blocks = heap.length >>> S;
    for (let i = 0; i < blocks; i++) {
      if (this.isForbidden(i)) continue;
      const o = i < idx.length ? idx[i] : 0;
      const at = i << S;
      if (o === 0 ? !zeroBlock(u32, i) : !sameBlock(heap, at, this.snap + (o - 1) * B))
        return false;
    }
    return this.globals.every((g, i) => g.value === this.snapGlobals[i]);
  }

  private putBack(): number {
    const n = this.restoreFn(this.map, this.index, this.indexLength, this.snap);
    if (n < 0) {
      this.wild = true;
      throw new RuntimeError("a store landed in the interpreter's dirty map or heap snapshot", {
        hint: "a wild store in the interpreter: this sandbox's heap can no longer be restored",
      });
    }
    return n;
  }

  private usable(): void {
    if (this.wild) throw new RuntimeError("the interpreter heap was hit by a wild store");
  }

  private markedBlocks(): number[] {
    const heap = new Uint8Array(this.memory.buffer);
    const blocks = heap.length >>> S;
    const words = new Uint32Array(this.memory.buffer, this.map, blocks >>> 2);
    const list: number[] = [];
    for (let w = 0; w < words.length; w++) {
      if (words[w] === 0) continue;
      for (let i = w << 2, e = i + 4; i < e; i++) if (heap[this.map + i] !== 0) list.push(i);
    }
    return list;
  }

  private isForbidden(i: number): boolean {
    for (const [first, end] of this.forbidden) if (i >= first && i < end) return true;
    return false;
  }

  private unmarkForbidden(heap: Uint8Array): void {
    for (const [first, end] of this.forbidden) heap.fill(0, this.map + first, this.map + end);
  }
}

/** True when block `i` is all zeros (`u32` views the whole memory). */
function zeroBlock(u32: Uint32Array, i: number): boolean {
  for (let k = i << (S - 2), e = k + (B >>> 2); k < e; k++) if (u32[k] !== 0) return false;
  return true;
}

function sameBlock(heap: Uint8Array, at: number, from: number): boolean {
  for (let i = 0; i < B; i++) if (heap[at + i] !== heap[from + i]) return false;
  return true;
}
