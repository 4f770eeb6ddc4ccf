// Suite `runtime`: calls through a session vs a bare quickjs-emscripten host→guest loop, the cost
// of gas metering on a CPU-bound contract, deploy time, what a failed call costs next to a
// successful one of the same work, session metadata reads (the template's timelock), and a
// session opened, called once and committed against @ethereumjs/vm's runTx + getStateRoot.
import { join } from "node:path";
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime } from "quickjs-emscripten";
import { codec } from "@shortcrust/sdk";
import { buildArtifact } from "@shortcrust/bundler";
import { decodeArtifact } from "@shortcrust/artifact";
import { ContractInstance, type HostHooks } from "../sandbox/instance";
import { interpreterImage, newInterpreter, quickjsModule } from "../sandbox/quickjs";
import { sandboxPool } from "../sandbox/pool";
import { VM } from "../vm/vm";
import { ethereumCounter } from "./ethereumjs-peer";

export const suite = "runtime";

const LIMIT = 1_000_000_000n;
const OWNER = new Uint8Array(32);
const NONE = new Uint8Array(0);
const I64 = codec<bigint>({ kind: "i64" });
const U32 = codec<number>({ kind: "u32" });
const LOOP = 2_000;

/** The contract template's generated entry glue (`templates/contract`), from dist/bench or src/bench. */
function templateEntry(name: string): string {
  return join(
    __dirname,
    "..",
    "..",
    "..",
    "..",
    "templates",
    "contract",
    "src",
    "generated",
    `${name}.entry.ts`,
  );
}

function fixturePath(name: string): string {
  // dist/bench → src/fixtures (the fixtures are bundled from their TypeScript sources).
  return join(__dirname, "..", "..", "src", "fixtures", `${name}.ts`);
}

/** A bare QuickJS runtime holding `code`, with host get/set like a contract's state. */
async function bare(code: string, extra: (ctx: QuickJSContext) => void = () => {}) {
  const mod = await quickjsModule();
  const rt: QuickJSRuntime = mod.newRuntime();
  const ctx = rt.newContext();
  let stored = new Uint8Array(8);
  const get = ctx.newFunction("get", () => ctx.newArrayBuffer(stored.slice().buffer));
  const set = ctx.newFunction("set", (h) => {
    const lt = ctx.getArrayBuffer(h);
    stored = lt.value.slice();
    lt.dispose();
  });
  ctx.setProp(ctx.global, "get", get);
  ctx.setProp(ctx.global, "set", set);
  get.dispose();
  set.dispose();
  extra(ctx);
  const fn = ctx.unwrapResult(ctx.evalCode(code));
  const name = ctx.newString("increment");
  const call = (arg: Uint8Array): Uint8Array => {
    const a = ctx.newArrayBuffer(new Uint8Array(arg).buffer);
    const r = ctx.unwrapResult(ctx.callFunction(fn, ctx.undefined, name, a));
    a.dispose();
    const lt = ctx.getArrayBuffer(r);
    const out = lt.value.slice();
    lt.dispose();
    r.dispose();
    return out;
  };
  return {
    ctx,
    rt,
    fn,
    call,
    dispose: () => (name.dispose(), fn.dispose(), ctx.dispose(), rt.dispose()),
  };
}

/** The bare equivalent of the counter: read the record, add one, write it back, return unit. */
const BARE_COUNTER = `(function (fn, arg) {
  const v = new DataView(get());
  const out = new ArrayBuffer(8);
  new DataView(out).setBigInt64(0, v.getBigInt64(0, true) + 1n, true);
  set(out);
  return new ArrayBuffer(0);
})`;

const noHooks: HostHooks = {
  oog: () => {
    throw new Error("out of gas in benchmark");
  },
  sget: () => undefined,
  tooBig: () => {},
  eget: () => undefined,
  eset: () => {},
  selfId: () => OWNER,
  caller: () => null,
  callstack: () => [],
  owner: () => null,
  meta: () => undefined,
  emit: () => {},
  feed: () => {},
  debug: () => {},
  call: () => ({ code: 4, charged: 0, epoch: 0 }),
  hqPrice: () => 0,
  hq: () => NONE,
  fault: () => {},
};

