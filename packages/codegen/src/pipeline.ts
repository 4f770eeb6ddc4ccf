/**
 * `shortcrust codegen` as a function: parse the inputs, report every diagnostic at once, run
 * the emitters and return the generated files (nothing is written here).
 */
import { existsSync, readFileSync } from "node:fs";
import { relative, resolve } from "node:path";
import type { Project } from "ts-morph";
import { parseFiles } from "./ir/parse";
import { sandboxGlobalDiagnostics } from "./ir/sandbox-globals";
import { moduleStateWarnings } from "./ir/module-state";
import type { Diagnostic } from "./ir/diagnostics";
import type { IrProgram, SourceLoc } from "./ir/types";
import { codecModule, hasCodecs } from "./emit/codec-module";
import { entryPath, outputPath, type OutputLayout } from "./emit/layout";
import { contractModules } from "./emit/contract-module";
import { metadataModule } from "./emit/metadata-module";
import { sharedShapes } from "./emit/shared-module";
import { scaffoldFor } from "./emit/scaffold";
import { jsonModule } from "./emit/json-module";
import { formatWithPrettier } from "./emit/prettier";
import type { Formatter, ModulePrinter } from "./emit/printer";
import { RUST_HEADER, rustTypesModule } from "./emit/rust-types";

export interface GenerateOptions {
  readonly root: string;
  /** Sources are read from here (every file given must lie under it). */
  readonly srcDir: string;
  readonly outDir: string;
  /** Source files (absolute or relative to root). */
  readonly files: readonly string[];
  /** Write a jest test per contract when it is missing (default true). */
  readonly scaffolds?: boolean;
  /** How generated modules are laid out (see `Formatter`); when absent, `formatOf` or `fast`. */
  readonly format?: Formatter;
  /** Also write the Rust declarations of every `@archive` type to this file (relative to root). */
  readonly rust?: string;
  /**
   * When `format` is absent: the layout a module already has (the CLI reads it from the file's
   * header), so a run that names no format keeps each file as it is laid out.
   */
  readonly formatOf?: (path: string) => Formatter | undefined;
}

export interface GenerateResult {
  readonly program: IrProgram;
  readonly diagnostics: Diagnostic[];
  /** What is legal but likely not meant (module-level state a function assigns); never fatal. */
  readonly warnings: Diagnostic[];
  /** Generated files (absolute path → text); always overwritten. */
  readonly files: Map<string, string>;
  /** Test scaffolds (absolute path → text); written only when missing. */
  readonly scaffolds: Map<string, string>;
  readonly project: Project;
}

/**
 * TypeScript syntax errors (`this.v +;`, a missing `}`) in files codegen read: the IR reader
 * only looks at declarations, so a broken method body would otherwise pass and fail later, at a
 * wrong place.
 */
export function syntaxDiagnostics(project: Project, files: Iterable<string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const program = project.getProgram();
  for (const file of files) {
    const sf = project.getSourceFile(file);
    if (!sf) continue;
    for (const d of program.getSyntacticDiagnostics(sf)) {
      const start = d.getStart() ?? 0;
      const { line, column } = sf.getLineAndColumnAtPos(start);
      const text = d.getMessageText();
      out.push({
        loc: { file, line, col: column },
        message: typeof text === "string" ? text : text.getMessageText(),
      });
    }
  }
  return out;
}

export function layoutOf(options: GenerateOptions): OutputLayout {
  const root = resolve(options.root);
  return { root, srcDir: resolve(root, options.srcDir), outDir: resolve(root, options.outDir) };
}

/** A deployable contract of the project and the entry glue codegen writes for it. */
export interface ContractEntry {
  readonly name: string;
  readonly loc: SourceLoc;
  /** The generated `<source>.<Contract>.entry.ts` (absolute). */
  readonly entry: string;
}

/** Every non-extern `@contract` of the project's sources, in path order. */
export function contractEntries(program: IrProgram, layout: OutputLayout): ContractEntry[] {
  const out: ContractEntry[] = [];
  for (const file of [...program.files.keys()].sort()) {
    if (!file.startsWith(layout.srcDir + "/") || file.startsWith(layout.outDir + "/")) continue;
    for (const c of program.files.get(file)!.contracts) {
      if (!c.extern) out.push({ name: c.name, loc: c.loc, entry: entryPath(layout, file, c.name) });
    }
  }
  return out;
}

/** The generated modules of one source file (path → printer), in a fixed order. */
export function modulesOf(
  program: IrProgram,
  layout: OutputLayout,
  file: string,
): [string, ModulePrinter][] {
  const out: [string, ModulePrinter][] = [];
  if (hasCodecs(program, file)) {
    out.push([outputPath(layout, file, "codec"), codecModule(program, layout, file)]);
    out.push([outputPath(layout, file, "json"), jsonModule(program, layout, file)]);
  }
  out.push(...contractModules(program, layout, file));
  out.push(...metadataModule(program, layout, file));
  return out;
}

