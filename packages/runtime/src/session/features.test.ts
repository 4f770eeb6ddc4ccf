// Host queries, feeder calls, ephemeral data, collections, migration, typed calls, determinism.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VM } from "../vm/vm";
import type { Session } from "./session";
import type { CallReceipt } from "./receipt";
import { fixture, LIMIT, OWNER } from "../testing/fixtures";
import { BOOL, DELEGATE, I64, ID, idOf, NONE, readI64, U32, U64 } from "../testing/helpers";
import {
  isMissingFeedError,
  isMissingHostQueryError,
  isPanicError,
  isSessionError,
  type PanicError,
} from "../errors";

let vm: VM;
beforeAll(async () => {
  vm = await VM.ephemeral();
  vm.registerHostQuery("hash", {
    price: (arg) => BigInt(arg.length) * 10n,
    execute: (arg) => new Uint8Array(arg).reverse(),
  });
  vm.registerHostQuery("broken", {
    price: () => 1n,
    execute: () => {
      throw new Error("embedder bug");
    },
  });
});
afterAll(() => vm.close());

async function withMisc(opts: Parameters<VM["session"]>[0] = {}): Promise<[Session, Uint8Array]> {
  const s = vm.session(opts);
  const { contractId } = s.deploy(await fixture("misc"), { owner: OWNER, gasLimit: LIMIT });
  return [s, contractId];
}

describe("host queries", () => {
  it("runs a registered query and charges its price", async () => {
    const [s, m] = await withMisc();
    const small = s.callRaw(m, "hash", new Uint8Array([1, 2, 3]), LIMIT);
    expect(small.data).toEqual(new Uint8Array([3, 2, 1]));
    const big = s.callRaw(m, "hash", new Uint8Array(103), LIMIT);
    // 100 more bytes: 10 gas each in the price, plus the argument's per-byte cost.
    expect(big.gasSpent - small.gasSpent).toBeGreaterThanOrEqual(1000n);
  });

  it("a throwing query is a deterministic Panic; a missing or excluded one is typed", async () => {
    const [s, m] = await withMisc({ excludeHostQueries: ["hash"] });
    const p = (() => {
      try {
        s.callRaw(m, "query", Buffer.from("broken"), LIMIT);
      } catch (e) {
        return e as PanicError;
      }
    })();
    expect(isPanicError(p)).toBe(true);
    expect(p!.panicMessage).toBe("host query failed");
    expect(() => s.callRaw(m, "query", Buffer.from("nope"), LIMIT)).toThrow(/not available/);
    let excluded: unknown;
    try {
      s.callRaw(m, "hash", new Uint8Array(1), LIMIT);
    } catch (e) {
      excluded = e;
    }
    expect(isMissingHostQueryError(excluded)).toBe(true);
  });
});

describe("feeder calls", () => {
  it("streams every feed to the callback; feed outside a feeder call is an error", async () => {
    const [s, m] = await withMisc();
    const chunks: number[] = [];
    s.feederCall(m, "feed_n", U32.archive(4), LIMIT, (c) => chunks.push(U32.deserialize(c)));
    expect(chunks).toEqual([0, 1, 2, 3]);
    let err: unknown;
    try {
      s.callRaw(m, "feed_n", U32.archive(1), LIMIT);
    } catch (e) {
      err = e;
    }
    expect(isMissingFeedError(err)).toBe(true);
    // A throwing callback fails the call and leaves the session as before.
    const root = s.root();
    expect(() =>
      s.feederCall(m, "feed_n", U32.archive(2), LIMIT, () => {
        throw new Error("consumer gone");
      }),
    ).toThrow(/feeder callback threw/);
    expect(s.root()).toEqual(root);
    s.close();
  });
});

describe("ephemeral data", () => {
  it("survives between calls of a session, reverts on failure, never reaches the root or other sessions", async () => {
    const [s, m] = await withMisc();
    const root = s.root();
    expect(U32.deserialize(s.callRaw(m, "eph_inc", NONE, LIMIT).data)).toBe(1);
    expect(U32.deserialize(s.callRaw(m, "eph_inc", NONE, LIMIT).data)).toBe(2);
    expect(s.root()).toEqual(root);
    expect(() => s.callRaw(m, "eph_inc_and_panic", NONE, LIMIT)).toThrow(/after ephemeral write/);
    expect(U32.deserialize(s.callRaw(m, "eph_read", NONE, LIMIT).data)).toBe(2);
    const base = await s.commit();
    const t = vm.session({ base });
    expect(U32.deserialize(t.callRaw(m, "eph_read", NONE, LIMIT).data)).toBe(0);
    // A nested failure reverts the callee's ephemeral writes too.
    const { contractId: cc } = t.deploy(await fixture("callcenter"), {
      owner: OWNER,
      gasLimit: LIMIT,
    });
    t.callRaw(cc, "delegate_transaction", DELEGATE.archive([m, "eph_inc_and_panic", NONE]), LIMIT);
    expect(U32.deserialize(t.callRaw(m, "eph_read", NONE, LIMIT).data)).toBe(0);
    s.close();
    t.close();
  });
});

