/**
 * Type descriptors: the run-time description of a Rust/rkyv type. Composed codecs are built from
 * them, codegen lowers its IR to them, and tests and the CLI use them for schemas known only at run
 * time. A descriptor graph may be cyclic (a struct reached again through a `box` or `vec`); codec
 * builders memoise by object identity.
 */
export type IntegerKind =
  | "u8"
  | "u16"
  | "u32"
  | "u64"
  | "u128"
  | "i8"
  | "i16"
  | "i32"
  | "i64"
  | "i128"
  /** size_32: usize archives as u32. */
  | "usize"
  /** size_32: isize archives as i32. */
  | "isize";

export type PrimitiveKind = IntegerKind | "f32" | "f64" | "bool" | "char" | "unit";

export interface FieldDesc {
  readonly name: string;
  readonly type: TypeDesc;
}

export type VariantDesc =
  | { readonly name: string; readonly kind: "unit" }
  | { readonly name: string; readonly kind: "tuple"; readonly fields: readonly TypeDesc[] }
  | { readonly name: string; readonly kind: "struct"; readonly fields: readonly FieldDesc[] };

export type TypeDesc =
  | { readonly kind: PrimitiveKind }
  /** `[u8; N]`; the value is a `Uint8Array` of exactly `len` bytes. */
  | { readonly kind: "bytes"; readonly len: number }
  /** `[T; N]`; the value is an array of `len` elements. */
  | { readonly kind: "array"; readonly element: TypeDesc; readonly len: number }
  /** `Vec<T>`; `Vec<u8>` values are `Uint8Array`, others arrays. */
  | { readonly kind: "vec"; readonly element: TypeDesc }
  | { readonly kind: "string" }
  /** `Option<T>`; `None` is `null`. */
  | { readonly kind: "option"; readonly some: TypeDesc }
  | { readonly kind: "box"; readonly inner: TypeDesc }
  /** A Rust tuple `(A, B, …)`: rustc keeps the last element last (see the rkyv reference §4.6). */
  | { readonly kind: "tuple"; readonly elements: readonly TypeDesc[] }
  | { readonly kind: "struct"; readonly name: string; readonly fields: readonly FieldDesc[] }
  | { readonly kind: "tupleStruct"; readonly name: string; readonly fields: readonly TypeDesc[] }
  | { readonly kind: "unitStruct"; readonly name: string }
  /** Variants are numbered in declaration order. */
  | { readonly kind: "enum"; readonly name: string; readonly variants: readonly VariantDesc[] }
  /** `BTreeMap<K, V>`. */
  | { readonly kind: "map"; readonly key: TypeDesc; readonly value: TypeDesc };

export type TypeKind = TypeDesc["kind"];
