// The engine on a real Rust contract (contracts/rust/fixtures, built from source by rustfx's
// pipeline): piecrust's counter scenarios, a panic message from Rust's panic handler, TypeScript
// calling it, gas determinism and persistence.
import { VM } from "../vm/vm";
import { ephemeralVmForFile } from "./testing/session-pool";
import type { Session } from "../session/session";
import { fixture, LIMIT, OWNER } from "../testing/fixtures";
import { BOOL, I64, ID } from "../testing/helpers";
import { rustFixture } from "../testing/rust-fixtures";
import { isPanicError, type PanicError } from "../errors";

let counter: Uint8Array;
const env = ephemeralVmForFile();
const open = env.open;
const none = new Uint8Array(0);
const read = (s: Session, id: Uint8Array) =>
  s.call(id, "read_value", none, LIMIT, { retCodec: I64 }).data;

beforeAll(async () => {
  counter = rustFixture("counter");
}, 600_000);

test("S1: counter read, increment, discard, commit, base", async () => {
  const a = open();
  const id = a.deploy(counter, { owner: OWNER, gasLimit: LIMIT }).contractId;
  expect(read(a, id)).toBe(0xfcn);
  a.callRaw(id, "increment", none, LIMIT);
  expect(read(a, id)).toBe(0xfdn);
  a.close();
  const b = open();
  b.deploy(counter, { owner: OWNER, gasLimit: LIMIT });
  expect(read(b, id)).toBe(0xfcn);
  b.callRaw(id, "increment", none, LIMIT);
  const root = await b.commit();
  expect(read(open({ base: root }), id)).toBe(0xfdn);
});

test("S8: a Rust panic carries its message; the increment before it is reverted", () => {
  const s = open();
  const id = s.deploy(counter, { owner: OWNER, gasLimit: LIMIT }).contractId;
  let err: unknown;
  try {
    s.callRaw(id, "increment_panic", BOOL.archive(true), LIMIT);
  } catch (e) {
    err = e;
  }
  expect(isPanicError(err)).toBe(true);
  expect((err as PanicError).panicMessage).toContain("Incremental panic");
  expect(read(s, id)).toBe(0xfcn);
  s.callRaw(id, "increment_panic", BOOL.archive(false), LIMIT);
  expect(read(s, id)).toBe(0xfdn);
});

test("S11: a limit of 1 is out of gas; the same calls cost the same gas in two fresh VMs", async () => {
  const s = open();
  const id = s.deploy(counter, { owner: OWNER, gasLimit: LIMIT }).contractId;
  expect(() => s.callRaw(id, "read_value", none, 1n)).toThrow(
    expect.objectContaining({ name: "OutOfGasError" }),
  );
  const run = async () => {
    const v = await VM.ephemeral();
    const t = v.session();
    const c = t.deploy(counter, { owner: OWNER, gasLimit: LIMIT }).contractId;
    const gas = [
      t.callRaw(c, "increment", none, LIMIT).gasSpent,
      t.callRaw(c, "read_value", none, LIMIT).gasSpent,
    ];
    const root = Buffer.from(await t.commit()).toString("hex");
    t.close();
    await v.close();
    return { gas, root };
  };
  const first = await run();
  expect(first.gas[0]).toBeGreaterThan(0n);
  expect(await run()).toEqual(first);
});

test("S7: a TypeScript callcenter queries and increments the Rust counter", async () => {
  const s = open();
  const id = s.deploy(counter, { owner: OWNER, gasLimit: LIMIT }).contractId;
  const cc = s.deploy(await fixture("callcenter"), { owner: OWNER, gasLimit: LIMIT }).contractId;
  expect(I64.deserialize(s.callRaw(cc, "query_counter", ID.archive(id), LIMIT).data)).toBe(0xfcn);
  const r = s.callRaw(cc, "increment_counter", ID.archive(id), LIMIT);
  expect(r.callTree).toHaveLength(2);
  expect(read(s, id)).toBe(0xfdn);
});
