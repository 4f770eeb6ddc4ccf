// piecrust's suite in spirit, on the real Rust fixtures (contracts/rust/fixtures, see its README):
// results, receipts, call trees, rollback, gas limits and determinism, metadata, feeds, events,
// init, deploy ids, memory growth and persistence, hostile modules, mixed TypeScript/WASM trees.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { codec } from "@shortcrust/sdk";
import { VM } from "../vm/vm";
import { ephemeralVmForFile } from "./testing/session-pool";
import type { Session } from "../session/session";
import { fixture, LIMIT, OWNER } from "../testing/fixtures";
import {
  BOOL,
  DELEGATE,
  decodeResult,
  I64,
  ID,
  ID_U64,
  idOf,
  OPT_U64,
  U32,
  U64,
  U8,
} from "../testing/helpers";
import { rustFixture } from "../testing/rust-fixtures";
import {
  CallOutcome,
  CallRequest,
  GasReport,
  HostQueryRequest,
} from "../testing/rust-types/generated/fixture-types.codec";
import { isOutOfGasError, isPanicError, isInitializationError } from "../errors";
import { isWasmTrapError, isWasmValidationError } from "./errors";
import { MAX_MEMORY_PAGES } from "./abi";

const I16 = codec<number>({ kind: "i16" });
const OPT_I16 = codec<number | null>({ kind: "option", some: { kind: "i16" } });
const OPT_U8 = codec<number | null>({ kind: "option", some: { kind: "u8" } });
const OPT_BYTES = codec<Uint8Array | null>({
  kind: "option",
  some: { kind: "vec", element: { kind: "u8" } },
});
const OPT_ID = codec<Uint8Array | null>({ kind: "option", some: { kind: "bytes", len: 32 } });
const VEC_ID = codec<Uint8Array[]>({ kind: "vec", element: { kind: "bytes", len: 32 } });
const BYTES = codec<Uint8Array>({ kind: "vec", element: { kind: "u8" } });
const STR = codec<string>({ kind: "string" });
const U64_PAIR = codec<[bigint, bigint]>({
  kind: "tuple",
  elements: [{ kind: "u64" }, { kind: "u64" }],
});

const env = ephemeralVmForFile();
const open = env.open;
const none = new Uint8Array(0);
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const deploy = (
  s: Session,
  name: string,
  opts: { contractId?: Uint8Array; initArg?: Uint8Array; owner?: Uint8Array } = {},
) =>
  s.deploy(rustFixture(name), { owner: opts.owner ?? OWNER, gasLimit: LIMIT, ...opts }).contractId;
const req = (contract: Uint8Array, fn_name: string, fn_arg: Uint8Array = none, gas_limit = 0n) =>
  CallRequest.archive({ contract, fn_name, fn_arg, gas_limit });
const outcome = (b: Uint8Array) => CallOutcome.deserialize(b);
const readI64 = (s: Session, id: Uint8Array) =>
  I64.deserialize(s.callRaw(id, "read_value", none, LIMIT).data);
function failure(f: () => unknown): Error & Record<string, unknown> {
  try {
    f();
  } catch (e) {
    return e as Error & Record<string, unknown>;
  }
  throw new Error("expected a failure");
}

beforeAll(async () => {
  rustFixture("counter");
}, 600_000);

describe("deploy", () => {
  test("the id is blake3 of the bytes; an explicit id deploys the same bytes twice", () => {
    const s = open();
    const bytes = rustFixture("counter");
    const a = deploy(s, "counter");
    expect(hex(a)).toBe(hex(env.vm.blake3(bytes)));
    expect(() => deploy(s, "counter")).toThrow(/already deployed/);
    const b = deploy(s, "counter", { contractId: idOf(7) });
    expect(hex(b)).toBe(hex(idOf(7)));
    s.callRaw(b, "increment", none, LIMIT);
    expect(readI64(s, a)).toBe(0xfcn);
    expect(readI64(s, b)).toBe(0xfdn);
    expect(s.contracts().map(hex).sort()).toEqual([hex(a), hex(b)].sort());
  });
});

describe("counter", () => {
  test("results and receipts: gas spent, a one-frame call tree, no events", () => {
    const s = open();
    const id = deploy(s, "counter");
    const r = s.callRaw(id, "increment", none, LIMIT);
    expect(r.gasSpent).toBeGreaterThan(0n);
    expect(r.gasLimit).toBe(LIMIT);
    expect(r.events).toEqual([]);
    expect(r.callTree).toHaveLength(1);
    expect(hex(r.callTree[0].contractId)).toBe(hex(id));
    expect(r.callTree[0].spent).toBe(r.gasSpent);
    expect(s.call(id, "read_value", none, LIMIT, { retCodec: I64 }).data).toBe(0xfdn);
  });
});

