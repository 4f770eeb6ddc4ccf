/**
 * Codec constants: the `export const X: Codec<T, V> = { … }` objects generated modules export,
 * their root checks and their `archive`.
 */
import type { IrType } from "../../ir/types";
import type { CodecEmitter } from "./emitter";
import { flatFields, isLeafKind, q, type Ops } from "./ops";

/** The codec object of a type (named decl or anonymous), as `export const name = …`. */
export function codecConst(em: CodecEmitter, name: string, t: IrType, doc?: string): void {
  const o = em.ops(t);
  const p = em.p;
  const Codec = p.sdkType("Codec");
  const root = q(o.rust);
  const checkFn = o.trivial ? "null" : em.fnRef(t, "check");
  const sourceOf = p.sdk("sourceOf");
  const toArchiveError = p.sdk("toArchiveError");
  const size = o.size;
  const align = o.align;
  const at = rootAt(em, o, checkFn);
  if (doc) p.add(`/** ${doc} */`);
  // The `desc` accessor lives on the codec's own prototype: V8 makes an object literal that
  // holds an accessor (or gets one with a getter another codec's map already has) a
  // dictionary-mode object, and every codec method call then paid a dictionary lookup
  // (~5 ns, as much as a whole fixed-size check).
  p.add(
    `export const ${name}: ${Codec}<${o.ts}, ${o.viewTs}> = {`,
    `  __proto__: { get desc() { return ${o.desc()}; } },`,
    `  name: ${root},`,
    `  size: ${size},`,
    `  align: ${align},`,
    archiveOf(em, t, o),
    `  check(bytes) { ${rootAt(em, o, checkFn, false)} },`,
    `  access: (bytes) => { const s = ${sourceOf}(bytes); ${at} return ${o.view("pos")}; },`,
    `  accessUnchecked: (bytes) => { const s = ${sourceOf}(bytes); const pos = bytes.length - ${size}; return ${o.view("pos")}; },`,
    // On V8 (POOL_MAX > 0) a struct or tuple of leaves reads from the bytes alone: no Source,
    // no DataView per call (as composed codecs do). Elsewhere (QuickJS sandboxes, whose gas
    // meters allocations) the Source path, as before.
    flatFields(em.fieldTypes(t))
      ? `  deserialize: (bytes) => { ${at} if (${p.sdk("POOL_MAX")} > 0) return ${em.fnRef(t, "readFlat")}(bytes, pos); const s = ${sourceOf}(bytes); return ${o.read("pos")}; },`
      : `  deserialize: (bytes) => { ${at} const s = ${sourceOf}(bytes); return ${o.read("pos")}; },`,
    `  toJson(v) { try { return ${o.toJson("v")}; } catch (e) { throw ${toArchiveError}(e, ${root}); } },`,
    `  fromJson(j) { try { return ${o.fromJson("j")}; } catch (e) { throw ${toArchiveError}(e, ${root}); } },`,
    // (TypeScript does not see a literal's `__proto__` as its prototype: the literal is
    // checked as the codec without `desc`, plus that prototype.)
    `} satisfies Omit<${Codec}<${o.ts}, ${o.viewTs}>, "desc"> & { __proto__: { readonly desc: ${p.sdkType("TypeDesc")} } } as unknown as ${Codec}<${o.ts}, ${o.viewTs}>;`,
    "",
  );
}

/**
 * Statements that check `bytes` and leave the root position in `pos` (when `usesPos`). A root
 * with nothing inside to check (`trivial`) needs only its bounds and alignment, tested inline
 * with the size and alignment baked in; `checkRoot` then runs only to report the failure.
 * Otherwise `checkRoot` does it all.
 */
function rootAt(em: CodecEmitter, o: Ops, checkFn: string, usesPos = true): string {
  const call = `${em.p.sdk("checkRoot")}(bytes, ${o.size}, ${o.align}, ${q(o.rust)}, ${checkFn})`;
  if (!o.trivial) return usesPos ? `const pos = ${call};` : `${call};`;
  const misaligned = o.align === 1 ? "" : ` || (pos & ${o.align - 1}) !== 0`;
  return `const pos = bytes.length - ${o.size}; if (pos < 0${misaligned}) ${call};`;
}

/**
 * The codec's `archive`. A named type with no out-of-line data is written in place into the
 * pool's chunk (`placeRoot`, V8 only) by a direct call of its own `write`, which V8 can
 * inline; `archiveRoot` calls every type's `write` from one shared call site. Other types, and
 * roots `placeRoot` does not pool, go through `archiveRoot`.
 */
function archiveOf(em: CodecEmitter, t: IrType, o: Ops): string {
  const p = em.p;
  const root = q(o.rust);
  const toRoot = (write: string) =>
    `${p.sdk("archiveRoot")}(v, ${o.size}, ${o.align}, ${root}, ${o.ool ? em.fnRef(t, "resolve") : "null"}, ${write})`;
  if (o.ool || isLeafKind(t)) return `  archive: (v) => ${toRoot(em.fnRef(t, "write"))},`;
  const write = em.fnRef(t, "write");
  return [
    `  archive: (v) => {`,
    `    const r = ${p.sdk("placeRoot")}(${o.size});`,
    `    if (r === null) return ${toRoot(write)};`,
    `    try { ${write}(r, r.at, v); } catch (e) { throw ${p.sdk("toArchiveError")}(e, ${root}); }`,
    `    return r.buf.subarray(r.at, r.at + ${o.size});`,
    `  },`,
  ].join("\n");
}
