/**
 * Compiles a type descriptor into a graph of nodes, one per descriptor (memoised by identity,
 * so cyclic descriptors work), each holding closures specialised for its type: resolve/write
 * (archive), check, read (deserialize), view (zero-copy access) and JSON conversion.
 *
 * This closure interpreter is deliberately a separate implementation of the format, not built
 * from the code shapes (`shapes/`): it is the reference that built code (the specialiser's
 * `new Function` bodies and generated codecs) is tested against, and what runs where
 * `Function` is unavailable. It shares the facts (layout.ts offsets, sizes and alignment,
 * pool.ts sizes, the checker and writer), not the code. Struct and tuple nodes then take the
 * specialised closures (specialize.ts) where they can.
 */
import type { TypeDesc, VariantDesc } from "./descriptor";
import { layoutOf, type EnumLayout, type OptionLayout } from "./layout";
import type { ArchiveWriter } from "./writer";
import { describeValue, enumJsonExpected, failValue, rethrowAt } from "./errors";
import {
  checkSmallInt,
  checkBigInt,
  checkFloat,
  checkBool,
  checkBytes,
  charCode,
  writeU128,
  readU128,
  readI128,
} from "./scalars";
import {
  bigIntFromJson,
  bigIntToJson,
  floatFromJson,
  floatToJson,
  f32ToJson,
  bytesFromJson,
  bytesToJson,
} from "./json";
import { rustName } from "./names";
import { specialise, type Specialised } from "./specialize";
import { btreeMap } from "./btree";
import type { Node } from "./node";
import { readString, type Source } from "./source";
import { ArchivedVecView, ArchivedView, type EnumValue } from "./views";
import { HEAP_MAX, POOL_MAX, copyBytes } from "./pool";

const nodes = new WeakMap<TypeDesc, Node>();

const noop = (): void => {};

function identity<T>(v: T): T {
  return v;
}

/** The compiled node of `desc` (built once per descriptor object). */
export function nodeOf(desc: TypeDesc): Node {
  const hit = nodes.get(desc);
  if (hit) return hit;
  const layout = layoutOf(desc);
  const node: Node = {
    desc,
    name: rustName(desc),
    size: layout.size,
    align: layout.align,
    ool: false,
    trivial: true,
    resolve: noop,
    write: noop,
    check: noop,
    read: () => null,
    view: () => null,
    toJson: identity,
    fromJson: identity,
  };
  nodes.set(desc, node);
  build(node, desc);
  return node;
}

function build(n: Node, d: TypeDesc): void {
  switch (d.kind) {
    case "u8":
    case "u16":
    case "u32":
    case "usize":
    case "i8":
    case "i16":
    case "i32":
    case "isize":
      return smallInt(n, d.kind);
    case "u64":
    case "i64":
      return int64(n, d.kind === "i64");
    case "u128":
    case "i128":
      return int128(n, d.kind === "i128");
    case "f32":
    case "f64":
      return float(n, d.kind);
    case "bool":
      return bool(n);
    case "char":
      return char(n);
    case "unit":
    case "unitStruct":
      return unit(n);
    case "bytes":
      return bytes(n, d.len);
    case "string":
      return string(n);
    case "vec":
      return isU8(d.element) ? vecU8(n) : vec(n, d.element);
    case "array":
      return array(n, d.element, d.len);
    case "option":
      return option(n, d.some);
    case "box":
      return box(n, d.inner);
    case "tuple":
      return seq(n, d.elements);
    case "tupleStruct":
      return seq(n, d.fields);
    case "struct":
      return struct(
        n,
        d.fields.map((f) => f.name),
        d.fields.map((f) => f.type),
      );
    case "enum":
      return enumeration(n, d.variants);
    case "map":
      return map(n, d.key, d.value);
  }
}

function isU8(d: TypeDesc): boolean {
  return d.kind === "u8";
}

// ---------------------------------------------------------------- leaves

