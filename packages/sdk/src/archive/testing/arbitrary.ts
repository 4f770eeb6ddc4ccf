/**
 * fast-check arbitraries for random archived types and values of them. Test support, shared
 * with the oracle tests (which archive the same values in Rust).
 */
import fc from "fast-check";
import type { TypeDesc, VariantDesc } from "../descriptor";

const LEAVES: TypeDesc[] = [
  "u8",
  "u16",
  "u32",
  "u64",
  "u128",
  "i8",
  "i16",
  "i32",
  "i64",
  "i128",
  "usize",
  "isize",
  "f32",
  "f64",
  "bool",
  "char",
  "unit",
].map((kind) => ({ kind }) as TypeDesc);

/** Key types the archived BTreeMap supports (archived `Ord`). */
const MAP_KEYS: TypeDesc[] = ["u8", "u32", "i64", "u128", "bool", "char", "string"].map(
  (kind) => ({ kind }) as TypeDesc,
);

let counter = 0;
const fresh = (prefix: string): string => `${prefix}${counter++}`;

/** Random (acyclic) type descriptors up to `depth` levels of nesting. */
export function typeDescArb(depth = 3): fc.Arbitrary<TypeDesc> {
  const leaf = fc.oneof(
    fc.constantFrom(...LEAVES),
    fc.constant<TypeDesc>({ kind: "string" }),
    fc.integer({ min: 0, max: 40 }).map((len): TypeDesc => ({ kind: "bytes", len })),
  );
  if (depth <= 0) return leaf;
  const inner = typeDescArb(depth - 1);
  const list = fc.array(inner, { minLength: 1, maxLength: 5 });
  return fc.oneof(
    { weight: 3, arbitrary: leaf },
    inner.map((element): TypeDesc => ({ kind: "vec", element })),
    fc
      .tuple(inner, fc.integer({ min: 0, max: 4 }))
      .map(([element, len]): TypeDesc => ({ kind: "array", element, len })),
    inner.map((some): TypeDesc => ({ kind: "option", some })),
    inner.map((i): TypeDesc => ({ kind: "box", inner: i })),
    list.map((elements): TypeDesc => ({ kind: "tuple", elements })),
    list.map((ts): TypeDesc => ({
      kind: "struct",
      name: fresh("S"),
      fields: ts.map((type, i) => ({ name: `f${i}`, type })),
    })),
    list.map((fields): TypeDesc => ({ kind: "tupleStruct", name: fresh("T"), fields })),
    fc.constant<TypeDesc>({ kind: "unitStruct", name: "U" }),
    fc
      .tuple(fc.constantFrom(...MAP_KEYS), inner)
      .map(([key, value]): TypeDesc => ({ kind: "map", key, value })),
    fc
      .array(
        fc.oneof(
          fc.constant<"unit">("unit"),
          list.map((f) => ["tuple", f] as const),
          list.map((f) => ["struct", f] as const),
        ),
        { minLength: 1, maxLength: 4 },
      )
      .map((vs): TypeDesc => ({
        kind: "enum",
        name: fresh("E"),
        variants: vs.map((v, i): VariantDesc => {
          const name = `V${i}`;
          if (v === "unit") return { name, kind: "unit" };
          if (v[0] === "tuple") return { name, kind: "tuple", fields: v[1] };
          return {
            name,
            kind: "struct",
            fields: v[1].map((type, j) => ({ name: `g${j}`, type })),
          };
        }),
      })),
  );
}

// Integers lean on their edges (min, max, 0) as often as on the whole range: that is where
// archives break (sign bits, widths, tags).
const int = (min: number, max: number): fc.Arbitrary<number> =>
  fc.oneof(fc.constantFrom(min, max, 0), fc.integer({ min, max }));
const big = (bits: number, signed: boolean): fc.Arbitrary<bigint> => {
  const max = (1n << BigInt(signed ? bits - 1 : bits)) - 1n;
  const min = signed ? -max - 1n : 0n;
  return fc.oneof(fc.constantFrom(min, max, 0n), fc.bigInt({ min, max }));
};

/** Random values of `desc` in the SDK's value conventions. */
export function valueArb(desc: TypeDesc): fc.Arbitrary<unknown> {
  switch (desc.kind) {
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
      return fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: "binary", maxLength: 12 }));
    case "bytes":
      return fc.uint8Array({ minLength: desc.len, maxLength: desc.len });
    case "vec":
      return desc.element.kind === "u8"
        ? fc.uint8Array({ maxLength: 20 })
        : fc.array(valueArb(desc.element), { maxLength: 4 });
    case "array":
      return fc.array(valueArb(desc.element), { minLength: desc.len, maxLength: desc.len });
    case "option":
      return fc.option(valueArb(desc.some), { nil: null });
    case "box":
      return valueArb(desc.inner);
    case "tuple":
      return fc.tuple(...desc.elements.map(valueArb));
    case "tupleStruct":
      return fc.tuple(...desc.fields.map(valueArb));
    case "struct":
      return fc.record(
        Object.fromEntries(desc.fields.map((f) => [f.name, valueArb(f.type)])),
      ) as fc.Arbitrary<unknown>;
    case "enum":
      return fc.oneof(
        ...desc.variants.map((v): fc.Arbitrary<unknown> => {
          if (v.kind === "unit") return fc.constant({ case: v.name });
          if (v.kind === "tuple") {
            const t = fc.tuple(...v.fields.map(valueArb));
            return t.map((xs) => ({ case: v.name, value: xs.length === 1 ? xs[0] : xs }));
          }
          return fc
            .record(Object.fromEntries(v.fields.map((f) => [f.name, valueArb(f.type)])))
            .map((value) => ({ case: v.name, value }));
        }),
      );
    case "map":
      // Unique keys by their JSON text (keys are primitives or strings).
      return fc
        .uniqueArray(fc.tuple(valueArb(desc.key), valueArb(desc.value)), {
          maxLength: 6,
          selector: ([k]) => (typeof k === "bigint" ? `${k}n` : JSON.stringify(k)),
        })
        .map((pairs) => new Map(pairs));
  }
}

/** A random type with a random value of it. */
export function typedValueArb(depth = 3): fc.Arbitrary<{ desc: TypeDesc; value: unknown }> {
  return typeDescArb(depth).chain((desc) => valueArb(desc).map((value) => ({ desc, value })));
}
