// Typed clients for Rust contracts: `@contract extern` interfaces (testing/rust-types/clients.ts)
// run through `shortcrust codegen`; the generated stubs call the deployed WASM fixtures with the
// same bytes as hand-archived calls, from the host and from inside a TypeScript contract.
import { join } from "node:path";
import { ephemeralVmForFile } from "./testing/session-pool";
import type { Session } from "../session/session";
import { buildArtifact } from "@shortcrust/bundler";
import { LIMIT, OWNER } from "../testing/fixtures";
import { BOOL, I64, ID, idOf, VEC_ID } from "../testing/helpers";
import { rustFixture } from "../testing/rust-fixtures";
import { isPanicError } from "../errors";
import { CallRequest } from "../testing/rust-types/generated/fixture-types.codec";
import {
  counterCalls,
  counterClient,
} from "../testing/rust-types/generated/clients.Counter.client";
import { boxerClient } from "../testing/rust-types/generated/clients.Boxer.client";
import {
  callcenterCalls,
  callcenterClient,
} from "../testing/rust-types/generated/clients.Callcenter.client";
import { initializerClient } from "../testing/rust-types/generated/clients.Initializer.client";

const env = ephemeralVmForFile();
const open = env.open;
const none = new Uint8Array(0);
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const deploy = (s: Session, name: string, contractId?: Uint8Array) =>
  s.deploy(rustFixture(name), { owner: OWNER, gasLimit: LIMIT, contractId }).contractId;

beforeAll(async () => {}, 600_000);

test("the counter's stub: the same argument bytes, data, gas and tree as a raw call", () => {
  const s = open();
  const a = deploy(s, "counter");
  const b = deploy(s, "counter", idOf(5));
  const calls = counterCalls(a);
  expect(calls.increment()).toEqual({ contract: a, fnName: "increment", fnArgs: none });
  expect(hex(calls.increment_panic(true).fnArgs)).toBe(hex(BOOL.archive(true)));
  const typed = counterClient(s, a, LIMIT);
  const viaStub = typed.increment();
  const viaRaw = s.callRaw(b, "increment", none, LIMIT);
  expect(viaStub.gasSpent).toBe(viaRaw.gasSpent);
  expect(viaStub.data).toBeNull();
  expect(viaStub.callTree.map((e) => e.spent)).toEqual(viaRaw.callTree.map((e) => e.spent));
  const read = typed.read_value();
  expect(read.data).toBe(0xfdn);
  expect(read.gasSpent).toBe(s.callRaw(b, "read_value", none, LIMIT).gasSpent);
  expect(I64.deserialize(s.callRaw(a, "read_value", none, LIMIT).data)).toBe(read.data);
  // a failure through the stub is the same typed error, state unchanged
  let err: unknown;
  try {
    typed.increment_panic(true);
  } catch (e) {
    err = e;
  }
  expect(isPanicError(err)).toBe(true);
  expect(typed.read_value().data).toBe(0xfdn);
});

test("boxer and initializer stubs: Option<i16>, u8, void", () => {
  const s = open();
  const box = boxerClient(s, deploy(s, "boxer"), LIMIT);
  expect(box.get().data).toBeNull();
  box.set(-12345);
  expect(box.get().data).toBe(-12345);
  const init = initializerClient(
    s,
    s.deploy(rustFixture("initializer"), {
      owner: OWNER,
      gasLimit: LIMIT,
      initArg: Uint8Array.of(0xfe),
    }).contractId,
    LIMIT,
  );
  init.increment();
  init.increment();
  expect(init.read_value().data).toBe(0); // wrapping
});

test("the callcenter's stub: archived CallRequest in, CallOutcome out", () => {
  const s = open();
  const cc = deploy(s, "callcenter");
  const c = deploy(s, "counter");
  const client = callcenterClient(s, cc, LIMIT);
  expect(client.query_counter(c).data).toBe(0xfcn);
  client.increment_counter(c);
  expect(counterClient(s, c, LIMIT).read_value().data).toBe(0xfdn);
  const request = {
    contract: c,
    fn_name: "increment_panic",
    fn_arg: BOOL.archive(true),
    gas_limit: 0n,
  };
  expect(hex(callcenterCalls(cc).delegate_transaction(request).fnArgs)).toBe(
    hex(CallRequest.archive(request)),
  );
  const r = client.delegate_transaction(request);
  expect(r.data).toEqual({ case: "Panic", value: "Incremental panic" });
  expect(client.query_counter(c).data).toBe(0xfdn);
  expect(client.return_callstack().data).toEqual([]);
  expect(VEC_ID.deserialize(s.callRaw(cc, "return_callstack", none, LIMIT).data)).toEqual([]);
});

test("a TypeScript contract calls the Rust counter through the generated contract stub", async () => {
  const s = open();
  const caller = s.deploy(
    await buildArtifact({
      entry: join(__dirname, "testing", "typed-caller.ts"),
      name: "typed_caller",
    }),
    { owner: OWNER, gasLimit: LIMIT },
  ).contractId;
  const c = deploy(s, "counter");
  const r = s.callRaw(caller, "bump_and_read", ID.archive(c), LIMIT);
  expect(I64.deserialize(r.data)).toBe(0xfdn);
  expect(r.callTree.map((e) => hex(e.contractId))).toEqual([hex(c), hex(c), hex(caller)]);
  let err: unknown;
  try {
    s.callRaw(caller, "bump_failing", ID.archive(c), LIMIT);
  } catch (e) {
    err = e;
  }
  expect(isPanicError(err)).toBe(true);
  expect((err as { panicMessage: string }).panicMessage).toBe("increment_panic: Panic");
  expect(counterClient(s, c, LIMIT).read_value().data).toBe(0xfdn);
});
