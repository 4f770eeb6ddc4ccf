// The WASM engine behind the session API: deploy, calls, gas, memory as state, mixed call trees.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VM } from "../vm/vm";
import { ephemeralVmForFile } from "./testing/session-pool";
import type { Session } from "../session/session";
import { fixture, LIMIT, OWNER } from "../testing/fixtures";
import { decodeResult, DELEGATE, I64, ID } from "../testing/helpers";
import {
  isDoesNotExistError,
  isInitializationError,
  isOutOfGasError,
  isPanicError,
} from "../errors";
import { isWasmTrapError, isWasmValidationError } from "./errors";
import { wat } from "./testing/wat";
import {
  ARGBUF_TOO_HIGH,
  BAD_EXPORT,
  CALLCENTER,
  COUNTER,
  CROSSOVER,
  DEEP,
  INITIALIZER,
  HOSTY,
  INFINITE_LOOP,
  NO_ARGBUF,
  UNKNOWN_IMPORT,
} from "./testing/contracts";

let counter: Uint8Array;
let callcenter: Uint8Array;
const env = ephemeralVmForFile();
const open = env.open;
const none = new Uint8Array(0);
const u32 = (n: number) => {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, true);
  return b;
};
const i64 = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset).getBigInt64(0, true);
const read = (s: Session, id: Uint8Array) => i64(s.callRaw(id, "read_value", none, LIMIT).data);
/** The WASM callcenter's `forward` argument. */
function fwd(id: Uint8Array, fn: string, arg: Uint8Array = none, gas = 0n): Uint8Array {
  const name = Buffer.from(fn);
  const out = new Uint8Array(32 + 1 + name.length + 8 + arg.length);
  out.set(id, 0);
  out[32] = name.length;
  out.set(name, 33);
  new DataView(out.buffer).setBigUint64(33 + name.length, gas, true);
  out.set(arg, 41 + name.length);
  return out;
}
const code = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset).getInt32(0, true);
const deploy = (s: Session, bytes: Uint8Array, contractId?: Uint8Array) =>
  s.deploy(bytes, { owner: OWNER, gasLimit: LIMIT, contractId }).contractId;

beforeAll(async () => {
  counter = await wat(COUNTER);
  callcenter = await wat(CALLCENTER);
});

