/**
 * A composite type's functions (`$resolve`, `$write`, `$check`, `$read`, `$readFlat`, `$view`,
 * `$toJson`, `$fromJson`, `$desc`), and for a declaration its value and view types, printed from
 * the bodies composite.ts gives.
 */
import type { IrDecl, IrType } from "../../ir/types";
import type { TypeFacts } from "../../ir/facts";
import { bodies } from "./composite";
import type { CodecEmitter } from "./emitter";
import type { Base } from "./ops";
import { codeWriter } from "./writer";
import { PRINT_WIDTH } from "../format";

export function emitFunctions(
  em: CodecEmitter,
  t: IrType,
  decl: IrDecl | null,
  ident: string,
  base: Base,
  facts: TypeFacts,
): void {
  const p = em.p;
  const W = p.sdkType("ArchiveWriter");
  const C = p.sdkType("CheckContext");
  const S = p.sdkType("Source");
  const D = p.sdkType("TypeDesc");
  // Declarations export their functions (other generated modules compose them).
  const exp = decl ? "export " : "";
  const T = decl ? ident : em.tsType(t);
  const TV = decl ? `${ident}View` : em.viewType(t);
  const body = bodies(em, t, decl, base);
  if (decl) {
    p.code(`/** Values of \`${base.rust}\`. */`, typeAlias(ident, body.valueType), "");
    if (body.viewClass) p.code(body.viewClass, "");
    else p.code(`export type ${ident}View = ${body.viewType};`, "");
  }
  const fn = (op: string, params: string, ret: string, code: string): void => {
    const w = codeWriter();
    w.write(`${exp}function ${ident}$${op}(${params}): ${ret}`).space();
    w.inlineBlock(() => w.write(code));
    p.code(w.toString(), "");
  };
  if (facts.ool) fn("resolve", `w: ${W}, v: ${T}`, "void", body.resolve);
  // With no out-of-line data, writing needs only the bytes (so `placeRoot`'s holder will do).
  const IW = facts.ool ? W : p.sdkType("InlineWriter");
  fn("write", `w: ${IW}, pos: number, v: ${T}`, "void", body.write);
  if (!facts.trivial) fn("check", `c: ${C}, pos: number`, "void", body.check);
  fn("read", `s: ${S}, pos: number`, T, body.read);
  if (body.readFlat) fn("readFlat", "b: Uint8Array, pos: number", T, body.readFlat);
  fn("view", `s: ${S}, pos: number`, TV, body.view);
  fn("toJson", `v: ${T}`, "unknown", body.toJson);
  fn("fromJson", `j: unknown`, T, body.fromJson);
  const memo = `${ident}$D`;
  p.code(`let ${memo}: ${D} | undefined;`);
  fn("desc", "", D, body.desc(memo));
}

/**
 * `export type name = …;`, a union that does not fit the print width one alternative per line
 * (as prettier prints it).
 */
function typeAlias(name: string, type: string | readonly string[]): string {
  const one = `export type ${name} = ${typeof type === "string" ? type : type.join(" | ")};`;
  if (typeof type === "string" || one.length <= PRINT_WIDTH) return one;
  return [
    `export type ${name} =`,
    ...type.map((t, i) => `  | ${t}${i === type.length - 1 ? ";" : ""}`),
  ].join("\n");
}
