/**
 * Codec constants: the `export const X: Codec<T, V> = { … }` objects generated modules export,
 * their root checks and their `archive`.
 */
import { layoutOf, type EnumLayout } from "@shortcrust/sdk";
import type { IrType } from "../../ir/types";
import type { CodecEmitter } from "./emitter";
import { at as atOffset, flatFields, isLeafKind, q, type Ops } from "./ops";
import { lines, tryCatch } from "./statements";
import { codeWriter, member, type CodeBlockWriter } from "./writer";

/** A codec type longer than this gets a name of its own. */
const LONG_TYPE = 60;

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
  const at = rootAt(em, t, o, checkFn);
  const w = codeWriter();
  // The codec's type is said three times below: a long one (an anonymous tuple's view) once,
  // as a module-local alias.
  let type = `${Codec}<${o.ts}, ${o.viewTs}>`;
  if (type.length > LONG_TYPE) {
    w.writeLine(`type ${name}$Codec = ${type};`).blankLine();
    type = `${name}$Codec`;
  }
  const leaf = isLeafKind(t) ? leafFunctions(em, w, name, t, o) : null;
  if (doc) w.writeLine(`/** ${doc} */`);
  w.write(`export const ${name}: ${type} =`).space();
  w.inlineBlock(() => {
    // The `desc` accessor lives on the codec's own prototype: V8 makes an object literal that
    // holds an accessor (or gets one with a getter another codec's map already has) a
    // dictionary-mode object, and every codec method call then paid a dictionary lookup
    // (~5 ns, as much as a whole fixed-size check). The output says so where it does it.
    w.writeLine("// On V8 an object literal holding an accessor is slow (dictionary mode): the");
    w.writeLine("// accessor lives on the prototype.");
    member(w, "__proto__:", () => member(w, "get desc()", () => w.write(`return ${o.desc()};`)));
    w.writeLine(`name: ${root},`);
    w.writeLine(`size: ${size},`);
    w.writeLine(`align: ${align},`);
    archiveOf(em, w, t, o, leaf);
    member(w, "check(bytes)", () => w.write(rootAt(em, t, o, checkFn, false)));
    // (A leaf of no bytes needs no Source.)
    const noBytes = size === 0 && leaf !== null;
    const source = noBytes ? "" : `const s = ${sourceOf}(bytes);`;
    member(w, "access: (bytes) =>", () => w.write(lines(source, at, `return ${o.view("pos")};`)));
    member(w, "accessUnchecked: (bytes) =>", () =>
      w.write(lines(source, `const pos = bytes.length - ${size};`, `return ${o.view("pos")};`)),
    );
    if (o.readFlat) {
      // A leaf with a flat read reads from the bytes (`b`) alone: no Source to build.
      member(w, "deserialize: (b) =>", () =>
        w.write(lines(rootAt(em, t, o, checkFn, true, "b"), `return ${o.readFlat!("pos")};`)),
      );
    } else
      member(w, "deserialize: (bytes) =>", () => {
        w.writeLine(at);
        // A leaf of no bytes (unit) reads nothing: no Source to build.
        if (noBytes) return void w.write(`return ${o.read("pos")};`);
        if (flatFields(em.fieldTypes(t))) {
          // A struct or tuple of leaves reads from the bytes alone (as composed codecs do).
          w.write(`return ${em.fnRef(t, "readFlat")}(bytes, pos);`);
          return;
        }
        w.write(lines(`const s = ${sourceOf}(bytes);`, `return ${o.read("pos")};`));
      });
    member(w, "toJson(v)", () =>
      w.write(tryCatch(`return ${o.toJson("v")};`, `throw ${toArchiveError}(e, ${root});`)),
    );
    member(w, "fromJson(j)", () =>
      w.write(tryCatch(`return ${o.fromJson("j")};`, `throw ${toArchiveError}(e, ${root});`)),
    );
  });
  // TypeScript does not see a literal's `__proto__` as its prototype: the literal is checked
  // as the codec without `desc`, plus that prototype.
  w.write(` satisfies Omit<${type}, "desc"> &`).space();
  w.inlineBlock(() => w.write(`__proto__: { readonly desc: ${p.sdkType("TypeDesc")} };`));
  w.write(` as unknown as ${type};`);
  p.code(w.toString(), "");
}

/**
 * Statements that check `bytes` and leave the root position in `pos` (when `usesPos`). A root
 * with nothing inside to check (`trivial`) needs only its bounds and alignment, tested inline
 * with the size and alignment baked in; `checkRoot` then runs only to report the failure. So
 * does a root whose whole check is bytes below a bound at fixed offsets (`byteChecks`: bools,
 * tags): those bytes are tested inline too, where `checkRoot` would build a check context and
 * call the type's `check` (in a contract's sandbox, metered and interpreted, that was most of
 * what reading a state record with an `Option` field cost). Otherwise `checkRoot` does it all.
 */
function rootAt(
  em: CodecEmitter,
  t: IrType,
  o: Ops,
  checkFn: string,
  usesPos = true,
  b = "bytes",
): string {
  const call = `${em.p.sdk("checkRoot")}(${b}, ${o.size}, ${o.align}, ${q(o.rust)}, ${checkFn})`;
  const bytes = o.trivial ? [] : byteChecks(em, t);
  if (bytes === null) return usesPos ? `const pos = ${call};` : `${call};`;
  const misaligned = o.align === 1 ? "" : ` || (pos & ${o.align - 1}) !== 0`;
  const bad = bytes.map(([off, bound]) => ` || ${b}[${atOffset("pos", off)}] > ${bound - 1}`);
  return lines(
    `const pos = ${b}.length - ${o.size};`,
    `if (pos < 0${misaligned}${bad.join("")}) ${call};`,
  );
}

