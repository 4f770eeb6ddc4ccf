/**
 * The input language of `shortcrust codegen`: Rust's scalar and container types spelled in
 * TypeScript. Codegen reads these names syntactically (a field typed `u64` is a Rust `u64`); the
 * TypeScript types only describe the VALUES the archive runtime uses, so contract code type-checks:
 * 64/128-bit integers are `bigint`, smaller integers and floats `number`, `Bytes<N>` and `Vec<u8>`
 * `Uint8Array`, `Option<T>` is `T | null`.
 *
 * Each integer width carries an optional phantom brand (`__rust`), so that `Vec<u8>` can be told
 * apart from `Vec<u16>` by the type checker: a plain `number` is still assignable to every
 * small-integer type, but `u16` is not assignable to `u8` (as in Rust, widths do not mix
 * silently). The one compromise: a bare `number` element (`Vec<number>`, which codegen rejects
 * anyway) also reads as `Uint8Array`.
 */

declare const rust: unique symbol;
/** A phantom brand naming the Rust type; never present at run time. */
type Brand<T, Name extends string> = T & { readonly [rust]?: Name };

export type u8 = Brand<number, "u8">;
export type u16 = Brand<number, "u16">;
export type u32 = Brand<number, "u32">;
export type u64 = Brand<bigint, "u64">;
export type u128 = Brand<bigint, "u128">;
export type i8 = Brand<number, "i8">;
export type i16 = Brand<number, "i16">;
export type i32 = Brand<number, "i32">;
export type i64 = Brand<bigint, "i64">;
export type i128 = Brand<bigint, "i128">;
/** size_32: `usize` archives as a `u32`. */
export type usize = Brand<number, "usize">;
/** size_32: `isize` archives as an `i32`. */
export type isize = Brand<number, "isize">;
export type f32 = Brand<number, "f32">;
export type f64 = Brand<number, "f64">;
/** Rust `bool`. */
export type bool = boolean;
/** Rust `char`: a string holding exactly one Unicode scalar value. */
export type char = string;

/** `[u8; N]`: exactly `N` bytes. */
// eslint-disable-next-line @typescript-eslint/no-unused-vars
export type Bytes<N extends number> = Uint8Array;
/** `[T; N]`: an array of exactly `N` elements. */
// eslint-disable-next-line @typescript-eslint/no-unused-vars
export type FixedArray<T, N extends number> = T[];
/** `Vec<T>`; `Vec<u8>` is a `Uint8Array`. */
export type Vec<T> = [T] extends [u8] ? ([u8] extends [T] ? Uint8Array : T[]) : T[];
/** `Option<T>`: `null` is `None`. */
export type Option<T> = T | null;
/** `Box<T>`: the value itself (the box is only a pointer in the archive). */
export type Box<T> = T;
/** A contract id: 32 bytes (`[u8; 32]`, piecrust's `ContractId`). */
export type ContractId = Uint8Array;
