import { Reader, Writer } from "./bytes";
import {
  BULK_BYTES_SHIFT,
  DIRTY_BLOCK_BYTES,
  DIRTY_BLOCK_SHIFT,
  DIRTY_MEMORY_MAX_PAGES,
  FLUSH_OPCODES,
  operatorCost,
  stackFrameCost,
} from "./costs";
import { WasmFormatError } from "./errors";
import {
  appendToVector,
  emitModule,
  I32,
  I64,
  parseModule,
  type Body,
  type WasmModule,
} from "./module";
import { readOperator } from "./ops";

/** The exports a metered module adds (a mutable i64 of remaining gas and an i32 out-of-gas flag). */
export const GAS_EXPORT = "__sc_gas";
export const OOG_EXPORT = "__sc_oog";
/** The remaining call-stack budget (mut i32), which the host sets before each call. */
export const STACK_EXPORT = "__sc_stack";
/** Values of the flag global: why the module trapped on its own. */
export const OUT_OF_GAS = 1;
export const STACK_EXHAUSTED = 2;

/** Where a module with a start section exports its start function (see `MeterOptions.start`). */
export const START_EXPORT = "__sc_start";
/** The export name of the module's own global `i` (see `MeterOptions.exportGlobals`). */
export const globalExportName = (i: number) => `__sc_global${i}`;

export interface MeterOptions {
  /**
   * A start section runs inside `new WebAssembly.Instance`, before the host can set the gas and
   * stack globals (both 0, so it traps at once). `"export"` drops the start section and exports
   * the start function as `START_EXPORT`, for the host to call once the globals are set.
   * Default `"keep"`.
   */
  readonly start?: "keep" | "export";
  /**
   * Export every mutable global the module defines (as `globalExportName(i)`), so a host can
   * snapshot and restore them with the memory (the shadow stack pointer, for instance).
   */
  readonly exportGlobals?: boolean;
  /**
   * Dirty-block tracking for snapshot/restore: every store, `memory.fill` and `memory.copy` also
   * writes 1 into a byte map (one byte per `DIRTY_BLOCK_BYTES` block of memory, `DIRTY_MAP_BYTES`
   * long) whose address the host keeps in the exported global `DIRTY_EXPORT`. The marking code
   * costs no gas (it is not the module's work). Bulk operators then also pay their length
   * (`BULK_BYTES_PER_GAS`), as a store of that many bytes would. The memory's maximum is capped
   * at `DIRTY_MEMORY_MAX_PAGES` (the map's reach), and the module exports `RESTORE_EXPORT`.
   */
  readonly dirtyPages?: boolean;
  /**
   * The deterministic call-stack budget (`STACK_EXPORT`), default true. A module with a stack
   * limit of its own (QuickJS checks its shadow stack) may go without: a native stack overflow
   * is then a trap the host must treat as such.
   */
  readonly stackBudget?: boolean;
}

/** The address of the dirty-block map (mut i32), present with `MeterOptions.dirtyPages`. */
export const DIRTY_EXPORT = "__sc_dirty";
/**
 * With `MeterOptions.dirtyPages`: `(map, index, indexLength, snap) → i32`, the restore. It walks
 * the map over the memory's current size and, for every marked block `i`, clears the mark and
 * puts the block back: `index[i]` (i32, for `i < indexLength`; 0 beyond) is 0 for a block that
 * was all zeros (filled with 0), `k > 0` for one kept at `snap + (k - 1) * DIRTY_BLOCK_BYTES`
 * (copied from there), and negative for a block nothing may write (the map, the snapshot): the
 * restore stops and returns -1. Otherwise it returns the number of blocks put back.
 */
export const RESTORE_EXPORT = "__sc_restore";

export interface MeteredModule {
  readonly bytes: Uint8Array;
  /** The module as parsed before metering. */
  readonly original: WasmModule;
}