export async function generate(
  options: GenerateOptions,
  project?: Project,
  /** Only emit the modules of these source files (watch mode); all when absent. */
  only?: ReadonlySet<string> | ((program: IrProgram) => ReadonlySet<string>),
): Promise<GenerateResult> {
  const layout = layoutOf(options);
  const inputs = options.files.map((f) => resolve(layout.root, f));
  const parsed = parseFiles(inputs, { project, generatedDir: layout.outDir });
  const { program } = parsed;
  const files = new Map<string, string>();
  const scaffolds = new Map<string, string>();
  // Syntax errors first, alone (as tsc does): what the reader made of broken code is noise.
  const syntax = syntaxDiagnostics(parsed.project, program.files.keys());
  const diagnostics = (
    syntax.length
      ? syntax
      : [
          ...parsed.diagnostics,
          ...sandboxGlobalDiagnostics(parsed.project, program),
          ...duplicateContracts(program, layout.root),
        ]
  )
    .sort(byPlace)
    .filter(once);
  if (diagnostics.length > 0) {
    return { program, diagnostics, warnings: [], files, scaffolds, project: parsed.project };
  }
  const emitOnly = typeof only === "function" ? only(program) : only;
  // (A watch step warns about the files it emits: the others were read, and told, before.)
  const warnings = moduleStateWarnings(parsed.project, program, emitOnly).sort(byPlace);
  const formatOf = (path: string): Formatter =>
    options.format ?? options.formatOf?.(path) ?? "fast";
  const toPrettier: [string, string][] = [];
  for (const file of [...program.files.keys()].sort()) {
    const f = program.files.get(file)!;
    const empty = f.decls.length === 0 && f.contracts.length === 0 && f.metadata.length === 0;
    // Generated modules a source imports (typed metadata readers, say) are not inputs.
    if (file.startsWith(layout.outDir + "/") || (empty && !file.startsWith(layout.srcDir + "/"))) {
      continue;
    }
    if (!file.startsWith(layout.srcDir + "/")) {
      diagnostics.push({
        loc: { file, line: 1, col: 1 },
        message: "source file outside srcDir",
        hint: `move it under ${layout.srcDir} or change srcDir in shortcrust.config.json`,
      });
      continue;
    }
    if (emitOnly && !emitOnly.has(file)) continue;
    for (const [path, printer] of modulesOf(program, layout, file)) {
      const format = formatOf(path);
      if (format === "fast") files.set(path, printer.print());
      else {
        files.set(path, ""); // (keeps the file's place in the map; filled in below)
        toPrettier.push([path, printer.raw(format)]);
      }
    }
    if (options.scaffolds !== false) {
      for (const [path, text] of scaffoldFor(program, layout, file, parsed.project)) {
        scaffolds.set(path, text);
      }
    }
  }
  // The shared shapes are the whole project's: printed on every run (watch mode included).
  const shared = sharedShapes(program, layout).module();
  if (shared) {
    const path = sharedShapes(program, layout).path;
    const format = formatOf(path);
    if (format === "fast") files.set(path, shared.print());
    else {
      files.set(path, "");
      toPrettier.push([path, shared.raw(format)]);
    }
  }
  const laidOut = await formatWithPrettier(toPrettier.map(([, text]) => text));
  toPrettier.forEach(([path], i) => files.set(path, laidOut[i]));
  if (options.rust !== undefined)
    rustOutput(program, layout.root, options.rust, files, diagnostics);
  return { program, diagnostics, warnings, files, scaffolds, project: parsed.project };
}

/** Rust out (`rust` in the config): one file of declarations, never over a file codegen did not write. */
function rustOutput(
  program: IrProgram,
  root: string,
  rust: string,
  files: Map<string, string>,
  diagnostics: Diagnostic[],
): void {
  const path = resolve(root, rust);
  const r = rustTypesModule(program, root);
  if (r.diagnostics) {
    diagnostics.push(...r.diagnostics);
    return;
  }
  if (existsSync(path) && !readFileSync(path, "utf8").startsWith(RUST_HEADER)) {
    diagnostics.push({
      loc: { file: path, line: 1, col: 1 },
      message: "not overwriting a file that shortcrust codegen did not write",
      hint: `move it away or point "rust" in shortcrust.config.json at another file`,
    });
    return;
  }
  files.set(path, r.text);
}

/**
 * Two contracts of one name (extern ones aside: they are not built) would be built to one
 * artifact, `<Contract>.scrt`: the second is an error where it is declared.
 */
function duplicateContracts(program: IrProgram, root: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Map<string, SourceLoc>();
  const contracts = [...program.files.values()]
    .flatMap((f) => f.contracts)
    .filter((c) => !c.extern)
    .sort(byPlace);
  for (const c of contracts) {
    const first = seen.get(c.name);
    if (first === undefined) {
      seen.set(c.name, c.loc);
      continue;
    }
    out.push({
      loc: c.loc,
      message: `a second contract named '${c.name}' (the first is at ${relative(root, first.file)}:${first.line}:${first.col}): both would be built to ${c.name}.scrt`,
      hint: "rename one of them",
    });
  }
  return out;
}

/**
 * Drops a diagnostic that repeats the one before it (sorted by place): a declaration that cannot
 * be used is reported where it is declared, once, however many places use it.
 */
function once(d: Diagnostic, i: number, all: readonly Diagnostic[]): boolean {
  const p = all[i - 1];
  return (
    p === undefined ||
    p.message !== d.message ||
    p.loc.file !== d.loc.file ||
    p.loc.line !== d.loc.line ||
    p.loc.col !== d.loc.col
  );
}

/** Diagnostics in reading order: by file, then line and column (a sort is stable). */
function byPlace(a: { loc: SourceLoc }, b: { loc: SourceLoc }): number {
  const [x, y] = [a.loc, b.loc];
  return x.file < y.file ? -1 : x.file > y.file ? 1 : x.line - y.line || x.col - y.col;
}