describe("everest (metadata gate)", () => {
  const u64le = (n: bigint) => U64.archive(n);
  test("reads the session's metadata; the gate passes and refuses by height", () => {
    const s = open({ metadata: { block_height: u64le(120n), chain_id: Uint8Array.of(7) } });
    const id = deploy(s, "everest");
    expect(OPT_U64.deserialize(s.callRaw(id, "get_block_height", none, LIMIT).data)).toBe(120n);
    expect(OPT_U64.deserialize(s.callRaw(id, "get_height", none, LIMIT).data)).toBeNull();
    expect(OPT_U8.deserialize(s.callRaw(id, "get_chain_id", none, LIMIT).data)).toBe(7);
    expect(
      OPT_BYTES.deserialize(s.callRaw(id, "get_meta", STR.archive("chain_id"), LIMIT).data),
    ).toEqual(Uint8Array.of(7));
    expect(U64.deserialize(s.callRaw(id, "require_height", U64.archive(100n), LIMIT).data)).toBe(
      120n,
    );
    const e = failure(() => s.callRaw(id, "require_height", U64.archive(121n), LIMIT));
    expect(isPanicError(e)).toBe(true);
    expect(e.panicMessage).toBe("block height 120 is below 121");
    s.setMeta("block_height", u64le(121n));
    expect(U64.deserialize(s.callRaw(id, "require_height", U64.archive(121n), LIMIT).data)).toBe(
      121n,
    );
    s.removeMeta("block_height");
    expect(
      failure(() => s.callRaw(id, "require_height", U64.archive(1n), LIMIT)).panicMessage,
    ).toBe("no block height in this session");
    // a value of the wrong width is no u64
    s.setMeta("height", Uint8Array.of(1, 2));
    expect(OPT_U64.deserialize(s.callRaw(id, "get_height", none, LIMIT).data)).toBeNull();
  });
});

describe("callcenter", () => {
  test("calls the Rust counter and the TypeScript counter alike", async () => {
    const s = open();
    const cc = deploy(s, "callcenter");
    const rc = deploy(s, "counter");
    const tc = s.deploy(await fixture("counter"), { owner: OWNER, gasLimit: LIMIT }).contractId;
    for (const c of [rc, tc]) {
      expect(I64.deserialize(s.callRaw(cc, "query_counter", ID.archive(c), LIMIT).data)).toBe(
        0xfcn,
      );
      const r = s.callRaw(cc, "increment_counter", ID.archive(c), LIMIT);
      expect(r.callTree.map((e) => hex(e.contractId))).toEqual([hex(c), hex(cc)]);
      expect(r.callTree.reduce((a, e) => a + e.spent, 0n)).toBe(r.gasSpent);
      expect(readI64(s, c)).toBe(0xfdn);
    }
  });

  test("delegated calls return the callee's outcome: Ok, Panic, DoesNotExist", async () => {
    const s = open();
    const cc = deploy(s, "callcenter");
    const rc = deploy(s, "counter");
    const tc = s.deploy(await fixture("counter"), { owner: OWNER, gasLimit: LIMIT }).contractId;
    expect(outcome(s.callRaw(cc, "delegate_query", req(rc, "read_value"), LIMIT).data)).toEqual({
      case: "Ok",
      value: I64.archive(0xfcn),
    });
    expect(outcome(s.callRaw(cc, "delegate_query", req(tc, "read_value"), LIMIT).data)).toEqual({
      case: "Ok",
      value: I64.archive(0xfcn),
    });
    for (const c of [rc, tc]) {
      const r = s.callRaw(
        cc,
        "delegate_transaction",
        req(c, "increment_panic", BOOL.archive(true)),
        LIMIT,
      );
      expect(outcome(r.data)).toEqual({ case: "Panic", value: "Incremental panic" });
      expect(readI64(s, c)).toBe(0xfcn);
    }
    expect(outcome(s.callRaw(cc, "delegate_query", req(idOf(9), "x"), LIMIT).data)).toEqual({
      case: "DoesNotExist",
    });
    // a delegated panic of the callcenter's own
    expect(outcome(s.callRaw(cc, "delegate_query", req(cc, "panik"), LIMIT).data)).toEqual({
      case: "Panic",
      value: "panik",
    });
  });

  test("caller, self_id, callstack; call_self; call_self_n_times", () => {
    const s = open();
    const cc = deploy(s, "callcenter");
    expect(OPT_ID.deserialize(s.callRaw(cc, "return_caller", none, LIMIT).data)).toBeNull();
    expect(hex(ID.deserialize(s.callRaw(cc, "return_self_id", none, LIMIT).data))).toBe(hex(cc));
    expect(VEC_ID.deserialize(s.callRaw(cc, "return_callstack", none, LIMIT).data)).toEqual([]);
    expect(BOOL.deserialize(s.callRaw(cc, "call_self", none, LIMIT).data)).toBe(true);
    const stack = VEC_ID.deserialize(
      s.callRaw(cc, "call_self_n_times", U32.archive(5), 100_000_000n).data,
    );
    expect(stack.map(hex)).toEqual(Array(5).fill(hex(cc)));
    const r = s.callRaw(cc, "delegate_query", req(cc, "return_caller"), LIMIT);
    const o = outcome(r.data);
    expect(o.case).toBe("Ok");
    expect(hex(OPT_ID.deserialize((o as { value: Uint8Array }).value)!)).toBe(hex(cc));
  });

  test("host queries (the VM's own) and debug output", () => {
    const s = open();
    const cc = deploy(s, "callcenter");
    env.vm.registerHostQuery("rev", {
      price: () => 5n,
      execute: (a) => Uint8Array.from(a).reverse(),
    });
    const q = s.callRaw(
      cc,
      "query_host",
      HostQueryRequest.archive({ name: "rev", arg: Uint8Array.of(1, 2, 3) }),
      LIMIT,
    );
    expect(BYTES.deserialize(q.data)).toEqual(Uint8Array.of(3, 2, 1));
    expect(
      failure(() =>
        s.callRaw(cc, "query_host", HostQueryRequest.archive({ name: "nope", arg: none }), LIMIT),
      ).name,
    ).toBe("MissingHostQueryError");
    const d = s.callRaw(cc, "debug_echo", STR.archive("hi"), LIMIT);
    expect(d.debug.map((l) => l.message)).toEqual(["echo: hi"]);
    expect([...s.callRaw(cc, "return_raw", Uint8Array.of(9, 8, 7), LIMIT).data]).toEqual([9, 8, 7]);
  });
});