describe("deploy and calls", () => {
  test("counter: read, increment, discard, commit, reopen at the base", async () => {
    const a = open();
    const id = deploy(a, counter);
    expect(Buffer.from(id)).toEqual(Buffer.from(env.vm.blake3(counter)));
    expect(read(a, id)).toBe(0xfcn);
    a.callRaw(id, "increment", none, LIMIT);
    expect(read(a, id)).toBe(0xfdn);
    a.close();
    const b = open();
    deploy(b, counter);
    expect(read(b, id)).toBe(0xfcn);
    b.callRaw(id, "increment", none, LIMIT);
    const root = await b.commit();
    const c = open({ base: root });
    // (a call changes the root even when it only reads: the host writes its argument into the
    // contract's argbuf, which is memory, as in piecrust)
    expect(Buffer.from(c.root())).toEqual(Buffer.from(root));
    expect(read(c, id)).toBe(0xfdn);
  });

  test("gas is piecrust's operator count (stores 32 for i64)", () => {
    const s = open();
    const id = deploy(s, counter);
    // i32.const, i32.const, i64.load, i64.store (32), i32.const: 36
    expect(s.callRaw(id, "read_value", none, LIMIT).gasSpent).toBe(36n);
    // i32.const i32.const i64.load i64.const i64.add i64.store(32) i32.const: 38
    expect(s.callRaw(id, "increment", none, LIMIT).gasSpent).toBe(38n);
  });

  test("a loop is checked at its header: out of gas ends the call, state unchanged", () => {
    const s = open();
    const id = deploy(s, counter);
    const small = s.callRaw(id, "spin", u32(10), LIMIT).gasSpent;
    const big = s.callRaw(id, "spin", u32(20), LIMIT).gasSpent;
    // per iteration: br_if's block (local.get, i32.eqz, br_if) + the body (local.get, i32.const,
    // i32.sub, local.set, br) = 8
    expect(big - small).toBe(80n);
    const root = s.root();
    let err: unknown;
    try {
      s.callRaw(id, "spin", u32(1_000_000), 10_000n);
    } catch (e) {
      err = e;
    }
    expect(isOutOfGasError(err)).toBe(true);
    expect(Buffer.from(s.root())).toEqual(Buffer.from(root));
    expect(read(s, id)).toBe(0xfcn);
  });

  test("panic: the message, and the increment before it is reverted", () => {
    const s = open();
    const id = deploy(s, counter);
    let err: unknown;
    try {
      s.callRaw(id, "increment_panic", Uint8Array.of(1), LIMIT);
    } catch (e) {
      err = e;
    }
    expect(isPanicError(err)).toBe(true);
    expect((err as { panicMessage: string }).panicMessage).toBe("Incremental panic");
    expect(read(s, id)).toBe(0xfcn);
    s.callRaw(id, "increment_panic", Uint8Array.of(0), LIMIT);
    expect(read(s, id)).toBe(0xfdn);
  });

  test("growth persists, and a failed call's growth is undone", async () => {
    const s = open();
    const id = deploy(s, counter);
    const size = () =>
      new DataView(s.callRaw(id, "size", none, LIMIT).data.buffer).getUint32(0, true);
    expect(size()).toBe(3);
    s.callRaw(id, "grow", Uint8Array.of(2, 0, 0, 0, 0), LIMIT);
    expect(size()).toBe(5);
    expect(() => s.callRaw(id, "grow", Uint8Array.of(4, 0, 0, 0, 1), LIMIT)).toThrow();
    expect(size()).toBe(5);
    const root = await s.commit();
    const t = open({ base: root });
    expect(new DataView(t.callRaw(id, "size", none, LIMIT).data.buffer).getUint32(0, true)).toBe(5);
  });

  test("init is refused from the host; unknown functions and contracts are typed errors", () => {
    const s = open();
    const id = deploy(s, counter);
    expect(() => s.callRaw(id, "nope", none, LIMIT)).toThrow(/no function 'nope'/);
    expect(() => s.callRaw(new Uint8Array(32).fill(9), "read_value", none, LIMIT)).toThrow(
      expect.objectContaining({ name: "DoesNotExistError" }),
    );
    expect(() => s.deploy(counter, { owner: OWNER, gasLimit: LIMIT })).toThrow(
      expect.objectContaining({
        shortMessage: `a contract is already deployed at ${Buffer.from(id).toString("hex")}`,
        hint: expect.stringMatching(/pass a contractId to deploy the same code again/),
      }),
    );
  });

  test("bytes that are neither WASM nor an artifact, or no bytes at all, say so", () => {
    const s = open();
    expect(() =>
      s.deploy(new TextEncoder().encode("hello"), { owner: OWNER, gasLimit: LIMIT }),
    ).toThrow(
      expect.objectContaining({
        name: "ArtifactError",
        shortMessage: "deploy: neither a Shortcrust artifact nor a WASM module",
        details: expect.stringMatching(/^its first bytes are 68656c6c:/),
      }),
    );
    expect(() =>
      s.deploy("build/x.wasm" as unknown as Uint8Array, { owner: OWNER, gasLimit: LIMIT }),
    ).toThrow(
      "deploy: expected the contract's bytes (a Uint8Array), found the string 'build/x.wasm'",
    );
  });

  test("an init argument for a WASM contract without init names it by its id", () => {
    // The default id (the bytes' hash), from a deploy in another session.
    const id = Buffer.from(deploy(open(), counter)).toString("hex");
    const s = open();
    expect(() =>
      s.deploy(counter, { owner: OWNER, gasLimit: LIMIT, initArg: Uint8Array.of(1) }),
    ).toThrow(
      expect.objectContaining({
        shortMessage: `'wasm contract ${id}' has no init function, but an initArg was given`,
        hint: expect.stringMatching(/export an init function from the Rust contract/),
      }),
    );
  });
});

