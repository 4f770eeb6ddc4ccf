/**
 * Specialised closures for structs and tuples, built once per descriptor with `new Function`:
 * constant property names and offsets let V8 use monomorphic property access and object
 * literals (a generic loop over `v[names[i]]` is megamorphic). Leaves are inlined; anything
 * else calls its node. Where `Function` is unavailable (a locked-down sandbox) the generic
 * closures in nodes.ts stay in place.
 */
import type { Node } from "./node";
import type { CheckContext } from "./checker";
import { readString } from "./source";
import { failValue, describeValue, rethrowAt, addSegment } from "./errors";
import { HEAP_MAX, POOL_MAX, copyBytes } from "./pool";
import { flatF32, flatF64, flatI64, flatU64 } from "./flat";

export interface Specialised {
  resolve: Node["resolve"];
  write: Node["write"];
  check: Node["check"];
  read: Node["read"];
  /** Checks `len` consecutive elements from `at` (a Vec's or array's body) in one loop. */
  checkMany(c: CheckContext, at: number, len: number): void;
  /** `read` from the bytes alone (no `Source`, no DataView), where every field is a leaf. */
  readFlat?: (bytes: Uint8Array, pos: number) => unknown;
}

/** Little-endian 32-bit words from bytes (`b`): what `readFlat` uses instead of a DataView. */
const word = (at: string): string =>
  `(b[${at}] | b[${at} + 1] << 8 | b[${at} + 2] << 16 | b[${at} + 3] << 24)`;

/**
 * Leaves `readFlat` reads from the bytes `b`; 64-bit ints and floats through flat.ts (an 8-byte
 * scratch: copying 8 bytes costs less than a DataView over the archive), as generated code does.
 */
const FLAT_READ: Record<string, (at: string) => string> = {
  u8: (at) => `b[${at}]`,
  i8: (at) => `(b[${at}] << 24 >> 24)`,
  u16: (at) => `(b[${at}] | b[${at} + 1] << 8)`,
  i16: (at) => `((b[${at}] | b[${at} + 1] << 8) << 16 >> 16)`,
  u32: (at) => `(${word(at)} >>> 0)`,
  usize: (at) => `(${word(at)} >>> 0)`,
  i32: (at) => word(at),
  isize: (at) => word(at),
  u64: (at) => `flatU64(b, ${at})`,
  i64: (at) => `flatI64(b, ${at})`,
  f32: (at) => `flatF32(b, ${at})`,
  f64: (at) => `flatF64(b, ${at})`,
  bool: (at) => `(b[${at}] === 1)`,
};

const INLINE_READ: Record<string, (at: string) => string> = {
  u8: (at) => `s.bytes[${at}]`,
  i8: (at) => `(s.bytes[${at}] << 24 >> 24)`,
  u16: (at) => `s.view.getUint16(${at}, true)`,
  i16: (at) => `s.view.getInt16(${at}, true)`,
  u32: (at) => `s.view.getUint32(${at}, true)`,
  usize: (at) => `s.view.getUint32(${at}, true)`,
  i32: (at) => `s.view.getInt32(${at}, true)`,
  isize: (at) => `s.view.getInt32(${at}, true)`,
  u64: (at) => `s.view.getBigUint64(${at}, true)`,
  i64: (at) => `s.view.getBigInt64(${at}, true)`,
  f32: (at) => `s.view.getFloat32(${at}, true)`,
  f64: (at) => `s.view.getFloat64(${at}, true)`,
  bool: (at) => `(s.bytes[${at}] === 1)`,
  string: (at) => `readString(s, ${at})`,
};

let available: boolean | undefined;

/**
 * Builds specialised resolve/write/check/read for fields at fixed offsets; `keys` are property
 * names (struct: an object) or indices (tuple: an array). Returns null when code generation is
 * not possible here.
 */