/**
 * Meters a module with piecrust's model (wasmtime fuel): each operator's cost (costs.ts) is added
 * up per basic block and subtracted from the gas global before the operator that ends the block
 * (calls, branches, `if`, `else`, `end`, `return`, `unreachable`, `loop`); the remaining gas is
 * checked at every function entry and loop header, where `remaining <= 0` sets the out-of-gas flag
 * and traps. A call can therefore overshoot by at most one straight-line block, as in piecrust.
 * The work is over the original operator stream (no re-shaping), so the count is the operator
 * count of the bytes the author shipped. Deterministic: the same input gives the same bytes.
 */
export function meter(bytes: Uint8Array, options: MeterOptions = {}): MeteredModule {
  const m = parseModule(bytes);
  const gasIndex = m.importedGlobals + m.globals.length;
  const oogIndex = gasIndex + 1;
  const stackIndex = gasIndex + 2;
  const sections = new Map(m.sections);
  // Block types for the body wrappers of functions with several results (appended types).
  const extraTypes: number[][] = [];
  // Function types of our own (appended after the block types).
  const extraFuncTypes: [number[], number[]][] = [];
  const blockType = (results: readonly number[]): Uint8Array => {
    if (results.length === 0) return Uint8Array.of(0x40);
    if (results.length === 1) return Uint8Array.of(results[0]);
    const key = results.join(",");
    let i = extraTypes.findIndex((r) => r.join(",") === key);
    if (i < 0) i = extraTypes.push([...results]) - 1;
    return new Writer()
      .sleb(m.types.length + extraFuncTypes.length + i)
      .result()
      .slice();
  };

  // Two new globals: remaining gas (mut i64 = 0) and the flag (mut i32 = 0).
  const globals = new Writer()
    .byte(I64)
    .byte(1)
    .bytes(Uint8Array.of(0x42, 0x00, 0x0b))
    .byte(I32)
    .byte(1)
    .bytes(Uint8Array.of(0x41, 0x00, 0x0b))
    .byte(I32)
    .byte(1)
    .bytes(Uint8Array.of(0x41, 0x00, 0x0b))
    .result();
  const dirty = options.dirtyPages === true;
  const dirtyIndex = gasIndex + 3;
  const globalsOut = new Writer().bytes(globals);
  if (dirty)
    globalsOut
      .byte(I32)
      .byte(1)
      .bytes(Uint8Array.of(0x41, 0x00, 0x0b));
  sections.set(6, appendToVector(m.sections.get(6), dirty ? 4 : 3, globalsOut.result()));
  const added = new Writer()
    .name(GAS_EXPORT)
    .byte(3)
    .u32(gasIndex)
    .name(OOG_EXPORT)
    .byte(3)
    .u32(oogIndex)
    .name(STACK_EXPORT)
    .byte(3)
    .u32(stackIndex);
  let exported = 3;
  if (dirty) {
    added.name(DIRTY_EXPORT).byte(3).u32(dirtyIndex);
    exported++;
  }
  // With dirty pages: two functions of our own after the module's, mark (d, n) and the restore.
  const markFn = dirty ? m.importedFunctions + m.bodies.length : -1;
  if (dirty) {
    capMemory(m, sections);
    added
      .name(RESTORE_EXPORT)
      .byte(0)
      .u32(markFn + 1);
    exported++;
  }
  if (options.start === "export" && m.start !== undefined) {
    added.name(START_EXPORT).byte(0).u32(m.start);
    exported++;
    sections.delete(8);
  }
  if (options.exportGlobals === true) {
    m.globals.forEach((g, i) => {
      if (!g.mutable) return;
      const index = m.importedGlobals + i;
      added.name(globalExportName(index)).byte(3).u32(index);
      exported++;
    });
  }
  sections.set(7, appendToVector(m.sections.get(7), exported, added.result()));

  const typeOf = (params: number[], results: number[]): number => {
    const key = `${params.join(",")}:${results.join(",")}`;
    const i = m.types.findIndex((t) => `${t.params.join(",")}:${t.results.join(",")}` === key);
    return i >= 0 ? i : m.types.length + extraFuncTypes.push([params, results]) - 1;
  };
  const markType = dirty ? typeOf([I32, I32], []) : -1;
  const restoreType = dirty ? typeOf([I32, I32, I32, I32], [I32]) : -1;
  if (m.bodies.length > 0 || dirty) {
    const code = new Writer().u32(m.bodies.length + (dirty ? 2 : 0));
    m.bodies.forEach((body, i) => {
      const type = m.types[m.functions[i]];
      if (type === undefined) throw new WasmFormatError(`function ${i} has no type`);
      const out = meterBody(body, type.params.length, blockType(type.results), {
        gas: gasIndex,
        oog: oogIndex,
        stack: stackIndex,
        fn: m.importedFunctions + i,
        dirty: dirty ? dirtyIndex : -1,
        mark: markFn,
        stackBudget: options.stackBudget !== false,
      });
      code.u32(out.length).bytes(out);
    });
    if (dirty) {
      const out = markRangeBody(dirtyIndex);
      code.u32(out.length).bytes(out);
      const restore = restoreBody();
      code.u32(restore.length).bytes(restore);
      const types = new Writer().u32(markType).u32(restoreType).result();
      sections.set(3, appendToVector(m.sections.get(3), 2, types));
    }
    sections.set(10, code.result().slice());
  }
  if (extraTypes.length + extraFuncTypes.length > 0) {
    const t = new Writer();
    for (const [params, results] of extraFuncTypes) {
      t.byte(0x60).u32(params.length).bytes(Uint8Array.from(params));
      t.u32(results.length).bytes(Uint8Array.from(results));
    }
    for (const results of extraTypes)
      t.byte(0x60).u32(0).u32(results.length).bytes(Uint8Array.from(results));
    const n = extraTypes.length + extraFuncTypes.length;
    sections.set(1, appendToVector(m.sections.get(1), n, t.result()));
  }
  return { bytes: emitModule(sections), original: m };
}

