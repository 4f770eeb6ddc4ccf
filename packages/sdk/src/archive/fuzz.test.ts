/**
 * The checker on hostile bytes: random and mutated archives of random types must either pass
 * (and then deserialize and every view read must work) or fail with a CheckError of a known
 * kind — never anything else. `SHORTCRUST_FUZZ_TYPES` scales it (`pnpm fuzz`).
 */
import fc from "fast-check";
import { codec } from "./codec";
import { isCheckError } from "./errors";
import { typedValueArb } from "./testing/arbitrary";
import { touchView } from "./testing/views";

const TYPES = Number(process.env.SHORTCRUST_FUZZ_TYPES ?? 250);
const MUTATIONS = 420; // per type: TYPES × MUTATIONS ≥ 100,000 cases by default

/** xorshift32: mutations from a fast-check-provided seed, so failures replay. */
function rng(seed: number): () => number {
  let s = seed | 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x1_0000_0000;
  };
}

function mutate(src: Uint8Array, r: () => number): Uint8Array {
  const pick = r();
  if (pick < 0.1) {
    // random bytes of a plausible length
    const out = new Uint8Array(Math.floor(r() * (src.length + 16)));
    for (let i = 0; i < out.length; i++) out[i] = Math.floor(r() * 256);
    return out;
  }
  if (pick < 0.2) return src.slice(Math.floor(r() * (src.length + 1))); // drop a prefix
  if (pick < 0.3) return src.slice(0, Math.floor(r() * (src.length + 1))); // truncate
  const out = src.slice();
  const flips = 1 + Math.floor(r() * 3);
  for (let k = 0; k < flips && out.length > 0; k++) {
    const i = Math.floor(r() * out.length);
    const how = r();
    if (how < 0.4) out[i] = Math.floor(r() * 256);
    else if (how < 0.7) out[i] ^= 1 << Math.floor(r() * 8);
    else out[i] = [0, 0xff, 0x7f, 0x80, 1, 7, 8][Math.floor(r() * 7)];
  }
  return out;
}

describe("checker fuzz", () => {
  it(`only ever accepts or throws CheckError (${TYPES} types × ${MUTATIONS} mutations)`, () => {
    let cases = 0;
    let accepted = 0;
    fc.assert(
      fc.property(typedValueArb(3), fc.integer(), ({ desc, value }, seed) => {
        const k = codec(desc);
        const good = k.archive(value);
        const r = rng(seed);
        for (let m = 0; m < MUTATIONS; m++) {
          const bytes = mutate(good, r);
          cases++;
          let ok = false;
          try {
            k.check(bytes);
            ok = true;
          } catch (err) {
            if (!isCheckError(err) || err.kind === "internal") throw err;
          }
          if (ok) {
            accepted++;
            // Accepted bytes must be readable, whatever they hold.
            k.deserialize(bytes);
            touchView(k.accessUnchecked(bytes));
            const again = k.archive(k.deserialize(bytes));
            k.check(again);
          }
        }
      }),
      { numRuns: TYPES },
    );
    expect(cases).toBeGreaterThanOrEqual(TYPES * MUTATIONS);
    expect(accepted).toBeGreaterThan(0);
  });
});