describe("init", () => {
  test("init runs once at deploy with its argument (or none), never again", async () => {
    const bytes = await wat(INITIALIZER);
    const s = open();
    const r = s.deploy(bytes, { owner: OWNER, gasLimit: LIMIT, initArg: Uint8Array.of(0xab) });
    expect(r.receipt!.gasSpent).toBeGreaterThan(0n);
    expect([...s.callRaw(r.contractId, "read_value", none, LIMIT).data]).toEqual([0xab]);
    s.callRaw(r.contractId, "increment", none, LIMIT);
    expect(() => s.callRaw(r.contractId, "init", Uint8Array.of(0xaa), LIMIT)).toThrow(
      /init call not allowed/,
    );
    expect([...s.callRaw(r.contractId, "read_value", none, LIMIT).data]).toEqual([0xac]);
    const t = open();
    const e = t.deploy(bytes, { owner: OWNER, gasLimit: LIMIT });
    expect(e.receipt).toBeDefined();
    expect([...t.callRaw(e.contractId, "read_value", none, LIMIT).data]).toEqual([0x10]);
    expect(t.deploy(counter, { owner: OWNER, gasLimit: LIMIT }).receipt).toBeUndefined();
  });

  test("a failing init leaves nothing behind", async () => {
    const s = open();
    const root = s.root();
    const failing =
      await wat(`(module ${'(memory (export "memory") 3) (global (export "A") i32 (i32.const 65536))'}
      (func (export "init") (param i32) (result i32) unreachable))`);
    expect(() => s.deploy(failing, { owner: OWNER, gasLimit: LIMIT })).toThrow(
      expect.objectContaining({ name: "InitializationError" }),
    );
    expect(Buffer.from(s.root())).toEqual(Buffer.from(root));
    expect(s.contracts()).toHaveLength(0);
  });
});

