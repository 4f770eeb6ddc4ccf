// Hostile contracts: each attack ends in the right typed error, with state unchanged.
import { VM } from "../vm/vm";
import type { Session } from "../session/session";
import { fixture, LIMIT, OWNER } from "../testing/fixtures";
import { I64, ID, idOf, NONE, readI64, text, U32 } from "../testing/helpers";
import { GAS } from "../session/gas";
import { UNMETERED_NATIVES } from "./unmetered-natives";
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
    expect(e).toMatchObject({ name: "PanicError", panicMessage: "string too long" });
    expect(readI64(s, h)).toBe(0n);
  });

  it("running out of heap names the sandbox's limit", () => {
    const e = failure("heap_exhaustion", NONE, 1_000_000_000n);
    expect(e).toMatchObject({
      name: "PanicError",
      panicMessage: "out of memory",
      hint: expect.stringMatching(/heap is limited to 32 MiB/),
    });
    expect(readI64(s, h)).toBe(0n);
  });

  it("deep recursion ends in a typed error that names the sandbox's limit", () => {
    const e = failure("deep_recursion", NONE, 100_000_000n);
    expect(e).toMatchObject({
      name: "PanicError",
      panicMessage: "stack overflow",
      hint: expect.stringMatching(/about 170 frames .*: write deep recursion as a loop/),
    });
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
    const event = failure("big_event") as Error;
    expect(isLimitError(event)).toBe(true);
    // An over-limit event names its topic.
    expect(event.message).toMatch(
      /^big_event of [0-9a-f]{64}: the data of event 'big' is \d+ bytes/,
    );
    expect(isLimitError(failure("big_return"))).toBe(true);
    // An over-limit record names the function and the contract that wrote it.
    const big = failure("big_state") as Error;
    expect(isLimitError(big)).toBe(true);
    expect(big.message).toMatch(
      /^big_state of [0-9a-f]{64}: a state record is 65537 bytes; the limit is 65536$/,
    );
    const p = failure("huge_panic") as PanicError;
    expect(p.panicMessage).toBe("PANIC INFO TOO LONG");
    expect(isLimitError(failure("read_value", new Uint8Array(64 * 1024 + 1)))).toBe(true);
  });

  it("ends a deep call tree at the tree's stack budget, before node's stack and piecrust's 48", () => {
    const r = s.callRaw(h, "deep_calls", NONE, 1_000_000_000n);
    // Frames 0..17 run; the frame the call from depth 17 enters has no budget left and fails as a
    // stack overflow (a Panic to its caller), deterministically (determinism.test runs it with
    // less node stack too). A WASM contract's frames reach the depth limit (wasm/engine.test).
    expect([r.data[0] + r.data[1] * 256, r.data[2]]).toEqual([17, 0]);
    expect(readI64(s, h)).toBe(18n);
  });

  describe("native built-ins are charged by their size", () => {
    // A fresh session and deployment: the tests above left the counter at 18.
    beforeAll(async () => {
      s.close();
      s = vm.session();
      h = s.deploy(await fixture("hostile"), {
        owner: OWNER,
        contractId: idOf(9),
        gasLimit: LIMIT,
      }).contractId;
    });
    // Each loop would run for minutes on a flat per-call cost (the wall-clock safety net is 20 s);
    // charged by size it spends its limit in a fraction of a second.
    const LOOP_LIMIT = 5_000_000n;
    it.each([
      ["repeat_loop", '"x".repeat(1e6)'],
      ["typed_array_loop", "new Uint8Array(1e6)"],
      ["index_of_loop", "indexOf on 1e6 elements"],
      ["stringify_loop", "JSON.stringify of 20k keys"],
      ["sort_loop", "sort of 1e5 elements"],
      ["from_char_code_loop", "String.fromCharCode.apply with 60k arguments"],
      ["promise_all_loop", "Promise.all of 10k values"],
    ])("a loop of %s (%s) ends in OutOfGas quickly, state unchanged", (fn) => {
      // CPU time, not wall time: a loaded machine must not fail (or pass) this by the clock.
      const t0 = process.cpuUsage();
      const e = failure(fn, NONE, LOOP_LIMIT);
      const cpu = process.cpuUsage(t0);
      expect(isOutOfGasError(e)).toBe(true);
      expect((cpu.user + cpu.system) / 1000).toBeLessThan(1_000);
    });

    it('charges "x".repeat(n) linearly in n', () => {
      const gas = (n: number) =>
        U32.deserialize(s.callRaw(h, "repeat_cost", U32.archive(n), 100_000_000n).data);
      const a = gas(100_000);
      const b = gas(200_000);
      const c = gas(400_000);
      expect(c - b).toBe(2 * (b - a));
      expect(b - a).toBe(100_000 / GAS.NATIVE_CHARS_PER_GAS);
    });

    it("charges typed-array fill by the bytes it fills, coercing its bounds once", () => {
      const got = text(s.callRaw(h, "fill_costs", NONE, 100_000_000n).data).split(",");
      // What the generic wrapper (`gen` with span/by) charged at dbb210c, case by case (each
      // includes its closure's few nodes): the written-out wrapper must charge the same.
      expect(got.slice(0, 10).map(Number)).toEqual([
        1083, 828, 317, 317, 319, 61, 316, 1085, 834, 59,
      ]);
      // The numbers assume 16 bytes per gas: a whole fill (16384 bytes) costs 1024 more than none.
      expect(GAS.NATIVE_BYTES_PER_GAS).toBe(16);
      expect(got.slice(10)).toEqual(["1", "1", "1"]);
    });

    it("cannot reach the unwrapped originals", () => {
      const costs = text(s.callRaw(h, "reach_originals", NONE, 100_000_000n).data)
        .split(",")
        .map(Number);
      // Every path pays the wrapper's charge (plus its own few nodes and wrappers).
      const repeat = GAS.NATIVE_CALL + 100_000 / GAS.NATIVE_CHARS_PER_GAS;
      for (const c of costs.slice(0, 7)) expect(c).toBeGreaterThanOrEqual(repeat);
      expect(Math.max(...costs.slice(0, 7)) - costs[0]).toBeLessThan(100);
      const bytes = (8 * 100_000) / GAS.NATIVE_BYTES_PER_GAS;
      for (const c of costs.slice(7, 10)) expect(c).toBeGreaterThanOrEqual(bytes);
      // Allocate, then slice: its copy is paid by the allocation species makes through the wrapper.
      expect(costs[9]).toBeGreaterThanOrEqual(2 * bytes);
      expect(costs[10]).toBeGreaterThanOrEqual(100_000 * GAS.NATIVE_ELEMENT);
      expect(costs[11]).toBeGreaterThanOrEqual(2 * bytes);
    });

    it("leaves only reviewed built-ins unwrapped", () => {
      const found = text(s.callRaw(h, "native_functions", NONE, 1_000_000_000n).data).split("\n");
      expect(found).toEqual(UNMETERED_NATIVES);
      for (const metered of [
        "String.prototype.repeat",
        "Array.prototype.indexOf",
        "JSON.stringify",
      ])
        expect(found).not.toContain(`globalThis.${metered}`);
    });

    it("wrapped built-ins behave as specified", () => {
      expect(text(s.callRaw(h, "builtins_behave", NONE, 100_000_000n).data)).toBe("ok");
    });

    it("the same native-heavy call costs the same gas in a fresh VM and after other calls", async () => {
      const run = (sess: Session, id: Uint8Array) =>
        sess.callRaw(id, "reach_originals", NONE, 100_000_000n);
      const here = run(s, h);
      const vm2 = await VM.ephemeral();
      const s2 = vm2.session();
      const h2 = s2.deploy(await fixture("hostile"), {
        owner: OWNER,
        contractId: idOf(9),
        gasLimit: LIMIT,
      }).contractId;
      const fresh = run(s2, h2);
      s2.callRaw(h2, "builtins_behave", NONE, 100_000_000n);
      const later = run(s2, h2);
      s2.close();
      await vm2.close();
      expect(fresh.gasSpent).toBe(here.gasSpent);
      expect(later.gasSpent).toBe(here.gasSpent);
      expect(text(fresh.data)).toBe(text(here.data));
    });
  });
});
