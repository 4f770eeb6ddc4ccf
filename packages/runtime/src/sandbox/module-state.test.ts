// Module-level state and failed frames at the engine (issue 13): a contract's module state is its
// load-time value at the start of every frame that is not a re-entry; a failed frame (panic, out
// of gas, out of memory, stack overflow, at any depth) leaves every sandbox's heap as it was.
import { VM } from "../vm/vm";
import type { Session } from "../session/session";
import { fixture, LIMIT, OWNER } from "../testing/fixtures";
import { DELEGATE, I64, idOf, NONE } from "../testing/helpers";
import { isOutOfGasError, isPanicError } from "../errors";
import { sandboxPool } from "./pool";

let vm: VM;
let s: Session;
const A = idOf(0x51);
const B = idOf(0x52);

beforeAll(async () => {
  vm = await VM.ephemeral();
  s = vm.session();
  const art = await fixture("module_state");
  s.deploy(art, { owner: OWNER, contractId: A, gasLimit: LIMIT });
  s.deploy(art, { owner: OWNER, contractId: B, gasLimit: LIMIT });
});
afterAll(async () => {
  s.close();
  await vm.close();
});

const call = (id: Uint8Array, fn: string, arg: Uint8Array = NONE, session = s) =>
  I64.deserialize(session.callRaw(id, fn, arg, LIMIT).data);
const relay = (to: Uint8Array, fn: string, arg: Uint8Array = NONE): Uint8Array =>
  DELEGATE.archive([to, fn, arg]);

/** Every idle sandbox of the process is back at its post-load snapshot (reads all its memory). */
function everyHeapAtSnapshot(): boolean {
  return [...sandboxPool.idleInstances()].every((i) => i.heap.atSnapshot());
}

describe("module-level state", () => {
  it("counts the same in one session and across a commit", async () => {
    const first = s.callRaw(A, "bump", NONE, LIMIT);
    expect(I64.deserialize(first.data)).toBe(1_001n);
    const second = s.callRaw(A, "bump", NONE, LIMIT);
    expect(I64.deserialize(second.data)).toBe(1_001n);
    expect(second.gasSpent).toBe(first.gasSpent);
    const root = await s.commit();
    const next = vm.session({ base: root });
    try {
      const third = next.callRaw(A, "bump", NONE, LIMIT);
      expect([I64.deserialize(third.data), third.gasSpent]).toEqual([1_001n, first.gasSpent]);
    } finally {
      next.close();
    }
  });

  it("is back at its load-time value after a panicking call that changed it", () => {
    expect(() => s.callRaw(A, "bump_panic", NONE, LIMIT)).toThrow(/after a change/);
    expect(call(A, "peek")).toBe(0n);
    expect(everyHeapAtSnapshot()).toBe(true);
  });

  it.each([
    ["bump_oog", isOutOfGasError],
    ["bump_oom", (e: unknown) => isPanicError(e) || isOutOfGasError(e)],
    ["bump_deep", isPanicError],
  ])("%s fails at the top and at depth, leaving every heap as before", (fn, is) => {
    let err: unknown;
    try {
      s.callRaw(B, fn, NONE, LIMIT);
    } catch (e) {
      err = e;
    }
    expect(is(err)).toBe(true);
    expect(everyHeapAtSnapshot()).toBe(true);
    // At depth: A bumps (count 1, seen 1), B fails below it; A carries on and sees its own state.
    expect(call(A, "relay", relay(B, fn))).toBe(1_001n * 10n + 1n);
    expect([call(A, "peek"), call(B, "peek")]).toEqual([0n, 0n]);
    expect(everyHeapAtSnapshot()).toBe(true);
  });

  it("is shared with a re-entrant frame, which a failed re-entry leaves untouched", () => {
    // A → B → A.bump: the re-entrant frame bumps A's heap (count 2, seen 2), the outer sees it.
    expect(call(A, "relay", relay(B, "relay", relay(A, "bump")))).toBe(2_002n * 10n);
    // A → B → A.bump_panic: the failed re-entry is rolled back; B sees the failure, A does not.
    expect(call(A, "relay", relay(B, "relay", relay(A, "bump_panic")))).toBe(1_001n * 10n);
    expect(call(A, "peek")).toBe(0n);
    expect(everyHeapAtSnapshot()).toBe(true);
  });
});
