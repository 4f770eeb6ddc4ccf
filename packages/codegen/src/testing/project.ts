import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generate } from "../pipeline";

/** A throwaway project directory (outside the repository) holding `files`. */
export function tempProject(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "sc-proj-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, ".."), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

/**
 * A throwaway project with `sources` under `src/` (name → text), generated into `gen/` as
 * `shortcrust codegen --no-scaffolds` would and written out: what a test or bench that builds
 * generated glue starts from. Fails with the diagnostics if there are any.
 */
export async function generatedProject(
  sources: Record<string, string>,
): Promise<{ dir: string; files: ReadonlyMap<string, string> }> {
  const dir = tempProject(
    Object.fromEntries(Object.entries(sources).map(([name, text]) => [`src/${name}`, text])),
  );
  const g = await generate({
    root: dir,
    srcDir: "src",
    outDir: "gen",
    files: Object.keys(sources).map((name) => `src/${name}`),
    scaffolds: false,
  });
  if (g.diagnostics.length) {
    throw new Error(`codegen failed: ${JSON.stringify(g.diagnostics, null, 2)}`);
  }
  for (const [path, text] of g.files) {
    mkdirSync(join(path, ".."), { recursive: true });
    writeFileSync(path, text);
  }
  return { dir, files: g.files };
}
