import fc from "fast-check";
import type { TypeDesc } from "../descriptor";

/** Random TypeScript values of a type, in the SDK's value representation (see ../README.md). */
export function valueArb(d: TypeDesc): fc.Arbitrary<unknown> {
  const big = (bits: number, signed: boolean): fc.Arbitrary<bigint> => {
    const max = (1n << BigInt(signed ? bits - 1 : bits)) - 1n;
    const min = signed ? -max - 1n : 0n;
    return fc.oneof(fc.constantFrom(min, max, 0n), fc.bigInt({ min, max }));
  };
  const int = (min: number, max: number): fc.Arbitrary<number> =>
    fc.oneof(fc.constantFrom(min, max, 0), fc.integer({ min, max }));
  switch (d.kind) {
    case "u8":
      return int(0, 0xff);
    case "u16":
      return int(0, 0xffff);
    case "u32":
    case "usize":
      return int(0, 0xffff_ffff);
    case "i8":
      return int(-0x80, 0x7f);
    case "i16":
      return int(-0x8000, 0x7fff);
    case "i32":
    case "isize":
      return int(-0x8000_0000, 0x7fff_ffff);
    case "u64":
      return big(64, false);
    case "i64":
      return big(64, true);
    case "u128":
      return big(128, false);
    case "i128":
      return big(128, true);
    case "f32":
      return fc.float();
    case "f64":
      return fc.double();
    case "bool":
      return fc.boolean();
    case "char":
      return fc.string({ unit: "binary", minLength: 1, maxLength: 1 });
    case "unit":
    case "unitStruct":
      return fc.constant(null);
    case "string":
      return fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: "binary", maxLength: 10 }));
    case "bytes":
      return fc.uint8Array({ minLength: d.len, maxLength: d.len });
    case "array":
      return fc.array(valueArb(d.element), { minLength: d.len, maxLength: d.len });
    case "vec":
      return d.element.kind === "u8"
        ? fc.uint8Array({ maxLength: 20 })
        : fc.array(valueArb(d.element), { maxLength: 4 });
    case "option":
      return fc.option(valueArb(d.some), { nil: null });
    case "box":
      return valueArb(d.inner);
    case "tuple":
      return fc.tuple(...d.elements.map(valueArb));
    case "tupleStruct":
      return fc.tuple(...d.fields.map(valueArb));
    case "struct":
      return fc.record(Object.fromEntries(d.fields.map((f) => [f.name, valueArb(f.type)])));
    case "enum":
      return fc.oneof(
        ...d.variants.map((v): fc.Arbitrary<unknown> => {
          if (v.kind === "unit") return fc.constant({ case: v.name });
          if (v.kind === "tuple") {
            const items =
              v.fields.length === 1 ? valueArb(v.fields[0]) : fc.tuple(...v.fields.map(valueArb));
            return items.map((value) => ({ case: v.name, value }));
          }
          return fc
            .record(Object.fromEntries(v.fields.map((f) => [f.name, valueArb(f.type)])))
            .map((value) => ({ case: v.name, value }));
        }),
      );
    case "map":
      throw new Error("BTreeMap values are not generated (no TS codec yet)");
  }
}
