/** One generated codec module per source file: a codec per `@archive` type and exported alias. */
import type { IrProgram } from "../ir/types";
import { CodecEmitter } from "./codecs";
import { ModulePrinter } from "./printer";
import { outputPath, projectPath, specifier, type OutputLayout } from "./layout";

/** Whether a source file yields a codec module. */
export function hasCodecs(program: IrProgram, file: string): boolean {
  const f = program.files.get(file);
  return !!f && (f.decls.length > 0 || [...f.exports.values()].some((t) => t.kind !== "ref"));
}

export function codecModule(program: IrProgram, layout: OutputLayout, file: string): ModulePrinter {
  const f = program.files.get(file)!;
  const out = outputPath(layout, file, "codec");
  const p = new ModulePrinter({
    kind: "codecs",
    source: projectPath(layout, file),
    options: { target: "rkyv-0.7", size: "32", runtime: "@shortcrust/sdk/codegen-v1" },
  });
  const em = new CodecEmitter(program, p, (other) =>
    other === file ? null : specifier(out, outputPath(layout, other, "codec")),
  );
  for (const id of f.decls) {
    const d = program.decls.get(id)!;
    em.ops({ kind: "ref", id });
    em.codecConst(d.tsName, { kind: "ref", id }, `Codec of \`${d.id}\`.`);
  }
  // Exported plain aliases (`export type Pair = [u32, u64]`) get a codec under their own name.
  for (const [name, t] of [...f.exports].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (t.kind === "ref" && program.decls.get(t.id)?.tsName === name) continue;
    const o = em.ops(t);
    p.code(`/** \`${o.rust}\`. */`, `export type ${name} = ${o.ts};`);
    em.codecConst(name, t);
  }
  return p;
}