describe("inter-contract calls", () => {
  test("re-entrancy: a failed callee reverts its write into the caller made inside it", async () => {
    const bytes = await wat(CROSSOVER);
    const s = open();
    const x1 = deploy(s, bytes, new Uint8Array(32).fill(1));
    const x2 = deploy(s, bytes, new Uint8Array(32).fill(2));
    s.callRaw(x1, "set_id", x1, LIMIT);
    s.callRaw(x2, "set_id", x2, LIMIT);
    const value = (id: Uint8Array) => s.callRaw(id, "value", none, LIMIT).data[0];
    // x1 sets 42, calls x2.set_and_call_back(314 & 0xff, 7): x2 sets, calls x1.set(7), panics
    const r = s.callRaw(x1, "run", Uint8Array.from([42, 58, 7, ...x2]), LIMIT);
    expect(code(r.data)).toBe(-1);
    expect(value(x1)).toBe(43); // 42 kept, 7 reverted, then + 1
    expect(value(x2)).toBe(0);
  });

  test("WASM → WASM: results, failure codes, 93% default, failed child burns its limit", () => {
    const s = open();
    const c = deploy(s, counter);
    const cc = deploy(s, callcenter);
    let r = s.callRaw(cc, "forward", fwd(c, "read_value"), LIMIT);
    expect(code(r.data)).toBe(0);
    expect(i64(r.data.subarray(4))).toBe(0xfcn);
    expect(r.callTree.map((e) => Buffer.from(e.contractId).toString("hex"))).toEqual([
      Buffer.from(c).toString("hex"),
      Buffer.from(cc).toString("hex"),
    ]);
    expect(r.callTree[0].spent).toBe(36n);
    expect(r.callTree.reduce((a, e) => a + e.spent, 0n)).toBe(r.gasSpent);
    // the default child limit: 93% of what remained
    expect(r.callTree[0].limit).toBeLessThan((LIMIT * 93n) / 100n + 1n);
    r = s.callRaw(cc, "forward", fwd(c, "increment_panic", Uint8Array.of(1)), LIMIT);
    expect(code(r.data)).toBe(-1);
    expect(read(s, c)).toBe(0xfcn);
    r = s.callRaw(cc, "forward", fwd(new Uint8Array(32).fill(7), "x"), LIMIT);
    expect(code(r.data)).toBe(-3);
    const g1 = s.callRaw(cc, "forward", fwd(c, "spin", u32(1e6), 1175n), LIMIT);
    const g2 = s.callRaw(cc, "forward", fwd(c, "spin", u32(1e6), 2175n), LIMIT);
    expect(code(g1.data)).toBe(-2);
    expect(g2.gasSpent - g1.gasSpent).toBe(1000n);
  });

  test("depth 48: 48 frames run; a call that would be the 49th fails as Unknown", async () => {
    const s = open();
    const id = deploy(s, await wat(DEEP));
    const run = (n: number) =>
      new DataView(s.callRaw(id, "down", u32(n), 100_000_000n).data.buffer).getUint32(0, true);
    expect(run(47)).toBe(48); // 48 frames
    // the 49th frame is refused: its caller sees Unknown (i32::MIN & 0xff = 0)
    expect(run(48)).toBe(0x80000000);
  });

  test("context: caller, self_id, callstack, limit and spent", () => {
    const s = open();
    const cc = deploy(s, callcenter);
    expect(s.callRaw(cc, "return_caller", none, LIMIT).data.length).toBe(0);
    expect(Buffer.from(s.callRaw(cc, "return_self_id", none, LIMIT).data)).toEqual(Buffer.from(cc));
    expect(s.callRaw(cc, "return_callstack", none, LIMIT).data.length).toBe(0);
    const r = s.callRaw(cc, "forward", fwd(cc, "return_caller"), LIMIT);
    expect(Buffer.from(r.data.subarray(4))).toEqual(Buffer.from(cc));
    const ls = s.callRaw(cc, "limit_and_spent", none, 10_000n).data;
    const dv = new DataView(ls.buffer);
    expect(dv.getBigUint64(0, true)).toBe(10_000n);
    expect(dv.getBigUint64(8, true)).toBeGreaterThan(0n);
  });

  test("TS → WASM → TS, and a failure in the middle reverts exactly its subtree", async () => {
    const s = open();
    const tsCounter = s.deploy(await fixture("counter"), {
      owner: OWNER,
      gasLimit: LIMIT,
    }).contractId;
    const tsCc = s.deploy(await fixture("callcenter"), {
      owner: OWNER,
      gasLimit: LIMIT,
    }).contractId;
    const wc = deploy(s, counter);
    const wcc = deploy(s, callcenter);
    // TS → WASM
    const q = s.callRaw(tsCc, "query_counter", ID.archive(wc), LIMIT);
    expect(I64.deserialize(q.data)).toBe(0xfcn);
    // WASM → TS
    const r = s.callRaw(wcc, "forward", fwd(tsCounter, "increment"), LIMIT);
    expect(code(r.data)).toBe(0);
    expect(I64.deserialize(s.callRaw(tsCounter, "read_value", none, LIMIT).data)).toBe(0xfdn);
    // TS → WASM (forwards to TS counter, then traps) — the TS increment is reverted with it
    const d = s.callRaw(
      tsCc,
      "delegate_query_with_event",
      DELEGATE.archive([wcc, "forward_then_trap", fwd(tsCounter, "increment")]),
      LIMIT,
    );
    const res = decodeResult(d.data);
    expect("err" in res && res.err).toBe("Unknown");
    expect(I64.deserialize(s.callRaw(tsCounter, "read_value", none, LIMIT).data)).toBe(0xfdn);
    expect(d.events.map((e) => [e.topic, e.reverted])).toEqual([
      ["callcenter-before", false],
      ["callcenter-after", false],
    ]);
    // TS → WASM → TS → WASM with a nested WASM failure inside
    const e = s.callRaw(
      wcc,
      "forward_with_events",
      fwd(
        tsCc,
        "delegate_transaction",
        DELEGATE.archive([wc, "increment_panic", Uint8Array.of(1)]),
      ),
      LIMIT,
    );
    expect(code(e.data)).toBe(0);
    expect(decodeResult(e.data.subarray(4))).toMatchObject({ err: "Panic" });
    expect(read(s, wc)).toBe(0xfcn);
    expect(e.events.map((x) => x.topic)).toEqual(["before", "after"]);
  });
});

