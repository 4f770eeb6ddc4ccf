// piecrust's acceptance scenarios (../shared/reference/piecrust.md §3) with our fixture contracts.
import { VM } from "../vm/vm";
import { fixture, LIMIT, OWNER } from "../testing/fixtures";
import {
  BOOL,
  decodeResult,
  DELEGATE,
  I32,
  I64,
  ID,
  ID_U64,
  idOf,
  NONE,
  OPT_BYTES,
  OPT_ID,
  OPT_U64,
  readI64,
  text,
  U32,
  U64,
  U8,
  VEC_ID,
} from "../testing/helpers";
import {
  isDoesNotExistError,
  isInitializationError,
  isOutOfGasError,
  isPanicError,
  type PanicError,
} from "../errors";
import type { Session } from "./session";

let vm: VM;
const sessions: Session[] = [];
function open(opts: Parameters<VM["session"]>[0] = {}): Session {
  const s = vm.session(opts);
  sessions.push(s);
  return s;
}

beforeAll(async () => {
  vm = await VM.ephemeral();
});
afterAll(async () => {
  for (const s of sessions) s.close();
  await vm.close();
});

async function deploy(
  s: Session,
  name: string,
  extra: { id?: Uint8Array; owner?: Uint8Array; init?: Uint8Array } = {},
) {
  return s.deploy(await fixture(name), {
    owner: extra.owner ?? OWNER,
    contractId: extra.id,
    initArg: extra.init,
    gasLimit: LIMIT,
  });
}

describe("S1 counter basics and session discard", () => {
  it("reads, increments, discards an uncommitted session, commits another", async () => {
    const a = open();
    const { contractId: c } = await deploy(a, "counter");
    expect(readI64(a, c)).toBe(0xfcn);
    a.callRaw(c, "increment", NONE, LIMIT);
    expect(readI64(a, c)).toBe(0xfdn);
    a.close();

    const b = open();
    const { contractId: c2 } = await deploy(b, "counter");
    expect(c2).toEqual(c);
    expect(readI64(b, c2)).toBe(0xfcn);
    b.callRaw(c2, "increment", NONE, LIMIT);
    const root = await b.commit();
    const after = open({ base: root });
    expect(readI64(after, c2)).toBe(0xfdn);
  });
});

describe("S2 commit/restore history", () => {
  it("keeps every commit readable", async () => {
    const g = open();
    const { contractId: c } = await deploy(g, "counter");
    g.callRaw(c, "increment", NONE, LIMIT);
    const expected1 = g.root();
    const r1 = await g.commit();
    expect(r1).toEqual(expected1);
    const s2 = open({ base: r1 });
    s2.callRaw(c, "increment", NONE, LIMIT);
    s2.callRaw(c, "increment", NONE, LIMIT);
    const r2 = await s2.commit();
    expect(r2).not.toEqual(r1);
    expect(readI64(open({ base: r2 }), c)).toBe(0xffn);
    expect(readI64(open({ base: r1 }), c)).toBe(0xfdn);
    expect(open({ base: r2 }).root()).toEqual(r2);
    const roots = vm.commits().map((r) => Buffer.from(r).toString("hex"));
    expect(roots).toEqual(
      expect.arrayContaining([r1, r2].map((r) => Buffer.from(r).toString("hex"))),
    );
  });
});

describe("S5 session metadata", () => {
  it("reads metadata, sees mid-session changes, and None for missing or mistyped keys", async () => {
    const s = open({ metadata: { height: U64.archive(29000n) } });
    const { contractId: e } = await deploy(s, "everest");
    expect(OPT_U64.deserialize(s.callRaw(e, "get_height", NONE, LIMIT).data)).toBe(29000n);
    const none = open();
    await deploy(none, "everest");
    expect(OPT_U64.deserialize(none.callRaw(e, "get_height", NONE, LIMIT).data)).toBeNull();

    const sender = new Uint8Array([7, 7, 7]);
    s.setMeta("public_sender", sender);
    const key = Buffer.from("public_sender");
    expect(OPT_BYTES.deserialize(s.callRaw(e, "get_meta", key, LIMIT).data)).toEqual(sender);
    expect(s.meta("public_sender")).toEqual(sender);
    s.removeMeta("public_sender");
    expect(OPT_BYTES.deserialize(s.callRaw(e, "get_meta", key, LIMIT).data)).toBeNull();
    // An empty value is empty bytes (not missing), under any key (the read takes the fast path).
    s.setMeta("leer/ž", new Uint8Array(0));
    const empty = Buffer.from("leer/ž");
    expect(OPT_BYTES.deserialize(s.callRaw(e, "get_meta", empty, LIMIT).data)).toEqual(
      new Uint8Array(0),
    );
    s.setMeta("height", new Uint8Array([1, 2]));
    expect(OPT_U64.deserialize(s.callRaw(e, "get_height", NONE, LIMIT).data)).toBeNull();
    // Metadata is not state: it does not change the root.
    const r = s.root();
    s.setMeta("height", U64.archive(1n));
    expect(s.root()).toEqual(r);
  });
});

