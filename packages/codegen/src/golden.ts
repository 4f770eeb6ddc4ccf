/**
 * The golden corpus: each fixture project under `fixtures/<name>/` is generated into
 * `fixtures/__golden__/<name>/`. `pnpm --filter @shortcrust/codegen golden` rewrites them;
 * golden.test.ts fails on any drift.
 */
import { readdirSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { generate, type GenerateResult } from "./pipeline";

export const FIXTURES = join(__dirname, "fixtures");
/** Fixture projects (diagnostics/ holds invalid input on purpose). */
export const GOLDEN_FIXTURES = ["vectors", "project", "bench"];

/** The `.ts` inputs under `dir` (not tests), sorted. */
export function tsFiles(dir: string): string[] {
  return readdirSync(dir)
    .flatMap((n) => {
      const p = join(dir, n);
      if (statSync(p).isDirectory()) return tsFiles(p);
      return n.endsWith(".ts") && !n.endsWith(".test.ts") ? [p] : [];
    })
    .sort();
}

export async function generateFixture(name: string): Promise<GenerateResult> {
  const srcDir = join(FIXTURES, name);
  return generate({
    root: FIXTURES,
    srcDir,
    outDir: join(FIXTURES, "__golden__", name),
    files: tsFiles(srcDir),
    scaffolds: true,
  });
}

/**
 * Where a fixture's test scaffold is kept in the corpus: `__golden__/<name>/<C>.test.ts.golden`
 * (not `.ts`, so that neither jest nor tsc takes the copy for a test of the fixture).
 */
export function scaffoldGoldenPath(name: string, scaffold: string): string {
  return join(FIXTURES, "__golden__", name, `${basename(scaffold)}.golden`);
}
