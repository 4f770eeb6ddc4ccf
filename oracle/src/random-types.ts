import fc from "fast-check";
import type { FieldDesc, PrimitiveKind, TypeDesc, VariantDesc } from "@shortcrust/sdk";

/**
 * Random nested Rust types the oracle can declare: every primitive, `[u8; N]`, `[T; N]`, tuples,
 * `Vec`, `Option`, `Box`, `String`, named structs, tuple structs, unit structs and enums with
 * unit, tuple and struct variants, nested a few levels. Not generated: `BTreeMap` (no TS codec
 * yet), recursive types, and `Option` directly inside `Option` (its JSON would be ambiguous).
 */
const PRIMS: readonly PrimitiveKind[] = [
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
];

// Field and variant names; some shared across types to exercise name reuse.
const FIELD_NAMES = ["a", "b", "c", "id", "len", "value", "owner", "tag", "x", "y", "memo", "n"];

function unique(names: string[]): string[] {
  return names.map((n, i) => (names.indexOf(n) === i ? n : `${n}${i}`));
}

const fieldNames = (count: number): fc.Arbitrary<string[]> =>
  fc.array(fc.constantFrom(...FIELD_NAMES), { minLength: count, maxLength: count }).map(unique);

/** Whether a type writes out-of-line data (a child before its parent). */
export function hasChildren(d: TypeDesc): boolean {
  switch (d.kind) {
    case "string":
    case "vec":
    case "box":
    case "map":
      return true;
    case "array":
      return d.len > 0 && hasChildren(d.element);
    case "option":
      return hasChildren(d.some);
    case "tuple":
      return d.elements.some(hasChildren);
    case "tupleStruct":
      return d.fields.some(hasChildren);
    case "struct":
      return d.fields.some((f) => hasChildren(f.type));
    case "enum":
      return d.variants.some(
        (v) =>
          (v.kind === "tuple" && v.fields.some(hasChildren)) ||
          (v.kind === "struct" && v.fields.some((f) => hasChildren(f.type))),
      );
    default:
      return false;
  }
}

/**
 * rkyv 0.7.39 serializes the elements of a plain Rust tuple in REVERSE order (its `impl_tuple!`
 * lists T11 … T0) but bytecheck validates them in declaration order, so Rust rejects its own
 * archive of a tuple whose elements write out-of-line data in two or more places (pinned in
 * oracle.test.ts). By default such tuples are generated as tuple structs instead;
 * `splitTuples: true` generates them (Rust then accepts our bytes but not its own).
 */
export function splitTuples(d: TypeDesc): boolean {
  return d.kind === "tuple" && d.elements.filter(hasChildren).length >= 2;
}

/** Whether a type contains a tuple that rkyv 0.7.39 cannot round-trip (see `splitTuples`). */
export function hasSplitTuple(d: TypeDesc): boolean {
  if (splitTuples(d)) return true;
  switch (d.kind) {
    case "array":
    case "vec":
      return hasSplitTuple(d.element);
    case "option":
      return hasSplitTuple(d.some);
    case "box":
      return hasSplitTuple(d.inner);
    case "tuple":
      return d.elements.some(hasSplitTuple);
    case "tupleStruct":
      return d.fields.some(hasSplitTuple);
    case "struct":
      return d.fields.some((f) => hasSplitTuple(f.type));
    case "enum":
      return d.variants.some(
        (v) =>
          (v.kind === "tuple" && v.fields.some(hasSplitTuple)) ||
          (v.kind === "struct" && v.fields.some((f) => hasSplitTuple(f.type))),
      );
    default:
      return false;
  }
}

export interface TypeOptions {
  /** Generate tuples with out-of-line data in several elements (default false). */
  readonly splitTuples?: boolean;
}

/**
 * Types whose value can be `null`: `Option` (nested Options are ambiguous in JSON), and unit /
 * unit structs (the SDK's `Some(())` is `null`, the same as `None`: reported as a gap).
 */
