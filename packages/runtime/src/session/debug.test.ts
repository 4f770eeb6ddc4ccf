import { isLimitError, isPanicError, type PanicError } from "../errors";
import { fixture, LIMIT, OWNER } from "../testing/fixtures";
import { VM } from "../vm/vm";
import { GAS } from "./gas";
import { codec } from "@shortcrust/sdk";

const U32 = codec<number>({ kind: "u32" });
const UNIT = new Uint8Array(0);

let vm: VM;
beforeAll(async () => {
  vm = await VM.ephemeral();
});
afterAll(() => vm.close());

async function deployed(v: VM = vm) {
  const s = v.session();
  const { contractId } = s.deploy(await fixture("debugger"), { owner: OWNER, gasLimit: LIMIT });
  return { s, id: contractId };
}

function failure(f: () => unknown): PanicError {
  try {
    f();
  } catch (e) {
    if (isPanicError(e)) return e;
    throw e;
  }
  throw new Error("expected a panic");
}

describe("debug output", () => {
  it("reaches the receipt, formatted, with the printing contract's id", async () => {
    const { s, id } = await deployed();
    const r = s.callRaw(id, "say", UNIT, LIMIT);
    expect(r.debug).toEqual([
      { contractId: id, message: "hello 42 5n 0xdead true", reverted: false },
    ]);
    expect(s.callRaw(id, "written", UNIT, LIMIT).debug).toEqual([]);
  });

  it("costs a base plus one gas per character, the same on every VM", async () => {
    const { s, id } = await deployed();
    const gas = (i: number) => s.callRaw(id, "raw", U32.archive(i), LIMIT).gasSpent;
    const empty = gas(0);
    expect(gas(1) - empty).toBe(BigInt(1000 * GAS.DEBUG_CHAR));
    // The base: the same call printing nothing is still charged (the raw bridge call).
    expect(empty).toBeGreaterThan(BigInt(GAS.CALL_BASE + GAS.DEBUG_BASE));
    const other = await VM.ephemeral();
    try {
      const b = await deployed(other);
      const r1 = s.callRaw(id, "relay", UNIT, LIMIT);
      const r2 = b.s.callRaw(b.id, "relay", UNIT, LIMIT);
      expect(r2.gasSpent).toBe(r1.gasSpent);
      expect(r2.debug).toEqual(r1.debug);
    } finally {
      await other.close();
    }
  });

  it("a failed call's lines are on the error (and in its message); its state is rolled back", async () => {
    const { s, id } = await deployed();
    const err = failure(() => s.callRaw(id, "write_say_panic", UNIT, LIMIT));
    expect(err.panicMessage).toBe("boom");
    expect(err.debug).toEqual([
      { contractId: id, message: "wrote the record, about to panic", reverted: true },
    ]);
    expect(err.message).toContain("Debug output of the failed call (1 line)");
    expect(err.message).toContain("(reverted) wrote the record, about to panic");
    expect(s.callRaw(id, "written", UNIT, LIMIT).data).toEqual(new Uint8Array([0]));
  });

  it("a failed nested call's lines stay in the receipt, marked reverted", async () => {
    const { s, id } = await deployed();
    const r = s.callRaw(id, "relay", UNIT, LIMIT);
    expect(r.debug.map((l) => [l.message, l.reverted])).toEqual([
      ["outer before", false],
      ["wrote the record, about to panic", true],
      ["outer after: Panic", false],
    ]);
    expect(s.callRaw(id, "written", UNIT, LIMIT).data).toEqual(new Uint8Array([0]));
  });

  it("a line over 64 KiB is a LimitError", async () => {
    const { s, id } = await deployed();
    let err: unknown;
    try {
      s.callRaw(id, "raw", U32.archive(2), LIMIT);
    } catch (e) {
      err = e;
    }
    expect(isLimitError(err)).toBe(true);
  });
});
