import { codec } from "./codec";
import { parseRustTypes } from "./rust-types";
import { nodeOf } from "./nodes";
import { sourceOf } from "./root";

describe("codec", () => {
  it("is memoised by descriptor identity", () => {
    const d = { kind: "u32" } as const;
    expect(codec(d)).toBe(codec(d));
  });

  it("handles cyclic descriptors (recursion through Vec and Box)", () => {
    const tree = parseRustTypes(
      "struct Tree { v: u32, kids: Vec<Tree>, next: Option<Box<Tree>> }",
    ).get("Tree")!;
    const k = codec(tree);
    const leaf = (v: number) => ({ v, kids: [], next: null });
    const value = {
      v: 1,
      kids: [leaf(2), { v: 3, kids: [leaf(4)], next: leaf(5) }],
      next: leaf(6),
    };
    const bytes = k.archive(value);
    expect(k.deserialize(bytes)).toEqual(value);
    const view = k.access(bytes) as {
      v: number;
      kids: { length: number; get(i: number): { v: number; next: { v: number } | null } };
      next: { v: number } | null;
    };
    expect(view.v).toBe(1);
    expect(view.kids.length).toBe(2);
    expect(view.kids.get(1).next!.v).toBe(5);
    expect(view.next!.v).toBe(6);
  });

  it("deserializes structs and tuples of leaves from the bytes alone, as the Source path reads", () => {
    const types = parseRustTypes(`
      struct Leaves { a: u8, b: i8, c: u16, d: i16, e: u32, f: i32, g: u64, h: i64, i: f32,
                      j: f64, k: bool, l: usize, m: isize, n: [u8; 10], o: [u8; 100], p: [u8; 2000] }
      struct Pair(u64, [u8; 96]);
      struct NotFlat { a: u8, s: String }
    `);
    const bytes = (n: number, k: number) =>
      Uint8Array.from({ length: n }, (_, i) => (i * k) & 0xff);
    const cases: [string, unknown[]][] = [
      [
        "Leaves",
        [
          {
            a: 0,
            b: 0,
            c: 0,
            d: 0,
            e: 0,
            f: 0,
            g: 0n,
            h: 0n,
            i: 0,
            j: 0,
            k: false,
            l: 0,
            m: 0,
            n: bytes(10, 0),
            o: bytes(100, 0),
            p: bytes(2000, 0),
          },
          {
            a: 255,
            b: -128,
            c: 65535,
            d: -32768,
            e: 4294967295,
            f: -2147483648,
            g: 0xffff_ffff_ffff_ffffn,
            h: -(2n ** 63n),
            i: -Infinity,
            j: -0,
            k: true,
            l: 4294967295,
            m: -2147483648,
            n: bytes(10, 7),
            o: bytes(100, 3),
            p: bytes(2000, 5),
          },
          {
            a: 1,
            b: 127,
            c: 258,
            d: 32767,
            e: 16909060,
            f: 2147483647,
            g: 2n ** 63n,
            h: 2n ** 63n - 1n,
            i: NaN,
            j: 1.5e300,
            k: false,
            l: 7,
            m: -1,
            n: bytes(10, 1),
            o: bytes(100, 1),
            p: bytes(2000, 1),
          },
        ],
      ],
      ["Pair", [[0x0123_4567_89ab_cdefn, bytes(96, 9)]]],
    ];
    for (const [name, values] of cases) {
      const desc = types.get(name)!;
      const k = codec(desc);
      expect(nodeOf(desc).readFlat).toBeDefined();
      for (const v of values) {
        const archived = k.archive(v);
        const back = k.deserialize(archived);
        expect(back).toEqual(v);
        expect(back).toEqual(nodeOf(desc).read(sourceOf(archived), archived.length - k.size));
      }
    }
    expect(nodeOf(types.get("NotFlat")!).readFlat).toBeUndefined();
  });
});

describe("structs with no fields", () => {
  // Whether a value is an object or an array was once guessed from the first key, so a
  // field-less struct (or struct variant) read back as `[]` and its view had a `length`.
  it("read back as objects; field-less tuple structs as arrays", () => {
    const s = codec({ kind: "struct", name: "Empty", fields: [] });
    expect(s.deserialize(s.archive({}))).toStrictEqual({});
    expect("length" in (s.access(s.archive({})) as object)).toBe(false);
    const t = codec({ kind: "tupleStruct", name: "EmptyTuple", fields: [] });
    expect(t.deserialize(t.archive([]))).toStrictEqual([]);
    expect((t.access(t.archive([])) as { length: number }).length).toBe(0);
    const e = codec({
      kind: "enum",
      name: "E",
      variants: [{ name: "S", kind: "struct", fields: [] }],
    });
    const bytes = e.archive({ case: "S", value: {} });
    expect(e.deserialize(bytes)).toStrictEqual({ case: "S", value: {} });
  });
});