/**
 * One function body, wrapped in a block so every way out but `return` passes one epilogue. The
 * remaining gas lives in a local while the function runs (a register, not a global: V8 keeps
 * exported globals in memory), loaded from the gas global at entry and after calls, written back
 * before calls, `return` and the epilogue, so hosts and callees always see the current value. The
 * entry also takes the frame's share of the stack budget, which `return` and the epilogue give back.
 */
function meterBody(
  body: Body,
  params: number,
  wrapperType: Uint8Array,
  g: {
    gas: number;
    oog: number;
    stack: number;
    fn: number;
    dirty: number;
    mark: number;
    stackBudget: boolean;
  },
): Uint8Array {
  const where = () => `function ${g.fn} (code at byte ${body.at})`;
  const bytes = body.bytes;
  // The local declarations, plus one i64 for the gas.
  const decl = new Reader(bytes, 0, body.codeStart);
  const entries: [number, number][] = [];
  let locals = params;
  for (let n = decl.u32(); n > 0; n--) {
    const count = decl.u32();
    entries.push([count, decl.byte()]);
    locals += count;
  }
  const L = locals;
  // A function that calls nothing adds one frame at most: it skips the stack accounting.
  const frame = g.stackBudget && makesCalls(bytes, body.codeStart) ? stackFrameCost(locals + 1) : 0;
  const dirty = g.dirty >= 0;
  const w = new Writer().u32(entries.length + (dirty ? 5 : 1));
  for (const [count, type] of entries) w.u32(count).byte(type);
  w.u32(1).byte(I64);
  // Dirty tracking's scratch locals: address, i32 value / length, bulk source or fill value, and
  // one per other value type.
  const A = L + 1;
  const V32 = L + 2;
  const N = L + 3;
  const V64 = L + 4;
  const F32 = L + 5;
  const F64 = L + 6;
  if (dirty) w.u32(3).byte(I32).u32(1).byte(I64).u32(1).byte(0x7d).u32(1).byte(0x7c);
  /**
   * Marks the block of address local A (after the store: it did not trap, so A is below the
   * memory's size, which the cap keeps within the map's reach: no mask).
   */
  const markA = () => {
    w.byte(0x23).u32(g.dirty);
    w.byte(0x20).u32(A);
    w.byte(0x41).sleb(DIRTY_BLOCK_SHIFT).byte(0x76); // i32.shr_u
    w.byte(0x6a);
    w.byte(0x41).sleb(1).byte(0x3a).u32(0).u32(0); // i32.store8
  };

  const flush = (cost: number) => {
    if (cost === 0) return;
    // local.get L; i64.const cost; i64.sub; local.set L
    w.byte(0x20).u32(L).byte(0x42).sleb(cost).byte(0x7d).byte(0x21).u32(L);
  };
  const store = () => w.byte(0x20).u32(L).byte(0x24).u32(g.gas); // local.get L; global.set gas
  const load = () => w.byte(0x23).u32(g.gas).byte(0x21).u32(L); // global.get gas; local.set L
  const fail = (flag: number) => {
    store();
    w.byte(0x41).sleb(flag).byte(0x24).u32(g.oog).byte(0x00); // i32.const flag; global.set oog; unreachable
  };
  const check = () => {
    // local.get L; i64.const 0; i64.le_s; if; <fail>; end
    w.byte(0x20).u32(L).byte(0x42).byte(0x00).byte(0x57).byte(0x04).byte(0x40);
    fail(OUT_OF_GAS);
    w.byte(0x0b);
  };
  const stackBy = (delta: number) => {
    if (frame === 0) return;
    // global.get stack; i32.const delta; i32.add; global.set stack
    w.byte(0x23).u32(g.stack).byte(0x41).sleb(delta).byte(0x6a).byte(0x24).u32(g.stack);
  };
  load();
  check();
  if (frame > 0) {
    // global.get stack; i32.const frame; i32.lt_s; if; <fail>; end; stack -= frame
    w.byte(0x23).u32(g.stack).byte(0x41).sleb(frame).byte(0x48).byte(0x04).byte(0x40);
    fail(STACK_EXHAUSTED);
    w.byte(0x0b);
    stackBy(-frame);
  }
  w.byte(0x02).bytes(wrapperType);

  const r = new Reader(bytes, body.codeStart);
  let pending = 0;
  let depth = 1;
  while (!r.done) {
    const start = r.pos;
    let op;
    try {
      op = readOperator(r);
    } catch (e) {
      if (e instanceof WasmFormatError) {
        throw new WasmFormatError(`${where()}: ${e.shortMessage}`, { cause: e });
      }
      throw e;
    }
    const code = op.sub < 0 ? op.op : -1;
    let emitted = false;
    pending += code >= 0 ? operatorCost(code) : 1;
    if (code >= 0 && FLUSH_OPCODES.has(code)) {
      flush(pending);
      pending = 0;
      if (code === 0x10 || code === 0x11 || code === 0x0f) store();
      if (code === 0x0f) stackBy(frame);
    }
    if (dirty && code >= 0x36 && code <= 0x3e) {
      const ma = new Reader(bytes, start + 1);
      ma.u32();
      const offset = ma.u32();
      const v = STORE_VALUE[code - 0x36];
      const value = v === I32 ? V32 : v === I64 ? V64 : v === 0x7d ? F32 : F64;
      // The store first (one that traps changed nothing and needs no mark), then its marks.
      w.byte(0x21).u32(value).byte(0x22).u32(A).byte(0x20).u32(value);
      w.bytes(bytes.subarray(start, r.pos));
      emitted = true;
      if (offset !== 0) w.byte(0x20).u32(A).byte(0x41).sleb(offset).byte(0x6a).byte(0x21).u32(A);
      markA();
      const size = STORE_BYTES[code - 0x36];
      if (size > 1) {
        // A straddle (its last byte in the next block) is rare: test, then mark the next block.
        // (Marking it unconditionally measured slower; so did one 16-bit mark of both blocks.)
        w.byte(0x20)
          .u32(A)
          .byte(0x41)
          .sleb(DIRTY_BLOCK_BYTES - 1)
          .byte(0x71);
        w.byte(0x41)
          .sleb(DIRTY_BLOCK_BYTES - size)
          .byte(0x4b); // i32.gt_u
        w.byte(0x04).byte(0x40);
        w.byte(0x20)
          .u32(A)
          .byte(0x41)
          .sleb(size - 1)
          .byte(0x6a)
          .byte(0x21)
          .u32(A);
        markA();
        w.byte(0x0b);
      }
    } else if (dirty && op.op === 0xfc && (op.sub === 10 || op.sub === 11)) {
      // memory.copy / memory.fill (d, s or value, n): pay for n bytes, run it (bounds are
      // checked before any byte is written), then mark [d, d + n).
      w.byte(0x21).u32(N).byte(0x21).u32(V32).byte(0x21).u32(A);
      // gas -= n >> BULK_BYTES_SHIFT
      w.byte(0x20).u32(L).byte(0x20).u32(N).byte(0xad).byte(0x42).sleb(BULK_BYTES_SHIFT);
      w.byte(0x88).byte(0x7d).byte(0x21).u32(L);
      w.byte(0x20).u32(A).byte(0x20).u32(V32).byte(0x20).u32(N);
      w.bytes(bytes.subarray(start, r.pos));
      emitted = true;
      w.byte(0x20).u32(A).byte(0x20).u32(N).byte(0x10).u32(g.mark);
    }
    if (!emitted) w.bytes(bytes.subarray(start, r.pos));
    if (code === 0x10 || code === 0x11) load();
    else if (code === 0x03) check();
    if (code === 0x02 || code === 0x03 || code === 0x04) depth++;
    else if (code === 0x0b) depth--;
    if (depth === 0) {
      if (!r.done) throw new WasmFormatError(`${where()}: code after the final end`);
      // The original final end closed the wrapper: the epilogue, then the function's end.
      store();
      stackBy(frame);
      w.byte(0x0b);
    }
  }
  if (depth !== 0) throw new WasmFormatError(`${where()}: the body does not end`);
  return w.result().slice();
}