describe("S6 context: selfId, caller, callstack, owner", () => {
  it("answers like piecrust's callcenter and metadata contracts", async () => {
    const s = open();
    const { contractId: cc } = await deploy(s, "callcenter");
    expect(OPT_ID.deserialize(s.callRaw(cc, "return_caller", NONE, LIMIT).data)).toBeNull();
    expect(ID.deserialize(s.callRaw(cc, "return_self_id", NONE, LIMIT).data)).toEqual(cc);
    expect(BOOL.deserialize(s.callRaw(cc, "call_self", NONE, LIMIT).data)).toBe(true);
    expect(VEC_ID.deserialize(s.callRaw(cc, "return_callstack", NONE, LIMIT).data)).toEqual([]);
    const five = VEC_ID.deserialize(s.callRaw(cc, "call_self_n_times", U32.archive(5), LIMIT).data);
    expect(five).toEqual([cc, cc, cc, cc, cc]);
    const r = decodeResult(
      s.callRaw(cc, "delegate_query", DELEGATE.archive([cc, "return_callstack", NONE]), LIMIT).data,
    );
    expect("ok" in r && VEC_ID.deserialize(r.ok)).toEqual([cc]);

    const m0 = (await deploy(s, "misc", { id: idOf(1), owner: new Uint8Array(33).fill(3) }))
      .contractId;
    await deploy(s, "misc", { id: idOf(2), owner: new Uint8Array(33).fill(4) });
    expect(OPT_BYTES.deserialize(s.callRaw(m0, "read_owner", NONE, LIMIT).data)).toEqual(
      new Uint8Array(33).fill(3),
    );
    expect(ID.deserialize(s.callRaw(m0, "read_id", NONE, LIMIT).data)).toEqual(idOf(1));
    expect(OPT_BYTES.deserialize(s.callRaw(m0, "read_owner_of", idOf(2), LIMIT).data)).toEqual(
      new Uint8Array(33).fill(4),
    );
    expect(OPT_BYTES.deserialize(s.callRaw(m0, "read_owner_of", idOf(3), LIMIT).data)).toBeNull();
    const root = await s.commit();
    const t = open({ base: root });
    expect(OPT_BYTES.deserialize(t.callRaw(m0, "read_owner", NONE, LIMIT).data)).toEqual(
      new Uint8Array(33).fill(3),
    );
    expect(t.owner(idOf(2))).toEqual(new Uint8Array(33).fill(4));
  });
});

describe("S7 inter-contract calls", () => {
  it("reads and writes through the callcenter", async () => {
    const s = open();
    const { contractId: c } = await deploy(s, "counter");
    const { contractId: cc } = await deploy(s, "callcenter");
    expect(I64.deserialize(s.callRaw(cc, "query_counter", c, LIMIT).data)).toBe(0xfcn);
    s.callRaw(cc, "increment_counter", c, LIMIT);
    expect(readI64(s, c)).toBe(0xfdn);
    expect(I64.deserialize(s.callRaw(cc, "query_counter", c, LIMIT).data)).toBe(0xfdn);
    s.callRaw(cc, "delegate_transaction", DELEGATE.archive([c, "increment", NONE]), LIMIT);
    expect(readI64(s, c)).toBe(0xfen);
    const r = decodeResult(
      s.callRaw(cc, "delegate_query", DELEGATE.archive([c, "read_value", NONE]), LIMIT).data,
    );
    expect("ok" in r && I64.deserialize(r.ok)).toBe(0xfen);
  });
});

