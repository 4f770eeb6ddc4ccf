import { defineProperty, descriptor } from "./intrinsics";

/**
 * Built-ins the engine gets wrong, replaced before the contract's code runs (and before the
 * global scope is frozen), so a contract sees what the language specifies.
 */
export function fixEngineBugs(): void {
  fixAsUintN();
}

/**
 * QuickJS (quickjs-emscripten 0.32) returns `BigInt.asIntN`'s result from `BigInt.asUintN`:
 * `BigInt.asUintN(64, -1n)` is -1n, not 2^64 - 1. The replacement keeps the original's
 * coercions and errors (ToIndex of `bits`, once; ToBigInt of `x`, inside `asIntN`) and adds
 * 2^bits to a negative result. A method: no `prototype`, not a constructor, like a built-in.
 */
function fixAsUintN(): void {
  const B = BigInt;
  const asIntN = B.asIntN;
  const d = descriptor(B, "asUintN")!;
  const fixed = {
    asUintN(bits: unknown, x: unknown): bigint {
      // ToIndex: ToNumber (a bigint throws), truncated (NaN → 0; ±Infinity stays out of range),
      // then QuickJS's RangeError outside [0, 2^53 - 1].
      let n = +(bits as number);
      n = n !== n ? 0 : n - (n % 1);
      if (!(n >= 0 && n <= 9007199254740991)) throw new RangeError("invalid array index");
      const s = asIntN(n, x as bigint);
      return s < 0n ? s + (1n << B(n)) : s;
    },
  }.asUintN;
  defineProperty(B, "asUintN", {
    value: fixed,
    writable: d.writable,
    enumerable: d.enumerable,
    configurable: d.configurable,
  });
}
