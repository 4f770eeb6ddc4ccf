/**
 * The input language's vocabulary: the primitive and SDK type names annotated sources use, the
 * state collections, the hints for TypeScript types that have no archived form, and what an
 * event topic may be.
 */
import type { IrType } from "./types";

export const PRIMS: Record<string, IrType> = {};
for (const k of [
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
] as const) {
  PRIMS[k] = { kind: k };
}

/** Names of the input language (resolved to the SDK unless the file declares its own). */
export const SDK_NAMES = new Set([
  ...Object.keys(PRIMS),
  "Bytes",
  "FixedArray",
  "Vec",
  "Option",
  "Box",
  "ContractId",
]);

/** The SDK's state collections: only a `@contract` class field may be one (see `collection`). */
export const COLLECTIONS: Record<string, number> = { StateMap: 2, StateVec: 1 };

/** Hints for TypeScript types that have no archived form. */
export const UNSUPPORTED_REFS: Record<string, string> = {
  Date: "store a timestamp as u64 (e.g. milliseconds since the epoch)",
  Map: "use Vec<[K, V]> (sorted) or a StateMap for contract state (a Rust BTreeMap is archived differently: it is not in the input language yet)",
  BTreeMap:
    "BTreeMap is not in the input language yet (codegen README § Known gaps): rkyv archives it as a B-tree, not as Vec<[K, V]>",
  HashMap: "rkyv's hash map layout is not in the input language; use Vec<[K, V]> (sorted)",
  Result:
    'declare it as an enum: /** @archive */ type R = { case: "Ok"; value: T } | { case: "Err"; value: E } (rkyv archives Result<T, E> as that enum)',
  Set: "use Vec<T>",
  Array: "write Vec<T> (or FixedArray<T, N>)",
  ReadonlyArray: "write Vec<T>",
  Uint8Array: "write Vec<u8> (any length) or Bytes<N> (exactly N bytes)",
  Promise: "contract functions are synchronous; return the value itself",
  Record: "declare an @archive interface with the fields, or use Vec<[K, V]>",
  BigInt: "write u64, i64, u128 or i128",
  Number: "write a sized type: u8 … u64, i8 … i64, f32 or f64",
  String: "write string",
  Boolean: "write bool",
  Object: "declare an @archive interface",
};

/** Topics become emitter names (`emitChanged`) and string literal types. */
export const TOPIC = /^[A-Za-z_][A-Za-z0-9_]*$/;