describe("S8 a failed top-level call is atomic", () => {
  it("reverts the writes made before the panic", async () => {
    const s = open();
    const { contractId: c } = await deploy(s, "counter");
    const before = s.root();
    let err: unknown;
    try {
      s.callRaw(c, "increment_panic", BOOL.archive(true), LIMIT);
    } catch (e) {
      err = e;
    }
    expect(isPanicError(err)).toBe(true);
    expect((err as PanicError).contractError).toEqual({
      case: "Panic",
      message: "Incremental panic",
    });
    expect(readI64(s, c)).toBe(0xfcn);
    expect(s.root()).toEqual(before);
  });

  it("does not serve a reverted write from the sandbox's record cache", async () => {
    const s = open();
    const { contractId: c } = await deploy(s, "counter");
    const { contractId: cc } = await deploy(s, "callcenter");
    expect(readI64(s, c)).toBe(0xfcn); // warm the counter's cache
    const r = decodeResult(
      s.callRaw(
        cc,
        "delegate_transaction",
        DELEGATE.archive([c, "increment_panic", BOOL.archive(true)]),
        LIMIT,
      ).data,
    );
    expect(r).toEqual({ err: "Panic", message: "Incremental panic" });
    expect(readI64(s, c)).toBe(0xfcn);
    expect(I64.deserialize(s.callRaw(cc, "query_counter", c, LIMIT).data)).toBe(0xfcn);
  });

  it("keeps two sessions on one base equal after a failed call", async () => {
    const g = open();
    const { contractId: c } = await deploy(g, "counter");
    const { contractId: cc } = await deploy(g, "callcenter");
    const base = await g.commit();
    const a = open({ base });
    const b = open({ base });
    expect(() => a.callRaw(cc, "panik", NONE, LIMIT)).toThrow(/panik/);
    expect(a.root()).toEqual(b.root());
    a.callRaw(cc, "increment_counter", c, LIMIT);
    b.callRaw(cc, "increment_counter", c, LIMIT);
    expect(a.root()).toEqual(b.root());
  });
});

describe("S9 a nested failure reverts only the callee subtree", () => {
  it("reverts re-entrant writes into the caller and lets the caller go on", async () => {
    const s = open();
    const x1 = (await deploy(s, "crossover", { id: idOf(1) })).contractId;
    const x2 = (await deploy(s, "crossover", { id: idOf(2) })).contractId;
    const CHECK = [x2, 42, 314, 272] as const;
    const arg = Buffer.concat([
      x2,
      Buffer.from(I32.archive(42)),
      Buffer.from(I32.archive(314)),
      Buffer.from(I32.archive(272)),
    ]);
    void CHECK;
    s.callRaw(x1, "check_consistent_state_on_errors", new Uint8Array(arg), LIMIT);
    expect(I32.deserialize(s.callRaw(x1, "crossover", NONE, LIMIT).data)).toBe(42);
    expect(I32.deserialize(s.callRaw(x2, "crossover", NONE, LIMIT).data)).toBe(0);
  });

  it("keeps the caller's own writes when a call fails", async () => {
    const s = open();
    const x1 = (await deploy(s, "crossover", { id: idOf(1) })).contractId;
    const x2 = (await deploy(s, "crossover", { id: idOf(2) })).contractId;
    s.callRaw(x1, "check_iccs_dont_rollback", ID_U64.archive([x2, 42n]), LIMIT);
    expect(I32.deserialize(s.callRaw(x1, "crossover", NONE, LIMIT).data)).toBe(42);
  });

  it("returns DoesNotExist to a caller and keeps its write", async () => {
    const s = open();
    const { contractId: d } = await deploy(s, "misc");
    const r = decodeResult(s.callRaw(d, "increment_left_and_call", idOf(0xee), LIMIT).data);
    expect(r).toEqual({ err: "DoesNotExist", message: "" });
    expect(readI64(s, d, "read_left")).toBe(0xfdn);
    let err: unknown;
    try {
      s.callRaw(idOf(0xee), "read_value", NONE, LIMIT);
    } catch (e) {
      err = e;
    }
    expect(isDoesNotExistError(err)).toBe(true);
  });

  it("refuses a contract id that is not 32 bytes, saying so", async () => {
    const s = open();
    const { contractId: d } = await deploy(s, "misc");
    for (const id of [d.subarray(0, 31), new Uint8Array(33)]) {
      expect(() => s.callRaw(id, "read_left", NONE, LIMIT)).toThrow(
        `read_left: contract id: expected 32 bytes, found ${id.length}`,
      );
    }
    expect(() => s.callRaw("x" as unknown as Uint8Array, "read_left", NONE, LIMIT)).toThrow(
      "read_left: contract id: expected 32 bytes, found a string",
    );
  });

  it("refuses a gas limit that is not a positive u64", async () => {
    const s = open();
    const { contractId: d } = await deploy(s, "misc");
    for (const limit of [0n, -5n, 1n << 64n]) {
      expect(() => s.callRaw(d, "read_left", NONE, limit)).toThrow(
        `gas limit must be a positive bigint of at most u64::MAX, got ${limit}`,
      );
    }
    expect(s.callRaw(d, "read_left", NONE, (1n << 64n) - 1n).gasLimit).toBe((1n << 64n) - 1n);
  });

  it("refuses such a gas limit at deploy too, before anything runs (with or without init)", async () => {
    const s = open();
    const misc = await fixture("misc");
    for (const gasLimit of [0n, undefined, 5]) {
      const e = (() => {
        try {
          s.deploy(misc, { owner: OWNER, gasLimit: gasLimit as bigint });
        } catch (err) {
          return err as Error;
        }
        return undefined;
      })();
      expect(e?.name).toBe("SessionError");
      expect(e?.message).toBe(
        `deploy: gas limit must be a positive bigint of at most u64::MAX, got ${typeof gasLimit === "bigint" ? `${gasLimit}n` : String(gasLimit)}`,
      );
    }
    expect(s.contracts()).toEqual([]);
  });

  it("a closed session's commit rejects (it does not throw)", async () => {
    const s = open();
    s.close();
    const p = s.commit();
    await expect(p).rejects.toThrow("the session is closed");
  });
});