describe("the sandbox's UTF-8 codecs", () => {
  it("round-trip any text and replace invalid bytes like the platform's", async () => {
    const s = vm.session();
    const { contractId: e } = s.deploy(await fixture("everest"), { owner: OWNER, gasLimit: LIMIT });
    for (const text of [
      "",
      "plain",
      "héllo wörld",
      "€ and 𝄞 and 中文",
      "\u0000\u007f\u0080\u07ff\u0800\uffff",
    ]) {
      const bytes = Buffer.from(text, "utf8");
      expect(Buffer.from(s.callRaw(e, "utf8_roundtrip", bytes, LIMIT).data).toString("utf8")).toBe(
        text,
      );
    }
    const bad = new Uint8Array([0x61, 0xff, 0x62, 0xe2, 0x82, 0x63, 0xf0, 0x9f, 0x98]);
    const expected = new TextEncoder().encode(new TextDecoder().decode(bad));
    expect(s.callRaw(e, "utf8_roundtrip", bad, LIMIT).data).toEqual(expected);
    s.close();
  });
});

describe("collections", () => {
  it("StateMap and StateVec keep entries as records", async () => {
    const [s, m] = await withMisc();
    const a = idOf(0xa1);
    expect(U64.deserialize(s.callRaw(m, "credit", a, LIMIT).data)).toBe(1n);
    expect(U64.deserialize(s.callRaw(m, "credit", a, LIMIT).data)).toBe(2n);
    s.callRaw(m, "credit", idOf(0xb2), LIMIT);
    expect(U64.deserialize(s.callRaw(m, "balance", a, LIMIT).data)).toBe(2n);
    expect(U64.deserialize(s.callRaw(m, "balance", idOf(0xc3), LIMIT).data)).toBe(0n);
    expect(U32.deserialize(s.callRaw(m, "log_len", NONE, LIMIT).data)).toBe(3);
    expect(U64.deserialize(s.callRaw(m, "log_pop", NONE, LIMIT).data)).toBe(1n);
    expect(U32.deserialize(s.callRaw(m, "log_len", NONE, LIMIT).data)).toBe(2);
    s.close();
  });
});

describe("typed calls", () => {
  it("archives the argument and validates the return through codecs", async () => {
    const s = vm.session();
    const { contractId: c } = s.deploy(await fixture("counter"), { owner: OWNER, gasLimit: LIMIT });
    const r = s.call(c, "read_value", NONE, LIMIT, { retCodec: I64 });
    expect(r.data).toBe(0xfcn);
    expect(() => s.call(c, "increment_panic", true, LIMIT, { argCodec: BOOL })).toThrow(
      /Incremental panic/,
    );
    expect(() => s.call(c, "read_value", 5 as never, LIMIT)).toThrow(/argCodec/);
    s.close();
  });
});

describe("migration", () => {
  it("replaces the code at the old id; fn can call both; selfId is the old id after", async () => {
    const s = vm.session();
    const { contractId: old } = s.deploy(await fixture("counter"), {
      owner: new Uint8Array([5]),
      gasLimit: LIMIT,
    });
    s.callRaw(old, "increment", NONE, LIMIT);
    let during: bigint | undefined;
    await s.migrate(old, await fixture("counter_v2"), {}, LIMIT, (newId, sess) => {
      const v = readI64(sess, old);
      sess.callRaw(newId, "set_value", I64.archive(v * 2n), LIMIT);
      during = readI64(sess, newId);
    });
    expect(during).toBe(0xfdn * 2n);
    expect(readI64(s, old)).toBe(0xfdn * 2n);
    s.callRaw(old, "increment", NONE, LIMIT);
    expect(readI64(s, old)).toBe(0xfdn * 2n + 10n);
    expect(s.owner(old)).toEqual(new Uint8Array([5]));
    expect(s.contracts()).toHaveLength(1);
    s.close();
  });

  it("leaves the session as before when fn throws", async () => {
    const s = vm.session();
    const { contractId: old } = s.deploy(await fixture("counter"), {
      owner: OWNER,
      gasLimit: LIMIT,
    });
    const root = s.root();
    await expect(
      s.migrate(old, await fixture("counter_v2"), {}, LIMIT, () => {
        throw new Error("abort migration");
      }),
    ).rejects.toThrow(/abort migration/);
    expect(s.root()).toEqual(root);
    expect(readI64(s, old)).toBe(0xfcn);
    s.close();
  });
});

