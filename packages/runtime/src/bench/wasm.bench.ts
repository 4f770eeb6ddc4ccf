// Suite `wasm`: the WASM engine. A piecrust-ABI counter (hand-written WAT, and the Rust fixture)'s
// `increment` through a typed session call and through the stub codegen writes from its
// `@contract extern` interface (testing/rust-types/clients.ts) vs the TypeScript counter's (the
// same stub serves it: same ABI) and vs a bare WebAssembly call (the floor); a metered vs an
// unmetered CPU loop; commit cost per changed memory page; deploy (validate + instrument +
// compile) of a 100 KB contract.
import { join } from "node:path";
import { codec } from "@shortcrust/sdk";
import { buildArtifact } from "@shortcrust/bundler";
import { VM } from "../vm/vm";
import { compileContract } from "../wasm/compile";
import { meter } from "../wasm/meter/instrument";
import { STACK_BUDGET } from "../wasm/meter/costs";
import { COUNTER, HEADER } from "../wasm/testing/contracts";
import { wat } from "../wasm/testing/wat";
import { rustFixture } from "../testing/rust-fixtures";
import { counterClient } from "../testing/rust-types/generated/clients.Counter.client";

export const suite = "wasm";

const LIMIT = 1_000_000_000n;
const OWNER = new Uint8Array(32);
const NONE = new Uint8Array(0);
const UNIT = { deserialize: (b: Uint8Array) => b.length };
const U32 = codec<number>({ kind: "u32" });
const SPIN = 100_000;

/** Writes a new value into the first `n` pages after the argbuf (from page 2). */
const TOUCH = `(module ${HEADER.replace("3)", "40)")}
  (func (export "touch") (param i32) (result i32) (local $n i32) (local $v i32)
    (local.set $n (i32.load (i32.const 65536)))
    (local.set $v (i32.add (i32.load (i32.const 0)) (i32.const 1)))
    (i32.store (i32.const 0) (local.get $v))
    (block $o (loop $l
      (br_if $o (i32.eqz (local.get $n)))
      (i32.store (i32.mul (i32.add (local.get $n) (i32.const 1)) (i32.const 65536)) (local.get $v))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br $l)))
    (i32.const 0)))`;

/** The runtime suite's `cpu` fixture in WAT: integer work in a loop with a call and a branch. */
const CPU = `(module ${HEADER}
  (func $mix (param $a i32) (param $b i32) (result i32)
    (i32.xor (i32.mul (local.get $a) (i32.const 31)) (local.get $b)))
  (func (export "run") (param i32) (result i32) (local $n i32) (local $i i32) (local $acc i32)
    (local.set $n (i32.load (i32.const 65536)))
    (local.set $acc (i32.const 7))
    (block $o (loop $l
      (br_if $o (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $acc (call $mix (local.get $acc) (local.get $i)))
      (if (i32.eqz (i32.and (local.get $acc) (i32.const 3)))
        (then (local.set $acc (i32.add (local.get $acc) (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $l)))
    (i32.store (i32.const 65536) (local.get $acc))
    (i32.const 4)))`;

/** A contract of about 100 KB: many small exported functions doing arithmetic and stores. */
function bigContract(): string {
  const fns: string[] = [];
  for (let i = 0; i < 1750; i++) {
    fns.push(`(func (export "f${i}") (param i32) (result i32) (local $x i32)
      (local.set $x (i32.add (local.get 0) (i32.const ${i})))
      (block $o (loop $l (br_if $o (i32.gt_u (local.get $x) (i32.const ${1000 + i})))
        (i32.store (i32.const ${16 + (i % 1000) * 4}) (i32.mul (local.get $x) (i32.const 3)))
        (local.set $x (i32.add (local.get $x) (i32.const 7))) (br $l)))
      (i32.const 0))`);
  }
  return `(module ${HEADER} ${fns.join("\n")})`;
}

