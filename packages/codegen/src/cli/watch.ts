/**
 * `shortcrust codegen --watch`: a chokidar watcher over srcDir (it follows editors' rename-over
 * saves, which Node's recursive `fs.watch` loses on Linux once the watched inode is replaced),
 * debounced, re-emitting only the files an edit affects.
 */
import { existsSync, readFileSync, statSync, watch as fsWatch, type FSWatcher } from "node:fs";
import { resolve } from "node:path";
import { watch } from "chokidar";
import type { Project } from "ts-morph";
import { generate, layoutOf, type GenerateOptions, type GenerateResult } from "../pipeline";
import { formatDiagnostic } from "../ir/diagnostics";
import type { IrProgram, IrType } from "../ir/types";
import { LayoutFacts } from "../ir/facts";
import { counted, errorCount, reportWarnings, shownPath, type Io } from "./io";
import { sourceFiles } from "./config";
import {
  foreignFiles,
  removeGenerated,
  writeScaffolds,
  warnOrphanedTests,
  writeChanged,
} from "./generated-files";

/** A generated file that is not there, or not what codegen wrote. */
function drifted(path: string, text: string): boolean {
  try {
    return readFileSync(path, "utf8") !== text;
  } catch {
    return true;
  }
}

/**
 * What a dependent's generated code bakes in about a declaration of another file: its archived
 * size and alignment and whether it has out-of-line data or anything to check.
 */