describe("commits through the VM", () => {
  it("lists, deletes (waiting for the sessions that hold it) and finalizes commits", async () => {
    const v = await VM.ephemeral();
    const g = v.session();
    const { contractId: c } = g.deploy(await fixture("counter"), { owner: OWNER, gasLimit: LIMIT });
    const r1 = await g.commit();
    g.callRaw(c, "increment", NONE, LIMIT);
    const r2 = await g.commit();
    g.close();
    const hexes = () => v.commits().map((r) => Buffer.from(r).toString("hex"));
    expect(hexes()).toEqual(
      expect.arrayContaining([r1, r2].map((r) => Buffer.from(r).toString("hex"))),
    );
    const holder = v.session({ base: r1 });
    let deleted = false;
    const pending = v.deleteCommit(r1).then(() => (deleted = true));
    await new Promise((res) => setTimeout(res, 20));
    expect(deleted).toBe(false);
    expect(readI64(holder, c)).toBe(0xfcn);
    holder.close();
    await pending;
    expect(hexes()).not.toContain(Buffer.from(r1).toString("hex"));
    await v.finalizeCommit(r2);
    expect(hexes()).not.toContain(Buffer.from(r2).toString("hex"));
    await v.close();
  });
});

describe("sessions", () => {
  it("refuses bad gas limits and closed sessions with typed errors", async () => {
    const [s, m] = await withMisc();
    let e: unknown;
    try {
      s.callRaw(m, "eph_read", NONE, 0n);
    } catch (err) {
      e = err;
    }
    expect(isSessionError(e)).toBe(true);
    s.close();
    expect(() => s.callRaw(m, "eph_read", NONE, LIMIT)).toThrow(/closed/);
  });
});

/** One script of deploys and calls; returns everything observable. */
async function script(v: VM): Promise<unknown[]> {
  const out: unknown[] = [];
  const s = v.session({ metadata: { height: U64.archive(7n) } });
  const rec = (r: CallReceipt<Uint8Array>) => out.push(r);
  const dep = async (n: string, id?: Uint8Array) => {
    const r = s.deploy(await fixture(n), { owner: OWNER, gasLimit: LIMIT, contractId: id });
    out.push(r);
    return r.contractId;
  };
  const c = await dep("counter");
  const cc = await dep("callcenter");
  const ev = await dep("eventer", idOf(5));
  const rv = await dep("eventer", idOf(6));
  rec(s.callRaw(cc, "increment_counter", c, LIMIT));
  rec(
    s.callRaw(
      cc,
      "delegate_query_with_event",
      DELEGATE.archive([rv, "emit_then_panic", ev]),
      LIMIT,
    ),
  );
  rec(s.callRaw(ev, "emit_events", U32.archive(3), LIMIT));
  try {
    s.callRaw(c, "increment_panic", BOOL.archive(true), LIMIT);
  } catch (e) {
    out.push(String(e));
  }
  rec(s.callRaw(cc, "call_self_n_times", U32.archive(4), LIMIT));
  out.push(await s.commit());
  s.close();
  return out;
}

describe("determinism", () => {
  it("gives the same receipts, gas, events and roots in two fresh VMs", async () => {
    const a = await VM.ephemeral();
    const b = await VM.ephemeral();
    const ra = await script(a);
    const rb = await script(b);
    expect(rb).toEqual(ra);
    await a.close();
    await b.close();
  });

  it("persists through VM.open and reads back after reopening", async () => {
    const dir = mkdtempSync(join(tmpdir(), "shortcrust-vm-"));
    try {
      const a = await VM.open(dir);
      const s = a.session();
      const { contractId: c } = s.deploy(await fixture("counter"), {
        owner: OWNER,
        gasLimit: LIMIT,
      });
      s.callRaw(c, "increment", NONE, LIMIT);
      const root = await s.commit();
      s.close();
      await a.close();
      const b = await VM.open(dir);
      const t = b.session({ base: root });
      expect(readI64(t, c)).toBe(0xfdn);
      expect(ID.deserialize(t.contracts()[0])).toEqual(c);
      t.close();
      await b.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
