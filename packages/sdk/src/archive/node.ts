/**
 * The shape of one compiled node: the closures nodes.ts builds per descriptor, which
 * specialize.ts and btree.ts also fill in. A type-only module, so that nodes.ts can call them
 * and they can name a node without importing nodes.ts (no import cycle).
 */
import type { TypeDesc } from "./descriptor";
import type { ArchiveWriter } from "./writer";
import type { CheckContext } from "./checker";
import type { Source } from "./source";

/* eslint-disable @typescript-eslint/no-explicit-any */
export interface Node {
  readonly desc: TypeDesc;
  readonly name: string;
  size: number;
  align: number;
  /** Writes out-of-line data in `resolve` (otherwise `resolve` is never called). */
  ool: boolean;
  /** `check` has nothing to check (plain numbers and bytes). */
  trivial: boolean;
  /** Optional: checks `len` consecutive elements from `at` in one loop (specialised structs). */
  checkMany?: (c: CheckContext, at: number, len: number) => void;
  /** Optional: `read` from the bytes alone (leaves; specialised structs and tuples of leaves). */
  readFlat?: (bytes: Uint8Array, pos: number) => any;
  /** Optional: reads `len` consecutive elements from `at` into `out` (specialised structs of leaves). */
  readMany?: (s: Source, at: number, len: number, out: any[]) => void;
  /** Optional: resolves the elements of `v` in one go if it can (true), else nothing (specialised structs). */
  resolveMany?: (w: ArchiveWriter, v: any[], mark: number) => boolean;
  resolve(w: ArchiveWriter, v: any): void;
  write(w: ArchiveWriter, pos: number, v: any): void;
  check(c: CheckContext, pos: number): void;
  read(s: Source, pos: number): any;
  view(s: Source, pos: number): any;
  toJson(v: any): unknown;
  fromJson(j: unknown): any;
}
