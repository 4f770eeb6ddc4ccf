import { RuntimeError } from "../errors";
import { DIRTY_MAP_BYTES, DIRTY_PAGE_BYTES, DIRTY_PAGE_SHIFT } from "../wasm/meter/costs";

/** A re-entrant frame's entry state: the pages dirty at its entry, with their content then. */
export interface Checkpoint {
  readonly pages: Int32Array;
  readonly bytes: Uint8Array;
  readonly globals: readonly (number | bigint)[];
  readonly all: boolean;
}

/**
 * An interpreter's memory as a post-load snapshot plus the pages written since. The metered
 * module marks every page it stores to in a byte map inside its own memory (see the meter's
 * `dirtyPages` option); JS-side writes go into blocks from `malloc` or the glue's `stackAlloc`,
 * which mark their whole range when they hand it out; imports that write elsewhere call
 * `markAll`. `restore` copies back only marked pages (zero-filling pages the snapshot did not
 * hold) and resets the module's mutable globals (the shadow stack pointer).
 */
export class Heap {
  /** The map's address, once allocated; before that the module marks into scratch space. */
  private map = 0;
  private scratch = 0;
  /** Page → offset in `snap`, or -1 for a page that was all zeros at the snapshot. */
  private index = new Int32Array(0);
  private snap = new Uint8Array(0);
  private snapGlobals: (number | bigint)[] = [];
  private all = false;
  /** Pages copied back by the last restore (a measure for the bench and the docs). */
  lastRestored = 0;
  /** Which pages those were (the first `lastRestored` entries). */
  private trace = new Int32Array(256);

  constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly dirty: WebAssembly.Global,
    private readonly globals: readonly WebAssembly.Global[],
  ) {
    // Until the map exists (the start function and constructors run first), marks land in the
    // top 512 KiB of the initial memory, which nothing has allocated yet (checked in `attach`).
    this.scratch = memory.buffer.byteLength - DIRTY_MAP_BYTES;
    dirty.value = this.scratch;
  }

  /** Allocates the map (with the module's own malloc) and folds in what was marked so far. */
  attach(malloc: (n: number) => number, dataPages: readonly (readonly [number, number])[]): void {
    // Whole pages of its own: a page restored from the snapshot never overwrites live marks.
    const block = malloc(DIRTY_MAP_BYTES + DIRTY_PAGE_BYTES);
    const p = (block + DIRTY_PAGE_BYTES - 1) & ~(DIRTY_PAGE_BYTES - 1);
    if (block === 0 || p + DIRTY_MAP_BYTES > this.scratch) {
      throw new RuntimeError("the interpreter's dirty-page map could not be placed", {
        details: `map at ${block}, scratch at ${this.scratch}`,
      });
    }
    const heap = new Uint8Array(this.memory.buffer);
    const pages = heap.length >>> DIRTY_PAGE_SHIFT;
    heap.fill(0, p, p + DIRTY_MAP_BYTES);
    for (let i = 0; i < pages; i++) heap[p + i] = heap[this.scratch + i];
    heap.fill(0, this.scratch, this.scratch + DIRTY_MAP_BYTES);
    for (const [first, end] of dataPages) heap.fill(1, p + first, p + end);
    this.map = p;
    this.dirty.value = p;
  }

  /** Marks [p, p + n) from JS (a block about to be written by the host or the glue). */
  mark(p: number, n: number): void {
    if (this.map === 0 || n <= 0) return;
    const heap = new Uint8Array(this.memory.buffer);
    const first = p >>> DIRTY_PAGE_SHIFT;
    const last = (p + n - 1) >>> DIRTY_PAGE_SHIFT;
    heap.fill(1, this.map + first, this.map + last + 1);
  }

  /** Something wrote the heap where no mark says: the next restore copies every page. */
  markAll(): void {
    this.all = true;
  }

  /** The current memory and globals become what `restore` returns to. */
  snapshot(): void {
    const heap = new Uint8Array(this.memory.buffer);
    const pages = heap.length >>> DIRTY_PAGE_SHIFT;
    const index = new Int32Array(pages).fill(-1);
    let n = 0;
    for (let i = 0; i < pages; i++) {
      if (this.all || heap[this.map + i] !== 0) {
        heap[this.map + i] = 0;
        index[i] = n++;
      }
    }
    // The map pages themselves are now zero; copy the marked pages (their contents) once.
    const snap = new Uint8Array(n * DIRTY_PAGE_BYTES);
    let kept = 0;
    for (let i = 0; i < pages; i++) {
      const o = index[i];
      if (o < 0) continue;
      const at = i * DIRTY_PAGE_BYTES;
      const page = heap.subarray(at, at + DIRTY_PAGE_BYTES);
      if (isZero(page)) {
        index[i] = -1;
        continue;
      }
      snap.set(page, kept * DIRTY_PAGE_BYTES);
      index[i] = kept++;
    }
    this.snap = snap.slice(0, kept * DIRTY_PAGE_BYTES);
    this.index = index;
    this.snapGlobals = this.globals.map((g) => g.value as number | bigint);
    this.all = false;
  }

  /** Bytes the snapshot keeps (pages that were not all zeros). */
  get snapshotBytes(): number {
    return this.snap.length;
  }

  /** Returns memory and globals to the snapshot; returns the number of pages copied back. */
  restore(): number {
    const heap = new Uint8Array(this.memory.buffer);
    const pages = heap.length >>> DIRTY_PAGE_SHIFT;
    const map = this.map;
    let restored = 0;
    if (this.all) {
      for (let i = 0; i < pages; i++) this.restorePage(heap, i);
      heap.fill(0, map, map + pages);
      restored = pages;
      this.all = false;
    } else {
      const words = new Uint32Array(this.memory.buffer, map, pages >>> 2);
      for (let w = 0; w < words.length; w++) {
        if (words[w] === 0) continue;
        for (let i = w << 2, e = i + 4; i < e; i++) {
          if (heap[map + i] === 0) continue; // (the map's own pages are never marked)
          this.restorePage(heap, i);
          if (restored === this.trace.length) {
            const t = new Int32Array(restored * 2);
            t.set(this.trace);
            this.trace = t;
          }
          this.trace[restored++] = i;
        }
        words[w] = 0;
      }
    }
    for (let i = 0; i < this.globals.length; i++) this.globals[i].value = this.snapGlobals[i];
    this.lastRestored = restored;
    return restored;
  }

  /** The pages the last restore copied back (for the bench: `markPages` them to time a restore). */
  lastRestoredPages(): number[] {
    return Array.from(this.trace.subarray(0, this.all ? 0 : this.lastRestored));
  }

  /** Marks whole pages dirty (the bench's restore case). */
  markPages(pages: readonly number[]): void {
    const heap = new Uint8Array(this.memory.buffer);
    for (const p of pages) heap[this.map + p] = 1;
  }

  private restorePage(heap: Uint8Array, i: number): void {
    // The map's own pages hold the marks being read (only a wild store could mark one): they
    // are cleared, never copied.
    const first = this.map >>> DIRTY_PAGE_SHIFT;
    if (i >= first && i < first + (DIRTY_MAP_BYTES >>> DIRTY_PAGE_SHIFT)) return;
    const at = i * DIRTY_PAGE_BYTES;
    const o = i < this.index.length ? this.index[i] : -1;
    if (o < 0) heap.fill(0, at, at + DIRTY_PAGE_BYTES);
    else {
      const from = o * DIRTY_PAGE_BYTES;
      heap.set(this.snap.subarray(from, from + DIRTY_PAGE_BYTES), at);
    }
  }

  /** A re-entrant frame's entry: the pages dirty now, with their current content. */
  checkpoint(): Checkpoint {
    const heap = new Uint8Array(this.memory.buffer);
    const pages = heap.length >>> DIRTY_PAGE_SHIFT;
    const list: number[] = [];
    for (let i = 0; i < pages; i++) if (heap[this.map + i] !== 0) list.push(i);
    const bytes = new Uint8Array(list.length * DIRTY_PAGE_BYTES);
    list.forEach((p, k) => {
      const at = p * DIRTY_PAGE_BYTES;
      bytes.set(heap.subarray(at, at + DIRTY_PAGE_BYTES), k * DIRTY_PAGE_BYTES);
    });
    return {
      pages: Int32Array.from(list),
      bytes,
      globals: this.globals.map((g) => g.value as number | bigint),
      all: this.all,
    };
  }

  /**
   * Back to a checkpoint: pages dirtied since it go back to the snapshot (they were clean at the
   * checkpoint), pages dirty at it get their content then. They all stay marked (the outer
   * frame's restore still copies them back).
   */
  rollback(cp: Checkpoint): void {
    if (this.all && !cp.all) {
      throw new RuntimeError("the interpreter heap cannot be rolled back to a re-entrant entry");
    }
    const heap = new Uint8Array(this.memory.buffer);
    const pages = heap.length >>> DIRTY_PAGE_SHIFT;
    const saved = new Set(cp.pages);
    for (let i = 0; i < pages; i++) {
      if (heap[this.map + i] !== 0 && !saved.has(i)) this.restorePage(heap, i);
    }
    cp.pages.forEach((p, k) => {
      const from = k * DIRTY_PAGE_BYTES;
      heap.set(cp.bytes.subarray(from, from + DIRTY_PAGE_BYTES), p * DIRTY_PAGE_BYTES);
    });
    for (let i = 0; i < this.globals.length; i++) this.globals[i].value = cp.globals[i];
  }

  /** True when memory and globals equal the snapshot (a test's check; reads all of memory). */
  atSnapshot(): boolean {
    const heap = new Uint8Array(this.memory.buffer);
    const pages = heap.length >>> DIRTY_PAGE_SHIFT;
    for (let i = 0; i < pages; i++) {
      const at = i * DIRTY_PAGE_BYTES;
      const page = heap.subarray(at, at + DIRTY_PAGE_BYTES);
      const o = i < this.index.length ? this.index[i] : -1;
      if (o < 0 ? !isZero(page) : !sameBytes(page, this.snap, o * DIRTY_PAGE_BYTES)) return false;
    }
    return this.globals.every((g, i) => g.value === this.snapGlobals[i]);
  }
}

function isZero(page: Uint8Array): boolean {
  const w = new BigUint64Array(page.buffer, page.byteOffset, page.length >>> 3);
  for (let i = 0; i < w.length; i++) if (w[i] !== 0n) return false;
  return true;
}

function sameBytes(page: Uint8Array, snap: Uint8Array, at: number): boolean {
  for (let i = 0; i < page.length; i++) if (page[i] !== snap[at + i]) return false;
  return true;
}