describe("host imports", () => {
  let hosty: Uint8Array;
  beforeAll(async () => {
    hosty = await wat(HOSTY);
  });

  test("events: topic, source, data; cost linear in bytes (4 gas each)", () => {
    const s = open();
    const id = deploy(s, hosty);
    const r = s.callRaw(id, "emit_events", u32(5), LIMIT);
    expect(
      r.events.map((e) => [e.topic, i64(Uint8Array.from([...e.data, 0, 0, 0, 0])), e.reverted]),
    ).toEqual([0n, 1n, 2n, 3n, 4n].map((i) => ["number", i, false]));
    expect(Buffer.from(r.events[0].source)).toEqual(Buffer.from(id));
    const spent = [4, 8, 12, 16].map(
      (n) => s.callRaw(id, "emit_raw", new Uint8Array(n), LIMIT).gasSpent,
    );
    expect(spent[1] - spent[0]).toBe(16n);
    expect(spent[3] - spent[2]).toBe(16n);
  });

  test("metadata (hd), set and removed mid-session", () => {
    const s = open({ metadata: { height: Uint8Array.of(0x48, 0x71, 0, 0, 0, 0, 0, 0) } });
    const id = deploy(s, hosty);
    expect([...s.callRaw(id, "meta", Buffer.from("height"), LIMIT).data]).toEqual([
      0x48, 0x71, 0, 0, 0, 0, 0, 0,
    ]);
    expect(s.callRaw(id, "meta", Buffer.from("nope"), LIMIT).data.length).toBe(0);
    s.setMeta("nope", Uint8Array.of(1));
    expect([...s.callRaw(id, "meta", Buffer.from("nope"), LIMIT).data]).toEqual([1]);
    s.removeMeta("nope");
    expect(s.callRaw(id, "meta", Buffer.from("nope"), LIMIT).data.length).toBe(0);
  });

  test("feed reaches the feeder; outside a feeder call it is MissingFeed", () => {
    const s = open();
    const id = deploy(s, hosty);
    const got: number[] = [];
    s.feederCall(id, "feed3", none, LIMIT, (b) => got.push(b[0]));
    expect(got).toEqual([1, 2, 3]);
    expect(() => s.callRaw(id, "feed3", none, LIMIT)).toThrow(
      expect.objectContaining({ name: "MissingFeedError" }),
    );
  });

  test("owner of self, of another contract, of none", () => {
    const s = open();
    const owner = new Uint8Array(33).fill(3);
    const id = s.deploy(hosty, { owner, gasLimit: LIMIT }).contractId;
    const c = deploy(s, counter);
    expect(Buffer.from(s.callRaw(id, "owner_of", none, LIMIT).data)).toEqual(Buffer.from(owner));
    expect(Buffer.from(s.callRaw(id, "owner_of", c, LIMIT).data)).toEqual(Buffer.from(OWNER));
    expect(s.callRaw(id, "owner_of", new Uint8Array(32).fill(3), LIMIT).data.length).toBe(0);
  });

  test("host queries are priced before they run; missing ones are typed errors", () => {
    const s = open();
    env.vm.registerHostQuery("double", {
      price: (a) => BigInt(a.length) * 10n,
      execute: (a) => Uint8Array.from([...a, ...a]),
    });
    const id = deploy(s, hosty);
    const q = (name: string, arg: Uint8Array) =>
      Uint8Array.from([name.length, ...Buffer.from(name), ...arg]);
    const r1 = s.callRaw(id, "query", q("double", Uint8Array.of(1, 2)), LIMIT);
    expect([...r1.data]).toEqual([1, 2, 1, 2]);
    const r2 = s.callRaw(id, "query", q("double", Uint8Array.of(1, 2, 3)), LIMIT);
    expect(r2.gasSpent - r1.gasSpent).toBe(10n);
    expect(() => s.callRaw(id, "query", q("missing", none), LIMIT)).toThrow(
      expect.objectContaining({ name: "MissingHostQueryError" }),
    );
    expect(() => s.callRaw(id, "query", q("double", new Uint8Array(1000)), 2000n)).toThrow(
      expect.objectContaining({ name: "OutOfGasError" }),
    );
  });

  test("debug output: lines on the receipt, kept (marked reverted) for a failed subtree", () => {
    const s = open();
    const id = deploy(s, hosty);
    const cc = deploy(s, callcenter);
    const r = s.callRaw(id, "debug", none, LIMIT);
    expect(r.debug.map((l) => [l.message, l.reverted])).toEqual([["hello", false]]);
    const a = s.callRaw(id, "debug", none, LIMIT).gasSpent;
    // hdebug costs the TypeScript debug line's schedule: 100 + 1 per character
    expect(a).toBe(r.gasSpent);
    expect(a).toBeGreaterThan(105n);
    const f = s.callRaw(cc, "forward", fwd(cc, "forward_then_trap", fwd(id, "debug")), LIMIT);
    expect(code(f.data)).toBe(-2147483648);
    expect(f.debug.map((l) => [l.message, l.reverted])).toEqual([["hello", true]]);
  });

  test("a memory-grow bomb stops at the cap and runs out of gas; memory is as before", () => {
    const s = open();
    const id = deploy(s, hosty);
    const root = s.root();
    expect(() => s.callRaw(id, "bomb", none, 1_000_000n)).toThrow(
      expect.objectContaining({ name: "OutOfGasError" }),
    );
    expect(Buffer.from(s.root())).toEqual(Buffer.from(root));
  });
});

