/**
 * Specialised closures for structs and tuples, built once per descriptor with `new Function`:
 * constant property names and offsets let V8 use monomorphic property access and object
 * literals (a generic loop over `v[names[i]]` is megamorphic). Leaves are inlined; anything
 * else calls its node. The code comes from the shape builders in `shapes/`, which generated
 * codecs are built from too. Where `Function` is unavailable (a locked-down sandbox) the
 * generic closures in nodes.ts stay in place.
 */
import type { Node } from "./node";
import type { CheckContext } from "./checker";
import { readString, type Source } from "./source";
import { failValue, describeValue, rethrowAt, addSegment } from "./errors";
import {
  charCode,
  checkBigInt,
  checkBool,
  checkBytes,
  checkFloat,
  checkSmallInt,
  readI128,
  readU128,
  writeU128,
} from "./scalars";
import { copyBytes } from "./pool";
import { ASCII_RUNS, utf8Length, utf8Read } from "./utf8";
import { flatF32, flatF64, flatI64, flatU64 } from "./flat";
import { literal, tryFields, type Helper, type HelperRef } from "./shapes/code";
import { flatRead, leafCheck, leafWrite, sourceRead } from "./shapes/leaves";
import { checkManyBody, type CheckedField } from "./shapes/check-many";
import { asciiRunFits, asciiRunResolve } from "./shapes/resolve-many";
import type { ArchiveWriter } from "./writer";
import { readManyBody, type ReadField } from "./shapes/read-many";

export interface Specialised {
  resolve: Node["resolve"];
  write: Node["write"];
  check: Node["check"];
  read: Node["read"];
  /** Checks `len` consecutive elements from `at` (a Vec's or array's body) in one loop. */
  checkMany(c: CheckContext, at: number, len: number): void;
  /** `read` from the bytes alone (no `Source`, no DataView), where every field is a leaf. */
  readFlat?: (bytes: Uint8Array, pos: number) => unknown;
  /** Reads `len` consecutive elements from `at` into `out` in one loop (leaves, a string among them). */
  readMany?: (s: Source, at: number, len: number, out: unknown[]) => void;
  /** Resolves a Vec's elements' strings in one encode when it can (true), else nothing. */
  resolveMany?: (w: ArchiveWriter, v: unknown[], mark: number) => boolean;
}

/** The helpers built code may name, passed in under their own names. */
const HELPERS: Partial<Record<Helper, unknown>> = {
  failValue,
  describeValue,
  rethrowAt,
  addSegment,
  checkSmallInt,
  checkBigInt,
  checkFloat,
  checkBool,
  checkBytes,
  charCode,
  writeU128,
  readString,
  utf8Read,
  utf8Length,
  ASCII_RUNS,
  readU128,
  readI128,
  copyBytes,
  flatU64,
  flatI64,
  flatF32,
  flatF64,
};
const HELPER_NAMES = Object.keys(HELPERS) as Helper[];

/** A builder naming a helper this module does not pass in is a bug of ours: fail loudly. */
const ref: HelperRef = (name) => {
  if (!(name in HELPERS)) throw new SyntaxError(`specialise: no helper ${name} passed in`);
  return name;
};

let available: boolean | undefined;

/**
 * Builds specialised resolve/write/check/read for fields at fixed offsets; `keys` are property
 * names (`named`: a struct's object) or indices (a tuple's array). Returns null when code generation is
 * not possible here.
 */
