/** `--types FILE --type NAME`: the descriptor of one exported type of a file anywhere on disk. */
import { resolve } from "node:path";
import { existsSync } from "node:fs";
import { codec, type Codec } from "@shortcrust/sdk";
import { parseFiles } from "../ir/parse";
import { Lowering } from "../ir/lower";
import { formatDiagnostic } from "../ir/diagnostics";
import { CliFailure } from "./io";

export function codecOfExport(file: string, name: string): Codec {
  const path = resolve(file);
  if (!existsSync(path)) throw new CliFailure(`--types ${file}: no such file`);
  const { program, diagnostics } = parseFiles([path]);
  if (diagnostics.length > 0) {
    throw new CliFailure(diagnostics.map((d) => formatDiagnostic(d, process.cwd())).join("\n"));
  }
  const t = program.files.get(path)?.exports.get(name);
  if (!t) {
    const names = [...(program.files.get(path)?.exports.keys() ?? [])].sort();
    throw new CliFailure(
      `--type ${name}: ${file} exports no archivable type of that name` +
        (names.length ? ` (it exports: ${names.join(", ")})` : ""),
    );
  }
  return codec(new Lowering(program).type(t));
}
