/**
 * `shortcrust codegen`: reads `shortcrust.config.json` (validated with ajv) or flags, reports every
 * diagnostic at once, writes generated files atomically (a temporary directory, then renames),
 * `--check` compares instead of writing, `--watch` regenerates what an edit affects.
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  watch,
  writeFileSync,
} from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import Ajv from "ajv";
import type { Project } from "ts-morph";
import { generate, layoutOf, type GenerateOptions, type GenerateResult } from "../pipeline";
import { formatDiagnostic } from "../ir/diagnostics";
import type { IrProgram, IrType } from "../ir/types";
import { CliFailure, type Io } from "./io";

export interface Config {
  srcDir?: string;
  outDir?: string;
  files?: string[];
  scaffolds?: boolean;
}

export const CONFIG_FILE = "shortcrust.config.json";

export const CONFIG_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    $schema: { type: "string" },
    srcDir: {
      type: "string",
      minLength: 1,
      description: "where the annotated sources live (default src)",
    },
    outDir: {
      type: "string",
      minLength: 1,
      description: "where generated files go (default src/generated)",
    },
    files: {
      type: "array",
      items: { type: "string", minLength: 1 },
      description: "input files (default: every .ts under srcDir)",
    },
    scaffolds: {
      type: "boolean",
      description: "write a jest test per contract when missing (default true)",
    },
  },
} as const;

const validateConfig = new Ajv({ allErrors: true }).compile<Config>(CONFIG_SCHEMA);

export function loadConfig(root: string, path?: string): Config {
  const file = resolve(root, path ?? CONFIG_FILE);
  if (!existsSync(file)) {
    if (path) throw new CliFailure(`--config ${path}: no such file`);
    return {};
  }
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new CliFailure(
      `${relative(process.cwd(), file)}: not valid JSON (${(e as Error).message})`,
    );
  }
  if (!validateConfig(json)) {
    const errs = (validateConfig.errors ?? []).map(
      (e) =>
        `  ${e.instancePath || "(root)"} ${e.message}${e.params && "additionalProperty" in e.params ? ` '${String(e.params.additionalProperty)}'` : ""}`,
    );
    throw new CliFailure(
      `${relative(process.cwd(), file)}: invalid configuration\n${errs.join("\n")}`,
    );
  }
  return json;
}

export interface CodegenFlags {
  root?: string;
  config?: string;
  srcDir?: string;
  outDir?: string;
  scaffolds?: boolean;
  check?: boolean;
  watch?: boolean;
}

/** Every `.ts` file under `dir` (sorted), except tests, declaration files and `skip`. */
export function sourceFiles(dir: string, skip: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (p === skip || n === "node_modules") continue;
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith(".ts") && !n.endsWith(".test.ts") && !n.endsWith(".d.ts")) out.push(p);
    }
  };
  walk(dir);
  return out;
}

export function optionsOf(flags: CodegenFlags): GenerateOptions {
  const root = resolve(flags.root ?? process.cwd());
  const cfg = loadConfig(root, flags.config);
  const srcDir = flags.srcDir ?? cfg.srcDir ?? "src";
  const outDir = flags.outDir ?? cfg.outDir ?? `${srcDir}/generated`;
  const files = cfg.files ?? sourceFiles(resolve(root, srcDir), resolve(root, outDir));
  return {
    root,
    srcDir,
    outDir,
    files,
    scaffolds: flags.scaffolds === false ? false : (cfg.scaffolds ?? true),
  };
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
  const layout = layoutOf(options);
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
  if (flags.watch) await watchLoop(options, r, io);
}

/** Source files whose output depends on `changed` (they reference its declarations), plus it. */
export function affected(program: IrProgram, changed: ReadonlySet<string>): Set<string> {
  const uses = new Map<string, Set<string>>();
  const visit = (t: IrType, into: Set<string>, seen: Set<string>): void => {
    switch (t.kind) {
      case "ref": {
        const d = program.decls.get(t.id);
        if (!d || seen.has(t.id)) return;
        seen.add(t.id);
        into.add(d.file);
        if (d.kind === "struct") d.fields.forEach((f) => visit(f.type, into, seen));
        else if (d.kind === "tupleStruct") d.fields.forEach((f) => visit(f, into, seen));
        else if (d.kind === "enum")
          d.variants.forEach((v) =>
            v.kind === "unit"
              ? null
              : v.kind === "tuple"
                ? v.fields.forEach((f) => visit(f, into, seen))
                : v.fields.forEach((f) => visit(f.type, into, seen)),
          );
        return;
      }
      case "vec":
      case "array":
        return visit(t.element, into, seen);
      case "option":
        return visit(t.some, into, seen);
      case "box":
        return visit(t.inner, into, seen);
      case "tuple":
        return t.elements.forEach((e) => visit(e, into, seen));
    }
  };
  for (const [path, f] of program.files) {
    const into = new Set<string>();
    const seen = new Set<string>();
    for (const id of f.decls) visit({ kind: "ref", id }, into, seen);
    for (const t of f.exports.values()) visit(t, into, seen);
    for (const c of f.contracts) {
      c.state.forEach((x) => visit(x.type, into, seen));
      [...c.methods, ...(c.init ? [c.init] : [])].forEach((m) => {
        m.params.forEach((x) => visit(x.type, into, seen));
        visit(m.returns, into, seen);
      });
    }
    for (const m of f.metadata) m.fields.forEach((x) => visit(x.type, into, seen));
    uses.set(path, into);
  }
  const out = new Set(changed);
  for (const [path, deps] of uses) if ([...deps].some((d) => changed.has(d))) out.add(path);
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
  const r = await generate(options, project, (program) => affected(program, changed));
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
  if (changedFiles.size) writeAtomically(layoutOf(options).root, changedFiles);
  return { result: { ...r, files: next }, written };
}

async function watchLoop(options: GenerateOptions, first: GenerateResult, io: Io): Promise<void> {
  const layout = layoutOf(options);
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
      const { result, written } = await regenerate(options, state.project, state, changed);
      if (result.diagnostics.length) {
        io.err(`${result.diagnostics.map((d) => formatDiagnostic(d, process.cwd())).join("\n")}\n`);
        return;
      }
      state = result;
      io.out(
        `regenerated ${written.length} file(s) in ${(performance.now() - t0).toFixed(0)} ms\n`,
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
