/** Test support: the generated modules (path → printer) of one fixture directory. */
import { join } from "node:path";
import { FIXTURES, tsFiles } from "../golden";
import { parseFiles } from "../ir/parse";
import { layoutOf, modulesOf } from "../pipeline";
import type { ModulePrinter } from "../emit/printer";

/** The modules `fixtures/<name>` generates, laid out as its golden output is. */
export function fixtureModules(name: string): [string, ModulePrinter][] {
  const srcDir = join(FIXTURES, name);
  const layout = layoutOf({
    root: FIXTURES,
    srcDir,
    outDir: join(FIXTURES, "__golden__", name),
    files: [],
  });
  const { program, diagnostics } = parseFiles(tsFiles(srcDir), { generatedDir: layout.outDir });
  if (diagnostics.length > 0) throw new Error(`fixtures/${name}: ${JSON.stringify(diagnostics)}`);
  return [...program.files.keys()]
    .filter((f) => f.startsWith(srcDir + "/"))
    .flatMap((f) => modulesOf(program, layout, f));
}