function smallInt(n: Node, kind: string): void {
  const size = n.size;
  const signed = kind[0] === "i";
  const bits = size * 8;
  n.write = (w, pos, v) => {
    // Fast range test first; the helper builds the error.
    switch (size) {
      case 1:
        if (typeof v !== "number" || (signed ? (v << 24) >> 24 : v & 0xff) !== v) {
          checkSmallInt(v, bits, signed, kind);
        }
        w.buf[pos] = v;
        return;
      case 2:
        if (typeof v !== "number" || (signed ? (v << 16) >> 16 : v & 0xffff) !== v) {
          checkSmallInt(v, bits, signed, kind);
        }
        w.view.setUint16(pos, v, true);
        return;
      default:
        if (typeof v !== "number" || (signed ? v | 0 : v >>> 0) !== v) {
          checkSmallInt(v, bits, signed, kind);
        }
        w.view.setUint32(pos, v, true);
    }
  };
  n.read = n.view =
    size === 1
      ? signed
        ? (s, pos) => (s.bytes[pos] << 24) >> 24
        : (s, pos) => s.bytes[pos]
      : size === 2
        ? signed
          ? (s, pos) => s.view.getInt16(pos, true)
          : (s, pos) => s.view.getUint16(pos, true)
        : signed
          ? (s, pos) => s.view.getInt32(pos, true)
          : (s, pos) => s.view.getUint32(pos, true);
  n.readFlat =
    size === 1
      ? signed
        ? (b, pos) => (b[pos] << 24) >> 24
        : (b, pos) => b[pos]
      : size === 2
        ? signed
          ? (b, pos) => viewOf(b).getInt16(pos, true)
          : (b, pos) => viewOf(b).getUint16(pos, true)
        : signed
          ? (b, pos) => viewOf(b).getInt32(pos, true)
          : (b, pos) => viewOf(b).getUint32(pos, true);
  n.fromJson = (j) => checkSmallInt(j, bits, signed, kind);
}

/**
 * A DataView over exactly `b`, for a leaf root's `readFlat` (what a codec's `deserialize` calls,
 * codec.ts): no `Source` object to build, which in a contract's sandbox is interpreted work.
 */
