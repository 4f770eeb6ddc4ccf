// Suite `runtime`: calls through a session vs a bare quickjs-emscripten host→guest loop, the cost
// of gas metering on a CPU-bound contract, and deploy time.
import { join } from "node:path";
import type { QuickJSContext, QuickJSHandle, QuickJSRuntime } from "quickjs-emscripten";
import { codec } from "@shortcrust/sdk";
import { buildArtifact } from "@shortcrust/bundler";
import { decodeArtifact } from "@shortcrust/artifact";
import { ContractInstance, type HostHooks } from "../sandbox/instance";
import { quickjsModule } from "../sandbox/quickjs";
import { VM } from "../vm/vm";

export const suite = "runtime";

const LIMIT = 1_000_000_000n;
const OWNER = new Uint8Array(32);
const NONE = new Uint8Array(0);
const I64 = codec<bigint>({ kind: "i64" });
const U32 = codec<number>({ kind: "u32" });
const LOOP = 2_000;

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

  const mod = await quickjsModule();
  const metered = new ContractInstance(
    mod,
    decodeArtifact(await buildArtifact({ entry: fixturePath("cpu") })).code,
    noHooks,
    "cpu",
  );
  const unmetered = new ContractInstance(
    mod,
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

  let deploys = 0;
  return [
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
      case: "deploy/counter",
      impl: "shortcrust",
      fn: () => {
        const id = new Uint8Array(32);
        new DataView(id.buffer).setUint32(0, ++deploys, true);
        s.deploy(counterArt, { owner: OWNER, gasLimit: LIMIT, contractId: id });
      },
    },
  ];
}