describe("deserialization", () => {
  test("argument bytes that are no archive are a typed panic; state unchanged", () => {
    const s = open();
    const cc = deploy(s, "callcenter");
    const root = s.root();
    const e = failure(() => s.callRaw(cc, "query_counter", Uint8Array.of(1, 2, 3), LIMIT));
    expect(isPanicError(e)).toBe(true);
    expect(e.panicMessage).toMatch(/invalid argument: not an archived/);
    expect(hex(s.root())).toBe(hex(root));
    const b = failure(() =>
      s.callRaw(deploy(s, "everest"), "require_height", Uint8Array.of(1), LIMIT),
    );
    expect(isPanicError(b)).toBe(true);
  });

  test("a callee's return that fails validation is a Panic outcome for the caller", () => {
    const s = open();
    const cc = deploy(s, "callcenter");
    expect(
      outcome(s.callRaw(cc, "call_expecting_bool", req(cc, "return_two"), LIMIT).data),
    ).toMatchObject({
      case: "Panic",
      value: expect.stringContaining("Callee return value failed validation"),
    });
    expect(outcome(s.callRaw(cc, "call_expecting_bool", req(cc, "call_self"), LIMIT).data)).toEqual(
      {
        case: "Ok",
        value: Uint8Array.of(1),
      },
    );
  });
});

describe("box", () => {
  test("a heap Box persists across calls and commits", async () => {
    const s = open();
    const id = deploy(s, "boxer");
    expect(OPT_I16.deserialize(s.callRaw(id, "get", none, LIMIT).data)).toBeNull();
    s.callRaw(id, "set", I16.archive(-0x11), LIMIT);
    expect(OPT_I16.deserialize(s.callRaw(id, "get", none, LIMIT).data)).toBe(-0x11);
    s.callRaw(id, "set", I16.archive(0x23), LIMIT);
    const root = await s.commit();
    expect(OPT_I16.deserialize(open({ base: root }).callRaw(id, "get", none, LIMIT).data)).toBe(
      0x23,
    );
  });
});

describe("eventer and event_reverter", () => {
  test("events: topic, source, data", () => {
    const s = open();
    const id = deploy(s, "eventer");
    for (const fn of ["emit_events", "emit_events_raw"]) {
      const r = s.callRaw(id, fn, U32.archive(4), LIMIT);
      expect(r.events.map((e) => [e.topic, [...e.data], e.reverted, hex(e.source)])).toEqual(
        [0, 1, 2, 3].map((i) => ["number", [i, 0, 0, 0], false, hex(id)]),
      );
    }
    const a = s.callRaw(id, "emit_input", new Uint8Array(10), LIMIT).gasSpent;
    const b = s.callRaw(id, "emit_input", new Uint8Array(20), LIMIT).gasSpent;
    expect(b).toBeGreaterThan(a);
  });

  test("a failed child's events are marked reverted, its state undone; the parent's kept", () => {
    const s = open();
    const ev = deploy(s, "eventer");
    const rv = deploy(s, "event_reverter");
    const r = s.callRaw(
      rv,
      "emit_then_call_failing",
      req(rv, "emit_then_panic", ID.archive(ev)),
      LIMIT,
    );
    expect(outcome(r.data)).toEqual({ case: "Panic", value: "reverting" });
    expect(r.events.map((e) => [e.topic, e.reverted])).toEqual([
      ["before", false],
      ["number", true],
      ["reverter", true],
      ["after", false],
    ]);
    expect(readI64(s, ev)).toBe(0n);
    // the top-level failure: a typed panic, nothing stored
    const root = s.root();
    const e = failure(() => s.callRaw(rv, "emit_then_panic", ID.archive(ev), LIMIT));
    expect(e.panicMessage).toBe("reverting");
    expect(hex(s.root())).toBe(hex(root));
    s.callRaw(ev, "emit_and_mutate", I64.archive(5n), LIMIT);
    expect(readI64(s, ev)).toBe(5n);
  });
});