export async function cases() {
  const vm = await VM.ephemeral();
  const counterArt = await buildArtifact({ entry: fixturePath("counter") });
  const ccArt = await buildArtifact({ entry: fixturePath("callcenter") });
  const s = vm.session();
  const counter = s.deploy(counterArt, { owner: OWNER, gasLimit: LIMIT }).contractId;
  const cc = s.deploy(ccArt, { owner: OWNER, gasLimit: LIMIT }).contractId;

  const single = await bare(BARE_COUNTER);
  // Nested: guest A's function calls the host, which calls guest B (the counter read) and back.
  const inner = await bare(`(function () { return get(); })`);
  const outer = await bare(
    `(function (fn, arg) { const r = callB(arg); return new DataView(r).getBigInt64(0, true) >= 0n ? r : r; })`,
    (ctx) => {
      const callB = ctx.newFunction("callB", (h: QuickJSHandle) => {
        const lt = ctx.getArrayBuffer(h);
        const arg = lt.value.slice();
        lt.dispose();
        return ctx.newArrayBuffer(inner.call(arg).buffer);
      });
      ctx.setProp(ctx.global, "callB", callB);
      callB.dispose();
    },
  );

  const image = await interpreterImage();
  const metered = new ContractInstance(
    newInterpreter(image),
    decodeArtifact(await buildArtifact({ entry: fixturePath("cpu") })).code,
    noHooks,
    "cpu",
  );
  const unmetered = new ContractInstance(
    newInterpreter(image),
    decodeArtifact(await buildArtifact({ entry: fixturePath("cpu"), unmetered: true })).code,
    noHooks,
    "cpu",
  );
  const loopArg = U32.archive(LOOP);
  const expected = metered.dispatch("run", loopArg, 1e12, 1e12);
  const check = unmetered.dispatch("run", loopArg, 1e12, 1e12);
  if (
    expected.kind !== "ok" ||
    check.kind !== "ok" ||
    U32.deserialize(expected.data) !== U32.deserialize(check.data)
  ) {
    throw new Error("metered and unmetered cpu contracts disagree");
  }

  // Failed vs successful call of the same work: the counter's increment_panic(bool) writes its
  // record, then panics when asked (the panicking call is rolled back, so the state stays put).
  const YES = codec<boolean>({ kind: "bool" }).archive(true);
  const NO = codec<boolean>({ kind: "bool" }).archive(false);
  const failing = () => {
    try {
      s.call(counter, "increment_panic", YES, LIMIT);
    } catch (e) {
      if ((e as Error).name === "PanicError") return;
      throw e;
    }
    throw new Error("increment_panic(true) did not panic");
  };

  // Session metadata: the template's timelock `status()` reads block_height and chain_id.
  const metaSession = vm.session({
    metadata: new Map([
      ["block_height", codec<bigint>({ kind: "u64" }).archive(42n)],
      ["chain_id", codec<number>({ kind: "u8" }).archive(1)],
    ]),
  });
  const timelock = metaSession.deploy(
    await buildArtifact({ entry: templateEntry("timelock.Timelock") }),
    { owner: OWNER, gasLimit: LIMIT, initArg: codec<number>({ kind: "u8" }).archive(1) },
  ).contractId;

  // Engine cases (issue 13): a session's first call, the per-call heap restore, a failed call.
  const base = await s.commit();
  s.call(counter, "increment", NONE, LIMIT);
  const counterSandbox = [...sandboxPool.idleInstances()].find((i) =>
    i.functions.has("increment_panic"),
  );
  if (counterSandbox === undefined) throw new Error("the counter's sandbox is not pooled");
  counterSandbox.heap.recordNext();
  counterSandbox.dispatch("increment", NONE, 1e9, 1e9);
  const incrementBlocks = counterSandbox.heap.lastRestoredBlocks();
  const panicArg = new Uint8Array([1]);
  // The interpreter alone: the same JS loop in a bare context on the stock and the metered module.
  const LOOP_JS =
    "(() => { let s = 0; for (let i = 0; i < 20000; i++) s = (s + i * 7) % 1000003; return s; })()";
  const stockCtx = (await quickjsModule()).newContext();
  const meteredInterp = newInterpreter(image);
  const meteredCtx = meteredInterp.quickjs.newContext();
  meteredInterp.fuel.value = 2n ** 62n;
  const evalLoop = (ctx: QuickJSContext) => {
    const h = ctx.unwrapResult(ctx.evalCode(LOOP_JS));
    const n = ctx.getNumber(h);
    h.dispose();
    return n;
  };

  // Open a session, call once, commit (what a test suite that opens a session per test pays),
  // against @ethereumjs/vm's runTx + getStateRoot of the same counter in the same process.
  const evm = await ethereumCounter();
  const before = await evm.slot();
  await evm.step();
  if ((await evm.slot()) !== before + 1n) throw new Error("the EVM counter did not count");
  let head = base;

  let deploys = 0;
  return [
    {
      case: "engine/first-call-in-new-session",
      impl: "shortcrust",
      fn: () => {
        const t = vm.session({ base });
        t.call(counter, "increment", NONE, LIMIT);
        t.close();
      },
    },
    {
      case: "engine/restore-after-increment",
      impl: "shortcrust",
      fn: () => {
        counterSandbox.heap.markBlocks(incrementBlocks);
        counterSandbox.heap.restore();
      },
    },
    {
      case: "engine/failed-increment",
      impl: "shortcrust",
      fn: () => {
        try {
          s.call(counter, "increment_panic", panicArg, LIMIT);
        } catch {
          /* the panic is the case */
        }
      },
    },
    {
      case: "engine/interpreter-loop",
      impl: "quickjs-stock",
      fn: () => evalLoop(stockCtx),
    },
    {
      case: "engine/interpreter-loop",
      impl: "quickjs-metered",
      fn: () => evalLoop(meteredCtx),
    },
    {
      case: "counter/increment",
      impl: "shortcrust",
      fn: () => s.call(counter, "increment", NONE, LIMIT),
    },
    { case: "counter/increment", impl: "quickjs-bare", fn: () => single.call(NONE) },
    {
      case: "nested/call",
      impl: "shortcrust",
      fn: () => s.call(cc, "query_counter", counter, LIMIT, { retCodec: I64 }),
    },
    { case: "nested/call", impl: "quickjs-bare", fn: () => outer.call(counter) },
    {
      case: "cpu-loop/run",
      impl: "metered",
      fn: () => metered.dispatch("run", loopArg, 1e12, 1e12),
    },
    {
      case: "cpu-loop/run",
      impl: "unmetered",
      fn: () => unmetered.dispatch("run", loopArg, 1e12, 1e12),
    },
    {
      case: "failed-call/increment",
      impl: "succeeds",
      fn: () => s.call(counter, "increment_panic", NO, LIMIT),
    },
    { case: "failed-call/increment", impl: "panics", fn: failing },
    {
      case: "metadata/timelock-status",
      impl: "shortcrust",
      fn: () => metaSession.call(timelock, "status", NONE, LIMIT),
    },
    { case: "metadata/timelock-status", impl: "quickjs-bare", fn: () => single.call(NONE) },
    {
      case: "deploy/counter",
      impl: "shortcrust",
      fn: () => {
        const id = new Uint8Array(32);
        new DataView(id.buffer).setUint32(0, ++deploys, true);
        s.deploy(counterArt, { owner: OWNER, gasLimit: LIMIT, contractId: id });
      },
    },
    // Last: its commits stay in the VM's store, and their garbage would be the next cases'.
    {
      case: "session/open-call-commit",
      impl: "shortcrust",
      fn: async () => {
        const t = vm.session({ base: head });
        t.call(counter, "increment", NONE, LIMIT);
        head = await t.commit();
        t.close();
      },
    },
    { case: "session/open-call-commit", impl: "ethereumjs-runTx", fn: () => evm.step() },
  ];
}