export function specialise(
  nodes: readonly Node[],
  offsets: readonly number[],
  keys: readonly (string | number)[],
  segs: readonly string[],
  isValue: (v: unknown) => boolean,
  expected: string,
  stride: number,
): Specialised | null {
  if (available === false) return null;
  const count = nodes.length;
  const acc = (i: number): string => `v[${JSON.stringify(keys[i])}]`;
  const named = typeof keys[0] === "string";
  const lines: string[] = [];
  const emit = (s: string): void => {
    lines.push(s);
  };

  // resolve: out-of-line data of each field, declaration order
  emit(`function resolve(w, v) {`);
  emit(`  if (!isValue(v)) failValue(expected, describeValue(v));`);
  emit(`  let f = 0;`);
  emit(`  try {`);
  for (let i = 0; i < count; i++) {
    const k = nodes[i].desc.kind;
    if (k === "string") emit(`    f = ${i}; w.resolveString(${acc(i)});`);
    else emit(`    if (n${i}.ool) { f = ${i}; n${i}.resolve(w, ${acc(i)}); }`);
  }
  emit(`  } catch (e) { rethrowAt(e, segs[f]); }`);
  emit(`}`);

  // write: inline bytes of each field
  emit(`function write(w, pos, v) {`);
  emit(`  if (!isValue(v)) failValue(expected, describeValue(v));`);
  emit(`  let f = 0;`);
  emit(`  try {`);
  for (let i = 0; i < count; i++) {
    const k = nodes[i].desc.kind;
    if (k === "string") emit(`    f = ${i}; w.writeString(pos + ${offsets[i]}, ${acc(i)});`);
    else emit(`    f = ${i}; n${i}.write(w, pos + ${offsets[i]}, ${acc(i)});`);
  }
  emit(`  } catch (e) { rethrowAt(e, segs[f]); }`);
  emit(`}`);

  // check: non-trivial fields in declaration order (the claimed-range order)
  emit(`function check(c, pos) {`);
  emit(`  let f = 0;`);
  emit(`  try {`);
  for (let i = 0; i < count; i++) {
    const k = nodes[i].desc.kind;
    if (k === "string") emit(`    f = ${i}; c.string(pos + ${offsets[i]});`);
    else if (k === "bool") emit(`    f = ${i}; c.bool(pos + ${offsets[i]});`);
    else if (k === "char") emit(`    f = ${i}; c.char(pos + ${offsets[i]});`);
    else if (!nodes[i].trivial) emit(`    f = ${i}; n${i}.check(c, pos + ${offsets[i]});`);
  }
  emit(`  } catch (e) { rethrowAt(e, segs[f]); }`);
  emit(`}`);

  // checkMany: the same checks for consecutive elements, one loop, no call per element. The
  // claimed range and the pending ASCII run live in locals (st, en, pe) and are synced with
  // the context around every call out.
  const sync = "c.start = st; c.pendingEnd = pe;";
  const reload = "st = c.start; en = c.end; pe = c.pendingEnd;";
  emit(`function checkMany(c, at, len) {`);
  emit(`  let f = 0, i = 0, p = 0, b7 = 0;`);
  emit(`  let st = c.start, en = c.end, pe = c.pendingEnd;`);
  emit(`  const bytes = c.bytes, view = c.view, deferred = c.deferAscii;`);
  emit(`  try {`);
  emit(`    for (; i < len; i++) {`);
  emit(`      const pos = at + i * ${stride};`);
  for (let i = 0; i < count; i++) {
    const k = nodes[i].desc.kind;
    const at = `pos + ${offsets[i]}`;
    if (k === "string") {
      // The string check's fast paths inline (see CheckContext.string); c.string otherwise.
      emit(`      f = ${i}; p = ${at}; b7 = bytes[p + 7];`);
      emit(`      if ((b7 & 0x80) === 0) {`);
      emit(`        if (b7 > 7) { ${sync} c.string(p); }`);
      emit(
        `        else for (let j = 0; j < b7; j++) if (bytes[p + j] >= 0x80) { ${sync} c.string(p); ${reload} break; }`,
      );
      emit(`      } else {`);
      emit(`        const sl = view.getUint32(p, true), t = p + view.getInt32(p + 4, true);`);
      emit(`        if (deferred && t >= st && t + sl <= en) {`);
      emit(`          if (t !== pe) { ${sync} c.flushAscii(); c.pendingStart = t; }`);
      emit(`          pe = t + sl; st = pe;`);
      emit(`        } else { ${sync} c.string(p); ${reload} }`);
      emit(`      }`);
    } else if (k === "bool") emit(`      f = ${i}; c.bool(${at});`);
    else if (k === "char") emit(`      f = ${i}; c.char(${at});`);
    else if (!nodes[i].trivial) emit(`      f = ${i}; ${sync} n${i}.check(c, ${at}); ${reload}`);
  }
  emit(`    }`);
  emit(`  } catch (e) { addSegment(e, segs[f]); rethrowAt(e, "[" + i + "]"); }`);
  emit(`  ${sync}`);
  emit(`}`);

  // read: one object (or array) literal
  const parts = nodes.map((n, i) => {
    const at = `pos + ${offsets[i]}`;
    const inline = INLINE_READ[n.desc.kind];
    return inline ? inline(at) : `n${i}.read(s, ${at})`;
  });
  emit(`function read(s, pos) {`);
  if (named)
    emit(`  return { ${parts.map((p, i) => `${JSON.stringify(keys[i])}: ${p}`).join(", ")} };`);
  else emit(`  return [${parts.join(", ")}];`);
  emit(`}`);

  // readFlat: the same literal from the bytes alone, when every field is such a leaf
  const flat = nodes.map((n, i) => {
    const at = `pos + ${offsets[i]}`;
    const d = n.desc;
    if (d.kind === "bytes") {
      return d.len > HEAP_MAX && d.len <= POOL_MAX
        ? `copyBytes(b, ${at}, ${at} + ${d.len})`
        : `b.slice(${at}, ${at} + ${d.len})`;
    }
    const leaf = FLAT_READ[d.kind];
    return leaf ? leaf(at) : null;
  });
  const isFlat = flat.every((p) => p !== null);
  if (isFlat) {
    emit(`function readFlat(b, pos) {`);
    if (named)
      emit(`  return { ${flat.map((p, i) => `${JSON.stringify(keys[i])}: ${p}`).join(", ")} };`);
    else emit(`  return [${flat.join(", ")}];`);
    emit(`}`);
  }
  emit(`return { resolve, write, check, read, checkMany${isFlat ? ", readFlat" : ""} };`);

  const params = nodes.map((_, i) => `n${i}`);
  try {
    const make = new Function(
      "isValue",
      "expected",
      "segs",
      "failValue",
      "describeValue",
      "rethrowAt",
      "addSegment",
      "readString",
      "copyBytes",
      "flatU64",
      "flatI64",
      "flatF32",
      "flatF64",
      ...params,
      lines.join("\n"),
    );
    available = true;
    return make(
      isValue,
      expected,
      segs,
      failValue,
      describeValue,
      rethrowAt,
      addSegment,
      readString,
      copyBytes,
      flatU64,
      flatI64,
      flatF32,
      flatF64,
      ...nodes,
    ) as Specialised;
  } catch (err) {
    if (err instanceof SyntaxError) throw err; // a bug in the generator, not a sandbox
    available = false;
    return null;
  }
}
