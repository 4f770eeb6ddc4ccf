import type { TypeDesc, VariantDesc } from "./descriptor";

/** A niche: invalid values of a field rustc may use (`available` of them, `size` bytes at `offset`). */
export interface Niche {
  readonly offset: number;
  readonly size: number;
  readonly available: number;
}

/** Size, alignment and largest niche of an archived type. */
export interface Layout {
  readonly size: number;
  readonly align: number;
  readonly niche: Niche | null;
  /** Field / element byte offsets in declaration order (structs, tuples, arrays). */
  readonly offsets?: readonly number[];
}

/** Layout of one enum variant: field offsets in declaration order (repr(C) after the tag). */
export interface EnumLayout extends Layout {
  readonly tagSize: number;
  readonly variantOffsets: readonly (readonly number[])[];
}

/** Layout of `Option<T>`: the payload's offset after the u8 tag. */
export interface OptionLayout extends Layout {
  readonly payloadOffset: number;
}

const cache = new WeakMap<TypeDesc, Layout>();
const inProgress = new WeakSet<TypeDesc>();

const PRIM: Record<string, Layout> = {};
for (const [k, size] of [
  ["u8", 1],
  ["i8", 1],
  ["u16", 2],
  ["i16", 2],
  ["u32", 4],
  ["i32", 4],
  ["usize", 4],
  ["isize", 4],
  ["f32", 4],
  ["u64", 8],
  ["i64", 8],
  ["f64", 8],
  ["u128", 16],
  ["i128", 16],
] as const) {
  PRIM[k] = { size, align: size, niche: null };
}
PRIM.bool = { size: 1, align: 1, niche: { offset: 0, size: 1, available: 254 } };
PRIM.char = {
  size: 4,
  align: 4,
  niche: { offset: 0, size: 4, available: 0x1_0000_0000 - 0x110000 },
};
PRIM.unit = { size: 0, align: 1, niche: null };

const REL_SLICE: Layout = { size: 8, align: 4, niche: null };
const REL_PTR: Layout = { size: 4, align: 4, niche: null };

function roundUp(n: number, align: number): number {
  return Math.ceil(n / align) * align;
}

function trailingZeros(n: number): number {
  return 31 - Math.clz32(n & -n);
}

/** The archived layout of `desc` (memoised by descriptor identity). */
export function layoutOf(desc: TypeDesc): Layout {
  const hit = cache.get(desc);
  if (hit) return hit;
  if (inProgress.has(desc)) {
    throw new TypeError(`type ${desc.kind} contains itself without a Box or Vec in between`);
  }
  inProgress.add(desc);
  try {
    const l = compute(desc);
    cache.set(desc, l);
    return l;
  } finally {
    inProgress.delete(desc);
  }
}

function compute(desc: TypeDesc): Layout {
  switch (desc.kind) {
    case "bytes":
      return { size: desc.len, align: 1, niche: null };
    case "array": {
      const e = layoutOf(desc.element);
      const offsets: number[] = [];
      for (let i = 0; i < desc.len; i++) offsets.push(i * e.size);
      return {
        size: e.size * desc.len,
        align: e.align,
        niche: desc.len > 0 ? e.niche : null,
        offsets,
      };
    }
    case "vec":
    case "string":
    case "map":
      return REL_SLICE;
    case "box":
      return REL_PTR;
    case "option":
      return optionLayout(desc.some);
    case "tuple":
      return univariant(desc.elements.map(layoutOf), true);
    case "struct":
      return univariant(
        desc.fields.map((f) => layoutOf(f.type)),
        false,
      );
    case "tupleStruct":
      return univariant(desc.fields.map(layoutOf), false);
    case "unitStruct":
      return PRIM.unit;
    case "enum":
      return enumLayout(desc.variants);
    default: {
      const p = PRIM[desc.kind];
      if (!p) throw new TypeError(`unknown type kind ${(desc as { kind: string }).kind}`);
      return p;
    }
  }
}

function optionLayout(some: TypeDesc): OptionLayout {
  const t = layoutOf(some);
  const align = Math.max(1, t.align);
  const payloadOffset = roundUp(1, t.align);
  return {
    size: roundUp(payloadOffset + t.size, align),
    align,
    niche: { offset: 0, size: 1, available: 254 },
    payloadOffset,
    offsets: [payloadOffset],
  };
}

