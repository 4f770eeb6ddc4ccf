/**
 * Zero-copy views (`access`): the base of struct and tuple views, the view of vecs and arrays,
 * and the shape of enum values and views. Composed codecs (nodes.ts) and generated code both
 * build them.
 */
import type { Source } from "./source";

/** Zero-copy view of an `ArchivedVec<T>` / `[T; N]`: `length`, `get(i)`, iteration. */
export class ArchivedVecView<T = unknown> implements Iterable<T> {
  constructor(
    private readonly src: Source,
    /** Position of element 0. */
    private readonly at: number,
    readonly length: number,
    /** Archived size of one element. */
    private readonly stride: number,
    /** Reads (or views) the element at a position. */
    private readonly elem: (s: Source, pos: number) => T,
  ) {}

  /** Element `i`; throws a `RangeError` when `i` is not an index (a caller bug, not bad bytes). */
  get(i: number): T {
    if (!Number.isInteger(i) || i < 0 || i >= this.length) {
      throw new RangeError(`index ${i} out of range 0..${this.length}`);
    }
    return this.elem(this.src, this.at + i * this.stride);
  }

  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.length; i++) yield this.elem(this.src, this.at + i * this.stride);
  }

  toArray(): T[] {
    return Array.from(this);
  }
}

/** The base of struct and tuple views: where the object sits in which archive. */
export class ArchivedView {
  constructor(
    /** @internal */ readonly $src: Source,
    /** @internal */ readonly $pos: number,
  ) {}
}

/** An enum value: `{ case: "Name" }` or `{ case: "Name", value }`. */
export interface EnumValue {
  readonly case: string;
  readonly value?: unknown;
}
