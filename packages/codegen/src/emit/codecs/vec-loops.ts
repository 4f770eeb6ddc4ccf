/**
 * A Vec's element loops specialised for struct elements of leaves: the checks, the out-of-line
 * strings and the reads of all elements in one loop each, with no call per element (as the
 * composed codecs' specialised paths do).
 */
import { layoutOf } from "@shortcrust/sdk";
import type { IrType } from "../../ir/types";
import type { CodecEmitter } from "./emitter";
import { isLeafKind, key, q } from "./ops";

/**
 * The checks of a Vec's struct elements in one loop (no call per element): when every checked
 * field is a leaf, strings take the checker's fast paths inline (deferred ASCII runs; the
 * claimed range and pending run live in locals, synced around any call out), as the composed
 * codecs' specialised `checkMany` does. Null when the element is not such a struct.
 */
export function inlineElementChecks(em: CodecEmitter, elem: IrType, stride: number): string | null {
  if (elem.kind !== "ref") return null;
  const d = em.program.decls.get(elem.id);
  if (!d || (d.kind !== "struct" && d.kind !== "tupleStruct")) return null;
  const types = d.kind === "struct" ? d.fields.map((f) => f.type) : d.fields;
  const keys = d.kind === "struct" ? d.fields.map((f) => f.name) : types.map((_x, i) => String(i));
  const offsets = layoutOf(em.lower(elem)).offsets!;
  const checked = types.map((x, i) => [x, i] as const).filter(([x]) => !em.facts(x).trivial);
  if (checked.some(([x]) => x.kind !== "string" && x.kind !== "bool" && x.kind !== "char"))
    return null;
  const sync = "c.start = st; c.pendingEnd = pe;";
  const reload = "st = c.start; en = c.end; pe = c.pendingEnd;";
  const body = checked.map(([x, i]) => {
    const at = `q + ${offsets[i]}`;
    if (x.kind === "bool") return `f = ${i}; c.bool(${at});`;
    if (x.kind === "char") return `f = ${i}; c.char(${at});`;
    return [
      `f = ${i}; p = ${at}; b7 = bytes[p + 7];`,
      `if ((b7 & 0x80) === 0) {`,
      `  if (b7 > 7) { ${sync} c.string(p); }`,
      // All eight bytes ASCII (one OR of two words) proves the ≤ 7 data bytes are; only else
      // the byte loop (bytes past the length may be anything).
      `  else if (((view.getInt32(p, true) | view.getInt32(p + 4, true)) & 0x80808080) !== 0)`,
      `    for (let j = 0; j < b7; j++) if (bytes[p + j] >= 0x80) { ${sync} c.string(p); ${reload} break; }`,
      `} else {`,
      `  const sl = view.getUint32(p, true), t = p + view.getInt32(p + 4, true);`,
      `  if (deferred && t >= st && t + sl <= en) {`,
      `    if (t !== pe) { ${sync} c.flushAscii(); c.pendingStart = t; }`,
      `    pe = t + sl; st = pe;`,
      `  } else { ${sync} c.string(p); ${reload} }`,
      `}`,
    ].join("\n");
  });
  const segs = `[${keys.map((k) => JSON.stringify(`.${k}`)).join(", ")}]`;
  return [
    `let f = 0, i = 0, p = 0, b7 = 0;`,
    `let st = c.start, en = c.end, pe = c.pendingEnd;`,
    `const bytes = c.bytes, view = c.view, deferred = c.deferAscii;`,
    `try {`,
    `  for (; i < len; i++) {`,
    `    const q = at + i * ${stride};`,
    ...body,
    `  }`,
    `} catch (e) { ${em.p.sdk("addSegment")}(e, ${segs}[f]); ${em.p.sdk("rethrowAt")}(e, "[" + i + "]"); }`,
    `void p; void b7; void en;`,
    sync,
  ].join("\n");
}

/**
 * The out-of-line strings of a Vec's struct elements in one encode, when every field is a leaf
 * (so strings are the only out-of-line data) and the platform has a TextEncoder (`ASCII_RUNS`):
 * one loop validates each element and string, pushes inline strings' resolvers as usual and
 * the others' as `(length, -2)` while concatenating them, and `resolveAsciiRun` writes the
 * concatenation at once if it is all ASCII, filling in the positions (a string's bytes are its
 * length then). Anything else (a bad value, a non-ASCII string) truncates the resolvers and
 * leaves `done` false, and the element-by-element resolve below runs as before and reports it.
 * The bytes are the same either way; only the per-character encode loop is skipped.
 */
