// The generated glue, stubs and metadata of fixtures/project (committed in __golden__), built
// into an artifact and run in a real runtime session.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { VM, isPanicError } from "@shortcrust/runtime";
import { buildArtifact } from "@shortcrust/bundler";
import { isCheckError, type CheckError } from "@shortcrust/sdk";
import {
  counterCalls,
  counterClient,
  counterEvents,
  counterReturns,
  decodeCounterEvents,
} from "../fixtures/__golden__/project/counter.Counter.client";
import {
  decodeTransferEvents,
  transferCalls,
  transferEvents,
} from "../fixtures/__golden__/project/counter.Transfer.client";
import { buildChain } from "../fixtures/__golden__/project/chain.Chain.metadata";
import { Entry, Ledger } from "../fixtures/__golden__/project/types.codec";
import { Level } from "../fixtures/project/types";
import { generatedProject } from "../testing/project";

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

  it("a metadata value out of its type's range names the schema and key", () => {
    expect(() => buildChain({ chain_id: 300 })).toThrow(
      "Chain.chain_id: expected u8 (0..=255), found 300",
    );
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

  it("typed events: emitted with the generated codec, decoded into a union by topic", () => {
    const { contractId, counter } = deploy();
    const inc = counter.increment();
    expect(Buffer.from(inc.events[0].data).toString("hex")).toBe("0100000000000000");
    expect(decodeCounterEvents(inc.events, contractId)).toEqual([
      { topic: "incremented", value: 1n, source: contractId, reverted: false },
    ]);
    const e = { owner: new Uint8Array(32).fill(3), amount: 5n, memo: "a memo of some length" };
    const [recorded] = decodeCounterEvents(counter.record(e).events);
    expect(recorded.topic).toBe("recorded");
    if (recorded.topic === "recorded") expect(recorded.value).toEqual(e); // narrowed: Entry
    expect(decodeCounterEvents(counter.apply({ case: "Reset" }).events)).toEqual([
      { topic: "reset", value: null, source: contractId, reverted: false },
    ]);
    // Events of another contract (nested calls) are skipped when the source is given.
    expect(decodeCounterEvents(inc.events, new Uint8Array(32).fill(0xee))).toEqual([]);
  });

  it("typed events: a bad payload or an undeclared topic is a CheckError with a path", () => {
    const source = new Uint8Array(32);
    const fail = (f: () => unknown): CheckError => {
      try {
        f();
      } catch (e) {
        if (isCheckError(e)) return e;
        throw e;
      }
      throw new Error("expected a CheckError");
    };
    const truncated = fail(() =>
      counterEvents.decode({
        topic: "recorded",
        data: new Uint8Array(20),
        source,
        reverted: false,
      }),
    );
    expect(truncated.path).toBe("Counter.events.recorded");
    // Entry { owner, amount, memo: Option<String> } lays out as owner@0, amount@32, memo@40: a
    // bad Option tag is reported inside the value.
    const bytes = new Uint8Array(56);
    bytes[40] = 7;
    const badTag = fail(() =>
      counterEvents.decode({ topic: "recorded", data: bytes, source, reverted: false }),
    );
    expect([badTag.kind, badTag.path, badTag.offset]).toEqual([
      "enum_tag",
      "Counter.events.recorded.memo",
      40,
    ]);
    expect(badTag.cause).toBeDefined();
    const unknown = fail(() =>
      decodeCounterEvents([{ topic: "burned", data: new Uint8Array(0), source, reverted: false }]),
    );
    expect([unknown.kind, unknown.path, unknown.found]).toEqual([
      "enum_tag",
      "Counter.events",
      '"burned" from contract 00000000…',
    ]);
    expect(counterEvents.topics).toEqual(["incremented", "recorded", "reset"]);
  });

  it("typed events of an extern (e.g. Rust) contract decode from its bytes", () => {
    const to = new Uint8Array(32).fill(4);
    // ([u8; 32], u64): the array at 0, the u64 at 32 (40 bytes), as Rust archives it.
    const data = new Uint8Array(40);
    data.set(to, 0);
    data[32] = 9;
    const source = new Uint8Array(32).fill(2);
    expect(transferEvents.decode({ topic: "transfer", data, source, reverted: true })).toEqual({
      topic: "transfer",
      value: [to, 9n],
      source,
      reverted: true,
    });
    expect(
      decodeTransferEvents([{ topic: "frozen", data: new Uint8Array(0), source, reverted: false }]),
    ).toEqual([{ topic: "frozen", value: null, source, reverted: false }]);
  });
});

describe("metadata readers", () => {
  it("type an Option field's reader once as T | null (its None and a missing key are both null)", async () => {
    const { dir, files } = await generatedProject({
      "m.ts": `import type { u64, Option } from "@shortcrust/sdk";\n/** @metadata */\nexport interface M {\n  maybe: Option<u64>;\n  plain: u64;\n}\n`,
    });
    try {
      const text = files.get(join(dir, "gen", "m.M.metadata.ts"))!;
      expect(text).toContain("maybe(): bigint | null {");
      expect(text).toContain("plain(): bigint | null {");
      expect(text).not.toContain("| null | null");
      expect(text).toContain("(for an Option, None too: raw(key) tells them apart)");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
