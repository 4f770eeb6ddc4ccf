/**
 * `shortcrust codegen`: reads `shortcrust.config.json` (validated with ajv) or flags, reports every
 * diagnostic at once, writes generated files atomically (a temporary directory, then renames),
 * `--check` compares instead of writing, `--watch` regenerates what an edit affects.
 */
import {
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  watch,
  writeFileSync,
} from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import type { Project } from "ts-morph";
import {
  generate,
  layoutOf as outputLayoutOf,
  type GenerateOptions,
  type GenerateResult,
} from "../pipeline";
import { formatDiagnostic } from "../ir/diagnostics";
import type { IrProgram, IrType } from "../ir/types";
import { CliFailure, type Io } from "./io";
import { layoutOf } from "@shortcrust/sdk";
import { CodecEmitter } from "../emit/codecs";
import { ModulePrinter } from "../emit/printer";
import { loadConfig, optionsOf, sourceFiles, type ProjectFlags } from "./config";

export { CONFIG_FILE, CONFIG_SCHEMA, loadConfig, optionsOf, sourceFiles } from "./config";
export type { Config } from "./config";
import { Lowering } from "../ir/lower";

export interface CodegenFlags extends ProjectFlags {
  check?: boolean;
  watch?: boolean;
}

function report(r: GenerateResult, io: Io): void {
  if (r.diagnostics.length) {
    io.err(`${r.diagnostics.map((d) => formatDiagnostic(d, process.cwd())).join("\n")}\n`);
    throw new CliFailure(`${r.diagnostics.length} error(s); nothing was written`);
  }
}