function isOptionLike(d: TypeDesc): boolean {
  return (
    d.kind === "option" ||
    d.kind === "unit" ||
    d.kind === "unitStruct" ||
    (d.kind === "box" && isOptionLike(d.inner))
  );
}

/** A type of at most `depth` nesting levels. */
export function typeArb(depth: number, options: TypeOptions = {}): fc.Arbitrary<TypeDesc> {
  const tupleOrStruct = (elements: TypeDesc[]): TypeDesc => {
    const tuple: TypeDesc = { kind: "tuple", elements };
    if (!options.splitTuples && splitTuples(tuple)) {
      return { kind: "tupleStruct", name: "TT", fields: elements };
    }
    return tuple;
  };
  const prim = fc.constantFrom(...PRIMS).map((kind) => ({ kind }) as TypeDesc);
  const leaf: fc.Arbitrary<TypeDesc> = fc.oneof(
    { weight: 6, arbitrary: prim },
    { weight: 2, arbitrary: fc.constant({ kind: "string" } as TypeDesc) },
    {
      weight: 1,
      arbitrary: fc
        .oneof(fc.integer({ min: 0, max: 9 }), fc.constantFrom(32, 64, 96))
        .map((len) => ({ kind: "bytes", len }) as TypeDesc),
    },
    { weight: 1, arbitrary: fc.constant({ kind: "unitStruct", name: "Unit" } as TypeDesc) },
  );
  if (depth <= 0) return leaf;
  const inner = typeArb(depth - 1, options);
  const fields = (min: number, max: number): fc.Arbitrary<FieldDesc[]> =>
    fc
      .integer({ min, max })
      .chain((n) => fc.tuple(fieldNames(n), fc.array(inner, { minLength: n, maxLength: n })))
      .map(([names, types]) => names.map((name, i) => ({ name, type: types[i] })));
  const variant: fc.Arbitrary<Omit<VariantDesc, "name">> = fc.oneof(
    fc.constant({ kind: "unit" } as const),
    fc
      .array(inner, { minLength: 1, maxLength: 3 })
      .map((fs) => ({ kind: "tuple", fields: fs }) as const),
    fields(1, 3).map((fs) => ({ kind: "struct", fields: fs }) as const),
  );
  return fc.oneof(
    { weight: 3, arbitrary: leaf },
    { weight: 2, arbitrary: inner.map((element) => ({ kind: "vec", element }) as TypeDesc) },
    {
      weight: 2,
      arbitrary: inner.map(
        (some) =>
          (isOptionLike(some)
            ? { kind: "vec", element: some }
            : { kind: "option", some }) as TypeDesc,
      ),
    },
    { weight: 1, arbitrary: inner.map((i) => ({ kind: "box", inner: i }) as TypeDesc) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(inner, fc.integer({ min: 0, max: 4 }))
        .map(([element, len]) => ({ kind: "array", element, len }) as TypeDesc),
    },
    {
      weight: 2,
      arbitrary: fc.array(inner, { minLength: 1, maxLength: 4 }).map(tupleOrStruct),
    },
    {
      weight: 3,
      arbitrary: fields(0, 5).map((fs) => ({ kind: "struct", name: "S", fields: fs }) as TypeDesc),
    },
    {
      weight: 1,
      arbitrary: fc
        .array(inner, { minLength: 1, maxLength: 4 })
        .map((fs) => ({ kind: "tupleStruct", name: "TS", fields: fs }) as TypeDesc),
    },
    {
      weight: 2,
      arbitrary: fc.array(variant, { minLength: 1, maxLength: 5 }).map(
        (vs) =>
          ({
            kind: "enum",
            name: "E",
            variants: vs.map((v, i) => ({ ...v, name: `V${i}` }) as VariantDesc),
          }) as TypeDesc,
      ),
    },
  );
}

/** `count` random types from `seed` (the same seed gives the same types). */
export function randomTypes(
  seed: number,
  count: number,
  depth = 4,
  options: TypeOptions = {},
): TypeDesc[] {
  return fc.sample(typeArb(depth, options), { seed, numRuns: count });
}
