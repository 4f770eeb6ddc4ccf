/** `--types FILE --type NAME`: the descriptor of one exported type of a file anywhere on disk. */
import { resolve } from "node:path";
import { existsSync } from "node:fs";
import { codec, type Codec } from "@shortcrust/sdk";
import { parseFiles } from "../ir/parse";
import { Lowering } from "../ir/lower";
import { formatDiagnostic } from "../ir/diagnostics";
import { syntaxDiagnostics } from "../pipeline";
import { CliFailure } from "./io";

export function codecOfExport(file: string, name: string, command: string): Codec {
  const path = resolve(file);
  if (!existsSync(path))
    throw new CliFailure(`shortcrust ${command}: --types ${file}: no such file`);
  const parsed = parseFiles([path]);
  const syntax = syntaxDiagnostics(parsed.project, parsed.program.files.keys());
  const diagnostics = syntax.length ? syntax : parsed.diagnostics;
  if (diagnostics.length > 0) {
    throw new CliFailure(diagnostics.map((d) => formatDiagnostic(d, process.cwd())).join("\n"));
  }
  const { program } = parsed;
  const t = program.files.get(path)?.exports.get(name);
  if (!t) {
    const names = [...(program.files.get(path)?.exports.keys() ?? [])].sort();
    const sf = parsed.project.getSourceFile(path);
    // A generic @archive type has an archived form only per instantiation.
    const generic = sf?.getInterface(name) ?? sf?.getTypeAlias(name);
    if (generic?.isExported() && generic.getTypeParameters().length > 0) {
      const at = sf!.getLineAndColumnAtPos(generic.getStart());
      const params = generic.getTypeParameters().map((p) => p.getName());
      throw new CliFailure(
        formatDiagnostic(
          {
            loc: { file: path, line: at.line, col: at.column },
            message: `--type ${name}: ${name}<${params.join(", ")}> is generic, so only an instantiation of it has an archived form`,
          },
          process.cwd(),
        ),
        {
          hint: `name one in the file (export type ${name}U64 = ${name}<${params.map(() => "u64").join(", ")}>) and pass --type ${name}U64`,
        },
      );
    }
    const untagged = sf?.getInterface(name) ?? sf?.getEnum(name);
    const loc = untagged && sf!.getLineAndColumnAtPos(untagged.getStart());
    const kind = untagged && (untagged.getKindName() === "EnumDeclaration" ? "enum" : "interface");
    throw new CliFailure(
      untagged && untagged.isExported()
        ? `${formatDiagnostic({ loc: { file: path, line: loc!.line, col: loc!.column }, message: `--type ${name}: ${kind} ${name} is not marked /** @archive */, so it has no archived form` }, process.cwd())}`
        : `shortcrust ${command}: --type ${name}: ${file} exports no archivable type of that name` +
            (names.length ? ` (it exports: ${names.join(", ")})` : ""),
      {
        hint:
          untagged && untagged.isExported()
            ? `add /** @archive */ on the line above \`${kind} ${name}\``
            : undefined,
      },
    );
  }
  return codec(new Lowering(program).type(t));
}
