/**
 * A Vec's element loops specialised for struct elements of leaves: the checks, the out-of-line
 * strings and the reads of all elements in one loop each, with no call per element. The loops
 * are the format's code shapes from `@shortcrust/sdk/shapes` (the composed codecs' specialised
 * paths build from them too).
 */
import { layoutOf } from "@shortcrust/sdk";
import {
  asciiRunFits,
  asciiRunResolve,
  checkManyBody,
  readManyBody,
  segments,
  type CheckedField,
  type ReadField,
} from "@shortcrust/sdk/shapes";
import type { IrType } from "../../ir/types";
import type { CodecEmitter } from "./emitter";
import { isLeafKind } from "./ops";

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
  const fields: CheckedField[] = checked.map(([x, i]) => ({
    index: i,
    offset: offsets[i],
    kind: x.kind,
  }));
  return checkManyBody(fields, stride, segments(keys), em.ref);
}

/**
 * The out-of-line strings of a Vec's struct elements in one encode (`asciiRunResolve` of
 * @shortcrust/sdk/shapes), when strings are the struct's only out-of-line data; then the
 * element-by-element resolve runs only if that did not do it (`if (!done)`, composite.ts).
 */
export function inlineElementResolves(em: CodecEmitter, elem: IrType): string | null {
  if (elem.kind !== "ref") return null;
  const d = em.program.decls.get(elem.id);
  if (!d || d.kind !== "struct") return null;
  if (!asciiRunFits(d.fields.map((f) => f.type.kind))) return null;
  const strings = d.fields.flatMap((f, index) =>
    f.type.kind === "string" ? [{ key: f.name, index }] : [],
  );
  return asciiRunResolve(strings, em.ref, true);
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
  const fields: ReadField[] = d.fields.map((f, i) => ({
    key: f.name,
    offset: offsets[i],
    read: f.type.kind === "string" ? null : (at) => em.ops(f.type).read(at),
  }));
  return readManyBody(fields, true, stride, em.ref, true);
}