describe("hostile modules", () => {
  test.each([
    ["bad export signature", BAD_EXPORT, /export 'run' has signature \(i64\) -> \(i64\)/],
    ["unknown import", UNKNOWN_IMPORT, /import env.steal_keys: the VM provides no such import/],
    ["no argbuf", NO_ARGBUF, /does not export the argument buffer global 'A'/],
    ["argbuf past memory", ARGBUF_TOO_HIGH, /exceeds the memory's 65536 bytes/],
  ])("%s is refused at deploy with a typed error", async (_n, text, msg) => {
    const s = open();
    const root = s.root();
    const bytes = await wat(text);
    let err: unknown;
    try {
      s.deploy(bytes, { owner: OWNER, gasLimit: LIMIT });
    } catch (e) {
      err = e;
    }
    expect(isWasmValidationError(err)).toBe(true);
    expect((err as Error).message).toMatch(msg);
    expect(Buffer.from(s.root())).toEqual(Buffer.from(root));
    expect(s.contracts()).toHaveLength(0);
  });

  test("an infinite loop runs out of gas; the VM stays usable", async () => {
    const s = open();
    const id = deploy(s, await wat(INFINITE_LOOP));
    expect(() => s.callRaw(id, "run", none, 100_000n)).toThrow(
      expect.objectContaining({ name: "OutOfGasError" }),
    );
    const c = deploy(s, counter);
    expect(read(s, c)).toBe(0xfcn);
  });

  test("unbounded recursion exhausts the stack budget: a typed trap, the VM usable", async () => {
    const s = open();
    const id = deploy(
      s,
      await wat(`(module (memory (export "memory") 3) (global (export "A") i32 (i32.const 65536))
        (func $r (export "r") (param i32) (result i32) (call $r (local.get 0))))`),
    );
    expect(() => s.callRaw(id, "r", none, 1_000_000_000n)).toThrow(/call stack exhausted/);
    expect(read(s, deploy(s, counter))).toBe(0xfcn);
  });

  test("a trap is a WasmTrapError (Unknown to callers)", async () => {
    const s = open();
    const id = deploy(
      s,
      await wat(`(module (memory (export "memory") 3) (global (export "A") i32 (i32.const 65536))
        (func (export "oob") (param i32) (result i32) (i32.load (i32.const -1))))`),
    );
    let err: unknown;
    try {
      s.callRaw(id, "oob", none, LIMIT);
    } catch (e) {
      err = e;
    }
    expect(isWasmTrapError(err)).toBe(true);
    expect(isDoesNotExistError(err) || isInitializationError(err)).toBe(false);
  });
});

describe("determinism and persistence", () => {
  test("two fresh VMs give the same gas and roots", async () => {
    const run = async () => {
      const v = await VM.ephemeral();
      const s = v.session();
      const c = deploy(s, counter);
      const cc = deploy(s, callcenter);
      const gas = [
        s.callRaw(cc, "forward", fwd(c, "increment"), LIMIT).gasSpent,
        s.callRaw(c, "spin", u32(1000), LIMIT).gasSpent,
      ];
      const root = Buffer.from(await s.commit()).toString("hex");
      s.close();
      await v.close();
      return { gas, root };
    };
    expect(await run()).toEqual(await run());
  });

  test("a committed store reopens in a new VM (VM.open) with memory intact", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sc-wasm-"));
    try {
      const v1 = await VM.open(dir);
      const s = v1.session();
      const id = deploy(s, counter);
      s.callRaw(id, "increment", none, LIMIT);
      s.callRaw(id, "grow", Uint8Array.of(1, 0, 0, 0, 0), LIMIT);
      const root = await s.commit();
      s.close();
      await v1.close();
      const v2 = await VM.open(dir);
      const t = v2.session({ base: root });
      expect(Buffer.from(t.root())).toEqual(Buffer.from(root));
      expect(read(t, id)).toBe(0xfdn);
      t.close();
      await v2.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
