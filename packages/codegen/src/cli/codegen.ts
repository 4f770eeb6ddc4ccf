/**
 * `shortcrust codegen`: reads `shortcrust.config.json` (validated with ajv) or flags, reports every
 * diagnostic at once, and writes only what it owns: files carrying its `@generated` mark under an
 * outDir that holds no sources. Each changed file is written through a temporary file and a
 * rename; unchanged files are not touched. `--check` compares instead of writing, `--watch`
 * regenerates what an edit affects (watch.ts).
 */
import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, join, resolve, sep } from "node:path";
import { generate, layoutOf, type GenerateOptions } from "../pipeline";
import { formatDiagnostic, type Diagnostic } from "../ir/diagnostics";
import { CliFailure, counted, errorCount, reportWarnings, shownPath, type Io } from "./io";
import { commandLine, projectOf, type ProjectFlags, type Setting } from "./config";
import {
  changedFiles,
  generatedFilesUnder,
  foreignFiles,
  recordedFormat,
  recordedSource,
  removeGenerated,
  writeScaffolds,
  warnOrphanedTests,
  writeChanged,
} from "./generated-files";
import { watchProject } from "./watch";

export {
  CONFIG_FILE,
  CONFIG_SCHEMA,
  loadConfig,
  optionsOf,
  sourceFiles,
  type Config,
} from "./config";
export { affected, regenerate, regenerateDiscovering, signatures } from "./watch";

export interface CodegenFlags extends ProjectFlags {
  check?: boolean;
  watch?: boolean;
}

const rel = shownPath;

/** Diagnostics as the CLI prints them; the last line says nothing was written. */
export function failure(
  diagnostics: readonly Diagnostic[],
  command = "codegen",
  outcome = "nothing was written",
): CliFailure {
  return new CliFailure(diagnostics.map((d) => formatDiagnostic(d, process.cwd())).join("\n"), {
    details: `shortcrust ${command}: ${errorCount(diagnostics.length)}; ${outcome}`,
  });
}

/** Where a setting came from, as the start of an error line. */
function at(s: Setting, command = "codegen"): string {
  return s.loc
    ? `${rel(s.loc.file)}:${s.loc.line}:${s.loc.col}: ${s.name}`
    : `shortcrust ${command}: ${s.name}`;
}

/** The root and srcDir must be folders: each command says which setting points nowhere. */
export function refuseMissingProject(
  command: string,
  options: GenerateOptions,
  settings: { srcDir: Setting },
): void {
  const { root, srcDir } = layoutOf(options);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new CliFailure(
      `shortcrust ${command}: --root ${rel(root)}: ${existsSync(root) ? "a file, not a directory" : "no such directory"}`,
    );
  }
  if (!existsSync(srcDir) || !statSync(srcDir).isDirectory()) {
    throw new CliFailure(
      `${at(settings.srcDir, command)} ${JSON.stringify(settings.srcDir.value)}: ${existsSync(srcDir) ? "a file, not a directory" : "no such directory"} (${rel(srcDir)})`,
      {
        hint: existsSync(join(root, "shortcrust.config.json"))
          ? "create it, or set srcDir in shortcrust.config.json (or --src-dir) to where the annotated sources are"
          : `${rel(root)} has no shortcrust.config.json: run this in the project's folder, or pass --root <project>`,
      },
    );
  }
}

/**
 * The layout must keep sources and outputs apart: an outDir that is srcDir, contains it or holds
 * an input would have codegen own (and delete) hand-written files.
 */
