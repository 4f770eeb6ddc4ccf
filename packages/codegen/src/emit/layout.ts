/** Where generated files go: `<outDir>/<path of the source relative to srcDir>.<kind>.ts`. */
import { dirname, join, relative, sep } from "node:path";

export interface OutputLayout {
  /** Project root (paths in headers are relative to it). */
  readonly root: string;
  /** Sources live under this directory (absolute). */
  readonly srcDir: string;
  /** Generated files go under this directory (absolute). */
  readonly outDir: string;
}

/** `src/shapes.ts` → `<outDir>/shapes.<suffix>.ts`. */
export function outputPath(layout: OutputLayout, source: string, suffix: string): string {
  const rel = relative(layout.srcDir, source).replace(/\.ts$/, "");
  return join(layout.outDir, `${rel}.${suffix}.ts`);
}

/** The entry glue of contract `contract` of `source`: the module `shortcrust build` bundles. */
export function entryPath(layout: OutputLayout, source: string, contract: string): string {
  return outputPath(layout, source, `${contract}.entry`);
}

/** A relative module specifier from one generated file to another file (no extension). */
export function specifier(fromFile: string, toFile: string): string {
  let r = relative(dirname(fromFile), toFile).replace(/\.ts$/, "").split(sep).join("/");
  if (!r.startsWith(".")) r = `./${r}`;
  return r;
}

/** A path relative to the project root, with forward slashes (for headers). */
export function projectPath(layout: OutputLayout, file: string): string {
  return relative(layout.root, file).split(sep).join("/");
}
