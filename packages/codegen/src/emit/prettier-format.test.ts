// `format: "prettier"`: generated modules laid out by prettier 3 with the pinned config pass
// `prettier --check` with it, name the formatter in their header, and behave as the default
// output does (the vectors' codecs, loaded from the prettier-formatted text).
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import type { Codec } from "@shortcrust/sdk";
import { fixtureModules } from "../testing/fixture-modules";
import { loadModule } from "../testing/compile";
import { hex, loadVectors, supported } from "../testing/vectors";
import { VECTOR_TYPES } from "../fixtures/vectors/shapes";
import { PRETTIER_CONFIG, formatWithPrettier } from "./prettier";

/** `prettier --check` (the CLI, as a user runs it) over `files` with the pinned config. */
function prettierCheck(files: [string, string][]): { code: number; out: string } {
  const dir = mkdtempSync(join(tmpdir(), "sc-prettier-"));
  const { parser: _parser, ...config } = PRETTIER_CONFIG;
  writeFileSync(join(dir, ".prettierrc.json"), JSON.stringify(config));
  for (const [path, text] of files) writeFileSync(join(dir, basename(path)), text);
  const bin = join(require.resolve("prettier"), "..", "bin", "prettier.cjs");
  try {
    return {
      code: 0,
      out: execFileSync(process.execPath, [bin, "--check", "*.ts"], { cwd: dir }).toString(),
    };
  } catch (e) {
    const err = e as { status: number; stdout: Buffer; stderr: Buffer };
    return { code: err.status, out: `${err.stdout}${err.stderr}` };
  }
}

describe('format: "prettier"', () => {
  it("lays out every module of fixtures/project so that prettier --check passes", async () => {
    const all = fixtureModules("project");
    expect(all.length).toBeGreaterThan(5);
    const texts = await formatWithPrettier(all.map(([, m]) => m.raw("prettier")));
    expect(prettierCheck(all.map(([path], i) => [path, texts[i]]))).toEqual({
      code: 0,
      out: expect.stringMatching(/All matched files use Prettier code style/),
    });
    for (const [i, [, m]] of all.entries()) {
      expect(texts[i].split("\n")[2]).toMatch(/^\/\/ options: .*\bformat=prettier\b/);
      // The default layout is not prettier's (so the check can fail) and names no formatter.
      const fast = m.print();
      expect(fast.split("\n")[2]).not.toMatch(/format=/);
    }
    expect(prettierCheck(all.map(([path, m]) => [path, m.print()])).code).toBe(1);
  });

  it("formats codecs that still pass every rkyv 0.7 vector", async () => {
    const [, codecs] = fixtureModules("vectors").find(([p]) => p.endsWith(".codec.ts"))!;
    const [text] = await formatWithPrettier([codecs.raw("prettier")]);
    const mod = loadModule(text);
    const cases = loadVectors().cases.filter((c) => supported(c.rustType));
    expect(cases.length).toBeGreaterThan(50);
    for (const c of cases) {
      const k = mod[VECTOR_TYPES[c.rustType] ?? c.rustType] as Codec;
      expect({ name: c.name, bytes: hex(k.archive(k.fromJson(c.value))) }).toEqual({
        name: c.name,
        bytes: c.bytes,
      });
    }
  });
});