export async function cases() {
  const vm = await VM.ephemeral();
  const s = vm.session();
  const counterWasm = await wat(COUNTER);
  const wasmCounter = s.deploy(counterWasm, { owner: OWNER, gasLimit: LIMIT }).contractId;
  const tsArt = await buildArtifact({
    entry: join(__dirname, "..", "..", "src", "fixtures", "counter.ts"),
  });
  const tsCounter = s.deploy(tsArt, { owner: OWNER, gasLimit: LIMIT }).contractId;
  const rustCounter = s.deploy(rustFixture("counter"), {
    owner: OWNER,
    gasLimit: LIMIT,
  }).contractId;
  const rustStub = counterClient(s, rustCounter, LIMIT);
  const tsStub = counterClient(s, tsCounter, LIMIT);
  const touch = s.deploy(await wat(TOUCH), { owner: OWNER, gasLimit: LIMIT }).contractId;

  // The floor: the unmetered module, called directly with its argbuf.
  const bare = new WebAssembly.Instance(new WebAssembly.Module(counterWasm), {
    env: { panic: () => {} },
  });
  const bareMem = bare.exports.memory as WebAssembly.Memory;
  const bareIncrement = bare.exports.increment as (n: number) => number;
  const bareCall = () => {
    new Uint8Array(bareMem.buffer).set(NONE, 65536);
    const n = bareIncrement(0);
    return new Uint8Array(bareMem.buffer, 65536, n).slice();
  };

  // CPU loop: the same `spin`, metered (instrumented) and not.
  const spinArg = U32.archive(SPIN);
  const metered = new WebAssembly.Instance(new WebAssembly.Module(meter(counterWasm).bytes), {
    env: { panic: () => {} },
  });
  const gas = metered.exports.__sc_gas as WebAssembly.Global;
  const stack = (inst: WebAssembly.Instance) =>
    ((inst.exports.__sc_stack as WebAssembly.Global).value = STACK_BUDGET);
  const spinMetered = metered.exports.spin as (n: number) => number;
  const spinBare = bare.exports.spin as (n: number) => number;
  const put = (mem: WebAssembly.Memory) => new Uint8Array(mem.buffer).set(spinArg, 65536);
  const meteredMem = metered.exports.memory as WebAssembly.Memory;

  const cpuWasm = await wat(CPU);
  const cpuBare = new WebAssembly.Instance(new WebAssembly.Module(cpuWasm), {});
  const cpuMetered = new WebAssembly.Instance(new WebAssembly.Module(meter(cpuWasm).bytes), {});
  const cpuGas = cpuMetered.exports.__sc_gas as WebAssembly.Global;
  const runCpu = (inst: WebAssembly.Instance) => {
    new Uint8Array((inst.exports.memory as WebAssembly.Memory).buffer).set(spinArg, 65536);
    (inst.exports.run as (n: number) => number)(4);
    return new DataView((inst.exports.memory as WebAssembly.Memory).buffer).getUint32(65536, true);
  };
  cpuGas.value = 1_000_000_000n;
  stack(cpuMetered);
  if (runCpu(cpuBare) !== runCpu(cpuMetered)) throw new Error("metered and unmetered cpu disagree");

  const big = await wat(bigContract());
  if (big.length < 90_000) throw new Error(`the big contract is ${big.length} bytes`);

  return [
    {
      case: "counter/increment",
      impl: "wasm",
      fn: () => s.call(wasmCounter, "increment", NONE, LIMIT, { retCodec: UNIT }),
    },
    {
      case: "counter/increment",
      impl: "wasm-rust",
      fn: () => s.call(rustCounter, "increment", NONE, LIMIT, { retCodec: UNIT }),
    },
    {
      case: "counter/increment",
      impl: "typescript",
      fn: () => s.call(tsCounter, "increment", NONE, LIMIT, { retCodec: UNIT }),
    },
    { case: "counter/increment", impl: "wasm-rust-stub", fn: () => rustStub.increment() },
    { case: "counter/increment", impl: "typescript-stub", fn: () => tsStub.increment() },
    { case: "counter/increment", impl: "webassembly-bare", fn: bareCall },
    {
      case: "cpu-loop/spin-100k",
      impl: "metered",
      fn: () => {
        put(meteredMem);
        gas.value = 1_000_000_000n;
        stack(metered);
        spinMetered(4);
      },
    },
    {
      case: "cpu-loop/spin-100k",
      impl: "unmetered",
      fn: () => {
        put(bareMem);
        spinBare(4);
      },
    },
    {
      case: "cpu-loop/mix-100k",
      impl: "metered",
      fn: () => {
        cpuGas.value = 1_000_000_000n;
        stack(cpuMetered);
        runCpu(cpuMetered);
      },
    },
    { case: "cpu-loop/mix-100k", impl: "unmetered", fn: () => runCpu(cpuBare) },
    {
      case: "commit/1-page",
      impl: "wasm",
      fn: async () => {
        s.callRaw(touch, "touch", U32.archive(1), LIMIT);
        await s.commit();
      },
    },
    {
      case: "commit/33-pages",
      impl: "wasm",
      fn: async () => {
        s.callRaw(touch, "touch", U32.archive(33), LIMIT);
        await s.commit();
      },
    },
    {
      case: `deploy/${Math.round(big.length / 1000)}KB`,
      impl: "validate+instrument+compile",
      fn: () => compileContract(big),
    },
  ];
}