/** Value type and width of the stores 0x36 … 0x3e. */
const STORE_VALUE = [I32, I64, 0x7d, 0x7c, I32, I32, I64, I64, I64];
const STORE_BYTES = [4, 8, 4, 8, 1, 2, 1, 2, 4];

/**
 * `(d, n)`: marks the blocks of [d, d + n) in the dirty map (nothing when n = 0); called after
 * the operator succeeded, so d + n is within the memory and the map (no mask).
 */
function markRangeBody(dirtyGlobal: number): Uint8Array {
  const w = new Writer().u32(1).u32(2).byte(I32); // locals 2 (first page), 3 (last page)
  w.bytes(Uint8Array.of(0x20, 0x01, 0x45, 0x04, 0x40, 0x0f, 0x0b)); // if n == 0: return
  w.byte(0x20).u32(0).byte(0x41).sleb(DIRTY_BLOCK_SHIFT).byte(0x76).byte(0x21).u32(2);
  w.bytes(Uint8Array.of(0x20, 0x00, 0x20, 0x01, 0x6a, 0x41, 0x01, 0x6b)); // d + n - 1
  w.byte(0x41).sleb(DIRTY_BLOCK_SHIFT).byte(0x76).byte(0x21).u32(3);
  w.bytes(Uint8Array.of(0x02, 0x40, 0x03, 0x40)); // block loop
  w.bytes(Uint8Array.of(0x20, 0x02, 0x20, 0x03, 0x4b, 0x0d, 0x01)); // br_if 1 (first > last)
  w.byte(0x23).u32(dirtyGlobal).byte(0x20).u32(2).byte(0x6a);
  w.byte(0x41).sleb(1).byte(0x3a).u32(0).u32(0);
  w.bytes(Uint8Array.of(0x20, 0x02, 0x41, 0x01, 0x6a, 0x21, 0x02, 0x0c, 0x00)); // first++; br 0
  w.bytes(Uint8Array.of(0x0b, 0x0b, 0x0b));
  return w.result().slice();
}