describe("S11 gas accounting", () => {
  it("runs out of gas with a tiny limit", async () => {
    const s = open();
    const { contractId: c } = await deploy(s, "counter");
    let err: unknown;
    try {
      s.callRaw(c, "read_value", NONE, 1n);
    } catch (e) {
      err = e;
    }
    expect(isOutOfGasError(err)).toBe(true);
  });

  it("charges more for a call through the callcenter, lists the call tree root last", async () => {
    const s = open();
    const { contractId: c } = await deploy(s, "counter");
    const { contractId: cc } = await deploy(s, "callcenter");
    const direct = s.callRaw(c, "read_value", NONE, LIMIT);
    const via = s.callRaw(cc, "query_counter", c, LIMIT);
    expect(via.gasSpent).toBeGreaterThan(direct.gasSpent);
    expect(via.callTree.map((e) => e.contractId)).toEqual([c, cc]);
    expect(via.callTree.reduce((sum, e) => sum + e.spent, 0n)).toBe(via.gasSpent);
    expect(via.callTree[1].limit).toBe(LIMIT);
  });

  it("burns a failed callee's whole limit", async () => {
    const s = open();
    const { contractId: cc } = await deploy(s, "callcenter");
    const { contractId: sp } = await deploy(s, "spender");
    const base = await s.commit();
    const one = open({ base }).callRaw(
      cc,
      "call_spend_with_limit",
      ID_U64.archive([sp, 1175n]),
      LIMIT,
    );
    const two = open({ base }).callRaw(
      cc,
      "call_spend_with_limit",
      ID_U64.archive([sp, 2175n]),
      LIMIT,
    );
    expect(text(one.data)).toBe("OutOfGas");
    expect(two.gasSpent - one.gasSpent).toBe(1000n);
    // The failed child is pruned from the tree; its burn counts in the parent's exclusive gas.
    expect(two.callTree.map((e) => e.contractId)).toEqual([cc]);
    expect(two.callTree[0].spent).toBe(two.gasSpent);
  });

  it("shows the limit and a live spent to the contract; default child limit is 93%", async () => {
    const s = open();
    const { contractId: sp } = await deploy(s, "spender");
    const d = s.callRaw(sp, "get_limit_and_spent", NONE, 10_000n).data;
    const v = new DataView(d.buffer, d.byteOffset);
    const [limit, before, after, childLimit] = [0, 8, 16, 24].map((o) => v.getBigUint64(o, true));
    expect(limit).toBe(10_000n);
    expect(after).toBeGreaterThan(before);
    // The child got 93% of what remained when it was called.
    expect(childLimit).toBeLessThan(limit);
    const { contractId: cc } = await deploy(s, "callcenter");
    const asked = I64.deserialize(
      s.callRaw(cc, "call_and_report_limit", ID_U64.archive([cc, 5000n]), LIMIT).data,
    );
    expect(asked).toBe(5000n);
    const dflt = s.callRaw(cc, "call_and_report_limit", ID_U64.archive([cc, 0n]), LIMIT);
    const seen = I64.deserialize(dflt.data);
    // remaining × 93% (floored, piecrust's formula): the callee's limit is below 93% of the top limit.
    expect(seen).toBeLessThanOrEqual((LIMIT * 93n) / 100n);
    expect(seen).toBeGreaterThan((LIMIT * 90n) / 100n);
  });

  it("costs the same gas whatever ran before (other contracts, failed calls, other sessions)", async () => {
    const s = open();
    const { contractId: c } = await deploy(s, "counter");
    const { contractId: cc } = await deploy(s, "callcenter");
    const { contractId: ev } = await deploy(s, "eventer");
    s.callRaw(c, "increment", NONE, LIMIT); // the same state in both sessions from here on
    const first = s.callRaw(cc, "query_counter", c, LIMIT).gasSpent;
    expect(s.callRaw(cc, "query_counter", c, LIMIT).gasSpent).toBe(first);
    s.callRaw(ev, "emit_events", U32.archive(3), LIMIT);
    s.callRaw(cc, "call_self_n_times", U32.archive(4), LIMIT);
    expect(s.callRaw(cc, "query_counter", c, LIMIT).gasSpent).toBe(first);
    // A failed call discards the sandboxes it ran in; the next call costs the same anyway.
    expect(() => s.callRaw(cc, "panik", NONE, LIMIT)).toThrow();
    expect(() => s.callRaw(c, "increment_panic", BOOL.archive(true), LIMIT)).toThrow();
    expect(s.callRaw(cc, "query_counter", c, LIMIT).gasSpent).toBe(first);
    // A fresh session where other contracts ran first.
    const fresh = open();
    await deploy(fresh, "counter");
    await deploy(fresh, "callcenter");
    await deploy(fresh, "eventer");
    fresh.callRaw(ev, "emit_events", U32.archive(7), LIMIT);
    fresh.callRaw(cc, "increment_counter", c, LIMIT);
    expect(fresh.callRaw(cc, "query_counter", c, LIMIT).gasSpent).toBe(first);
  });
});

