import { layoutOf } from "./layout";
import { parseRustType, parseRustTypes } from "./rust-types";

// The reference's §4.6 table (rustc's offsets via offset_of!), beyond the public vectors.
const named = parseRustTypes(`
pub struct Point { pub x: i32, pub y: i32 }
pub struct Point3 { pub x: i64, pub y: i64, pub z: i64 }
pub struct Transfer { pub from: [u8; 32], pub to: [u8; 32], pub amount: u128, pub memo: Option<String>, pub nonce: u64, pub fee: u32 }
pub struct ByteFields { pub small: [u8; 3], pub odd: [u8; 6], pub big: u32, pub flag: bool }
pub struct Ledger { pub entries: Vec<(u32, String)>, pub total: i64, pub owner: Option<Box<Point3>> }
pub struct Tri(u8, u16, u8);
pub enum Shape { Empty, Circle(u32), Rect { w: u16, h: u64 }, Label(String), Pair(u8, Point) }
`);

describe("layout (reference §4.6 and §4.5)", () => {
  it.each([
    ["Transfer", 112, 16, [0, 32, 64, 92, 80, 88]],
    ["ByteFields", 16, 4, [10, 4, 0, 13]],
    ["Ledger", 24, 8, [8, 16, 0]],
    ["Tri", 4, 2, [2, 0, 3]],
    ["(u32, u64)", 16, 8, [0, 8]],
    ["(u8, u16, u32)", 8, 4, [2, 0, 4]],
    ["(u32, String)", 12, 4, [0, 4]],
    ["Option<u64>", 16, 8, [8]],
    ["Option<bool>", 2, 1, [1]],
    ["Option<String>", 12, 4, [4]],
    ["Option<Box<Point>>", 8, 4, [4]],
  ])("%s", (src, size, align, offsets) => {
    const l = layoutOf(parseRustType(src, named));
    expect([l.size, l.align, l.offsets]).toEqual([size, align, offsets]);
  });

  it("lays enums out as repr(u8) with repr(C) variants", () => {
    const l = layoutOf(named.get("Shape")!) as ReturnType<typeof layoutOf> & {
      variantOffsets: number[][];
    };
    expect([l.size, l.align]).toEqual([16, 8]);
    expect(l.variantOffsets).toEqual([[], [4], [2, 8], [4], [1, 4]]);
  });

  it("rejects a type that contains itself without indirection", () => {
    const s = parseRustTypes("struct A { a: B } struct B { a: A }");
    expect(() => layoutOf(s.get("A")!)).toThrow(/contains itself/);
  });

  it("handles recursion through Box and Vec", () => {
    const s = parseRustTypes("struct Tree { v: u32, kids: Vec<Tree>, next: Option<Box<Tree>> }");
    expect(layoutOf(s.get("Tree")!).size).toBe(20);
  });
});