/** Locals of `restoreBody` (params: map, index, indexLength, snap; then i32s, then one i64). */
const R_MAP = 0;
const R_INDEX = 1;
const R_LEN = 2;
const R_SNAP = 3;
const R_I = 4;
const R_END = 5;
const R_O = 6;
const R_N = 7;
const R_W = 8;
const R_J = 9;
const R_DST = 10;
const R_SRC = 11;
const R_BITS = 12;
/** Map bytes the restore tests at once (4 v128 loads). */
const SCAN_BYTES = 64;

/**
 * The restore (`RESTORE_EXPORT`): one pass over the map, 64 marks at a time (v128 loads); in a
 * chunk with marks, each non-zero i64 word is cleared at once and its marks found by `ctz`. A
 * block is copied with v128 loads and stores (a `memory.copy` of 256 bytes is a runtime call in
 * V8, several times slower).
 */
function restoreBody(): Uint8Array {
  const w = new Writer().u32(2).u32(8).byte(I32).u32(1).byte(I64);
  const get = (l: number) => w.byte(0x20).u32(l);
  const set = (l: number) => w.byte(0x21).u32(l);
  const i32 = (v: number) => w.byte(0x41).sleb(v);
  const simd = (sub: number) => w.byte(0xfd).u32(sub);
  const add = (l: number, v: number) => {
    get(l);
    i32(v).byte(0x6a);
    set(l);
  };
  const BLOCK = 1 << DIRTY_BLOCK_SHIFT;
  // end = memory.size << (16 - shift): the blocks of the memory as it is now.
  w.byte(0x3f).byte(0x00);
  i32(16 - DIRTY_BLOCK_SHIFT).byte(0x74);
  set(R_END);
  w.byte(0x02).byte(0x40).byte(0x03).byte(0x40); // block $done, loop $scan
  get(R_I);
  get(R_END).byte(0x4f).byte(0x0d).u32(1); // i >= end: br $done
  for (let k = 0; k < SCAN_BYTES / 16; k++) {
    get(R_MAP);
    get(R_I).byte(0x6a);
    simd(0x00)
      .u32(4)
      .u32(16 * k); // v128.load offset=16k
    if (k > 0) simd(0x50); // v128.or
  }
  simd(0x53); // v128.any_true
  w.byte(0x04).byte(0x40); // if: some mark in these 64
  // for (w = map + i; w < map + i + 64; w += 8)
  get(R_MAP);
  get(R_I).byte(0x6a);
  set(R_W);
  w.byte(0x03).byte(0x40); // loop $word
  get(R_W);
  w.byte(0x29).u32(3).u32(0); // i64.load
  w.byte(0x22).u32(R_BITS); // local.tee bits
  w.byte(0x50).byte(0x45).byte(0x04).byte(0x40); // i64.eqz; i32.eqz; if: marks in this word
  get(R_W);
  w.byte(0x42).byte(0x00).byte(0x37).u32(3).u32(0); // i64.store 0: clear all eight
  w.byte(0x03).byte(0x40); // loop $bit
  // j = (w - map) + ctz(bits) >> 3
  get(R_W);
  get(R_MAP).byte(0x6b);
  get(R_BITS);
  w.byte(0x7a).byte(0xa7); // i64.ctz; i32.wrap_i64
  i32(3).byte(0x76).byte(0x6a);
  set(R_J);
  // o = j < len ? index[j] : 0 (the index ends where the memory did at the snapshot)
  i32(0);
  set(R_O);
  get(R_J);
  get(R_LEN).byte(0x49); // j < len (unsigned)
  w.byte(0x04).byte(0x40);
  get(R_INDEX);
  get(R_J);
  i32(2).byte(0x74).byte(0x6a);
  w.byte(0x28).u32(2).u32(0); // i32.load
  set(R_O);
  w.byte(0x0b);
  get(R_O);
  i32(0).byte(0x48); // o < 0: a forbidden block
  w.byte(0x04).byte(0x40);
  i32(-1).byte(0x0f); // return -1
  w.byte(0x0b);
  get(R_J);
  i32(DIRTY_BLOCK_SHIFT).byte(0x74);
  set(R_DST);
  get(R_O);
  w.byte(0x45).byte(0x04).byte(0x40); // o == 0: zeros
  for (let k = 0; k < BLOCK / 16; k++) {
    get(R_DST);
    simd(0x0c).bytes(new Uint8Array(16)); // v128.const 0
    simd(0x0b)
      .u32(4)
      .u32(16 * k); // v128.store offset=16k
  }
  w.byte(0x05); // else: from snap + (o - 1) << shift
  get(R_SNAP);
  get(R_O);
  i32(1).byte(0x6b);
  i32(DIRTY_BLOCK_SHIFT).byte(0x74).byte(0x6a);
  set(R_SRC);
  for (let k = 0; k < BLOCK / 16; k++) {
    get(R_DST);
    get(R_SRC);
    simd(0x00)
      .u32(4)
      .u32(16 * k);
    simd(0x0b)
      .u32(4)
      .u32(16 * k);
  }
  w.byte(0x0b);
  add(R_N, 1);
  // bits &= bits - 1; continue while bits != 0
  get(R_BITS);
  get(R_BITS);
  w.byte(0x42).byte(0x01).byte(0x7d).byte(0x83); // i64.const 1; i64.sub; i64.and
  w.byte(0x22).u32(R_BITS);
  w.byte(0x50).byte(0x45).byte(0x0d).u32(0); // i64.eqz; i32.eqz; br_if $bit
  w.byte(0x0b); // end loop $bit
  w.byte(0x0b); // end if (word)
  add(R_W, 8);
  get(R_W);
  get(R_MAP);
  get(R_I).byte(0x6a);
  i32(SCAN_BYTES).byte(0x6a);
  w.byte(0x49).byte(0x0d).u32(0); // w < map + i + 64: br $word
  w.byte(0x0b); // end loop $word
  w.byte(0x0b); // end if (chunk)
  add(R_I, SCAN_BYTES);
  w.byte(0x0c).u32(0); // br $scan
  w.byte(0x0b).byte(0x0b); // end loop $scan, end block $done
  get(R_N);
  w.byte(0x0b);
  return w.result().slice();
}

