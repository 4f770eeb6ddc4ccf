// The engine-neutral metering pass: piecrust's counts over the original operator stream.
import { wat } from "../testing/wat";
import { meter, GAS_EXPORT, OOG_EXPORT, STACK_EXPORT } from "./instrument";
import { STACK_BUDGET } from "./costs";
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
