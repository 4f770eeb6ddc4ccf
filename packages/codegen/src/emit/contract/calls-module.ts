/** `<source>.<Contract>.calls.ts`: the stable names of a contract's interface codecs. */
import { rustName } from "../../ir/naming";
import { ModulePrinter } from "../printer";
import { projectPath, type OutputLayout } from "../layout";
import { CallCodecs } from "./interface";

/**
 * `<source>.<Contract>.calls.ts`: the stable names of a contract's argument, return and event
 * codecs, as aliases of the project's shared shapes (shared.shapes.ts prints each shape once).
 * A named declaration's codec has no alias: it is imported from its codec module where used.
 */
export function callsModule(
  layout: OutputLayout,
  file: string,
  calls: CallCodecs,
): [string, ModulePrinter] {
  const c = calls.contract;
  const p = new ModulePrinter(
    {
      kind: `argument, return and event codecs of ${c.name}`,
      source: projectPath(layout, file),
      options: { contract: c.name, abi: "piecrust" },
    },
    calls.path,
    calls.homes,
  );
  for (const cc of calls.list) {
    if (cc.imported) continue;
    p.code(
      `/** ${cc.doc}: \`${rustName(cc.type)}\`. */`,
      `export const ${cc.name} = ${p.importCodec(cc.key)!};`,
      "",
    );
  }
  return [calls.path, p];
}