describe("S12 events", () => {
  it("emits events in order with their source", async () => {
    const s = open();
    const { contractId: ev } = await deploy(s, "eventer");
    const r = s.callRaw(ev, "emit_events", U32.archive(5), LIMIT);
    expect(r.events).toEqual(
      [0, 1, 2, 3, 4].map((i) => ({
        source: ev,
        topic: "number",
        data: U32.archive(i),
        reverted: false,
      })),
    );
  });

  it("charges events linearly in their size", async () => {
    const s = open();
    const { contractId: ev } = await deploy(s, "eventer");
    // Steps of 16 bytes: the contract copies the bytes, and native copies are charged per
    // NATIVE_BYTES_PER_GAS (16) bytes.
    const spent = [16, 32, 48, 64, 80, 96, 112, 128, 144, 160].map(
      (n) => s.callRaw(ev, "emit_input", new Uint8Array(n), LIMIT).gasSpent,
    );
    const deltas = spent.slice(1).map((v, i) => v - spent[i]);
    expect(new Set(deltas).size).toBe(1);
    expect(deltas[0]).toBeGreaterThan(0n);
  });

  it("keeps a reverted subtree's events marked reverted, and reverts its writes", async () => {
    const s = open();
    const { contractId: cc } = await deploy(s, "callcenter");
    const { contractId: ev } = await deploy(s, "eventer", { id: idOf(5) });
    const reverter = (await deploy(s, "eventer", { id: idOf(6) })).contractId;
    const r = s.callRaw(
      cc,
      "delegate_query_with_event",
      DELEGATE.archive([reverter, "emit_then_panic", ev]),
      LIMIT,
    );
    expect(decodeResult(r.data)).toEqual({ err: "Panic", message: "reverting" });
    expect(
      r.events.map((e) => [e.topic, Buffer.from(e.source).toString("hex"), e.reverted]),
    ).toEqual([
      ["callcenter-before", Buffer.from(cc).toString("hex"), false],
      ["number", Buffer.from(ev).toString("hex"), true],
      ["callcenter-after", Buffer.from(cc).toString("hex"), false],
    ]);
    expect(readI64(s, ev)).toBe(0n);
  });

  it("does not leak a failed top-level call's events into the next receipt", async () => {
    const s = open();
    const { contractId: ev } = await deploy(s, "eventer", { id: idOf(5) });
    expect(() => s.callRaw(ev, "emit_then_panic", ev, LIMIT)).toThrow();
    const r = s.callRaw(ev, "emit_events", U32.archive(1), LIMIT);
    expect(r.events).toHaveLength(1);
  });
});

