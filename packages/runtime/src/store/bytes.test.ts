import { keyOf } from "./bytes";

test("keyOf: one char per byte, for every byte value, short and long keys alike", () => {
  const all = Uint8Array.from({ length: 256 }, (_, i) => i);
  for (const n of [0, 1, 9, 32, 64, 65, 256]) {
    const bytes = all.subarray(256 - n);
    const k = keyOf(bytes);
    expect(k.length).toBe(n);
    expect(Array.from(k, (c) => c.charCodeAt(0))).toEqual(Array.from(bytes));
    expect(k).toBe(Buffer.from(bytes).toString("latin1"));
  }
  // A view into a larger buffer reads its own bytes only.
  const big = new Uint8Array(100).fill(7);
  big[10] = 1;
  expect(keyOf(big.subarray(10, 12))).toBe("\u0001\u0007");
  expect(keyOf(Uint8Array.of(1, 0))).not.toBe(keyOf(Uint8Array.of(1)));
});
