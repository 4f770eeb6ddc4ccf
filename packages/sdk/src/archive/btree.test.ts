import { codec } from "./codec";
import { parseRustType } from "./rust-types";
import { isCheckError } from "./errors";

describe("BTreeMap", () => {
  it("round-trips a multi-level tree (inner nodes) with string keys", () => {
    const k = codec<Map<string, bigint>>(parseRustType("BTreeMap<String, u64>"));
    const m = new Map<string, bigint>();
    for (let i = 0; i < 20000; i++) m.set(`key number ${String(i).padStart(8, "0")}`, BigInt(i));
    const bytes = k.archive(m);
    const back = k.deserialize(bytes);
    expect(back.size).toBe(m.size);
    expect([...back.keys()]).toEqual([...m.keys()].sort());
    expect(back.get("key number 00012345")).toBe(12345n);
    // Deterministic, and the view reads the same.
    expect(k.archive(back)).toEqual(bytes);
    expect((k.access(bytes) as Map<string, bigint>).get("key number 00000007")).toBe(7n);
  });

  it("sorts keys as Rust does (strings by code point, not UTF-16 unit)", () => {
    const k = codec<Map<string, number>>(parseRustType("BTreeMap<String, u8>"));
    const m = new Map([
      ["\u{10000}", 1],
      ["\uffff", 2],
      ["a", 3],
    ]);
    expect([...k.deserialize(k.archive(m)).keys()]).toEqual(["a", "\uffff", "\u{10000}"]);
  });

  it("rejects duplicate keys and non-Map values", () => {
    const k = codec(parseRustType("BTreeMap<u64, u8>"));
    expect(() =>
      k.archive(
        new Map<unknown, number>([
          [1n, 1],
          [1, 2],
        ]),
      ),
    ).toThrow(/distinct keys/);
    expect(() => k.archive([[1n, 1]])).toThrow(/a Map/);
  });

  it("rejects a tree whose leaves are not linked in order", () => {
    const k = codec(parseRustType("BTreeMap<u32, u32>"));
    const m = new Map<number, number>();
    for (let i = 0; i < 2000; i++) m.set(i, i);
    const bytes = k.archive(m);
    expect(() => k.check(bytes)).not.toThrow();
    // Swap two leaf keys inside the first leaf: keys out of order.
    const view = new DataView(bytes.buffer);
    const firstLeafKey = bytes.indexOf(0, 0); // entries start after the first header
    void firstLeafKey;
    let found = false;
    for (let p = 0; p + 16 <= bytes.length; p += 4) {
      if (view.getUint32(p, true) === 10 && view.getUint32(p + 8, true) === 11) {
        view.setUint32(p, 11, true);
        view.setUint32(p + 8, 10, true);
        found = true;
        break;
      }
    }
    expect(found).toBe(true);
    let err: unknown;
    try {
      k.check(bytes);
    } catch (e) {
      err = e;
    }
    expect(isCheckError(err) && err.kind).toBe("map");
  });
});
