// The wall-clock safety net never decides an outcome as if it were gas: a call it stops fails with
// WallClockError (not OutOfGasError), and so does every call above the frame it stopped, even one
// that caught that frame's failure and returned normally. Nothing of the call is kept.
import { VM } from "../vm/vm";
import { fixture, OWNER } from "../testing/fixtures";
import { DELEGATE, idOf, NONE } from "../testing/helpers";
import { isOutOfGasError, isWallClockError, SessionError } from "../errors";

const HOSTILE = idOf(0x61);
const CENTER = idOf(0x62);
/** Far more gas than 300 ms can spend: only the clock can end these calls. */
const HUGE = 10n ** 13n;
const LIMIT_MS = 300;

let vm: VM;
beforeAll(async () => {
  vm = await VM.ephemeral({ wallClockLimitMs: LIMIT_MS });
});
afterAll(() => vm.close());

async function deployed() {
  const s = vm.session();
  s.deploy(await fixture("hostile"), { owner: OWNER, contractId: HOSTILE, gasLimit: 10n ** 9n });
  s.deploy(await fixture("callcenter"), { owner: OWNER, contractId: CENTER, gasLimit: 10n ** 9n });
  return s;
}

describe("the wall-clock safety net", () => {
  it("fails a call it stops with WallClockError, leaving the session as it was", async () => {
    const s = await deployed();
    const root = s.root();
    const t0 = Date.now();
    const e = (() => {
      try {
        s.callRaw(HOSTILE, "endless_loop", NONE, HUGE);
      } catch (x) {
        return x;
      }
    })();
    expect(Date.now() - t0).toBeLessThan(LIMIT_MS + 5_000);
    expect(isWallClockError(e)).toBe(true);
    expect(isOutOfGasError(e)).toBe(false);
    expect((e as Error).message).toMatch(
      /^endless_loop of [0-9a-f]{64} ran past the 300 ms wall-clock safety net/,
    );
    expect(s.root()).toEqual(root);
    // The session goes on: a bounded call still ends by gas, as out of gas.
    expect(() => s.callRaw(HOSTILE, "endless_loop", NONE, 100_000n)).toThrow(
      expect.objectContaining({ name: "OutOfGasError" }),
    );
  });

  it("fails the whole tree when a caller caught the stopped frame's failure", async () => {
    const s = await deployed();
    const root = s.root();
    let e: unknown;
    try {
      s.callRaw(CENTER, "delegate_query", DELEGATE.archive([HOSTILE, "endless_loop", NONE]), HUGE);
    } catch (x) {
      e = x;
    }
    expect(isWallClockError(e)).toBe(true);
    expect((e as Error).message).toMatch(/^delegate_query of /);
    expect(s.root()).toEqual(root);
  });

  it("takes only a positive limit", async () => {
    await expect(VM.ephemeral({ wallClockLimitMs: 0 })).rejects.toThrow(SessionError);
  });
});