export function inlineElementResolves(em: CodecEmitter, elem: IrType): string | null {
  if (elem.kind !== "ref") return null;
  const d = em.program.decls.get(elem.id);
  if (!d || d.kind !== "struct") return null;
  const types = d.fields.map((f) => f.type);
  if (!types.every(isLeafKind) || !types.some((x) => x.kind === "string")) return null;
  const utf8Length = em.p.sdk("utf8Length");
  const body: string[] = [];
  d.fields.forEach((f, i) => {
    if (f.type.kind !== "string") return;
    const get = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(f.name) ? `x.${f.name}` : `x[${q(f.name)}]`;
    body.push(
      `const s${i} = ${get} as unknown;`,
      `if (typeof s${i} !== "string") break;`,
      `if (s${i}.length > 7) { joined += s${i}; w.pushResolver(s${i}.length); w.pushResolver(-2); }`,
      `else if ((n = ${utf8Length}(s${i})) >= 0 && n <= 7) { w.pushResolver(n); w.pushResolver(-1); }`,
      `else break;`,
    );
  });
  return [
    `let done = false;`,
    `if (${em.p.sdk("ASCII_RUNS")}) {`,
    `  let joined = "", n = 0;`,
    `  for (; i < v.length; i++) {`,
    `    const x = v[i] as unknown as Record<string, unknown> | null;`,
    `    if (typeof x !== "object" || x === null) break;`,
    ...body.map((l) => `    ${l}`),
    `  }`,
    `  done = i === v.length && w.resolveAsciiRun(joined, mark);`,
    `  if (!done) { w.rtop = mark; i = 0; }`,
    `}`,
    `if (!done)`,
  ].join("\n");
}

/**
 * The reads of a Vec's struct elements in one loop (no call per element) when the struct is
 * declared in this module and every field is a leaf: each string field takes `readString`'s
 * paths inline, with the source's decoded ASCII window (`win` over `[ws, we)`) held in locals
 * and reloaded only after a call out opened a new one; each element is one object literal
 * (the struct's fixed shape). Null otherwise.
 */
export function inlineElementReads(em: CodecEmitter, elem: IrType, stride: number): string | null {
  if (elem.kind !== "ref") return null;
  const d = em.program.decls.get(elem.id);
  if (!d || d.kind !== "struct" || em.moduleOf(d.file) !== null) return null;
  const types = d.fields.map((f) => f.type);
  if (!types.every(isLeafKind) || !types.some((x) => x.kind === "string")) return null;
  const offsets = layoutOf(em.lower(elem)).offsets!;
  const readString = em.p.sdk("readString");
  const utf8Read = em.p.sdk("utf8Read");
  const args: string[] = [];
  const body: string[] = [];
  types.forEach((x, i) => {
    const at = `q + ${offsets[i]}`;
    if (x.kind !== "string") {
      args.push(em.ops(x).read(at));
      return;
    }
    args.push(`x${i}`);
    body.push(
      `let x${i}: string; p = ${at}; b7 = bytes[p + 7];`,
      `if (b7 < 0x80) x${i} = ${utf8Read}(bytes, p, b7);`,
      `else {`,
      `  n = view.getUint32(p, true); t = p + view.getInt32(p + 4, true);`,
      `  if (t >= ws && t + n <= we) x${i} = win.slice(t - ws, t - ws + n);`,
      `  else { x${i} = ${readString}(s, p); win = s.win; ws = s.winStart; we = s.winEnd; }`,
      `}`,
    );
  });
  return [
    `const bytes = s.bytes, view = s.view;`,
    `let win = s.win, ws = s.winStart, we = s.winEnd, p = 0, b7 = 0, n = 0, t = 0;`,
    `for (let i = 0, q = at; i < len; i++, q += ${stride}) {`,
    ...body,
    `  out[i] = { ${d.fields.map((f, i) => `${key(f.name)}: ${args[i]}`).join(", ")} };`,
    `}`,
  ].join("\n");
}