/**
 * Caps the module's memory (imported or its own) at `DIRTY_MEMORY_MAX_PAGES`, the map's reach:
 * a host handing in a bigger memory fails to link, and a grow past the cap fails (-1).
 */
function capMemory(m: WasmModule, sections: Map<number, Uint8Array>): void {
  const cap = (r: Reader, out: Writer, what: string) => {
    const flags = r.byte();
    const min = r.u32();
    const max = flags & 0x01 ? r.u32() : DIRTY_MEMORY_MAX_PAGES;
    if (min > DIRTY_MEMORY_MAX_PAGES) {
      throw new WasmFormatError(
        `${what}: ${min} pages at the start exceed the dirty map's reach (${DIRTY_MEMORY_MAX_PAGES})`,
      );
    }
    out.byte(0x01).u32(min).u32(Math.min(max, DIRTY_MEMORY_MAX_PAGES));
  };
  const imports = m.sections.get(2);
  if (imports !== undefined) {
    const r = new Reader(imports);
    const out = new Writer();
    const n = r.u32();
    out.u32(n);
    for (let k = 0; k < n; k++) {
      const start = r.pos;
      r.name();
      r.name();
      const kind = r.byte();
      if (kind === 2) {
        out.bytes(imports.subarray(start, r.pos));
        cap(r, out, "the imported memory");
        continue;
      }
      if (kind === 0) r.u32();
      else if (kind === 1) {
        r.byte(); // element type
        const flags = r.byte();
        r.u32(); // min
        if (flags & 0x01) r.u32(); // max
      } else {
        r.byte();
        r.byte();
      }
      out.bytes(imports.subarray(start, r.pos));
    }
    sections.set(2, out.result().slice());
  }
  const memories = m.sections.get(5);
  if (memories !== undefined) {
    const r = new Reader(memories);
    const out = new Writer();
    const n = r.u32();
    out.u32(n);
    for (let k = 0; k < n; k++) cap(r, out, "the memory");
    sections.set(5, out.result().slice());
  }
}

function makesCalls(bytes: Uint8Array, codeStart: number): boolean {
  const r = new Reader(bytes, codeStart);
  try {
    while (!r.done) {
      const op = readOperator(r);
      if (op.sub < 0 && (op.op === 0x10 || op.op === 0x11)) return true;
    }
  } catch (e) {
    if (e instanceof WasmFormatError) return true; // the main pass reports it with its place
    throw e;
  }
  return false;
}
