// 64/128-bit integers at the top of their ranges inside a sandbox: QuickJS's own
// `BigInt.asUintN` returns `asIntN`'s result (a negative value when the top bit is set), which
// once made every u64 ≥ 2^63 fail its range check and let -1n pass as u64::MAX.
import { codec } from "@shortcrust/sdk";
import { isPanicError } from "../errors";
import { deployedFixture, LIMIT } from "../testing/fixtures";
import { NONE, text } from "../testing/helpers";

const U64 = codec<bigint>({ kind: "u64" });
const U128 = codec<bigint>({ kind: "u128" });
const I64 = codec<bigint>({ kind: "i64" });
const I128 = codec<bigint>({ kind: "i128" });

const f = deployedFixture("bigints");

const call = (fn: string, arg: Uint8Array = NONE) => f.session.callRaw(f.id, fn, arg, LIMIT).data;
const panicOf = (fn: string, arg: Uint8Array = NONE): string => {
  try {
    f.session.callRaw(f.id, fn, arg, LIMIT);
  } catch (e) {
    if (isPanicError(e)) return e.shortMessage;
    throw e;
  }
  throw new Error(`${fn} did not panic`);
};

test("BigInt.asUintN in a contract is the specified one", () => {
  expect(text(call("statics")).split("\n")).toEqual([
    String(2n ** 64n - 1n),
    String(2n ** 63n),
    String(2n ** 32n - 1n),
    String(2n ** 127n),
    "5",
    "0",
    String(-(2n ** 63n)),
    "-1",
    "asUintN",
    "2",
    "false",
  ]);
});

test("u64, u128, i64 and i128 archive at the edges of their ranges", () => {
  expect(U64.deserialize(call("u64_max"))).toBe(2n ** 64n - 1n);
  expect(U64.deserialize(call("u64_top_bit"))).toBe(2n ** 63n);
  expect(U128.deserialize(call("u128_max"))).toBe(2n ** 128n - 1n);
  expect(I64.deserialize(call("i64_min"))).toBe(-(2n ** 63n));
  expect(I128.deserialize(call("i128_min"))).toBe(-(2n ** 127n));
});

test("values outside the range fail their check instead of wrapping", () => {
  expect(panicOf("u64_minus_one")).toMatch(/expected u64 \(0..=18446744073709551615\), found -1n/);
  expect(panicOf("u64_too_big")).toMatch(
    /expected u64 \(0..=18446744073709551615\), found 18446744073709551616n/,
  );
  expect(panicOf("i64_too_big")).toMatch(
    /expected i64 \(-9223372036854775808..=9223372036854775807\), found 9223372036854775808n/,
  );
});

test("a u64 at its maximum is stored and read back; 0 - 1 is refused, state unchanged", () => {
  expect(U64.deserialize(call("store", U64.archive(2n ** 64n - 1n)))).toBe(2n ** 64n - 1n);
  expect(U64.deserialize(call("store", U64.archive(0n)))).toBe(0n);
  const root = f.session.root();
  expect(panicOf("decrement")).toMatch(/expected u64 \(0..=18446744073709551615\), found -1n/);
  expect(f.session.root()).toEqual(root);
  expect(U64.deserialize(call("store", U64.archive(7n)))).toBe(7n);
});
