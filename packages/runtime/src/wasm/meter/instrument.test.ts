// The engine-neutral metering pass: piecrust's counts over the original operator stream.
import { wat } from "../testing/wat";
import {
  meter,
  DIRTY_EXPORT,
  GAS_EXPORT,
  globalExportName,
  OOG_EXPORT,
  RESTORE_EXPORT,
  STACK_EXPORT,
  START_EXPORT,
} from "./instrument";
import {
  BULK_BYTES_SHIFT,
  DIRTY_BLOCK_BYTES,
  DIRTY_MAP_BYTES,
  DIRTY_MEMORY_MAX_PAGES,
  STACK_BUDGET,
} from "./costs";
import { isWasmFormatError } from "./errors";

async function run(text: string, gas: bigint, arg = 0) {
  const m = meter(await wat(text));
  const inst = new WebAssembly.Instance(new WebAssembly.Module(m.bytes), {});
  const g = inst.exports[GAS_EXPORT] as WebAssembly.Global;
  const oog = inst.exports[OOG_EXPORT] as WebAssembly.Global;
  g.value = gas;
  (inst.exports[STACK_EXPORT] as WebAssembly.Global).value = STACK_BUDGET;
  let trapped = false;
  try {
    (inst.exports.f as (n: number) => number)(arg);
  } catch {
    trapped = true;
  }
  return { left: g.value as bigint, trapped, oog: oog.value as number };
}

test("costs: 1 per operator, 0 for structure, 16/32 for stores", async () => {
  const r = await run(
    `(module (memory 1) (func (export "f") (param i32) (result i32)
      nop (block (drop (i32.const 1)))
      (i32.store (i32.const 0) (i32.const 1))
      (i64.store (i32.const 0) (i64.const 1))
      (i32.store8 (i32.const 0) (i32.const 1))
      (i32.const 7)))`,
    1000n,
  );
  // 1 (const) + 2+16 + 2+32 + 2+16 + 1 = 72
  expect(r).toEqual({ left: 1000n - 72n, trapped: false, oog: 0 });
});

test("checked at function entry: no gas left means out of gas before anything runs", async () => {
  const r = await run(`(module (func (export "f") (param i32) (result i32) (i32.const 1)))`, 0n);
  expect(r).toEqual({ left: 0n, trapped: true, oog: 1 });
});

test("checked at loop headers: overshoot is at most one block", async () => {
  const text = `(module (func (export "f") (param i32) (result i32) (local i32)
    (block $o (loop $l
      (br_if $o (i32.eqz (local.get 0)))
      (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
      (br $l)))
    (i32.const 0)))`;
  const ok = await run(text, 1000n, 3);
  // entry block before the loop: 0; per iteration 8; the last iteration's br_if block: 3; end: 1
  expect(ok).toEqual({ left: 1000n - (3n * 8n + 3n + 1n), trapped: false, oog: 0 });
  const out = await run(text, 20n, 100);
  expect(out.trapped && out.oog === 1).toBe(true);
  expect(out.left).toBeLessThanOrEqual(0n);
  expect(out.left).toBeGreaterThan(-8n);
});

test("the same input gives the same bytes", async () => {
  const b = await wat(`(module (func (export "f") (param i32) (result i32) (local.get 0)))`);
  expect(Buffer.from(meter(b).bytes)).toEqual(Buffer.from(meter(b).bytes));
});

test("SIMD and other unsupported proposals are refused, naming the operator and place", async () => {
  // (func (result i32) v128.const ... i32x4.extract_lane 0), hand-assembled
  const bytes = Buffer.from(
    "0061736d01000000" +
      "0105016000017f" +
      "03020100" +
      "0a19011700" +
      "fd0c" +
      "00".repeat(16) +
      "fd1b000b",
    "hex",
  );
  let err: unknown;
  try {
    meter(bytes);
  } catch (e) {
    err = e;
  }
  expect(isWasmFormatError(err)).toBe(true);
  expect((err as Error).message).toMatch(/function 0 .*unsupported operator 0xfd \(SIMD\)/);
});

test("deep recursion ends at the stack budget, at the same depth every time (tiering aside)", async () => {
  const text = `(module (global $d (export "d") (mut i32) (i32.const 0))
    (func $f (export "f") (param i32) (result i32)
      (global.set $d (i32.add (global.get $d) (i32.const 1)))
      (if (result i32) (local.get 0)
        (then (call $f (i32.sub (local.get 0) (i32.const 1))))
        (else (i32.const 0)))))`;
  const m = meter(await wat(text));
  const inst = new WebAssembly.Instance(new WebAssembly.Module(m.bytes), {});
  const e = inst.exports;
  const depth = () => {
    (e.d as WebAssembly.Global).value = 0;
    (e[GAS_EXPORT] as WebAssembly.Global).value = 10n ** 12n;
    (e[STACK_EXPORT] as WebAssembly.Global).value = STACK_BUDGET;
    (e[OOG_EXPORT] as WebAssembly.Global).value = 0;
    try {
      (e.f as (n: number) => number)(1e6);
    } catch {
      /* trapped */
    }
    return [(e.d as WebAssembly.Global).value, (e[OOG_EXPORT] as WebAssembly.Global).value];
  };
  const first = depth();
  expect(first[1]).toBe(2);
  for (let i = 0; i < 200; i++) {
    (e[STACK_EXPORT] as WebAssembly.Global).value = STACK_BUDGET;
    (e.f as (n: number) => number)(50); // let it tier up
  }
  expect(depth()).toEqual(first);
  // a frame returns its share: a shallow call leaves the budget as it was
  (e[STACK_EXPORT] as WebAssembly.Global).value = STACK_BUDGET;
  (e.f as (n: number) => number)(10);
  expect((e[STACK_EXPORT] as WebAssembly.Global).value).toBe(STACK_BUDGET);
});