function refuseUnsafeLayout(
  options: GenerateOptions,
  settings: { srcDir: Setting; outDir: Setting },
): void {
  refuseMissingProject("codegen", options, settings);
  const { root, srcDir, outDir } = layoutOf(options);
  // Compared through symlinks: an outDir that is a link to srcDir is srcDir.
  const inside = (dir: string, p: string) => {
    const [d, q] = [realPath(dir), realPath(p)];
    return q === d || q.startsWith(d + sep);
  };
  if (inside(outDir, srcDir) || inside(outDir, root)) {
    const what = inside(outDir, root) ? "the project root" : "srcDir";
    throw new CliFailure(
      `${at(settings.outDir)} ${JSON.stringify(settings.outDir.value)} ${[srcDir, root].map(realPath).includes(realPath(outDir)) ? "is" : "contains"} ${what}; nothing was written`,
      { hint: "generated files need a folder of their own, such as src/generated (the default)" },
    );
  }
  const input = options.files.map((f) => resolve(root, f)).find((f) => inside(outDir, f));
  if (input) {
    throw new CliFailure(
      `${at(settings.outDir)} ${JSON.stringify(settings.outDir.value)} contains the input ${rel(input)}; nothing was written`,
      {
        hint: "move the source out of outDir or choose another outDir",
      },
    );
  }
  if (options.files.length === 0) {
    throw new CliFailure(`shortcrust codegen: no input files under ${rel(srcDir)}`, {
      hint: "annotated sources are the .ts files under srcDir (not tests, not outDir), or the config's files",
    });
  }
  const missing = options.files.map((f) => resolve(root, f)).find((f) => !existsSync(f));
  if (missing)
    throw new CliFailure(`shortcrust codegen: ${rel(missing)}: no such file (listed in files)`);
}

/** `p` with symlinks resolved, through its nearest existing ancestor when it does not exist yet. */
function realPath(p: string): string {
  const rest: string[] = [];
  let at = resolve(p);
  while (!existsSync(at)) {
    const up = dirname(at);
    if (up === at) break;
    rest.unshift(basename(at));
    at = up;
  }
  return join(realpathSync(at), ...rest);
}

/** A run with no format named keeps each existing file's layout (the one its header records). */
export function keepingFormats(options: GenerateOptions): GenerateOptions {
  return {
    ...options,
    formatOf: (p) => (existsSync(p) ? recordedFormat(readFileSync(p, "utf8")) : undefined),
  };
}

export async function codegen(flags: CodegenFlags, io: Io): Promise<void> {
  const project = projectOf(flags);
  const options = keepingFormats(project.options);
  refuseUnsafeLayout(options, project.settings);
  const layout = layoutOf(options);
  io.progress?.(`shortcrust codegen: reading ${options.files.length} files`);
  const r = await generate(options);
  io.progress?.("");
  if (r.diagnostics.length) throw failure(r.diagnostics);
  reportWarnings(r.warnings, io);
  // Generated files no longer produced, from a source of this project (an outDir shared with
  // another project keeps that project's files).
  const extras = generatedFilesUnder(layout.outDir).filter((p) => {
    const source = recordedSource(p);
    const from = source === undefined ? "" : resolve(layout.root, source);
    return !r.files.has(p) && (from === layout.srcDir || from.startsWith(layout.srcDir + "/"));
  });
  if (flags.check) {
    const stale = [...changedFiles(r.files), ...extras].sort();
    if (stale.length) {
      throw new CliFailure(
        `shortcrust codegen --check: ${counted(stale.length, "generated file")} ${stale.length === 1 ? "is" : "are"} stale`,
        {
          details: stale
            .map((p) => `  ${rel(p)}${staleReason(p, r.files.get(p), options)}`)
            .join("\n"),
          hint: `run ${commandLine("codegen", flags)}`,
        },
      );
    }
    io.out(`${r.files.size} generated files are up to date\n`);
    return;
  }
  const foreign = foreignFiles(r.files.keys());
  if (foreign.length) throw failure(foreign);
  const written = writeChanged(r.files);
  const removed = removeGenerated(extras);
  const changed = written.filter((p) => r.files.has(p)).length;
  io.out(
    `${r.files.size} generated files in ${rel(layout.outDir)}: ${changed ? `${changed} changed` : "none changed"}${removed.length ? `, ${removed.length} removed` : ""}\n`,
  );
  for (const p of removed) io.out(`removed ${rel(p)} (generated, no longer produced)\n`);
  writeScaffolds(r.scaffolds, io);
  warnOrphanedTests(removed, layout.srcDir, io);
  if (flags.watch) {
    const discover = project.config.files === undefined;
    await watchProject(options, r, discover, io).done;
  }
}

/** Why a file is stale, when it is only its layout. */
function staleReason(path: string, text: string | undefined, options: GenerateOptions): string {
  if (text === undefined) return existsSync(path) ? " (no longer generated)" : "";
  if (!existsSync(path)) return " (missing)";
  const has = recordedFormat(readFileSync(path, "utf8"));
  const wants = recordedFormat(text);
  return has && wants && has !== wants && options.format
    ? ` (laid out with format=${has}; the configuration asks for ${wants})`
    : "";
}