export function specialise(
  nodes: readonly Node[],
  offsets: readonly number[],
  keys: readonly (string | number)[],
  named: boolean,
  segs: readonly string[],
  isValue: (v: unknown) => boolean,
  expected: string,
  stride: number,
): Specialised | null {
  if (available === false) return null;
  const acc = (i: number): string => `v[${JSON.stringify(keys[i])}]`;
  const names = keys.map(String);
  const kind = (i: number): string => nodes[i].desc.kind;
  const pos = (i: number): string => `pos + ${offsets[i]}`;
  const lines: string[] = [];
  const emit = (s: string): void => {
    lines.push(s);
  };

  // resolve: out-of-line data of each field, declaration order (a node's `ool` is read when the
  // code runs: a cyclic descriptor's nodes are finished after this one)
  emit(`function resolve(w, v) {`);
  emit(`  if (!isValue(v)) failValue(expected, describeValue(v));`);
  const resolves = nodes.map((_, i) =>
    kind(i) === "string"
      ? `f = ${i}; w.resolveString(${acc(i)});`
      : `if (n${i}.ool) { f = ${i}; n${i}.resolve(w, ${acc(i)}); }`,
  );
  emit(`  ${tryFields(resolves, "segs", ref)}`);
  emit(`}`);

  // write: inline bytes of each field
  emit(`function write(w, pos, v) {`);
  emit(`  if (!isValue(v)) failValue(expected, describeValue(v));`);
  const writes = nodes.map((n, i) => {
    const len = n.desc.kind === "bytes" ? n.desc.len : 0;
    const leaf = leafWrite(kind(i), pos(i), acc(i), () => `x${i}`, ref, false, len);
    return `f = ${i}; ${leaf ?? `n${i}.write(w, ${pos(i)}, ${acc(i)});`}`;
  });
  emit(`  ${tryFields(writes, "segs", ref)}`);
  emit(`}`);

  // check: non-trivial fields in declaration order (the claimed-range order)
  const checks = nodes.flatMap((n, i) => {
    const leaf = leafCheck(kind(i), pos(i));
    if (leaf) return [`f = ${i}; ${leaf}`];
    return n.trivial ? [] : [`f = ${i}; n${i}.check(c, ${pos(i)});`];
  });
  emit(`function check(c, pos) {`);
  emit(`  ${tryFields(checks, "segs", ref)}`);
  emit(`}`);

  // checkMany: the same checks for consecutive elements, one loop, no call per element
  const checked: CheckedField[] = nodes.flatMap((n, i): CheckedField[] => {
    if (leafCheck(kind(i), "") !== null) return [{ index: i, offset: offsets[i], kind: kind(i) }];
    if (n.trivial) return [];
    return [
      { index: i, offset: offsets[i], kind: kind(i), call: (at) => `n${i}.check(c, ${at});` },
    ];
  });
  emit(`function checkMany(c, at, len) {`);
  emit(checkManyBody(checked, stride, "segs", ref));
  emit(`}`);

  // read: one object (or array) literal; byte arrays through their node (which pools them)
  const parts = nodes.map(
    (_, i) =>
      (kind(i) === "bytes" ? null : sourceRead(kind(i), pos(i), ref)) ?? `n${i}.read(s, ${pos(i)})`,
  );
  emit(`function read(s, pos) {`);
  emit(`  return ${literal(named, names, parts)};`);
  emit(`}`);

  // readFlat: the same literal from the bytes alone, when every field is such a leaf
  const flat = nodes.map((n, i) =>
    flatRead(kind(i), pos(i), ref, "now", n.desc.kind === "bytes" ? n.desc.len : 0),
  );
  const isFlat = flat.every((p) => p !== null);
  if (isFlat) {
    emit(`function readFlat(b, pos) {`);
    emit(`  return ${literal(named, names, flat as string[])};`);
    emit(`}`);
  }
  // readMany: a Vec's elements in one loop, strings read inline, when every field is a leaf
  const leaves = nodes.every(
    (n, i) => kind(i) === "bytes" || sourceRead(kind(i), "", ref) !== null,
  );
  const readMany = leaves && nodes.some((_, i) => kind(i) === "string");
  if (readMany) {
    const fields: ReadField[] = nodes.map((_, i) => ({
      key: names[i],
      offset: offsets[i],
      read:
        kind(i) === "string"
          ? null
          : kind(i) === "bytes"
            ? (at) => `n${i}.read(s, ${at})`
            : (at) => sourceRead(kind(i), at, ref)!,
    }));
    emit(`function readMany(s, at, len, out) {`);
    emit(readManyBody(fields, named, stride, ref, false));
    emit(`}`);
  }
  // resolveMany: a Vec's elements' strings in one encode, when they are a struct's only
  // out-of-line data
  const resolveMany = named && asciiRunFits(nodes.map((n) => n.desc.kind));
  if (resolveMany) {
    const strings = nodes.flatMap((_, i) =>
      kind(i) === "string" ? [{ key: names[i], index: i }] : [],
    );
    emit(`function resolveMany(w, v, mark) {`);
    emit(`  let i = 0;`);
    emit(asciiRunResolve(strings, ref, false));
    emit(`  return done;`);
    emit(`}`);
  }
  const extra =
    (isFlat ? ", readFlat" : "") +
    (readMany ? ", readMany" : "") +
    (resolveMany ? ", resolveMany" : "");
  emit(`return { resolve, write, check, read, checkMany${extra} };`);

  const params = nodes.map((_, i) => `n${i}`);
  try {
    const make = new Function(
      "isValue",
      "expected",
      "segs",
      ...HELPER_NAMES,
      ...params,
      lines.join("\n"),
    );
    available = true;
    return make(
      isValue,
      expected,
      segs,
      ...HELPER_NAMES.map((h) => HELPERS[h]),
      ...nodes,
    ) as Specialised;
  } catch (err) {
    if (err instanceof SyntaxError) throw err; // a bug in the generator, not a sandbox
    available = false;
    return null;
  }
}