test("a start section can be exported instead, to run once the host has set the globals", async () => {
  const text = `(module (global $g (mut i32) (i32.const 5))
    (func $start (global.set $g (i32.const 9)))
    (start $start)
    (func (export "get") (result i32) (global.get $g)))`;
  const kept = meter(await wat(text));
  // Kept, the start function runs inside the constructor on 0 gas: it traps.
  expect(() => new WebAssembly.Instance(new WebAssembly.Module(kept.bytes), {})).toThrow();
  const m = meter(await wat(text), { start: "export", exportGlobals: true });
  const e = new WebAssembly.Instance(new WebAssembly.Module(m.bytes), {}).exports;
  const g = e[globalExportName(0)] as WebAssembly.Global;
  expect(g.value).toBe(5); // not run yet
  (e[GAS_EXPORT] as WebAssembly.Global).value = 1000n;
  (e[STACK_EXPORT] as WebAssembly.Global).value = STACK_BUDGET;
  (e[START_EXPORT] as () => void)();
  expect([g.value, (e.get as () => number)()]).toEqual([9, 9]);
});

/** A dirty-tracked module of `text`, its map placed in memory grown for it (a host uses malloc). */
async function dirtyModule(text: string, imports: WebAssembly.Imports = {}) {
  const m = meter(await wat(text), { dirtyPages: true });
  const e = new WebAssembly.Instance(new WebAssembly.Module(m.bytes), imports).exports;
  const mem = (e.mem ?? (imports.env as Record<string, unknown>).mem) as WebAssembly.Memory;
  const mapAt = mem.grow(DIRTY_MAP_BYTES / 65536) * 65536;
  (e[DIRTY_EXPORT] as WebAssembly.Global).value = mapAt;
  const gas = e[GAS_EXPORT] as WebAssembly.Global;
  const marked = () => {
    const map = new Uint8Array(mem.buffer, mapAt, mem.buffer.byteLength / DIRTY_BLOCK_BYTES);
    const out = [...map.keys()].filter((i) => map[i] !== 0);
    map.fill(0);
    return out;
  };
  const run = (fn: string, ...args: (number | bigint)[]) => {
    gas.value = 1_000_000n;
    (e[STACK_EXPORT] as WebAssembly.Global).value = STACK_BUDGET;
    (e[fn] as (...a: (number | bigint)[]) => void)(...args);
    return 1_000_000n - (gas.value as bigint);
  };
  return { e, mem, mapAt, marked, run };
}

const B = DIRTY_BLOCK_BYTES;

test("dirty blocks: stores, straddling stores, fill and copy mark their blocks, and bulk bytes pay", async () => {
  const { mem, marked, run } = await dirtyModule(`(module (memory (export "mem") 4)
    (func (export "store") (param i32) (i32.store offset=4 (local.get 0) (i32.const 1)))
    (func (export "store64") (param i32) (i64.store (local.get 0) (i64.const -1)))
    (func (export "fill") (param i32 i32) (memory.fill (local.get 0) (i32.const 7) (local.get 1)))
    (func (export "copy") (param i32 i32) (memory.copy (local.get 0) (i32.const 0) (local.get 1))))`);
  run("store", B * 2 + 100);
  expect(marked()).toEqual([2]);
  run("store", B * 3 - 6); // offset 4: bytes B*3-2 … B*3+1 → blocks 2 and 3
  expect(marked()).toEqual([2, 3]);
  run("store64", B - 4);
  expect(marked()).toEqual([0, 1]);
  const small = run("fill", 100, 10);
  expect(marked()).toEqual([0]);
  const big = run("fill", 200, B * 5);
  expect(marked()).toEqual([0, 1, 2, 3, 4, 5]); // bytes 200 … 200 + 5B - 1
  expect(big - small).toBe(BigInt((B * 5) >> BULK_BYTES_SHIFT) - BigInt(10 >> BULK_BYTES_SHIFT));
  run("copy", B * 9, 0);
  expect(marked()).toEqual([]);
  run("copy", B * 9, 1);
  expect(marked()).toEqual([9]);
  expect(new Uint8Array(mem.buffer)[200]).toBe(7); // the operators still did their work
  // Marks follow the operator: one that traps (out of bounds) wrote nothing and marks nothing.
  expect(() => run("fill", mem.buffer.byteLength - 10, 11)).toThrow(WebAssembly.RuntimeError);
  expect(() => run("store", mem.buffer.byteLength - 7)).toThrow(WebAssembly.RuntimeError);
  expect(marked()).toEqual([]);
});