/** At most this many bytes are tested inline by a root check (`byteChecks`). */
const MAX_BYTE_CHECKS = 4;

/**
 * The whole check of `t`, when it is only bytes below a bound at fixed offsets: `[offset,
 * bound]` pairs (a bool or an `Option` of a payload with nothing to check: below 2; an enum
 * with a one-byte tag whose variants' fields have nothing to check: below its variant count),
 * those of a struct's or tuple's fields at their offsets. Null when it does anything else
 * (pointers, strings, chars, a payload checked only when present) or tests more than
 * MAX_BYTE_CHECKS bytes. It says exactly what the type's `check` tests (composite.ts,
 * enum.ts, leaf.ts), so a root that passes it passes `checkRoot`.
 */
function byteChecks(em: CodecEmitter, t: IrType): [number, number][] | null {
  const out: [number, number][] = [];
  const walk = (x: IrType, base: number): boolean => {
    if (em.facts(x).trivial) return true;
    switch (x.kind) {
      case "bool":
        out.push([base, 2]);
        return true;
      case "option":
        if (!em.facts(x.some).trivial) return false;
        out.push([base, 2]);
        return true;
      case "tuple": {
        const offsets = layoutOf(em.lower(x)).offsets!;
        return x.elements.every((e, i) => walk(e, base + offsets[i]));
      }
      case "ref": {
        const d = em.program.decls.get(x.id)!;
        switch (d.kind) {
          case "alias":
            return walk(d.target, base);
          case "struct":
          case "tupleStruct": {
            const offsets = layoutOf(em.lower(x)).offsets!;
            const fields = d.kind === "struct" ? d.fields.map((f) => f.type) : d.fields;
            return fields.every((f, i) => walk(f, base + offsets[i]));
          }
          case "enum": {
            const lay = layoutOf(em.lower(x)) as EnumLayout;
            const fields = d.variants.flatMap((v) =>
              v.kind === "unit" ? [] : v.kind === "tuple" ? v.fields : v.fields.map((f) => f.type),
            );
            if (lay.tagSize !== 1 || !fields.every((f) => em.facts(f).trivial)) return false;
            out.push([base, d.variants.length]);
            return true;
          }
          default:
            return false;
        }
      }
      default:
        return false;
    }
  };
  return walk(t, 0) && out.length <= MAX_BYTE_CHECKS ? out : null;
}

/**
 * A leaf root's `write` (and `resolve`, when it has out-of-line data) as module functions written
 * once before its codec: an arrow inside `archive` would be a new closure on every call (in a
 * contract's sandbox, an allocation the interpreter pays for each archive).
 */
function leafFunctions(
  em: CodecEmitter,
  w: CodeBlockWriter,
  name: string,
  t: IrType,
  o: Ops,
): { write: string; resolve: string | null } {
  const p = em.p;
  const writer = p.sdkType(o.ool ? "ArchiveWriter" : "InlineWriter");
  const write = `${name}$write`;
  w.write(`function ${write}(w: ${writer}, pos: number, v: ${o.ts}): void`).space();
  w.inlineBlock(() => w.write(o.write("pos", "v"))).newLine();
  let resolve: string | null = null;
  if (o.ool) {
    resolve = `${name}$resolve`;
    const W = p.sdkType("ArchiveWriter");
    w.write(`function ${resolve}(w: ${W}, v: ${o.ts}): void`).space();
    w.inlineBlock(() => w.write(o.resolve("v"))).newLine();
  }
  w.blankLine();
  return { write, resolve };
}

/**
 * The codec's `archive`. A type with no out-of-line data is written in place (`placeRoot`: into
 * the pool's chunk on V8, into fresh bytes of its size elsewhere) by a direct call of its own
 * `write`, which V8 can inline; `archiveRoot` calls every type's `write` from one shared call
 * site. Leaves, types with out-of-line data, and roots `placeRoot` does not pool, go through
 * `archiveRoot` (which places a leaf the same way); a root of no bytes through `archiveEmpty`.
 */
function archiveOf(
  em: CodecEmitter,
  w: CodeBlockWriter,
  t: IrType,
  o: Ops,
  leaf: { write: string; resolve: string | null } | null,
): void {
  const p = em.p;
  const root = q(o.rust);
  const resolve = leaf ? leaf.resolve : o.ool ? em.fnRef(t, "resolve") : null;
  const write = leaf ? leaf.write : em.fnRef(t, "write");
  const toRoot = `${p.sdk("archiveRoot")}(v, ${o.size}, ${o.align}, ${root}, ${resolve ?? "null"}, ${write})`;
  if (o.size === 0 && !o.ool) {
    w.writeLine(`archive: (v) => ${p.sdk("archiveEmpty")}(v, ${root}, ${write}),`);
    return;
  }
  if (o.ool || leaf) {
    // (A leaf's `archiveRoot` places it as below: one line, for one call more.)
    w.writeLine(`archive: (v) => ${toRoot},`);
    return;
  }
  member(w, "archive: (v) =>", () => {
    w.writeLine("// V8: in place into the pool's chunk, by a direct call V8 can inline.");
    w.writeLine(`const r = ${p.sdk("placeRoot")}(${o.size});`);
    w.writeLine(`if (r === null) return ${toRoot};`);
    w.writeLine(tryCatch(`${write}(r, r.at, v);`, `throw ${p.sdk("toArchiveError")}(e, ${root});`));
    // Off V8 the holder's bytes are the archive (see placeRoot): no view of them to make.
    w.write(`return ${p.sdk("POOL_MAX")} === 0 ? r.buf : r.buf.subarray(r.at, r.at + ${o.size});`);
  });
}
