// Hostile contracts: each attack ends in the right typed error, with state unchanged.
import { VM } from "../vm/vm";
import type { Session } from "../session/session";
import { fixture, LIMIT, OWNER } from "../testing/fixtures";
import { I64, ID, idOf, NONE, readI64, text } from "../testing/helpers";
import {
  isLimitError,
  isOutOfGasError,
  isPanicError,
  isValidationError,
  type PanicError,
} from "../errors";

let vm: VM;
let s: Session;
let h: Uint8Array;

beforeAll(async () => {
  vm = await VM.ephemeral();
  s = vm.session();
  h = s.deploy(await fixture("hostile"), {
    owner: OWNER,
    contractId: idOf(9),
    gasLimit: LIMIT,
  }).contractId;
});
afterAll(async () => {
  s.close();
  await vm.close();
});

function failure(fn: string, arg: Uint8Array = NONE, limit = LIMIT): unknown {
  const root = s.root();
  try {
    s.callRaw(h, fn, arg, limit);
  } catch (e) {
    expect(s.root()).toEqual(root);
    expect(readI64(s, h)).toBe(0n);
    return e;
  }
  throw new Error(`${fn} did not fail`);
}

describe("hostile contracts", () => {
  it("an endless loop runs out of gas", () => {
    expect(isOutOfGasError(failure("endless_loop"))).toBe(true);
  });

  it("catching the out-of-gas throw does not help", () => {
    expect(isOutOfGasError(failure("catch_oog"))).toBe(true);
    expect(s.callRaw(h, "read_value", NONE, LIMIT).data).toEqual(I64.archive(0n));
  });

  it("a memory bomb ends in a typed error and the host survives", () => {
    const e = failure("memory_bomb", NONE, 100_000_000n);
    expect(isPanicError(e) || isOutOfGasError(e)).toBe(true);
    expect(readI64(s, h)).toBe(0n);
  });

  it("deep recursion ends in a typed error", () => {
    const e = failure("deep_recursion", NONE, 100_000_000n);
    expect(isPanicError(e) || isOutOfGasError(e)).toBe(true);
  });

  it("throwing a non-Error is a Panic with its string form", () => {
    const e = failure("throw_non_error") as PanicError;
    expect(isPanicError(e)).toBe(true);
    expect(e.panicMessage).toBe("42");
  });

  it("a hostile thrown object cannot spin forever while its message is read", () => {
    const e = failure("throw_hostile_object");
    expect(isOutOfGasError(e)).toBe(true);
  });

  it("returning something other than bytes is a Panic", () => {
    const e = failure("bad_return") as PanicError;
    expect(isPanicError(e)).toBe(true);
    expect(e.panicMessage).toMatch(/not a Uint8Array/);
  });

  it("bad bytes returned to a caller fail the caller's check (Panic), and a typed host call (ValidationError)", () => {
    const e = failure("read_bad_bytes", ID.archive(h)) as PanicError;
    expect(isPanicError(e)).toBe(true);
    expect(e.panicMessage).toMatch(/i64|expected|bytes/i);
    let v: unknown;
    try {
      s.call(h, "bad_bytes", NONE, LIMIT, { retCodec: I64 });
    } catch (err) {
      v = err;
    }
    expect(isValidationError(v)).toBe(true);
  });

  it("finds no ambient authority", () => {
    expect(text(s.callRaw(h, "probe", NONE, LIMIT).data)).toBe("");
  });

  it("cannot tamper with built-ins, in this call or the next", () => {
    expect(text(s.callRaw(h, "tamper", NONE, LIMIT).data)).toBe("0");
    expect(text(s.callRaw(h, "check_tamper", NONE, LIMIT).data)).toBe("clean");
  });

  it("over-limit events, returns and panic messages are typed errors", () => {
    expect(isLimitError(failure("big_event"))).toBe(true);
    expect(isLimitError(failure("big_return"))).toBe(true);
    const p = failure("huge_panic") as PanicError;
    expect(p.panicMessage).toBe("PANIC INFO TOO LONG");
    expect(isLimitError(failure("read_value", new Uint8Array(64 * 1024 + 1)))).toBe(true);
  });

  it("caps the call depth at 48: the 48th nested call gets Unknown", () => {
    const r = s.callRaw(h, "deep_calls", NONE, 1_000_000_000n);
    // Frames 0..47 run; the call from depth 47 is refused.
    expect([r.data[0] + r.data[1] * 256, r.data[2]]).toEqual([47, 3]);
    expect(readI64(s, h)).toBe(48n);
  });
});
