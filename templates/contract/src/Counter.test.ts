// Started as the scaffold `shortcrust codegen` writes (once; it never overwrites this file).
import { join } from "node:path";
import { VM, isPanicError } from "@shortcrust/runtime";
import { buildArtifact } from "@shortcrust/bundler";
import {
  counterClient,
  counterInitArg,
  decodeCounterEvents,
} from "./generated/counter.Counter.client";
import { buildChain } from "./generated/types.Chain.metadata";
import { Summary } from "./generated/types.codec";

const LIMIT = 1_000_000_000n;

describe("Counter", () => {
  let vm: VM;
  let artifact: Uint8Array;
  beforeAll(async () => {
    vm = await VM.ephemeral();
    artifact = await buildArtifact({ entry: join(__dirname, "generated/counter.Counter.entry") });
  });
  afterAll(() => vm.close());

  function deploy(height?: bigint) {
    const session = vm.session({
      metadata: height === undefined ? undefined : buildChain({ block_height: height }),
    });
    const { contractId } = session.deploy(artifact, {
      owner: new Uint8Array(32),
      gasLimit: LIMIT,
      initArg: counterInitArg(10n),
    });
    return { session, contractId, counter: counterClient(session, contractId, LIMIT) };
  }

  it("deploys in a fresh session and answers every function", () => {
    const { counter } = deploy();
    expect(counter.increment().gasSpent).toBeGreaterThan(0n);
    expect(counter.read_value().gasSpent).toBeGreaterThan(0n);
    expect(counter.apply({ case: "Reset" as const }).gasSpent).toBeGreaterThan(0n);
    expect(counter.add_with_note(1n, "sample").gasSpent).toBeGreaterThan(0n);
    expect(counter.summary().gasSpent).toBeGreaterThan(0n);
    expect(counter.last_height().gasSpent).toBeGreaterThan(0n);
  });

  it("starts from init, counts, and keeps its history in state", () => {
    const { counter, contractId } = deploy(42n);
    expect(counter.read_value().data).toBe(10n);
    const r = counter.increment();
    // Typed events: the payload is checked and decoded with the generated codec.
    expect(decodeCounterEvents(r.events, contractId)).toEqual([
      {
        topic: "changed",
        value: { by: new Uint8Array(32), amount: 1n, note: null },
        source: contractId,
        reverted: false,
      },
    ]);
    expect(counter.apply({ case: "Add", value: 5n }).data).toBe(16n);
    expect(counter.add_with_note(4n, "a note longer than seven bytes").data).toBe(3);
    const summary = counter.summary().data;
    expect(Summary.toJson(summary)).toEqual({
      value: "20",
      changes: 3,
      last: { by: Array(32).fill(0), amount: "4", note: "a note longer than seven bytes" },
    });
    expect(counter.last_height().data).toBe(42n);
  });

  it("keeps its history in a StateVec: a call's gas does not grow with the history", () => {
    const { counter } = deploy(1n);
    counter.increment(); // the first change also turns lastHeight from None to Some
    const second = counter.increment().gasSpent;
    for (let i = 0; i < 40; i++) counter.add_with_note(1n, `change ${i}`);
    expect(counter.increment().gasSpent).toBe(second);
    const summary = counter.summary().data;
    expect([summary.value, summary.changes]).toEqual([53n, 43]);
    expect([summary.last?.amount, summary.last?.note]).toEqual([1n, null]);
    expect(counter.add_with_note(2n, "last").data).toBe(44);
    expect(counter.summary().data.last?.note).toBe("last");
  });

  it("emits reset (no data) when reset", () => {
    const { counter } = deploy();
    const [event] = decodeCounterEvents(counter.apply({ case: "Reset" }).events);
    expect([event.topic, event.value]).toEqual(["reset", null]);
  });

  it("a panicking call changes nothing", () => {
    const { session, counter } = deploy();
    const root = session.root();
    expect(() => counter.apply({ case: "Sub", value: { amount: 100n, floor: 0n } })).toThrow(
      "cannot go below 0",
    );
    try {
      counter.apply({ case: "Sub", value: { amount: 100n, floor: 0n } });
    } catch (e) {
      expect(isPanicError(e)).toBe(true);
    }
    expect(session.root()).toEqual(root);
    expect(counter.read_value().data).toBe(10n);
  });
});