export function signatures(program: IrProgram): Map<string, string> {
  const facts = new LayoutFacts(program);
  const out = new Map<string, string>();
  for (const id of program.decls.keys()) {
    try {
      out.set(id, facts.signature(id));
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
  // Outputs deleted or edited behind watch's back (say `rm -rf src/generated`) come back, as
  // codegen would bring them back: every generated file of the project, not only the affected
  // ones (one whose header is gone is the user's now: `foreignFiles` refuses it below).
  for (const [path, text] of next) {
    if (!changedFiles.has(path) && drifted(path, text)) {
      changedFiles.set(path, text);
      written.push(path);
    }
  }
  const foreign = foreignFiles(changedFiles.keys());
  if (foreign.length) return { result: { ...r, diagnostics: foreign }, written: [] };
  writeChanged(changedFiles);
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
  const layout = layoutOf(options);
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
    [...result.files].filter(
      ([path, text]) => previous.files.get(path) !== text || !existsSync(path),
    ),
  );
  const foreign = foreignFiles(changedFiles.keys());
  if (foreign.length) {
    return { options, result: { ...result, diagnostics: foreign }, written: [], removed: [] };
  }
  writeChanged(changedFiles);
  const removed = removeGenerated([...previous.files.keys()].filter((p) => !result.files.has(p)));
  return { options: next, result, written: [...changedFiles.keys()], removed };
}

/** How long the watcher waits after the last event of a burst (a save, a checkout). */
export const DEBOUNCE_MS = 50;

export interface Watching {
  /** Resolves when the watcher is ready (its initial scan done). */
  readonly ready: Promise<void>;
  /** Never resolves while watching; resolves after `close()`. */
  readonly done: Promise<void>;
  /** Resolves when no regeneration is pending or running. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** Watches srcDir and regenerates after each (debounced) burst of changes. */
export function watchProject(
  initial: GenerateOptions,
  first: GenerateResult,
  discover: boolean,
  io: Io,
): Watching {
  let options = initial;
  const layout = layoutOf(options);
  let state = first;
  // Changes not yet regenerated (kept across a failed step, so fixing an error catches up).
  let pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let busy = Promise.resolve();
  let closed!: () => void;
  const done = new Promise<void>((r) => (closed = r));
  const rel = shownPath;
  io.out(`watching ${rel(layout.srcDir)} (Ctrl-C to stop)\n`);
  const flush = (): void => {
    timer = undefined;
    const changed = pending;
    pending = new Set();
    busy = busy.then(async () => {
      const t0 = performance.now();
      try {
        const step = discover
          ? await regenerateDiscovering(options, state.project, state, changed)
          : { options, removed: [], ...(await regenerate(options, state.project, state, changed)) };
        const { result, written, removed } = step;
        if (result.diagnostics.length) {
          for (const p of changed) pending.add(p);
          io.err(
            `${result.diagnostics.map((d) => formatDiagnostic(d, process.cwd())).join("\n")}\n`,
          );
          io.err(
            `shortcrust codegen: ${errorCount(result.diagnostics.length)}; nothing was written (watching)\n`,
          );
          return;
        }
        state = result;
        options = step.options;
        // Warnings about the files just saved (the others were told before).
        reportWarnings(
          result.warnings.filter((w) => changed.has(w.loc.file)),
          io,
        );
        // As a plain run: a contract without a test gets its scaffold, never over a user's file.
        writeScaffolds(result.scaffolds, io);
        io.out(
          `regenerated ${counted(written.length, "file")}${removed.length ? `, removed ${removed.length}` : ""} in ${(performance.now() - t0).toFixed(0)} ms\n`,
        );
        for (const p of removed) io.out(`removed ${rel(p)} (generated, no longer produced)\n`);
        warnOrphanedTests(removed, layoutOf(options).srcDir, io);
        // (A folder deleted and brought back by this step needs a new watch: see below.)
        armOutputs();
      } catch (e) {
        for (const p of changed) pending.add(p);
        io.err(`shortcrust codegen: ${(e as Error).message} (watching)\n`);
      }
    });
  };
  const relevant = (path: string) =>
    path.endsWith(".ts") && !path.endsWith(".test.ts") && !path.endsWith(".d.ts");
  const watcher = watch(layout.srcDir, {
    ignoreInitial: true,
    ignored: (path, stats) =>
      path === layout.outDir ||
      path.startsWith(layout.outDir + "/") ||
      /(^|\/)node_modules(\/|$)/.test(path) ||
      (stats?.isFile() === true && !relevant(path)),
  });
  const ready = new Promise<void>((r) => watcher.once("ready", () => r()));
  let stopping = false;
  watcher.on("all", (event, path) => {
    // (Events still in flight while closing start nothing: a step after close would outlive it.)
    if (stopping) return;
    const abs = resolve(layout.srcDir, path);
    // A folder added or removed changes which files exist: rediscover (a no-op change set).
    if (event !== "addDir" && event !== "unlinkDir" && !relevant(abs)) return;
    if (event !== "addDir" && event !== "unlinkDir") pending.add(abs);
    clearTimeout(timer);
    timer = setTimeout(flush, DEBOUNCE_MS);
  });
  // Outputs deleted or edited behind watch's back come back at once (a step restores them,
  // see `regenerate`). One directory watch on outDir (chokidar would hold a handle per generated
  // file), checked after a quiet spell, since its own writes are events too; re-armed when the
  // folder itself was deleted and has come back.
  let outputs: FSWatcher | undefined;
  let outputsIno = -1;
  let outputsTimer: NodeJS.Timeout | undefined;
  const driftedOutput = () => [...state.files].some(([p, text]) => drifted(p, text));
  const armOutputs = (): void => {
    let ino: number;
    try {
      ino = statSync(layout.outDir).ino;
    } catch {
      return;
    }
    if (outputs !== undefined && ino === outputsIno) return;
    outputs?.close();
    outputsIno = ino;
    try {
      outputs = fsWatch(layout.outDir, () => {
        if (stopping) return;
        clearTimeout(outputsTimer);
        outputsTimer = setTimeout(() => {
          outputsTimer = undefined;
          if (stopping) return;
          if (!existsSync(layout.outDir)) {
            // Its watch died with it (and a new folder may even get the same inode number).
            outputs?.close();
            outputs = undefined;
          }
          if (driftedOutput()) {
            clearTimeout(timer);
            timer = setTimeout(flush, 0);
          }
          armOutputs();
        }, DEBOUNCE_MS);
      });
      outputs.on("error", () => {
        outputs?.close();
        outputs = undefined;
      });
    } catch {
      outputs = undefined;
    }
  };
  armOutputs();
  watcher.on("error", (e) => io.err(`shortcrust codegen: watcher: ${(e as Error).message}\n`));
  return {
    ready,
    done,
    async idle() {
      for (;;) {
        const before = busy;
        await before;
        if (timer === undefined && before === busy) return;
        await new Promise((r) => setTimeout(r, DEBOUNCE_MS));
      }
    },
    async close() {
      stopping = true;
      clearTimeout(timer);
      clearTimeout(outputsTimer);
      outputs?.close();
      await watcher.close();
      await busy;
      closed();
    },
  };
}
