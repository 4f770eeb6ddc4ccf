// The guest keeps at most 2^30 gas in its counter and the rest in a reserve (guest/gas.ts): a
// frame with more gas spends exactly as with one counter.
import { VM } from "../vm/vm";
import { fixture, OWNER } from "../testing/fixtures";
import { U64 } from "../testing/helpers";
import { isOutOfGasError } from "../errors";

const WINDOW = 2 ** 30;
/** A count whose repeat the engine refuses (past its string limit) with a charge below the window. */
const BELOW = 2 ** 29 + 5;

async function spentOn(k: number, limit: bigint): Promise<{ charged: bigint; gasSpent: bigint }> {
  const vm = await VM.ephemeral();
  try {
    const s = vm.session();
    const id = s.deploy(await fixture("gaswindow"), {
      owner: OWNER,
      gasLimit: 10_000_000n,
    }).contractId;
    const r = s.callRaw(id, "big_charge", U64.archive(BigInt(k)), limit);
    return { charged: U64.deserialize(r.data), gasSpent: r.gasSpent };
  } finally {
    await vm.close();
  }
}

describe("gas beyond the guest's window", () => {
  it("charges what one counter would, below and beyond the window", async () => {
    const small = await spentOn(BELOW, 4_000_000_000n);
    const big = await spentOn(1.5 * WINDOW, 4_000_000_000n);
    // The same fixed part (the call's own charges) either side of the window.
    expect(big.charged - BigInt(1.5 * WINDOW)).toBe(small.charged - BigInt(BELOW));
    expect(big.gasSpent - small.gasSpent).toBe(BigInt(1.5 * WINDOW - BELOW));
    // And the same on a fresh VM.
    expect(await spentOn(1.5 * WINDOW, 4_000_000_000n)).toEqual(big);
  });

  it("runs out of gas exactly at the limit, not at the window", async () => {
    const fits = await spentOn(BELOW, 4_000_000_000n);
    const fixed = fits.gasSpent - BigInt(BELOW);
    const limit = BigInt(1.25 * WINDOW);
    const k = Number(limit - fixed);
    expect((await spentOn(k, limit)).gasSpent).toBe(limit);
    let err: unknown;
    try {
      await spentOn(k + 1, limit);
    } catch (e) {
      err = e;
    }
    expect(isOutOfGasError(err)).toBe(true);
  });
});