/** Writes files through a temporary directory next to the output, then renames into place. */
export function writeAtomically(root: string, files: ReadonlyMap<string, string>): void {
  const tmp = join(root, `.shortcrust-tmp-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  const staged: [string, string][] = [];
  try {
    let i = 0;
    for (const [path, text] of files) {
      const t = join(tmp, String(i++));
      mkdirSync(dirname(t), { recursive: true });
      writeFileSync(t, text);
      staged.push([t, path]);
    }
    for (const [t, path] of staged) {
      mkdirSync(dirname(path), { recursive: true });
      renameSync(t, path);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Generated files on disk that differ from (or are missing in) `files`, and stale extras. */
export function staleFiles(outDir: string, files: ReadonlyMap<string, string>): string[] {
  const stale: string[] = [];
  for (const [path, text] of files) {
    if (!existsSync(path) || readFileSync(path, "utf8") !== text) stale.push(path);
  }
  for (const path of sourceFiles(outDir, "")) if (!files.has(path)) stale.push(path);
  return stale.sort();
}

/** Scaffolds are written only when missing: a user's test is never overwritten. */
function missingScaffolds(r: GenerateResult): Map<string, string> {
  return new Map([...r.scaffolds].filter(([p]) => !existsSync(p)));
}

export async function codegen(flags: CodegenFlags, io: Io): Promise<void> {
  const options = optionsOf(flags);
  const layout = outputLayoutOf(options);
  const r = await generate(options);
  report(r, io);
  if (flags.check) {
    const stale = staleFiles(layout.outDir, r.files);
    if (stale.length) {
      throw new CliFailure(
        `generated files are stale (run shortcrust codegen):\n${stale.map((p) => `  ${relative(process.cwd(), p)}`).join("\n")}`,
      );
    }
    io.out(`${r.files.size} generated files are up to date\n`);
    return;
  }
  const scaffolds = missingScaffolds(r);
  // Stale generated files (a removed type or contract) go too.
  for (const path of sourceFiles(layout.outDir, "")) if (!r.files.has(path)) rmSync(path);
  writeAtomically(layout.root, new Map([...r.files, ...scaffolds]));
  io.out(
    `wrote ${r.files.size} generated files${scaffolds.size ? ` and ${scaffolds.size} test scaffold(s)` : ""} to ${relative(process.cwd(), layout.outDir) || "."}\n`,
  );
  if (flags.watch) {
    const discover = loadConfig(options.root, flags.config).files === undefined;
    await watchLoop(options, r, discover, io);
  }
}

/**
 * What a dependent's generated code bakes in about a declaration of another file: its archived
 * size and alignment and whether it has out-of-line data or anything to check.
 */
export function signatures(program: IrProgram): Map<string, string> {
  const em = new CodecEmitter(
    program,
    new ModulePrinter({ kind: "", source: "", options: {} }),
    () => null,
  );
  const lowering = new Lowering(program);
  const out = new Map<string, string>();
  for (const id of program.decls.keys()) {
    try {
      const l = layoutOf(lowering.decl(id));
      const f = em.facts({ kind: "ref", id });
      out.set(id, `${l.size}/${l.align}/${f.ool}/${f.trivial}`);
    } catch {
      out.set(id, "invalid");
    }
  }
  return out;
}

/**
 * Source files whose output must be regenerated after `changed` were edited: those files, and
 * every file that references a declaration whose signature changed (or all declarations of the
 * changed files when there is no previous program to compare with).
 */
export function affected(
  program: IrProgram,
  changed: ReadonlySet<string>,
  previous?: IrProgram,
): Set<string> {
  const now = signatures(program);
  const before = previous ? signatures(previous) : new Map<string, string>();
  const dirty = new Set<string>();
  for (const [id, sig] of now) {
    if (!previous ? changed.has(program.decls.get(id)!.file) : before.get(id) !== sig)
      dirty.add(id);
  }
  for (const id of before.keys()) if (!now.has(id)) dirty.add(id);
  // Direct references only: a dependent's code depends on the signatures of what it names.
  const refs = (t: IrType, into: Set<string>): void => {
    switch (t.kind) {
      case "ref":
        into.add(t.id);
        return;
      case "vec":
      case "array":
        return refs(t.element, into);
      case "option":
        return refs(t.some, into);
      case "box":
        return refs(t.inner, into);
      case "tuple":
        return t.elements.forEach((e) => refs(e, into));
    }
  };
  const out = new Set(changed);
  for (const [path, f] of program.files) {
    const into = new Set<string>();
    for (const id of f.decls) {
      const d = program.decls.get(id)!;
      if (d.kind === "struct") d.fields.forEach((x) => refs(x.type, into));
      else if (d.kind === "tupleStruct") d.fields.forEach((x) => refs(x, into));
      else if (d.kind === "enum")
        d.variants.forEach((v) =>
          v.kind === "unit"
            ? null
            : v.kind === "tuple"
              ? v.fields.forEach((x) => refs(x, into))
              : v.fields.forEach((x) => refs(x.type, into)),
        );
      else if (d.kind === "alias") refs(d.target, into);
    }
    for (const t of f.exports.values()) refs(t, into);
    for (const c of f.contracts) {
      c.state.forEach((x) => refs(x.type, into));
      c.collections.forEach((x) =>
        x.kind === "map" ? (refs(x.key, into), refs(x.value, into)) : refs(x.element, into),
      );
      [...c.methods, ...(c.init ? [c.init] : [])].forEach((m) => {
        m.params.forEach((x) => refs(x.type, into));
        refs(m.returns, into);
      });
      c.events.forEach((e) => refs(e.type, into));
    }
    for (const m of f.metadata) m.fields.forEach((x) => refs(x.type, into));
    if ([...into].some((id) => dirty.has(id))) out.add(path);
  }
  return out;
}

/** One watch step: re-read the changed files, emit the affected modules, write what differs. */
export async function regenerate(
  options: GenerateOptions,
  project: Project,
  previous: GenerateResult,
  changed: ReadonlySet<string>,
): Promise<{ result: GenerateResult; written: string[] }> {
  for (const path of changed) {
    const sf = project.getSourceFile(path);
    if (sf) sf.refreshFromFileSystemSync();
  }
  const r = await generate(options, project, (program) =>
    affected(program, changed, previous.program),
  );
  if (r.diagnostics.length) return { result: r, written: [] };
  const written: string[] = [];
  const next = new Map(previous.files);
  const changedFiles = new Map<string, string>();
  for (const [path, text] of r.files) {
    if (next.get(path) !== text) {
      changedFiles.set(path, text);
      written.push(path);
    }
    next.set(path, text);
  }
  if (changedFiles.size) writeAtomically(outputLayoutOf(options).root, changedFiles);
  return { result: { ...r, files: next }, written };
}

/**
 * One watch step for a project whose inputs are every `.ts` under srcDir (no `files` in the
 * config): a file created since the last step becomes an input, a deleted one stops being one and
 * its generated files are removed. Otherwise the same as `regenerate`.
 */
export async function regenerateDiscovering(
  options: GenerateOptions,
  project: Project,
  previous: GenerateResult,
  changed: ReadonlySet<string>,
): Promise<{
  options: GenerateOptions;
  result: GenerateResult;
  written: string[];
  removed: string[];
}> {
  const layout = outputLayoutOf(options);
  const now = sourceFiles(layout.srcDir, layout.outDir);
  const before = new Set(options.files.map((f) => resolve(layout.root, f)));
  const added = now.filter((f) => !before.has(f));
  const deleted = [...before].filter((f) => !now.includes(f));
  const next = { ...options, files: now };
  if (deleted.length === 0) {
    const r = await regenerate(next, project, previous, new Set([...changed, ...added]));
    return { options: r.result.diagnostics.length ? options : next, ...r, removed: [] };
  }
  // A deletion can change what every file resolves to: regenerate the whole project.
  for (const f of deleted) {
    const sf = project.getSourceFile(f);
    if (sf) project.removeSourceFile(sf);
  }
  for (const path of changed) project.getSourceFile(path)?.refreshFromFileSystemSync();
  const result = await generate(next, project);
  if (result.diagnostics.length) return { options, result, written: [], removed: [] };
  const changedFiles = new Map(
    [...result.files].filter(([path, text]) => previous.files.get(path) !== text),
  );
  const removed = [...previous.files.keys()].filter((p) => !result.files.has(p) && existsSync(p));
  for (const p of removed) rmSync(p);
  if (changedFiles.size) writeAtomically(layout.root, changedFiles);
  return { options: next, result, written: [...changedFiles.keys()], removed };
}

async function watchLoop(
  initial: GenerateOptions,
  first: GenerateResult,
  discover: boolean,
  io: Io,
): Promise<void> {
  let options = initial;
  const layout = outputLayoutOf(options);
  let state = first;
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let busy = Promise.resolve();
  io.out(`watching ${relative(process.cwd(), layout.srcDir) || "."} (Ctrl-C to stop)\n`);
  const flush = (): void => {
    const changed = pending;
    pending = new Set();
    busy = busy.then(async () => {
      const t0 = performance.now();
      const step = discover
        ? await regenerateDiscovering(options, state.project, state, changed)
        : { options, removed: [], ...(await regenerate(options, state.project, state, changed)) };
      const { result, written, removed } = step;
      if (result.diagnostics.length) {
        io.err(`${result.diagnostics.map((d) => formatDiagnostic(d, process.cwd())).join("\n")}\n`);
        return;
      }
      state = result;
      options = step.options;
      io.out(
        `regenerated ${written.length} file(s)${removed.length ? `, removed ${removed.length}` : ""} in ${(performance.now() - t0).toFixed(0)} ms\n`,
      );
    });
  };
  await new Promise<void>(() => {
    watch(layout.srcDir, { recursive: true }, (_event, name) => {
      if (!name) return;
      const path = join(layout.srcDir, name.toString());
      if (
        !path.endsWith(".ts") ||
        path.startsWith(layout.outDir + "/") ||
        path.endsWith(".test.ts")
      )
        return;
      pending.add(path);
      clearTimeout(timer);
      timer = setTimeout(flush, 30);
    });
  });
}