function viewOf(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

function int64(n: Node, signed: boolean): void {
  const type = signed ? "i64" : "u64";
  n.write = signed
    ? (w, pos, v) => w.view.setBigInt64(pos, checkBigInt(v, 64, true, type), true)
    : (w, pos, v) => w.view.setBigUint64(pos, checkBigInt(v, 64, false, type), true);
  n.read = n.view = signed
    ? (s, pos) => s.view.getBigInt64(pos, true)
    : (s, pos) => s.view.getBigUint64(pos, true);
  n.readFlat = signed
    ? (b, pos) => viewOf(b).getBigInt64(pos, true)
    : (b, pos) => viewOf(b).getBigUint64(pos, true);
  n.toJson = bigIntToJson;
  n.fromJson = (j) => bigIntFromJson(j, type);
}

function int128(n: Node, signed: boolean): void {
  const type = signed ? "i128" : "u128";
  n.write = (w, pos, v) => writeU128(w.view, pos, checkBigInt(v, 128, signed, type));
  n.read = n.view = signed ? (s, pos) => readI128(s.view, pos) : (s, pos) => readU128(s.view, pos);
  n.toJson = bigIntToJson;
  n.fromJson = (j) => bigIntFromJson(j, type);
}

function float(n: Node, kind: "f32" | "f64"): void {
  if (kind === "f32") {
    n.write = (w, pos, v) => w.view.setFloat32(pos, checkFloat(v, kind), true);
    n.read = n.view = (s, pos) => s.view.getFloat32(pos, true);
  } else {
    n.write = (w, pos, v) => w.view.setFloat64(pos, checkFloat(v, kind), true);
    n.read = n.view = (s, pos) => s.view.getFloat64(pos, true);
  }
  n.toJson = kind === "f32" ? f32ToJson : floatToJson;
  n.fromJson = (j) => floatFromJson(j, kind);
}

function bool(n: Node): void {
  n.trivial = false;
  n.write = (w, pos, v) => {
    w.buf[pos] = checkBool(v) ? 1 : 0;
  };
  n.check = (c, pos) => c.bool(pos);
  n.read = n.view = (s, pos) => s.bytes[pos] === 1;
  n.readFlat = (b, pos) => b[pos] === 1;
  n.fromJson = checkBool;
}

function char(n: Node): void {
  n.trivial = false;
  n.write = (w, pos, v) => w.view.setUint32(pos, charCode(v), true);
  n.check = (c, pos) => c.char(pos);
  n.read = n.view = (s, pos) => String.fromCodePoint(s.view.getUint32(pos, true));
  n.fromJson = (j) => (charCode(j), j);
}

function unit(n: Node): void {
  n.readFlat = () => null;
  n.write = (_w, _pos, v) => {
    if (v !== null && v !== undefined) failValue("null (unit)", describeValue(v));
  };
  n.fromJson = (j) => {
    if (j !== null) failValue("null (unit)", describeValue(j));
    return null;
  };
}

function bytes(n: Node, len: number): void {
  n.write = (w, pos, v) => w.buf.set(checkBytes(v, len), pos);
  // Fresh bytes (never the archive's); pooled sizes through copyBytes (pool.ts).
  const pooled = len > HEAP_MAX && len <= POOL_MAX;
  n.read = pooled
    ? (s, pos) => copyBytes(s.bytes, pos, pos + len)
    : (s, pos) => s.bytes.slice(pos, pos + len);
  n.readFlat = pooled
    ? (b, pos) => copyBytes(b, pos, pos + len)
    : (b, pos) => b.slice(pos, pos + len);
  n.view = (s, pos) => s.bytes.subarray(pos, pos + len);
  n.toJson = bytesToJson;
  n.fromJson = (j) => bytesFromJson(j, len);
}

function string(n: Node): void {
  n.ool = true;
  n.trivial = false;
  n.resolve = (w, v) => w.resolveString(v);
  n.write = (w, pos, v) => w.writeString(pos, v);
  n.check = (c, pos) => c.string(pos);
  n.read = n.view = readString;
  n.fromJson = (j) => {
    if (typeof j !== "string") failValue("a string", describeValue(j));
    return j;
  };
}

// ---------------------------------------------------------------- vectors

function vecU8(n: Node): void {
  n.ool = true;
  n.trivial = false;
  n.resolve = (w, v) => w.pushResolver(w.writeBytes(checkBytes(v, -1)));
  n.write = (w, pos, v: Uint8Array) => {
    w.view.setInt32(pos, w.nextResolver() - pos, true);
    w.view.setUint32(pos + 4, v.length, true);
  };
  n.check = (c, pos) => {
    const at = c.slice(pos, 1, 1);
    const saved = c.push(at);
    c.pop(at + c.view.getUint32(pos + 4, true), saved);
  };
  n.read = (s, pos) => {
    const at = pos + s.view.getInt32(pos, true);
    const len = s.view.getUint32(pos + 4, true);
    return len > HEAP_MAX && len <= POOL_MAX
      ? copyBytes(s.bytes, at, at + len)
      : s.bytes.slice(at, at + len);
  };
  n.view = (s, pos) => {
    const at = pos + s.view.getInt32(pos, true);
    return s.bytes.subarray(at, at + s.view.getUint32(pos + 4, true));
  };
  n.toJson = bytesToJson;
  n.fromJson = (j) => bytesFromJson(j, -1);
}

function elementsWrite(w: ArchiveWriter, e: Node, v: readonly unknown[], mark: number): number {
  const len = v.length;
  const at = w.reserve(len * e.size, e.align);
  const cur = w.rcur;
  w.rcur = mark;
  let i = 0;
  try {
    for (; i < len; i++) e.write(w, at + i * e.size, v[i]);
  } catch (err) {
    rethrowAt(err, `[${i}]`);
  }
  w.rcur = cur;
  w.rtop = mark;
  return at;
}

function vec(n: Node, elem: TypeDesc): void {
  const e = nodeOf(elem);
  n.ool = true;
  n.trivial = false;
  n.resolve = (w, v) => {
    if (!Array.isArray(v)) failValue("an array", describeValue(v));
    const mark = w.rtop;
    // Strings of struct elements in one encode where they can be (specialize.ts), else one by one.
    if (e.ool && (e.resolveMany === undefined || !e.resolveMany(w, v, mark))) {
      let i = 0;
      try {
        for (; i < v.length; i++) e.resolve(w, v[i]);
      } catch (err) {
        rethrowAt(err, `[${i}]`);
      }
    }
    w.pushResolver(elementsWrite(w, e, v, mark));
  };
  n.write = (w, pos, v: unknown[]) => {
    w.view.setInt32(pos, w.nextResolver() - pos, true);
    w.view.setUint32(pos + 4, v.length, true);
  };
  n.check = (c, pos) => {
    const at = c.slice(pos, e.size, e.align);
    const len = c.view.getUint32(pos + 4, true);
    const saved = c.push(at);
    if (e.checkMany !== undefined) e.checkMany(c, at, len);
    else if (!e.trivial) {
      const size = e.size;
      let i = 0;
      try {
        for (; i < len; i++) e.check(c, at + i * size);
      } catch (err) {
        rethrowAt(err, `[${i}]`);
      }
    }
    c.pop(at + len * e.size, saved);
  };
  n.read = (s, pos) => {
    const at = pos + s.view.getInt32(pos, true);
    const len = s.view.getUint32(pos + 4, true);
    const out = new Array(len);
    if (e.readMany !== undefined) e.readMany(s, at, len, out);
    else {
      const size = e.size;
      for (let i = 0; i < len; i++) out[i] = e.read(s, at + i * size);
    }
    return out;
  };
  n.view = (s, pos) =>
    new ArchivedVecView(
      s,
      pos + s.view.getInt32(pos, true),
      s.view.getUint32(pos + 4, true),
      e.size,
      e.view,
    );
  n.toJson = (v: unknown[]) => v.map((x) => e.toJson(x));
  n.fromJson = (j) => {
    if (!Array.isArray(j)) failValue("an array", describeValue(j));
    return mapJson(j, e);
  };
}

function mapJson(j: unknown[], e: Node): unknown[] {
  const out = new Array(j.length);
  let i = 0;
  try {
    for (; i < j.length; i++) out[i] = e.fromJson(j[i]);
  } catch (err) {
    rethrowAt(err, `[${i}]`);
  }
  return out;
}

function array(n: Node, elem: TypeDesc, len: number): void {
  const e = nodeOf(elem);
  n.ool = e.ool;
  n.trivial = e.trivial;
  const checkArr = (v: unknown): unknown[] => {
    if (!Array.isArray(v)) failValue(`an array of ${len}`, describeValue(v));
    if (v.length !== len) failValue(`${len} elements`, `${v.length}`);
    return v;
  };
  n.resolve = (w, v) => {
    const a = checkArr(v);
    let i = 0;
    try {
      for (; i < len; i++) e.resolve(w, a[i]);
    } catch (err) {
      rethrowAt(err, `[${i}]`);
    }
  };
  n.write = (w, pos, v) => {
    const a = checkArr(v);
    let i = 0;
    try {
      for (; i < len; i++) e.write(w, pos + i * e.size, a[i]);
    } catch (err) {
      rethrowAt(err, `[${i}]`);
    }
  };
  n.check = (c, pos) => {
    let i = 0;
    try {
      for (; i < len; i++) e.check(c, pos + i * e.size);
    } catch (err) {
      rethrowAt(err, `[${i}]`);
    }
  };
  n.read = (s, pos) => {
    const out = new Array(len);
    for (let i = 0; i < len; i++) out[i] = e.read(s, pos + i * e.size);
    return out;
  };
  n.view = (s, pos) => new ArchivedVecView(s, pos, len, e.size, e.view);
  n.toJson = (v: unknown[]) => v.map((x) => e.toJson(x));
  n.fromJson = (j) => {
    if (!Array.isArray(j) || j.length !== len) failValue(`an array of ${len}`, describeValue(j));
    return mapJson(j, e);
  };
}

// ---------------------------------------------------------------- option, box

function option(n: Node, some: TypeDesc): void {
  const e = nodeOf(some);
  const off = (layoutOf(n.desc) as OptionLayout).payloadOffset;
  n.ool = e.ool;
  n.trivial = false;
  n.resolve = (w, v) => {
    if (v === null || v === undefined) return;
    try {
      e.resolve(w, v);
    } catch (err) {
      rethrowAt(err, ".some");
    }
  };
  n.write = (w, pos, v) => {
    if (v === null || v === undefined) return;
    w.buf[pos] = 1;
    try {
      e.write(w, pos + off, v);
    } catch (err) {
      rethrowAt(err, ".some");
    }
  };
  n.check = (c, pos) => {
    if (c.tag(pos, 1, 2) === 0 || e.trivial) return;
    try {
      e.check(c, pos + off);
    } catch (err) {
      rethrowAt(err, ".some");
    }
  };
  n.read = (s, pos) => (s.bytes[pos] === 0 ? null : e.read(s, pos + off));
  n.view = (s, pos) => (s.bytes[pos] === 0 ? null : e.view(s, pos + off));
  n.toJson = (v) => (v === null || v === undefined ? null : e.toJson(v));
  n.fromJson = (j) => {
    if (j === null) return null;
    try {
      return e.fromJson(j);
    } catch (err) {
      return rethrowAt(err, ".some");
    }
  };
}

function box(n: Node, inner: TypeDesc): void {
  const e = nodeOf(inner);
  n.ool = true;
  n.trivial = false;
  n.resolve = (w, v) => {
    const mark = w.rtop;
    if (e.ool) e.resolve(w, v);
    const at = w.reserve(e.size, e.align);
    const cur = w.rcur;
    w.rcur = mark;
    e.write(w, at, v);
    w.rcur = cur;
    w.rtop = mark;
    w.pushResolver(at);
  };
  n.write = (w, pos) => w.view.setInt32(pos, w.nextResolver() - pos, true);
  n.check = (c, pos) => {
    const at = c.relPtr(pos, e.size, e.align);
    const saved = c.push(at);
    e.check(c, at);
    c.pop(at + e.size, saved);
  };
  n.read = (s, pos) => e.read(s, pos + s.view.getInt32(pos, true));
  n.view = (s, pos) => e.view(s, pos + s.view.getInt32(pos, true));
  n.toJson = (v) => e.toJson(v);
  n.fromJson = (j) => e.fromJson(j);
}

// ---------------------------------------------------------------- tuples, structs

/** Compiles resolve/write/check over fields at fixed offsets; `key(i)` reads field i of a value. */
function fields(
  n: Node,
  nodes: readonly Node[],
  offsets: readonly number[],
  keys: readonly (string | number)[],
  /** Values are objects (structs, struct variants), not arrays (tuples): keys alone cannot say when there are none. */
  named: boolean,
  segs: readonly string[],
  isValue: (v: unknown) => boolean,
  expected: string,
): Specialised | null {
  const count = nodes.length;
  const oolIdx = nodes.map((_, i) => i).filter((i) => nodes[i].ool);
  const checkIdx = nodes.map((_, i) => i).filter((i) => !nodes[i].trivial);
  n.ool = oolIdx.length > 0;
  n.trivial = checkIdx.length === 0;
  n.resolve = (w, v) => {
    if (!isValue(v)) failValue(expected, describeValue(v));
    let k = 0;
    try {
      for (; k < oolIdx.length; k++) {
        const i = oolIdx[k];
        nodes[i].resolve(w, v[keys[i]]);
      }
    } catch (err) {
      rethrowAt(err, segs[oolIdx[k]]);
    }
  };
  n.write = (w, pos, v) => {
    if (!isValue(v)) failValue(expected, describeValue(v));
    let i = 0;
    try {
      for (; i < count; i++) nodes[i].write(w, pos + offsets[i], v[keys[i]]);
    } catch (err) {
      rethrowAt(err, segs[i]);
    }
  };
  n.check = (c, pos) => {
    let k = 0;
    try {
      for (; k < checkIdx.length; k++) {
        const i = checkIdx[k];
        nodes[i].check(c, pos + offsets[i]);
      }
    } catch (err) {
      rethrowAt(err, segs[checkIdx[k]]);
    }
  };
  return specialise(nodes, offsets, keys, named, segs, isValue, expected, n.size);
}

function isArray(v: unknown): boolean {
  return Array.isArray(v);
}

function isObject(v: unknown): boolean {
  return typeof v === "object" && v !== null;
}

function seq(n: Node, elems: readonly TypeDesc[]): void {
  const nodes = elems.map(nodeOf);
  const offsets = layoutOf(n.desc).offsets!;
  const count = nodes.length;
  const keys = nodes.map((_, i) => i);
  const segs = keys.map((i) => `.${i}`);
  const sp = fields(
    n,
    nodes,
    offsets,
    keys,
    false,
    segs,
    (v) => isArray(v) && (v as unknown[]).length === count,
    `an array of ${count}`,
  );
  n.read = (s, pos) => {
    const out = new Array(count);
    for (let i = 0; i < count; i++) out[i] = nodes[i].read(s, pos + offsets[i]);
    return out;
  };
  const View = viewClass(nodes, offsets, keys, false);
  n.view = (s, pos) => new View(s, pos);
  if (sp) Object.assign(n, sp);
  n.toJson = (v: unknown[]) => v.map((x, i) => nodes[i].toJson(x));
  n.fromJson = (j) => {
    if (!Array.isArray(j) || j.length !== count)
      failValue(`an array of ${count}`, describeValue(j));
    const out = new Array(count);
    let i = 0;
    try {
      for (; i < count; i++) out[i] = nodes[i].fromJson(j[i]);
    } catch (err) {
      rethrowAt(err, segs[i]);
    }
    return out;
  };
}

/** A view class with one lazy getter per field (tuple views also get `length`). */
function viewClass(
  nodes: readonly Node[],
  offsets: readonly number[],
  keys: readonly (string | number)[],
  named: boolean,
): new (s: Source, pos: number) => ArchivedView {
  class View extends ArchivedView {}
  keys.forEach((key, i) => {
    const node = nodes[i];
    const off = offsets[i];
    Object.defineProperty(View.prototype, key, {
      get(this: ArchivedView) {
        return node.view(this.$src, this.$pos + off);
      },
      enumerable: true,
    });
  });
  if (!named) {
    Object.defineProperty(View.prototype, "length", { value: keys.length });
  }
  return View;
}

function struct(n: Node, names: readonly string[], types: readonly TypeDesc[]): void {
  const nodes = types.map(nodeOf);
  const offsets = layoutOf(n.desc).offsets!;
  const count = nodes.length;
  const segs = names.map((k) => `.${k}`);
  const sp = fields(n, nodes, offsets, names, true, segs, isObject, "an object");
  n.read = (s, pos) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < count; i++) out[names[i]] = nodes[i].read(s, pos + offsets[i]);
    return out;
  };
  const View = viewClass(nodes, offsets, names, true);
  n.view = (s, pos) => new View(s, pos);
  if (sp) Object.assign(n, sp);
  n.toJson = (v: Record<string, unknown>) => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < count; i++) out[names[i]] = nodes[i].toJson(v[names[i]]);
    return out;
  };
  n.fromJson = (j) => {
    if (!isObject(j) || Array.isArray(j)) failValue("an object", describeValue(j));
    const o = j as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    let i = 0;
    try {
      for (; i < count; i++) {
        fieldGiven(o, names[i]);
        out[names[i]] = nodes[i].fromJson(o[names[i]]);
      }
    } catch (err) {
      rethrowAt(err, segs[i]);
    }
    noOtherFields(o, names);
    return out;
  };
}

