/**
 * Per `@metadata` schema: typed readers for contracts (`metaData.block_height()`, built on
 * `metaData.raw`; a missing key or bytes of the wrong type read as null, as piecrust's typed
 * reads do) and a builder for hosts and tests (key → archived bytes, what `vm.session({ metadata })`
 * takes).
 */
import type { IrProgram } from "../ir/types";
import { CodecEmitter } from "./codecs";
import { keyOf } from "../ir/naming";
import { ModulePrinter } from "./printer";
import { sharedShapes } from "./shared-module";
import { block } from "./codecs/statements";
import { codeWriter, member } from "./codecs/writer";
import { outputPath, projectPath, specifier, type OutputLayout } from "./layout";

export function metadataModule(
  program: IrProgram,
  layout: OutputLayout,
  file: string,
): [string, ModulePrinter][] {
  const out: [string, ModulePrinter][] = [];
  for (const m of program.files.get(file)?.metadata ?? []) {
    const path = outputPath(layout, file, `${m.name}.metadata`);
    const shared = sharedShapes(program, layout);
    const p = new ModulePrinter(
      {
        kind: `typed session metadata ${m.name}`,
        source: projectPath(layout, file),
        options: { schema: m.name },
      },
      path,
      shared.homes,
    );
    // Types are named (nothing emitted); the codecs are the shared shapes' or the codec modules'.
    const em = new CodecEmitter(program, p, (f) => specifier(path, outputPath(layout, f, "codec")));
    const names = m.fields.map((f) => {
      const home = p.importCodec(keyOf(f.type));
      if (home === null) throw new Error(`no codec home for ${keyOf(f.type)}`);
      return home;
    });
    const raw = p.valueAs("@shortcrust/sdk/codegen-v1", "metaData", "sdkMetaData");
    const w = codeWriter();
    w.writeLine(
      `/** The metadata values of \`${m.name}\` (every key optional: a session may lack any). */`,
    );
    w.write(`export interface ${m.name}`).space();
    w.inlineBlock(() =>
      m.fields.forEach((f) => w.writeLine(`readonly ${f.name}?: ${em.valueTs(f.type)};`)),
    );
    w.newLine().blankLine();
    w.writeLine(
      `/** Contract side: typed readers; null when the key is missing or its bytes are not of the type${m.fields.some((f) => f.type.kind === "option") ? " (for an Option, None too: raw(key) tells them apart)" : ""}. */`,
    );
    w.write(`export const metaData =`).space();
    w.inlineBlock(() => {
      m.fields.forEach((f, i) =>
        // (An Option's type already holds null.)
        member(
          w,
          `${f.name}(): ${em.valueTs(f.type)}${f.type.kind === "option" ? "" : " | null"}`,
          () => {
            w.writeLine(`const b = ${raw}.raw(${JSON.stringify(f.name)});`);
            w.writeLine(`if (b === null) return null;`);
            w.write(
              block(
                "try",
                `return ${names[i]}.deserialize(b);`,
                ` ${block("catch", "return null;")}`,
              ),
            );
          },
        ),
      );
      w.writeLine(`raw: (key: string): Uint8Array | null => ${raw}.raw(key),`);
    });
    w.write(";").newLine().blankLine();
    w.writeLine(
      `/** Host side: archives the given values (key → bytes) for \`vm.session({ metadata })\` or \`session.setMeta\`. */`,
    );
    member(
      w,
      `export function build${m.name}(values: ${m.name}): Map<string, Uint8Array>`,
      () => {
        w.writeLine(`const out = new Map<string, Uint8Array>();`);
        m.fields.forEach((f, i) =>
          w.writeLine(
            `if (values.${f.name} !== undefined) out.set(${JSON.stringify(f.name)}, ${p.sdk("archiveArgument")}(${names[i]}, values.${f.name}, ${JSON.stringify(m.name)}, ${JSON.stringify(f.name)}));`,
          ),
        );
        w.write(`return out;`);
      },
      "",
    );
    p.code(w.toString());
    out.push([path, p]);
  }
  return out;
}
