// The generated glue, stubs and metadata of fixtures/project (committed in __golden__), built
// into an artifact and run in a real runtime session.
import { join } from "node:path";
import { VM, buildArtifact, isPanicError } from "@shortcrust/runtime";
import {
  counterCalls,
  counterClient,
  counterReturns,
} from "../fixtures/__golden__/project/counter.Counter.client";
import { transferCalls } from "../fixtures/__golden__/project/counter.Transfer.client";
import { buildChain } from "../fixtures/__golden__/project/chain.Chain.metadata";
import { Entry, Ledger } from "../fixtures/__golden__/project/types.codec";
import { Level } from "../fixtures/project/types";

const entry = join(
  __dirname,
  "..",
  "fixtures",
  "__golden__",
  "project",
  "counter.Counter.entry.ts",
);
const OWNER = new Uint8Array(32).fill(7);
const LIMIT = 10_000_000n;

let vm: VM;
let artifact: Uint8Array;
beforeAll(async () => {
  vm = await VM.ephemeral();
  artifact = await buildArtifact({ entry, name: "counter" });
});
afterAll(() => vm.close());

function deploy(metadata?: Map<string, Uint8Array>) {
  const session = vm.session({ metadata });
  const { contractId } = session.deploy(artifact, {
    owner: OWNER,
    initArg: new Uint8Array(8).fill(0), // i64 0 for init(start)
    gasLimit: LIMIT,
  });
  return { session, contractId, counter: counterClient(session, contractId, LIMIT) };
}

describe("generated contract glue and stubs in a runtime session", () => {
  it("runs init, typed calls, state write-back and events", () => {
    const { counter } = deploy();
    expect(counter.read_value().data).toBe(0n);
    const r = counter.increment();
    expect(r.data).toBeNull();
    expect(r.events.map((e) => e.topic)).toEqual(["incremented"]);
    expect(counter.read_value().data).toBe(1n);
    expect(counter.add(5n, 3).data).toBe(16n);
    expect(
      counter.apply({ case: "Withdraw", value: { amount: 6n, to: new Uint8Array(32) } }).data,
    ).toBe(10n);
    expect(counter.apply({ case: "Reset" }).data).toBe(0n);
  });

  it("keeps struct-valued state and returns nested types", () => {
    const { counter } = deploy();
    const e = { owner: new Uint8Array(32).fill(9), amount: 12n, memo: "hello, ledger" };
    expect(counter.record(e).data).toBe(1);
    expect(counter.record({ ...e, memo: null }).data).toBe(2);
    const ledger = counter.ledger().data;
    expect(ledger.entries.map((x) => x.memo)).toEqual(["hello, ledger", null]);
    expect(ledger.pairs).toEqual([[1, "one"]]);
    expect(ledger.level).toBe(Level.Low);
    expect(counter.owner_of(0).data).toEqual(new Uint8Array(32).fill(9));
    // The same bytes decode with the codec module (what a client reading a receipt would use).
    expect(Ledger.toJson(ledger)).toMatchObject({ level: "Low", pairs: [[1, "one"]] });
    expect(Entry.deserialize(Entry.archive(e))).toEqual(e);
  });

  it("reads typed metadata (missing → null → the contract's default)", () => {
    expect(deploy().counter.height().data).toBe(0n);
    expect(deploy(buildChain({ block_height: 77n, chain_id: 1 })).counter.height().data).toBe(77n);
  });

  it("a read-only call writes no state; a failed call leaves state as before", () => {
    const { session, contractId, counter } = deploy();
    counter.increment();
    const root = session.root();
    counter.read_value();
    expect(session.root()).toEqual(root);
    let err: unknown;
    try {
      session.callRaw(contractId, "add", new Uint8Array(3), LIMIT); // bad argument bytes
    } catch (e) {
      err = e;
    }
    expect(isPanicError(err)).toBe(true);
    expect(session.root()).toEqual(root);
    expect(counter.read_value().data).toBe(1n);
  });

  it("raw call encoders and return decoders need no session", () => {
    const id = new Uint8Array(32).fill(1);
    const call = counterCalls(id).add(2n, 3);
    expect(call.fnName).toBe("add");
    expect(call.contract).toBe(id);
    // (i64, u32): a Rust tuple keeps its last element last: i64 @0, u32 @8, size 16.
    expect(Buffer.from(call.fnArgs).toString("hex")).toBe("02000000000000000300000000000000");
    expect(counterReturns.read_value(new Uint8Array([5, 0, 0, 0, 0, 0, 0, 0]))).toBe(5n);
    expect(transferCalls(id).transfer(new Uint8Array(32), 9n).fnArgs.length).toBe(40);
    const { session, contractId } = deploy();
    const r = session.callRaw(contractId, call.fnName, call.fnArgs, LIMIT);
    expect(counterReturns.add(r.data)).toBe(6n);
  });
});
