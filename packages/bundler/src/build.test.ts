import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeArtifact } from "@shortcrust/artifact";
import { buildArtifact } from "./build";
import { isBundleError } from "./errors";

describe("buildArtifact", () => {
  it("refuses an entry that registers no contract (a contract's source), saying what to build", async () => {
    const dir = mkdtempSync(join(tmpdir(), "shortcrust-build-"));
    try {
      const source = join(dir, "verifier.ts");
      writeFileSync(
        source,
        `/** @contract */\nexport class Verifier { n = 0n; check(): bigint { return this.n; } }\n`,
      );
      await expect(buildArtifact({ entry: source })).rejects.toThrow(
        `${source}: does not register a contract, so its artifact could never deploy`,
      );
      const e = await buildArtifact({ entry: source }).catch((x: unknown) => x);
      expect(isBundleError(e) && e.hint).toMatch(/entry glue/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("names a syntax error's place as codegen does (1-based column)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "shortcrust-build-"));
    try {
      const source = join(dir, "bad.ts");
      writeFileSync(source, "export const a = 1;\nexport const b = (a +);\n");
      await expect(buildArtifact({ entry: source })).rejects.toThrow(
        new RegExp(`^${source.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:2:22: `),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("gives the same bytes wherever the project, its dependencies and the working directory are", async () => {
    const root = mkdtempSync(join(tmpdir(), "shortcrust-where-"));
    const project = (dir: string, name: string): string => {
      mkdirSync(join(dir, "src"), { recursive: true });
      writeFileSync(join(dir, "package.json"), JSON.stringify({ name }));
      writeFileSync(
        join(dir, "src", "lib.ts"),
        `export const answer = (): Uint8Array => new Uint8Array([42]);\n`,
      );
      writeFileSync(
        join(dir, "src", "counter.ts"),
        `import { registerContract } from "@shortcrust/sdk";\nimport { answer } from "./lib";\nregisterContract({ name: "counter", functions: ["answer"], dispatch: () => answer() });\n`,
      );
      return join(dir, "src", "counter.ts");
    };
    try {
      const a = await buildArtifact({ entry: project(join(root, "a"), "first") });
      const b = await buildArtifact({ entry: project(join(root, "b", "deeper", "x"), "second") });
      expect(Buffer.from(b).equals(Buffer.from(a))).toBe(true);
      const code = decodeArtifact(a).code;
      expect(code).not.toContain(root);
      expect(code).not.toContain(tmpdir());
      expect(code).toContain("// shortcrust:./src/counter.ts");
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("refuses two copies of one package, which one module name would merge", async () => {
    const root = mkdtempSync(join(tmpdir(), "shortcrust-twice-"));
    const write = (path: string, text: string) => {
      mkdirSync(join(root, path, ".."), { recursive: true });
      writeFileSync(join(root, path), text);
    };
    write("package.json", JSON.stringify({ name: "app" }));
    write(
      "src/c.ts",
      `import { a } from "dep-a";\nimport { b } from "dep-b";\nexport const x = a + b;\n`,
    );
    for (const [dep, v] of [
      ["dep-a", 1],
      ["dep-b", 2],
    ] as const) {
      write(`node_modules/${dep}/package.json`, JSON.stringify({ name: dep, main: "index.js" }));
      write(`node_modules/${dep}/index.js`, `exports.${dep.slice(-1)} = require("shared").v;\n`);
      const shared = `node_modules/${dep}/node_modules/shared`;
      write(`${shared}/package.json`, JSON.stringify({ name: "shared", main: "index.js" }));
      write(`${shared}/index.js`, `exports.v = ${v};\n`);
    }
    try {
      let err: unknown;
      try {
        await buildArtifact({ entry: join(root, "src", "c.ts") });
      } catch (e) {
        err = e;
      }
      expect(isBundleError(err)).toBe(true);
      expect((err as Error).message).toMatch(
        /two files would be bundled as one module shared\/index\.js/,
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