describe("feeder", () => {
  test("feeds reach the feeder in order; outside a feeder call it is MissingFeed", () => {
    const s = open();
    const id = deploy(s, "feeder");
    const got: number[] = [];
    s.feederCall(id, "feed_num", U32.archive(5), LIMIT, (b) => got.push(U32.deserialize(b)));
    expect(got).toEqual([0, 1, 2, 3, 4]);
    const raw: number[][] = [];
    s.feederCall(id, "feed_input", Uint8Array.of(4, 5), LIMIT, (b) => raw.push([...b]));
    expect(raw).toEqual([[4, 5]]);
    expect(failure(() => s.callRaw(id, "feed_num", U32.archive(1), LIMIT)).name).toBe(
      "MissingFeedError",
    );
  });
});

describe("metadata (owner, self id)", () => {
  test("owner of self and of others; None for no contract", () => {
    const s = open();
    const owner = new Uint8Array(40).fill(0xab);
    const id = deploy(s, "metadata", { owner });
    const c = deploy(s, "counter");
    expect(BYTES.deserialize(s.callRaw(id, "read_owner", none, LIMIT).data)).toEqual(owner);
    expect(hex(ID.deserialize(s.callRaw(id, "read_id", none, LIMIT).data))).toBe(hex(id));
    expect(
      OPT_BYTES.deserialize(s.callRaw(id, "read_owner_of", ID.archive(c), LIMIT).data),
    ).toEqual(OWNER);
    expect(
      OPT_BYTES.deserialize(s.callRaw(id, "read_owner_of", ID.archive(idOf(3)), LIMIT).data),
    ).toBeNull();
  });
});

describe("initializer", () => {
  test("init runs once at deploy with its argument, or none; never callable later", () => {
    const s = open();
    const a = deploy(s, "initializer", { initArg: U8.archive(0xab) });
    expect(U8.deserialize(s.callRaw(a, "read_value", none, LIMIT).data)).toBe(0xab);
    const b = deploy(s, "initializer", { contractId: idOf(2) });
    expect(U8.deserialize(s.callRaw(b, "read_value", none, LIMIT).data)).toBe(0x10);
    s.callRaw(a, "increment", none, LIMIT);
    expect(U8.deserialize(s.callRaw(a, "read_value", none, LIMIT).data)).toBe(0xac);
    expect(() => s.callRaw(a, "init", U8.archive(1), LIMIT)).toThrow(/init call not allowed/);
  });

  test("a failing init (too many bytes) deploys nothing", () => {
    const s = open();
    const root = s.root();
    const e = failure(() => deploy(s, "initializer", { initArg: Uint8Array.of(1, 2, 3) }));
    expect(isInitializationError(e)).toBe(true);
    expect(hex(s.root())).toBe(hex(root));
    expect(s.contracts()).toHaveLength(0);
  });
});

describe("growth (grower)", () => {
  test("memory grows and persists; a failed call's growth and appends are undone", async () => {
    const s = open();
    const id = deploy(s, "grower");
    const pages = () => U32.deserialize(s.callRaw(id, "pages", none, LIMIT).data);
    const len = () => U32.deserialize(s.callRaw(id, "len", none, LIMIT).data);
    const p0 = pages();
    expect(U32.deserialize(s.callRaw(id, "grow", U32.archive(2), LIMIT).data)).toBe(p0 + 2);
    expect(U32.deserialize(s.callRaw(id, "append", U32.archive(200_000), 100_000_000n).data)).toBe(
      200_000,
    );
    const p1 = pages();
    expect(p1).toBeGreaterThan(p0 + 2);
    const root = s.root();
    const e = failure(() => s.callRaw(id, "append_and_panic", U32.archive(300_000), 100_000_000n));
    expect(e.panicMessage).toBe("appended");
    expect(hex(s.root())).toBe(hex(root));
    expect(pages()).toBe(p1);
    expect(len()).toBe(200_000);
    const committed = await s.commit();
    const t = open({ base: committed });
    expect(U32.deserialize(t.callRaw(id, "pages", none, LIMIT).data)).toBe(p1);
    expect(U32.deserialize(t.callRaw(id, "len", none, LIMIT).data)).toBe(200_000);
  });
});