test("dirty blocks: an unaligned store of every width marks each block it changes", async () => {
  const stores: [string, string, number][] = [
    ["i32.store", "(i32.const -1)", 4],
    ["i64.store", "(i64.const -1)", 8],
    ["f32.store", "(f32.reinterpret_i32 (i32.const -1))", 4],
    ["f64.store", "(f64.reinterpret_i64 (i64.const -1))", 8],
    ["i32.store8", "(i32.const -1)", 1],
    ["i32.store16", "(i32.const -1)", 2],
    ["i64.store8", "(i64.const -1)", 1],
    ["i64.store16", "(i64.const -1)", 2],
    ["i64.store32", "(i64.const -1)", 4],
  ];
  const fns = stores
    .map(
      ([op, v], k) =>
        `(func (export "s${k}") (param i32) (${op} offset=3 align=1 (local.get 0) ${v}))`,
    )
    .join("\n");
  const { mem, marked, run } = await dirtyModule(`(module (memory (export "mem") 4) ${fns})`);
  const heap = () => new Uint8Array(mem.buffer, 0, 8 * B);
  for (const [k, [op, , size]] of stores.entries()) {
    // Every start from (B - size - 3) to (B - 3): the last ones straddle blocks 4 and 5.
    for (let at = 5 * B - size - 3; at <= 5 * B - 3; at++) {
      heap().fill(0);
      marked();
      run(`s${k}`, at);
      const changed = [...heap().keys()].filter((i) => heap()[i] !== 0);
      const blocks = [...new Set(changed.map((i) => Math.floor(i / B)))];
      expect({ op, at, blocks: marked() }).toEqual({ op, at, blocks });
      expect(changed.length).toBe(size);
    }
  }
});

test("dirty blocks: the memory is capped at the map's reach", async () => {
  const { mem } = await dirtyModule(`(module (memory (export "mem") 1))`);
  expect(mem.grow(DIRTY_MEMORY_MAX_PAGES - mem.buffer.byteLength / 65536)).toBeGreaterThan(0);
  expect(() => mem.grow(1)).toThrow(RangeError);
  const imported = meter(await wat(`(module (import "env" "mem" (memory 1 65536)))`), {
    dirtyPages: true,
  });
  const big = new WebAssembly.Memory({ initial: 1, maximum: DIRTY_MEMORY_MAX_PAGES + 1 });
  let linkError: unknown;
  try {
    new WebAssembly.Instance(new WebAssembly.Module(imported.bytes), { env: { mem: big } });
  } catch (e) {
    linkError = e;
  }
  expect((linkError as Error).name).toBe("LinkError");
  const fits = new WebAssembly.Memory({ initial: 1, maximum: DIRTY_MEMORY_MAX_PAGES });
  expect(
    new WebAssembly.Instance(new WebAssembly.Module(imported.bytes), { env: { mem: fits } }),
  ).toBeInstanceOf(WebAssembly.Instance);
});

test("dirty blocks: the restore export puts marked blocks back, clears the marks, refuses forbidden blocks", async () => {
  const { e, mem, mapAt, marked, run } = await dirtyModule(`(module (memory (export "mem") 4)
    (func (export "fill") (param i32 i32) (memory.fill (local.get 0) (i32.const 9) (local.get 1))))`);
  const restore = e[RESTORE_EXPORT] as (m: number, i: number, n: number, s: number) => number;
  const heap = new Uint8Array(mem.buffer);
  // The snapshot: block 1 holds 1s, block 70 holds 2s, everything else zeros; kept at 200 * B.
  const snap = 200 * B;
  const index = 210 * B;
  const len = 100;
  heap.fill(1, snap, snap + B);
  heap.fill(2, snap + B, snap + 2 * B);
  const idx = new Int32Array(mem.buffer, index, len);
  idx[1] = 1;
  idx[70] = 2;
  idx[99] = -1;
  heap.fill(1, B, 2 * B);
  heap.fill(2, 70 * B, 71 * B);
  marked();
  run("fill", B + 10, 70 * B); // blocks 1 … 71 become 9s
  run("fill", 150 * B, 1); // beyond the index: restored as zeros
  expect(restore(mapAt, index, len, snap)).toBe(72);
  expect(marked()).toEqual([]);
  const blockOf = (b: number) => [...new Set(heap.subarray(b * B, (b + 1) * B))];
  expect([1, 2, 69, 70, 71, 150].map(blockOf)).toEqual([[1], [0], [0], [2], [0], [0]]);
  run("fill", 99 * B, 1);
  expect(restore(mapAt, index, len, snap)).toBe(-1);
});
