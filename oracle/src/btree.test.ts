/**
 * Multi-level BTreeMaps against Rust's rkyv 0.7.39 (the oracle in ./oracle): the two vectors only
 * cover single leaves, so bigger trees (inner nodes, three levels) are proven here byte for byte.
 */
import { buildOracle } from "./oracle";
import { codec, parseRustType } from "@shortcrust/sdk";

const strU64 = parseRustType("BTreeMap<String, u64>");
const u32u32 = parseRustType("BTreeMap<u32, u32>");
const u8Str = parseRustType("BTreeMap<u8, String>");

const cases: [string, typeof strU64, number, (i: number) => unknown, (i: number) => unknown][] = [
  [
    "3 levels, string keys",
    strU64,
    20000,
    (i) => `key number ${String(i).padStart(8, "0")}`,
    BigInt,
  ],
  ["2 levels, string keys", strU64, 300, (i) => `k${i}`, (i) => BigInt(i * 7)],
  ["2 levels, 100k u32 keys", u32u32, 100000, (i) => i * 3, (i) => i],
  ["2 levels, u32 keys", u32u32, 700, (i) => i, (i) => i],
  ["one leaf, mixed inline/out-of-line values", u8Str, 256, (i) => i, (i) => "v".repeat(i % 20)],
];

describe("BTreeMap against Rust", () => {
  const oracle = buildOracle([strU64, u32u32, u8Str]);
  it.each(cases)("%s", (_name, desc, n, key, value) => {
    const k = codec<Map<unknown, unknown>>(desc);
    const m = new Map<unknown, unknown>();
    for (let i = 0; i < n; i++) m.set(key(i), value(i));
    const ours = k.archive(m);
    const rust = oracle.archive(desc, k.toJson(m));
    expect(Buffer.from(ours).equals(Buffer.from(rust))).toBe(true);
    expect(oracle.check(desc, ours)).toEqual({ ok: true });
    expect(k.deserialize(rust).size).toBe(n);
  });
});