/** `#[repr(uN)]` enum (RFC 2195): each variant a repr(C) struct `{ tag, fields… }`. */
function enumLayout(variants: readonly VariantDesc[]): EnumLayout {
  const n = variants.length;
  if (n === 0) throw new TypeError("an enum needs at least one variant");
  const tagSize = n <= 0x100 ? 1 : n <= 0x10000 ? 2 : 4;
  let align = tagSize;
  let size = tagSize;
  const variantOffsets: number[][] = [];
  for (const v of variants) {
    const fields =
      v.kind === "unit" ? [] : v.kind === "tuple" ? v.fields : v.fields.map((f) => f.type);
    let off = tagSize;
    const offs: number[] = [];
    for (const f of fields) {
      const l = layoutOf(f);
      off = roundUp(off, l.align);
      offs.push(off);
      off += l.size;
      align = Math.max(align, l.align);
    }
    size = Math.max(size, off);
    variantOffsets.push(offs);
  }
  return {
    size: roundUp(size, align),
    align,
    niche:
      n < 2 ** (8 * tagSize)
        ? { offset: 0, size: tagSize, available: 2 ** (8 * tagSize) - n }
        : null,
    tagSize,
    variantOffsets,
  };
}

type Bias = "start" | "end";

interface Placed {
  offsets: number[];
  size: number;
  align: number;
  niche: Niche | null;
}

/**
 * rustc's `univariant` layout (see the rkyv reference §4.6): repr(Rust) structs sort their fields
 * by alignment group and niche, with a niche-at-end retry; tuples ("MaybeUnsized") keep the last
 * element last.
 */
export function univariant(fields: readonly Layout[], tuple: boolean): Layout {
  const first = place(fields, tuple, "start");
  if (!tuple && first.niche) {
    const head = first.niche.offset;
    const tail = first.size - head - first.niche.size;
    if (fields.length > 1 && head !== 0 && tail > 0) {
      const alt = place(fields, tuple, "end");
      const altHead = alt.niche!.offset;
      if (altHead > head && altHead > tail) return alt;
    }
  }
  return first;
}

function place(fields: readonly Layout[], tuple: boolean, bias: Bias): Placed {
  const n = fields.length;
  const order = fields.map((_, i) => i);
  const sortable = tuple ? n - 1 : n;
  if (n > 1 && sortable > 1) {
    let maxAlign = 1;
    let largestNiche = 0;
    for (let i = 0; i < sortable; i++) {
      maxAlign = Math.max(maxAlign, fields[i].align);
      largestNiche = Math.max(largestNiche, fields[i].niche?.available ?? 0);
    }
    const groupKey = (f: Layout): number => {
      const sizeAsAlign = trailingZeros(Math.max(f.align, f.size));
      if (largestNiche === 0) return sizeAsAlign;
      if (bias === "start") return Math.min(trailingZeros(maxAlign), sizeAsAlign);
      if ((f.niche?.available ?? 0) === largestNiche) return trailingZeros(f.align);
      return sizeAsAlign;
    };
    const keyed = order.slice(0, sortable).map((i) => {
      const f = fields[i];
      const avail = f.niche?.available ?? 0;
      const nicheKey = bias === "start" ? -avail : avail;
      const offKey =
        f.niche === null
          ? 0
          : bias === "start"
            ? f.niche.offset
            : -(f.size - f.niche.size - f.niche.offset);
      return { i, k: [-groupKey(f), nicheKey, offKey] };
    });
    // Array.prototype.sort is stable: ties keep declaration order, as rustc's sort_by_key.
    keyed.sort((a, b) => a.k[0] - b.k[0] || a.k[1] - b.k[1] || a.k[2] - b.k[2]);
    for (let j = 0; j < sortable; j++) order[j] = keyed[j].i;
  }
  const offsets = new Array<number>(n).fill(0);
  let off = 0;
  let align = 1;
  let niche: Niche | null = null;
  for (const i of order) {
    const f = fields[i];
    off = roundUp(off, f.align);
    offsets[i] = off;
    align = Math.max(align, f.align);
    if (f.niche) {
      const better =
        niche === null ||
        (bias === "start"
          ? f.niche.available > niche.available
          : f.niche.available >= niche.available);
      if (better) niche = { ...f.niche, offset: f.niche.offset + off };
    }
    off += f.size;
  }
  return { offsets, size: roundUp(off, align), align, niche };
}