describe("spender-style gas limits", () => {
  test("93% default, an explicit limit as given, and what the frames saw", () => {
    const s = open();
    const sp = deploy(s, "spender");
    const cc = deploy(s, "callcenter");
    expect(U64.deserialize(s.callRaw(sp, "get_limit", none, 500_000n).data)).toBe(500_000n);
    const [limit, spent] = U64_PAIR.deserialize(s.callRaw(sp, "limit_and_spent", none, 4321n).data);
    expect(limit).toBe(4321n);
    expect(spent).toBeGreaterThan(0n);
    const g = GasReport.deserialize(
      s.callRaw(sp, "get_limit_and_spent", U64.archive(0n), LIMIT).data,
    );
    expect(g.limit).toBe(LIMIT);
    // the callee's default limit: 93% of what remained at the call (a few operators after
    // `spent_before` was read: archiving the argument, the import's own cost)
    const at = (spent: bigint) => ((LIMIT - spent) * 93n) / 100n;
    expect(g.callee_limit).toBeLessThanOrEqual(at(g.spent_before));
    expect(g.callee_limit).toBeGreaterThan(at(g.spent_before + 1000n));
    expect(g.spent_after).toBeGreaterThan(g.spent_before + g.callee_spent);
    const h = GasReport.deserialize(
      s.callRaw(sp, "get_limit_and_spent", U64.archive(12_345n), LIMIT).data,
    );
    expect(h.callee_limit).toBe(12_345n);
    expect(
      U64.deserialize(
        s.callRaw(cc, "call_and_report_limit", ID_U64.archive([cc, 777n]), LIMIT).data,
      ),
    ).toBe(777n);
  });

  test("a failed child burns its whole limit; the caller goes on", () => {
    const s = open();
    const sp = deploy(s, "spender");
    const cc = deploy(s, "callcenter");
    const run = (limit: bigint) =>
      s.callRaw(cc, "call_spend_with_limit", ID_U64.archive([sp, limit]), LIMIT);
    run(5_000n); // the callcenter's first call sets up its heap (more gas, once)
    const a = run(10_000n);
    const b = run(20_000n);
    expect(outcome(a.data)).toEqual({ case: "OutOfGas" });
    expect(outcome(b.data)).toEqual({ case: "OutOfGas" });
    expect(b.gasSpent - a.gasSpent).toBe(10_000n);
    // the failed child is pruned from the tree; its burned limit counts in the caller's spend
    expect(a.callTree.map((e) => hex(e.contractId))).toEqual([hex(cc)]);
    expect(a.callTree[0].spent).toBe(a.gasSpent);
    expect(a.gasSpent).toBeGreaterThan(10_000n);
    expect(readI64(s, deploy(s, "counter"))).toBe(0xfcn);
    // a top-level spend is out of gas with the whole limit spent
    const e = failure(() => s.callRaw(sp, "spend", none, 50_000n));
    expect(isOutOfGasError(e)).toBe(true);
  });

  test("the same calls cost exactly the same gas and give the same root in two fresh VMs", async () => {
    const run = async () => {
      const v = await VM.ephemeral();
      const t = v.session({ metadata: { block_height: U64.archive(9n) } });
      const d = (n: string) =>
        t.deploy(rustFixture(n), { owner: OWNER, gasLimit: LIMIT }).contractId;
      const [c, cc, sp, ev, gr] = ["counter", "callcenter", "spender", "eventer", "grower"].map(d);
      const gas = [
        t.callRaw(cc, "increment_counter", ID.archive(c), LIMIT).gasSpent,
        t.callRaw(cc, "call_spend_with_limit", ID_U64.archive([sp, 3333n]), LIMIT).gasSpent,
        t.callRaw(sp, "get_limit_and_spent", U64.archive(0n), LIMIT).gasSpent,
        t.callRaw(ev, "emit_events", U32.archive(7), LIMIT).gasSpent,
        t.callRaw(gr, "append", U32.archive(5000), LIMIT).gasSpent,
      ];
      const report = hex(t.callRaw(sp, "get_limit_and_spent", U64.archive(0n), LIMIT).data);
      const root = hex(await t.commit());
      t.close();
      await v.close();
      return { gas, report, root };
    };
    const first = await run();
    expect(await run()).toEqual(first);
  });
});

