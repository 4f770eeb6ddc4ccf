import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, relative } from "node:path";
import { FIXTURES, GOLDEN_FIXTURES, generateFixture, scaffoldGoldenPath } from "./golden";
import { formatDiagnostic } from "./ir/diagnostics";

// SHORTCRUST_UPDATE_GOLDEN=1 (the package's `golden` script) rewrites the corpus instead.
const update = process.env.SHORTCRUST_UPDATE_GOLDEN === "1";

describe("golden corpus", () => {
  for (const name of GOLDEN_FIXTURES) {
    it(`fixtures/${name} generates exactly the committed output`, async () => {
      const r = await generateFixture(name);
      expect(r.diagnostics.map((d) => formatDiagnostic(d))).toEqual([]);
      expect(r.files.size).toBeGreaterThan(0);
      const scaffolds = [...r.scaffolds].map(([p, t]) => [scaffoldGoldenPath(name, p), t] as const);
      for (const [path, text] of [...r.files, ...scaffolds]) {
        if (update) {
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(path, text);
          continue;
        }
        const rel = relative(FIXTURES, path);
        expect({ rel, exists: existsSync(path) }).toEqual({ rel, exists: true });
        expect({ rel, text: readFileSync(path, "utf8") }).toEqual({ rel, text });
      }
    });
  }

  it("is deterministic: generating twice gives the same bytes", async () => {
    const a = await generateFixture("vectors");
    const b = await generateFixture("vectors");
    expect([...a.files]).toEqual([...b.files]);
  });
});