/** A struct's JSON names each of its fields (a struct variant's too)… */
function fieldGiven(o: Record<string | number, unknown>, name: string): void {
  if (!(name in o)) failValue(`field ${name}`, "nothing");
}

/** …and no other: a misspelt field is an error, never ignored. */
function noOtherFields(o: object, names: readonly string[]): void {
  for (const k of Object.keys(o)) {
    if (!names.includes(k)) failValue(`one of the fields ${names.join(", ")}`, `field ${k}`);
  }
}

// ---------------------------------------------------------------- enums

interface Variant {
  name: string;
  kind: VariantDesc["kind"];
  /** A node for the variant's payload (a tuple or struct at the variant's offsets) or null. */
  payload: Node | null;
  /** Single-field tuple variant: the value is that field, not an array. */
  single: boolean;
}

function enumeration(n: Node, variants: readonly VariantDesc[]): void {
  const lay = layoutOf(n.desc) as EnumLayout;
  const tagSize = lay.tagSize;
  const count = variants.length;
  const byName = new Map<string, number>();
  const vs: Variant[] = variants.map((vd, t) => {
    byName.set(vd.name, t);
    if (vd.kind === "unit") return { name: vd.name, kind: vd.kind, payload: null, single: false };
    const types = vd.kind === "tuple" ? vd.fields : vd.fields.map((f) => f.type);
    const payload = payloadNode(n, vd, types, lay.variantOffsets[t]);
    return {
      name: vd.name,
      kind: vd.kind,
      payload,
      single: vd.kind === "tuple" && types.length === 1,
    };
  });
  n.ool = vs.some((v) => v.payload?.ool);
  n.trivial = false;
  const variantOf = (v: unknown): number => {
    const c = typeof v === "string" ? v : isObject(v) ? (v as EnumValue).case : undefined;
    const t = typeof c === "string" ? byName.get(c) : undefined;
    if (t === undefined) {
      failValue(
        `a case of ${n.name} (${variants.map((x) => x.name).join(", ")})`,
        describeValue(c ?? v),
      );
    }
    return t;
  };
  const payloadValue = (v: Variant, e: unknown): unknown => {
    const val = (e as EnumValue).value;
    return v.single ? [val] : val;
  };
  n.resolve = (w, e) => {
    const v = vs[variantOf(e)];
    if (v.payload?.ool) v.payload.resolve(w, payloadValue(v, e));
  };
  n.write = (w, pos, e) => {
    const t = variantOf(e);
    if (tagSize === 1) w.buf[pos] = t;
    else if (tagSize === 2) w.view.setUint16(pos, t, true);
    else w.view.setUint32(pos, t, true);
    const v = vs[t];
    if (v.payload) v.payload.write(w, pos, payloadValue(v, e));
  };
  n.check = (c, pos) => {
    const v = vs[c.tag(pos, tagSize, count)];
    if (v.payload && !v.payload.trivial) v.payload.check(c, pos);
  };
  const readTag = (s: Source, pos: number): number =>
    tagSize === 1
      ? s.bytes[pos]
      : tagSize === 2
        ? s.view.getUint16(pos, true)
        : s.view.getUint32(pos, true);
  n.read = (s, pos) => {
    const v = vs[readTag(s, pos)];
    if (!v.payload) return { case: v.name };
    const p = v.payload.read(s, pos);
    return { case: v.name, value: v.single ? p[0] : p };
  };
  n.view = (s, pos) => {
    const v = vs[readTag(s, pos)];
    if (!v.payload) return { case: v.name };
    const p = v.payload.view(s, pos);
    return { case: v.name, value: v.single ? p[0] : p };
  };
  n.toJson = (e) => {
    const v = vs[variantOf(e)];
    if (!v.payload) return v.name;
    const p = v.payload.toJson(payloadValue(v, e)) as unknown[];
    return { [v.name]: v.single ? p[0] : p };
  };
  n.fromJson = (j) => {
    const expected = () =>
      enumJsonExpected(
        n.name,
        vs.map((v) => ({ name: v.name, unit: !v.payload })),
      );
    if (typeof j === "string") {
      const t = byName.get(j);
      if (t === undefined || vs[t].payload) failValue(expected(), describeValue(j));
      return { case: j };
    }
    const keys = isObject(j) && !Array.isArray(j) ? Object.keys(j as object) : [];
    const t = keys.length === 1 ? byName.get(keys[0]) : undefined;
    if (t === undefined || !vs[t].payload) return failValue(expected(), describeValue(j));
    const v = vs[t];
    const inner = (j as Record<string, unknown>)[v.name];
    const p = v.payload!.fromJson(v.single ? [inner] : inner) as unknown[];
    return { case: v.name, value: v.single ? p[0] : p };
  };
}

