/**
 * What codegen owns on disk: files whose first line is its `@generated` mark. It replaces or
 * deletes only those, writes each through a temporary file and a rename (a reader never sees
 * half a file), and leaves files whose bytes are unchanged alone (their mtimes too, so tools
 * watching the output are not re-triggered).
 */
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { GENERATED_MARK, type Formatter } from "../emit/printer";
import { CONFIG_FILE, FORMATTERS } from "./config";
import type { Diagnostic } from "../ir/diagnostics";
import { shownPath, type Io } from "./io";

/** Whether the file at `path` starts with codegen's mark (reads only its first bytes). */
export function isGenerated(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return false;
  }
  try {
    const head = Buffer.alloc(GENERATED_MARK.length);
    const n = readSync(fd, head, 0, head.length, 0);
    return head.subarray(0, n).toString("utf8") === GENERATED_MARK;
  } finally {
    closeSync(fd);
  }
}

/** The layout a generated file's header records (`format=` among its options; fast if none). */
export function recordedFormat(text: string): Formatter | undefined {
  if (!text.startsWith(GENERATED_MARK)) return undefined;
  const options = /^\/\/ options: (.*)$/m.exec(text.slice(0, 2000))?.[1] ?? "";
  const f = /(?:^| )format=(\S+)/.exec(options)?.[1] ?? "fast";
  return (FORMATTERS as readonly string[]).includes(f) ? (f as Formatter) : undefined;
}

/** The source a generated file's header names (`// source: src/x.ts`, relative to the root). */
export function recordedSource(path: string): string | undefined {
  const head = readFileSync(path, "utf8").slice(0, 2000);
  return head.startsWith(GENERATED_MARK) ? /^\/\/ source: (.*)$/m.exec(head)?.[1] : undefined;
}

/** Every generated `.ts` file under `dir` (sorted; node_modules skipped). */
export function generatedFilesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (n === "node_modules") continue;
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith(".ts") && isGenerated(p)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** Paths of `files` whose bytes on disk differ (or that are missing). */
export function changedFiles(files: ReadonlyMap<string, string | Uint8Array>): string[] {
  return [...files]
    .filter(([path, text]) => !existsSync(path) || !readFileSync(path).equals(Buffer.from(text)))
    .map(([path]) => path);
}

/** Files codegen would write or delete: differing or missing outputs, and generated extras. */
export function staleFiles(outDir: string, files: ReadonlyMap<string, string>): string[] {
  const stale = changedFiles(files);
  for (const path of generatedFilesUnder(outDir)) if (!files.has(path)) stale.push(path);
  return stale.sort();
}

/**
 * Writes the files whose bytes differ: each is staged as a temporary file next to its target,
 * and only when all are staged are they renamed into place (a failed write leaves every target
 * as it was). Returns the paths written.
 */
export function writeChanged(files: ReadonlyMap<string, string | Uint8Array>): string[] {
  const changed = changedFiles(files);
  const staged: [string, string][] = [];
  try {
    for (const path of changed) {
      mkdirSync(dirname(path), { recursive: true });
      const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.shortcrust-tmp`);
      writeFileSync(tmp, files.get(path)!);
      staged.push([tmp, path]);
    }
  } catch (e) {
    for (const [tmp] of staged) rmSync(tmp, { force: true });
    throw e;
  }
  for (const [tmp, path] of staged) renameSync(tmp, path);
  return changed;
}

/** Deletes the given files if they still carry codegen's mark; returns those deleted. */
export function removeGenerated(paths: readonly string[]): string[] {
  const removed = paths.filter((p) => isGenerated(p));
  for (const p of removed) rmSync(p);
  return removed;
}

/** Output paths taken by files codegen did not write: it never overwrites them. */
export function foreignFiles(files: Iterable<string>): Diagnostic[] {
  return [...files]
    .filter((p) => existsSync(p) && !isGenerated(p))
    .map((p) => ({
      loc: { file: p, line: 1, col: 1 },
      message:
        "exists and was not written by shortcrust codegen (no @generated header); it would be overwritten",
      hint: "move or rename it, or choose another outDir",
    }));
}

/**
 * Tests under `dir` (yours: codegen never deletes them) that import one of the `removed`
 * generated modules: `[test, module]`, so the CLI can say which tests a deleted contract broke.
 */
export function testsImporting(removed: readonly string[], dir: string): [string, string][] {
  const gone = new Set(removed.map((p) => p.replace(/\.ts$/, "")));
  const out: [string, string][] = [];
  if (gone.size === 0 || !existsSync(dir)) return out;
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name.startsWith(".") || e.name === "node_modules") continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".test.ts")) {
        for (const m of readFileSync(p, "utf8").matchAll(/\bfrom\s+["'](\.[^"']*)["']/g)) {
          const target = resolve(dirname(p), m[1]).replace(/\.(js|ts)$/, "");
          if (gone.has(target)) out.push([p, `${target}.ts`]);
        }
      }
    }
  };
  walk(dir);
  return out;
}

/**
 * Writes the scaffolds that are missing (a user's test is never overwritten) and tells what it
 * wrote. A scaffold whose name differs only in case from a file beside it is not written: tsc
 * refuses the pair, and on a case-insensitive disk they are one file.
 */
export function writeScaffolds(scaffolds: ReadonlyMap<string, string>, io: Io): void {
  const wanted = [...scaffolds].filter(([p]) => !existsSync(p));
  const write = new Map<string, string>();
  for (const [p, text] of wanted) {
    const lower = basename(p).toLowerCase();
    const twin = existsSync(dirname(p))
      ? readdirSync(dirname(p)).find((n) => n.toLowerCase() === lower)
      : undefined;
    if (twin === undefined) write.set(p, text);
    else
      io.err(
        `warning: not writing the test scaffold ${shownPath(p)}: ${shownPath(join(dirname(p), twin))} differs from its name only in case (rename that file, or turn scaffolds off)\n`,
      );
  }
  writeChanged(write);
  reportScaffolds([...write.keys()], io);
}

/**
 * Names the test scaffolds just written. A scaffold is written whenever its test is missing, so
 * one the user deleted comes back: the last line says how to stop that.
 */
export function reportScaffolds(written: readonly string[], io: Io): void {
  if (written.length === 0) return;
  for (const p of written) io.out(`wrote test scaffold ${shownPath(p)}\n`);
  io.out(
    `  (a contract without its <Contract>.test.ts gets one; --no-scaffolds or "scaffolds": false in ${CONFIG_FILE} turns this off)\n`,
  );
}

/** Tells which of the user's tests import generated modules that were just removed. */
export function warnOrphanedTests(removed: readonly string[], srcDir: string, io: Io): void {
  for (const [test, module] of testsImporting(removed, srcDir)) {
    io.err(
      `warning: ${shownPath(test)} imports ${shownPath(module)}, which codegen removed with its source: delete the test or change it\n`,
    );
  }
}