describe("hostile WASM", () => {
  test("an infinite loop is out of gas, quickly; state unchanged, the VM usable", () => {
    const s = open();
    const id = deploy(s, "looper");
    const root = s.root();
    const t0 = Date.now();
    const e = failure(() => s.callRaw(id, "forever", none, 5_000_000n));
    expect(isOutOfGasError(e)).toBe(true);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(hex(s.root())).toBe(hex(root));
    expect(U64.deserialize(s.callRaw(id, "count", U32.archive(10), LIMIT).data)).toBeDefined();
    expect(readI64(s, deploy(s, "counter"))).toBe(0xfcn);
  });

  test("deep recursion overflows Rust's stack: a typed trap, state unchanged, the VM usable", () => {
    const s = open();
    const id = deploy(s, "looper");
    expect(U32.deserialize(s.callRaw(id, "recurse", U32.archive(10), LIMIT).data)).toBeGreaterThan(
      0,
    );
    const root = s.root();
    // the shadow stack (64 KiB in linear memory) runs out below address 0
    const e = failure(() => s.callRaw(id, "recurse", U32.archive(10_000_000), 10_000_000_000n));
    expect(isWasmTrapError(e)).toBe(true);
    expect(e.message).toMatch(/trapped: memory access out of bounds/);
    expect(hex(s.root())).toBe(hex(root));
    expect(U32.deserialize(s.callRaw(id, "recurse", U32.archive(10), LIMIT).data)).toBeGreaterThan(
      0,
    );
  });

  test("the memory bomb stops at the VM's cap and fails typed; memory as before", () => {
    const s = open();
    const id = deploy(s, "grower");
    const p = U32.deserialize(s.callRaw(id, "pages", none, LIMIT).data);
    const root = s.root();
    const e = failure(() => s.callRaw(id, "bomb", none, 1_000_000_000n));
    expect(isPanicError(e)).toBe(true);
    expect(e.panicMessage).toBe(`grown to ${MAX_MEMORY_PAGES} pages`);
    expect(hex(s.root())).toBe(hex(root));
    expect(U32.deserialize(s.callRaw(id, "pages", none, LIMIT).data)).toBe(p);
    // with less gas it is out of gas before the cap, the same way
    expect(isOutOfGasError(failure(() => s.callRaw(id, "bomb", none, 20_000n)))).toBe(true);
    expect(U32.deserialize(s.callRaw(id, "pages", none, LIMIT).data)).toBe(p);
    const ok = U32.deserialize(s.callRaw(id, "grow", U32.archive(1), LIMIT).data);
    expect(ok).toBe(p + 1);
  });

  test.each([
    ["bad_export", /export 'bad' has signature \(i64\) -> \(i64\)/],
    ["unknown_import", /import env\.not_a_host_function: the VM provides no such import/],
  ])("%s is refused at deploy with a typed error naming the problem", (name, msg) => {
    const s = open();
    const root = s.root();
    const e = failure(() => deploy(s, name));
    expect(isWasmValidationError(e)).toBe(true);
    expect(e.message).toMatch(msg);
    expect(hex(s.root())).toBe(hex(root));
    expect(s.contracts()).toHaveLength(0);
    expect(readI64(s, deploy(s, "counter"))).toBe(0xfcn);
  });

  test("a panic carries its message and leaves state unchanged", () => {
    const s = open();
    const cc = deploy(s, "callcenter");
    const root = s.root();
    const e = failure(() => s.callRaw(cc, "panik", none, LIMIT));
    expect(isPanicError(e)).toBe(true);
    expect(e.panicMessage).toBe("panik");
    expect(hex(s.root())).toBe(hex(root));
  });
});

describe("mixed call trees", () => {
  test("caller and callstack across engines", async () => {
    const s = open();
    const tsCc = s.deploy(await fixture("callcenter"), {
      owner: OWNER,
      gasLimit: LIMIT,
    }).contractId;
    const wcc = deploy(s, "callcenter");
    const viaTs = (fn: string) => {
      const r = decodeResult(
        s.callRaw(tsCc, "delegate_query", DELEGATE.archive([wcc, fn, none]), LIMIT).data,
      );
      if (!("ok" in r)) throw new Error(`delegate ${fn}: ${r.err}`);
      return r.ok;
    };
    expect(hex(OPT_ID.deserialize(viaTs("return_caller"))!)).toBe(hex(tsCc));
    expect(VEC_ID.deserialize(viaTs("return_callstack")).map(hex)).toEqual([hex(tsCc)]);
    const viaWasm = (fn: string) => {
      const o = outcome(s.callRaw(wcc, "delegate_query", req(tsCc, fn), LIMIT).data);
      if (o.case !== "Ok") throw new Error(`delegate ${fn}: ${o.case}`);
      return o.value;
    };
    expect(hex(OPT_ID.deserialize(viaWasm("return_caller"))!)).toBe(hex(wcc));
    expect(VEC_ID.deserialize(viaWasm("return_callstack")).map(hex)).toEqual([hex(wcc)]);
    // three deep: WASM → TS → WASM, immediate caller first
    const o = outcome(
      s.callRaw(
        wcc,
        "delegate_query",
        req(tsCc, "delegate_query", DELEGATE.archive([wcc, "return_callstack", none])),
        LIMIT,
      ).data,
    );
    expect(o.case).toBe("Ok");
    const inner = decodeResult((o as { value: Uint8Array }).value);
    expect("ok" in inner && VEC_ID.deserialize(inner.ok).map(hex)).toEqual([hex(tsCc), hex(wcc)]);
  });

  test("TS → WASM → TS: a failure in the middle reverts exactly its subtree", async () => {
    const s = open();
    const tsCc = s.deploy(await fixture("callcenter"), {
      owner: OWNER,
      gasLimit: LIMIT,
    }).contractId;
    const tsEv = s.deploy(await fixture("eventer"), { owner: OWNER, gasLimit: LIMIT }).contractId;
    const tsCounter = s.deploy(await fixture("counter"), {
      owner: OWNER,
      gasLimit: LIMIT,
    }).contractId;
    const rv = deploy(s, "event_reverter");
    const wcc = deploy(s, "callcenter");
    const gr = deploy(s, "grower");
    // kept: TS callcenter → WASM callcenter → TS counter
    const ok = s.callRaw(
      tsCc,
      "delegate_transaction",
      DELEGATE.archive([wcc, "delegate_transaction", req(tsCounter, "increment")]),
      LIMIT,
    );
    expect("ok" in decodeResult(ok.data)).toBe(true);
    expect(ok.callTree.map((e) => hex(e.contractId))).toEqual([
      hex(tsCounter),
      hex(wcc),
      hex(tsCc),
    ]);
    expect(readI64(s, tsCounter)).toBe(0xfdn);
    // failed middle: TS callcenter → WASM reverter.emit_then_panic → TS eventer.emit_and_mutate
    const pagesBefore = U32.deserialize(s.callRaw(gr, "len", none, LIMIT).data);
    const d = s.callRaw(
      tsCc,
      "delegate_query_with_event",
      DELEGATE.archive([rv, "emit_then_panic", ID.archive(tsEv)]),
      LIMIT,
    );
    const res = decodeResult(d.data);
    expect(res).toMatchObject({ err: "Panic", message: "reverting" });
    expect(d.events.map((e) => [e.topic, e.reverted])).toEqual([
      ["callcenter-before", false],
      ["number", true],
      ["reverter", true],
      ["callcenter-after", false],
    ]);
    expect(readI64(s, tsEv)).toBe(0n);
    // WASM → TS → WASM: the kept outer frames, a reverted inner WASM memory write
    const m = s.callRaw(
      wcc,
      "delegate_transaction",
      req(
        tsCc,
        "delegate_transaction",
        DELEGATE.archive([gr, "append_and_panic", U32.archive(1000)]),
      ),
      LIMIT,
    );
    const o = outcome(m.data);
    expect(o.case).toBe("Ok");
    expect(decodeResult((o as { value: Uint8Array }).value)).toMatchObject({
      err: "Panic",
      message: "appended",
    });
    expect(U32.deserialize(s.callRaw(gr, "len", none, LIMIT).data)).toBe(pagesBefore);
    expect(readI64(s, tsCounter)).toBe(0xfdn);
  });
});