/** A struct/tuple node for a variant's fields at their repr(C) offsets inside the enum. */
function payloadNode(
  parent: Node,
  vd: VariantDesc,
  types: readonly TypeDesc[],
  offsets: readonly number[],
): Node {
  const nodes = types.map(nodeOf);
  const named = vd.kind === "struct";
  const keys: (string | number)[] = named ? vd.fields.map((f) => f.name) : nodes.map((_, i) => i);
  const segs = keys.map((k) => `::${vd.name}.${k}`);
  const p: Node = {
    desc: parent.desc,
    name: `${parent.name}::${vd.name}`,
    size: parent.size,
    align: parent.align,
    ool: false,
    trivial: true,
    resolve: noop,
    write: noop,
    check: noop,
    read: () => null,
    view: () => null,
    toJson: identity,
    fromJson: identity,
  };
  const count = nodes.length;
  const sp = fields(
    p,
    nodes,
    offsets,
    keys,
    named,
    segs,
    named ? isObject : (v) => isArray(v) && (v as unknown[]).length === count,
    named ? "an object" : `an array of ${count}`,
  );
  const View = viewClass(nodes, offsets, keys, named);
  p.view = (s, pos) => new View(s, pos);
  p.read = named
    ? (s, pos) => {
        const out: Record<string, unknown> = {};
        for (let i = 0; i < count; i++) out[keys[i]] = nodes[i].read(s, pos + offsets[i]);
        return out;
      }
    : (s, pos) => {
        const out = new Array(count);
        for (let i = 0; i < count; i++) out[i] = nodes[i].read(s, pos + offsets[i]);
        return out;
      };
  p.toJson = named
    ? (v: Record<string, unknown>) => {
        const out: Record<string, unknown> = {};
        for (let i = 0; i < count; i++) out[keys[i]] = nodes[i].toJson(v[keys[i]]);
        return out;
      }
    : (v: unknown[]) => v.map((x, i) => nodes[i].toJson(x));
  p.fromJson = (j) => {
    if (named ? !isObject(j) || Array.isArray(j) : !Array.isArray(j) || j.length !== count) {
      failValue(named ? "an object" : `an array of ${count}`, describeValue(j));
    }
    const o = j as Record<string | number, unknown>;
    const out = (named ? {} : new Array(count)) as Record<string | number, unknown>;
    let i = 0;
    try {
      for (; i < count; i++) {
        // As a struct's fields: each one given, no other (a misspelt field is not ignored).
        if (named) fieldGiven(o, keys[i] as string);
        out[keys[i]] = nodes[i].fromJson(o[keys[i]]);
      }
    } catch (err) {
      rethrowAt(err, segs[i]);
    }
    if (named) noOtherFields(o, keys as string[]);
    return out;
  };
  if (sp) Object.assign(p, sp);
  return p;
}

// ---------------------------------------------------------------- maps

function map(n: Node, key: TypeDesc, value: TypeDesc): void {
  btreeMap(n, key, nodeOf(key), nodeOf(value));
}
