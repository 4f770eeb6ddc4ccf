import { codec } from "./codec";
import { parseRustType, parseRustTypes } from "./rust-types";
import { isArchiveError } from "./errors";

const named = parseRustTypes(`
enum Shape { Empty, Circle(u32), Rect { w: u16, h: u64 }, Pair(u8, bool) }
`);
const k = (src: string) => codec(parseRustType(src, named));

describe("JSON form (serde_json conventions of the vectors)", () => {
  it("accepts 0x-hex and number arrays for bytes, prints numbers", () => {
    expect(k("[u8; 3]").fromJson("0x0a0bff")).toEqual(new Uint8Array([10, 11, 255]));
    expect(k("Vec<u8>").fromJson([1, 2])).toEqual(new Uint8Array([1, 2]));
    expect(k("Vec<u8>").toJson(new Uint8Array([1, 2]))).toEqual([1, 2]);
    expect(() => k("[u8; 3]").fromJson("0x0a0b")).toThrow(/expected 3 bytes, found 2/);
  });

  it("64/128-bit integers are decimal strings; safe-integer numbers are accepted", () => {
    expect(k("u64").fromJson("18446744073709551615")).toBe(18446744073709551615n);
    expect(k("i128").fromJson(-5)).toBe(-5n);
    expect(k("u64").toJson(5n)).toBe("5");
    expect(() => k("u64").fromJson(2 ** 60)).toThrow(/decimal string/);
  });

  it("floats: NaN and infinities as strings, f32 printed shortest", () => {
    expect(Number.isNaN(k("f64").fromJson("NaN"))).toBe(true);
    expect(k("f64").toJson(-Infinity)).toBe("-Infinity");
    expect(k("f32").toJson(Math.fround(0.1))).toBe(0.1);
  });

  it("enums are externally tagged", () => {
    const s = k("Shape");
    expect(s.fromJson("Empty")).toEqual({ case: "Empty" });
    expect(s.fromJson({ Circle: 5 })).toEqual({ case: "Circle", value: 5 });
    expect(s.fromJson({ Rect: { w: 1, h: "2" } })).toEqual({
      case: "Rect",
      value: { w: 1, h: 2n },
    });
    expect(s.toJson({ case: "Pair", value: [1, true] })).toEqual({ Pair: [1, true] });
    expect(() => s.fromJson({ Circle: 5, Empty: null })).toThrow(/a case of Shape/);
  });

  it("errors carry the path", () => {
    try {
      k("Vec<Option<(u32, String)>>").fromJson([null, [1, 2]]);
      throw new Error("accepted");
    } catch (e) {
      expect(isArchiveError(e) && e.path).toBe("Vec<Option<(u32, String)>>[1].some.1");
    }
  });
});