describe("S13 deploy semantics", () => {
  it("runs init once with its argument, and never again", async () => {
    const s = open();
    const { contractId: i, receipt } = await deploy(s, "initializer", { init: U8.archive(0xab) });
    expect(receipt).toBeDefined();
    expect(receipt!.gasSpent).toBeGreaterThan(0n);
    expect(receipt!.gasSpent).toBeLessThanOrEqual(LIMIT);
    expect(U8.deserialize(s.callRaw(i, "read_value", NONE, LIMIT).data)).toBe(0xab);
    s.callRaw(i, "increment", NONE, LIMIT);
    let err: unknown;
    try {
      s.callRaw(i, "init", U8.archive(0xaa), LIMIT);
    } catch (e) {
      err = e;
    }
    expect(isInitializationError(err)).toBe(true);
    const root = await s.commit();
    expect(U8.deserialize(open({ base: root }).callRaw(i, "read_value", NONE, LIMIT).data)).toBe(
      0xac,
    );
    // Nor can another contract call init.
    const { contractId: cc } = await deploy(s, "callcenter");
    const r = decodeResult(
      s.callRaw(cc, "delegate_query", DELEGATE.archive([i, "init", U8.archive(1)]), LIMIT).data,
    );
    expect(r).toEqual({ err: "Unknown", message: "" });
  });

  it("gives a receipt only when there is an init", async () => {
    const s = open();
    const e = await deploy(s, "empty_initializer");
    expect(e.receipt).toBeDefined();
    expect(U8.deserialize(s.callRaw(e.contractId, "read_value", NONE, LIMIT).data)).toBe(0x10);
    expect((await deploy(s, "callcenter")).receipt).toBeUndefined();
  });

  it("refuses an init argument for a contract without init (piecrust calls init when given one)", async () => {
    const s = open();
    let err: unknown;
    try {
      await deploy(s, "callcenter", { init: U8.archive(1), id: idOf(77) });
    } catch (e) {
      err = e;
    }
    expect(isInitializationError(err)).toBe(true);
    expect((err as Error).message).toMatch(
      /^'callcenter' has no init function, but an initArg was given/,
    );
    // Nothing was deployed: the id is free.
    expect((await deploy(s, "callcenter", { id: idOf(77) })).receipt).toBeUndefined();
  });

  it("deploys at a given id, refuses a taken id, a missing owner and a failing init", async () => {
    const s = open();
    const { contractId } = await deploy(s, "counter", { id: idOf(1) });
    expect(contractId).toEqual(idOf(1));
    await expect(deploy(s, "counter", { id: idOf(1) })).rejects.toThrow(/already deployed/);
    await deploy(s, "counter");
    await expect(deploy(s, "counter")).rejects.toThrow(/already deployed/);
    const art = await fixture("counter");
    expect(() => s.deploy(art, { gasLimit: LIMIT } as never)).toThrow(/owner must be specified/);
    const before = s.root();
    await expect(deploy(s, "failing_initializer")).rejects.toThrow(
      /init of 'failing_initializer' failed/,
    );
    expect(s.root()).toEqual(before);
    expect(s.contracts()).toHaveLength(2);
    // An init that takes an argument, deployed without one: the hint says what is missing.
    await expect(deploy(s, "initializer")).rejects.toMatchObject({
      shortMessage: "init of 'initializer' failed",
      hint: expect.stringMatching(/^no initArg was given: if init takes arguments, pass initArg/),
    });
  });
});
