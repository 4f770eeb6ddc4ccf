/**
 * What the parts of the codec emitter share: `Ops` (what the emitter knows about one type), the
 * bodies of a composite type's functions, and small helpers for writing literals.
 */
import { FLAT_KINDS } from "@shortcrust/sdk/shapes";
import type { IrType } from "../../ir/types";

/** What an emitter knows about one type: inline code fragments and static facts. */
export interface Ops {
  readonly size: number;
  readonly align: number;
  /** Writes out-of-line data (resolve is non-empty). */
  readonly ool: boolean;
  /** Nothing to check (check is empty). */
  readonly trivial: boolean;
  /** TypeScript type of values and of views. */
  readonly ts: string;
  readonly viewTs: string;
  /** Rust spelling (root of error paths). */
  readonly rust: string;
  resolve(v: string): string;
  write(pos: string, v: string): string;
  check(pos: string): string;
  read(pos: string): string;
  /**
   * Leaves a flat read supports (ints, floats, bool, `[u8; N]`): the value from the bytes `b`
   * alone, no Source (see `readFlat` in fields.ts).
   */
  readFlat?: (pos: string) => string;
  view(pos: string): string;
  toJson(v: string): string;
  fromJson(j: string): string;
  /** An expression building the type's descriptor. */
  desc(): string;
}

/** Size, alignment and Rust spelling: what every type's Ops start from. */
export interface Base {
  readonly size: number;
  readonly align: number;
  readonly rust: string;
}

/** The bodies of a composite type's functions (functions.ts prints them). */
export interface Bodies {
  /** The type of values; a union as its alternatives. */
  valueType: string | readonly string[];
  viewType: string;
  viewClass: string | null;
  resolve: string;
  write: string;
  check: string;
  read: string;
  /** The read from the bytes `b` alone, for structs and tuples of flat leaves (else null). */
  readFlat?: string | null;
  view: string;
  toJson: string;
  fromJson: string;
  desc: (memo: string) => string;
}

/** The position `off` bytes after `base` (`base` itself at 0, as a person writes it). */
export const at = (base: string, off: number): string => (off === 0 ? base : `${base} + ${off}`);

/** A string literal. */
export const q = (s: string): string => JSON.stringify(s);

/** A property key: bare when it is an identifier. */
export const key = (s: string): string => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(s) ? s : q(s));

/** A JSON value as a JavaScript literal, as a person would write it (`{ kind: "u8" }`). */
export function literal(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(literal).join(", ")}]`;
  if (v !== null && typeof v === "object") {
    const entries = Object.entries(v);
    return entries.length
      ? `{ ${entries.map(([k, x]) => `${key(k)}: ${literal(x)}`).join(", ")} }`
      : "{}";
  }
  return JSON.stringify(v);
}

/**
 * Fields a flat read covers: at least one, each a leaf with a flat read (ints, floats, bool,
 * `[u8; N]`). Decided from the kinds alone (no `ops`, which would import helpers a module
 * may not use), so every module agrees on who has `$readFlat`.
 */
export function flatFields(types: readonly IrType[] | null): boolean {
  return types !== null && types.length > 0 && types.every((x) => FLAT_KINDS.has(x.kind));
}

/** Types whose code is inlined (no functions of their own). */
export function isLeafKind(t: IrType): boolean {
  return (
    t.kind !== "ref" &&
    t.kind !== "tuple" &&
    t.kind !== "array" &&
    t.kind !== "option" &&
    t.kind !== "box" &&
    !(t.kind === "vec" && t.element.kind !== "u8")
  );
}