describe("commit, root, persistence", () => {
  test("memory pages survive commit and reopen in another process (VM.open, built runtime)", async () => {
    const dist = join(__dirname, "..", "..", "dist", "index.js");
    if (!existsSync(dist)) throw new Error(`${dist} is missing: run \`pnpm build\` (tsc -b) first`);
    const dir = mkdtempSync(join(tmpdir(), "sc-wasm2-"));
    try {
      const v = await VM.open(dir);
      const s = v.session();
      const c = deploy(s, "counter");
      const b = deploy(s, "boxer");
      const g = deploy(s, "grower");
      s.callRaw(c, "increment", none, LIMIT);
      s.callRaw(c, "increment", none, LIMIT);
      s.callRaw(b, "set", I16.archive(-300), LIMIT);
      s.callRaw(g, "append", U32.archive(150_000), 100_000_000n);
      const first = await s.commit();
      // a second commit over the first: only the counter changes
      s.callRaw(c, "increment", none, LIMIT);
      const root = await s.commit();
      expect(hex(root)).not.toBe(hex(first));
      s.close();
      await v.close();
      const r = spawnSync(
        process.execPath,
        [
          join(__dirname, "testing", "reopen-store.cjs"),
          dir,
          hex(root),
          `${hex(c)}:read_value`,
          `${hex(b)}:get`,
          `${hex(g)}:len`,
          `${hex(g)}:pages`,
        ],
        { encoding: "utf8", timeout: 120_000 },
      );
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      const out = JSON.parse(r.stdout) as { root: string; results: string[] };
      expect(out.root).toBe(hex(root));
      const [value, boxed, len, pages] = out.results.map((h) => Buffer.from(h, "hex"));
      expect(I64.deserialize(value)).toBe(0xffn);
      expect(OPT_I16.deserialize(boxed)).toBe(-300);
      expect(U32.deserialize(len)).toBe(150_000);
      expect(U32.deserialize(pages)).toBeGreaterThan(3);
      // and the first commit is still there, in this process
      const w = await VM.open(dir);
      const t = w.session({ base: first });
      expect(readI64(t, c)).toBe(0xfen);
      t.close();
      await w.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("more of piecrust's rules on Rust contracts", () => {
  test("depth 48 through the Rust callcenter: 48 frames run, the 49th is refused", () => {
    const s = open();
    const cc = deploy(s, "callcenter");
    const stack = VEC_ID.deserialize(
      s.callRaw(cc, "call_self_n_times", U32.archive(47), 1_000_000_000n).data,
    );
    expect(stack).toHaveLength(47);
    const e = failure(() => s.callRaw(cc, "call_self_n_times", U32.archive(48), 1_000_000_000n));
    expect(isPanicError(e)).toBe(true);
    // the innermost caller saw Unknown and panicked; each frame above wraps its callee's panic
    expect(e.panicMessage).toMatch(/Unknown/);
  });

  test("a built-in host query (sha256) from Rust", () => {
    const s = open();
    const cc = deploy(s, "callcenter");
    const data = Buffer.from("shortcrust");
    const r = s.callRaw(
      cc,
      "query_host",
      HostQueryRequest.archive({ name: "sha256", arg: BYTES.archive(data) }),
      LIMIT,
    );
    expect(hex(BYTES.deserialize(r.data))).toBe(createHash("sha256").update(data).digest("hex"));
  });

  test("metered loops: gas is linear in the rounds; limit and remaining gas as the frame sees them", () => {
    const s = open();
    const lp = deploy(s, "looper");
    const cc = deploy(s, "callcenter");
    // (the first call into a contract sets up its allocator in memory: more gas, once)
    s.callRaw(lp, "count", U32.archive(0), LIMIT);
    const gas = [500, 1000, 1500].map(
      (n) => s.callRaw(lp, "count", U32.archive(n), LIMIT).gasSpent,
    );
    expect(gas[2] - gas[1]).toBe(gas[1] - gas[0]);
    expect(gas[1] - gas[0]).toBe(500n * 20n); // 20 operators a round, as compiled
    expect(U64.deserialize(s.callRaw(cc, "get_limit", none, 77_777n).data)).toBe(77_777n);
    const remaining = U64.deserialize(s.callRaw(cc, "remaining_gas", none, 77_777n).data);
    expect(remaining).toBeLessThan(77_777n);
    expect(remaining).toBeGreaterThan(70_000n);
  });

  test("TypeScript → Rust: bad argument bytes are a Panic outcome; metadata reaches the nested frame", async () => {
    const s = open({ metadata: { block_height: U64.archive(31n) } });
    const tsCc = s.deploy(await fixture("callcenter"), {
      owner: OWNER,
      gasLimit: LIMIT,
    }).contractId;
    const wcc = deploy(s, "callcenter");
    const ev = deploy(s, "everest");
    const bad = decodeResult(
      s.callRaw(
        tsCc,
        "delegate_query",
        DELEGATE.archive([wcc, "query_counter", Uint8Array.of(1)]),
        LIMIT,
      ).data,
    );
    expect(bad).toMatchObject({ err: "Panic", message: expect.stringMatching(/invalid argument/) });
    const h = decodeResult(
      s.callRaw(tsCc, "delegate_query", DELEGATE.archive([ev, "get_block_height", none]), LIMIT)
        .data,
    );
    expect("ok" in h && OPT_U64.deserialize(h.ok)).toBe(31n);
    const gate = decodeResult(
      s.callRaw(
        tsCc,
        "delegate_query",
        DELEGATE.archive([ev, "require_height", U64.archive(32n)]),
        LIMIT,
      ).data,
    );
    expect(gate).toEqual({ err: "Panic", message: "block height 31 is below 32" });
  });

  test("feeds from a nested Rust frame reach the feeder of the top-level call", async () => {
    const s = open();
    const tsCc = s.deploy(await fixture("callcenter"), {
      owner: OWNER,
      gasLimit: LIMIT,
    }).contractId;
    const fd = deploy(s, "feeder");
    const got: number[] = [];
    s.feederCall(
      tsCc,
      "delegate_query",
      DELEGATE.archive([fd, "feed_num", U32.archive(3)]),
      LIMIT,
      (b) => got.push(U32.deserialize(b)),
    );
    expect(got).toEqual([0, 1, 2]);
  });

  test("debug lines: a Rust frame's on the receipt; a failed TypeScript child's marked reverted", async () => {
    const s = open();
    const cc = deploy(s, "callcenter");
    const rv = deploy(s, "event_reverter");
    const dbg = s.deploy(await fixture("debugger"), { owner: OWNER, gasLimit: LIMIT }).contractId;
    const inner = req(cc, "debug_echo", STR.archive("x"));
    const r = s.callRaw(
      rv,
      "emit_then_call_failing",
      req(cc, "delegate_transaction", inner),
      LIMIT,
    );
    expect(outcome(r.data).case).toBe("Ok");
    expect(r.debug.map((l) => [l.message, l.reverted, hex(l.contractId)])).toEqual([
      ["echo: x", false, hex(cc)],
    ]);
    // Rust reverter → TypeScript debugger.write_say_panic (writes, debugs, panics)
    const f = s.callRaw(rv, "emit_then_call_failing", req(dbg, "write_say_panic"), LIMIT);
    expect(outcome(f.data)).toEqual({ case: "Panic", value: "boom" });
    expect(f.debug.map((l) => [l.message, l.reverted])).toEqual([
      ["wrote the record, about to panic", true],
    ]);
    expect(f.events.map((e) => [e.topic, e.reverted])).toEqual([
      ["before", false],
      ["after", false],
    ]);
    expect(BOOL.deserialize(s.callRaw(dbg, "written", none, LIMIT).data)).toBe(false);
  });
});
