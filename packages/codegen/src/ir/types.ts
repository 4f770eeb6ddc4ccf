/**
 * The descriptor IR: what the ts-morph reader extracts from annotated TypeScript, before any
 * code is emitted. Types are close to the archive runtime's `TypeDesc`, with named references
 * (`ref`) in place of inlined declarations so emitters can share one codec per declaration.
 */
import type { PrimitiveKind } from "@shortcrust/sdk";

export interface SourceLoc {
  readonly file: string;
  readonly line: number;
  readonly col: number;
}

export type IrType =
  | { readonly kind: PrimitiveKind }
  | { readonly kind: "string" }
  | { readonly kind: "bytes"; readonly len: number }
  | { readonly kind: "array"; readonly element: IrType; readonly len: number }
  | { readonly kind: "vec"; readonly element: IrType }
  | { readonly kind: "option"; readonly some: IrType }
  | { readonly kind: "box"; readonly inner: IrType }
  | { readonly kind: "tuple"; readonly elements: readonly IrType[] }
  /** A declared type (`IrDecl.id`); generic instantiations have their own id (`Pair<u32>`). */
  | { readonly kind: "ref"; readonly id: string };

export interface IrField {
  readonly name: string;
  readonly type: IrType;
}

export type IrVariant =
  | { readonly name: string; readonly kind: "unit" }
  | { readonly name: string; readonly kind: "tuple"; readonly fields: readonly IrType[] }
  | { readonly name: string; readonly kind: "struct"; readonly fields: readonly IrField[] };

interface DeclBase {
  /** Unique: the Rust spelling (`Point`, `Wrapper<u32>`). */
  readonly id: string;
  /** A TypeScript identifier for generated names (`Point`, `Wrapper_u32`). */
  readonly tsName: string;
  /** The source file that declares it (the generic's file for instantiations). */
  readonly file: string;
  readonly loc: SourceLoc;
  /** Whether its source declaration is exported (`export interface Point …`). */
  readonly exported: boolean;
}

export type IrDecl = DeclBase &
  (
    | { readonly kind: "struct"; readonly fields: readonly IrField[] }
    | { readonly kind: "tupleStruct"; readonly fields: readonly IrType[] }
    | { readonly kind: "unitStruct" }
    /** `fieldless`: a TypeScript `enum` (values are its numbers, not `{ case }`). */
    | {
        readonly kind: "enum";
        readonly variants: readonly IrVariant[];
        readonly fieldless: boolean;
      }
    /** A plain alias (no `@archive`): a name for another type (`type Pair = [u32, u64]`). */
    | { readonly kind: "alias"; readonly target: IrType }
  );

export interface IrMethod {
  readonly name: string;
  readonly params: readonly IrField[];
  readonly returns: IrType;
  readonly loc: SourceLoc;
}

/** An event a contract declares (`@event <topic> <Type>` on the contract; no type: unit). */
export interface IrEvent {
  readonly topic: string;
  readonly type: IrType;
  readonly loc: SourceLoc;
}

/**
 * A collection field of a `@contract` class (`StateMap<K, V>` / `StateVec<T>` of the SDK): not
 * part of the state record; its entries are records of their own under a prefix derived from the
 * field's name (`collectionPrefix`).
 */
export type IrCollection =
  | {
      readonly name: string;
      readonly kind: "map";
      readonly key: IrType;
      readonly value: IrType;
      readonly loc: SourceLoc;
    }
  | {
      readonly name: string;
      readonly kind: "vec";
      readonly element: IrType;
      readonly loc: SourceLoc;
    };

/** A `@contract` class (or `@contract extern` interface: stubs only). */
export interface IrContract {
  readonly name: string;
  readonly file: string;
  readonly loc: SourceLoc;
  readonly extern: boolean;
  /** State fields (classes only), declaration order. */
  readonly state: readonly IrField[];
  /** Collection fields (classes only), declaration order: not in the state record. */
  readonly collections: readonly IrCollection[];
  readonly methods: readonly IrMethod[];
  /** The initializer (`init`), run once at deploy; not callable afterwards. */
  readonly init: IrMethod | null;
  /** Declared events, in declaration order (typed emitters and decoders are generated). */
  readonly events: readonly IrEvent[];
}

/** A `@metadata` interface: session metadata keys and their types. */
export interface IrMetadata {
  readonly name: string;
  readonly file: string;
  readonly loc: SourceLoc;
  readonly fields: readonly IrField[];
}

export interface IrFile {
  readonly path: string;
  /** Declarations owned by this file, in source order (instantiations after). */
  readonly decls: string[];
  readonly contracts: IrContract[];
  readonly metadata: IrMetadata[];
  /** Every exported type name of the file → its type (for `encode`/`decode --type`). */
  readonly exports: Map<string, IrType>;
}

export interface IrProgram {
  readonly decls: Map<string, IrDecl>;
  readonly files: Map<string, IrFile>;
}
