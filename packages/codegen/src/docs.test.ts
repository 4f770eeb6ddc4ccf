// The docs cannot rot: every ```ts block in docs/*.md and README.md is type-checked, as a file of
// a copy of the template project, and the blocks tagged `test` run as jest tests there. Tags
// (after the language, space-separated):
//   file=src/x.ts  the block is that file of the project (a contract, say); others may import it
//   test           the block is a jest test file in src/ (so `./generated/…` imports work); it is run
//   (none)         a module of its own in src/, type-checked only
// ```sh blocks are checked too: each `pnpm <script>` / `npm run <script>` names a script of the
// root or template package.json, and each `shortcrust <command>` a command of the CLI.
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import * as ts from "typescript";
import { runCli } from "./testing/cli";
import { createProgram } from "./cli/main";
import { templateDir } from "./cli/template";

const REPO = resolve(templateDir(), "..", "..");
const DOCS = [
  join(REPO, "README.md"),
  join(REPO, "templates", "contract", "README.md"),
  ...readdirSync(join(REPO, "docs"))
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => join(REPO, "docs", f)),
];

interface Block {
  readonly doc: string;
  /** Line of the block's first code line in the doc (1-based). */
  readonly line: number;
  readonly lang: string;
  readonly tags: Map<string, string>;
  readonly code: string;
}

function blocksOf(doc: string): Block[] {
  const lines = readFileSync(doc, "utf8").split("\n");
  const out: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = lines[i].match(/^```(\S+)(.*)$/);
    if (!open) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end])) end++;
    const tags = new Map(
      open[2]
        .trim()
        .split(/\s+/)
        .filter(Boolean)
        .map((t) => [t.split("=")[0], t.split("=")[1] ?? ""] as [string, string]),
    );
    out.push({
      doc,
      line: start + 1,
      lang: open[1],
      tags,
      code: lines.slice(start, end).join("\n"),
    });
    i = end;
  }
  return out;
}

const blocks = DOCS.flatMap(blocksOf);
const tsBlocks = blocks.filter((b) => b.lang === "ts" || b.lang === "typescript");
const where = (b: Block) => `${relative(REPO, b.doc)}:${b.line}`;

describe("docs", () => {
  const scratch = join(templateDir(), `.docs-check-${process.pid}`);
  /** Scratch path → the block it came from. */
  const origin = new Map<string, Block>();
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  beforeAll(async () => {
    rmSync(scratch, { recursive: true, force: true });
    mkdirSync(scratch);
    cpSync(join(templateDir(), "src"), join(scratch, "src"), {
      recursive: true,
      filter: (src) => !src.endsWith(".test.ts") && !src.includes(`${join("src", "generated")}`),
    });
    cpSync(join(templateDir(), "shortcrust.config.json"), join(scratch, "shortcrust.config.json"));
    tsBlocks.forEach((b, n) => {
      const name = `${relative(REPO, b.doc).replace(/[^\w]+/g, "_")}_${n}`;
      const path = b.tags.has("file")
        ? join(scratch, b.tags.get("file")!)
        : join(scratch, "src", b.tags.has("test") ? `${name}.doc.test.ts` : `${name}.doc.ts`);
      if (origin.has(path)) throw new Error(`${where(b)}: ${b.tags.get("file")} is defined twice`);
      origin.set(path, b);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, `${b.code}\n`);
    });
    const r = await runCli("codegen", "--root", scratch, "--no-scaffolds");
    if (r.code !== 0) throw new Error(`codegen of the docs' files failed:\n${r.err}`);
  }, 60_000);

  it("has ts blocks, including runnable ones", () => {
    expect(tsBlocks.length).toBeGreaterThan(10);
    expect(tsBlocks.filter((b) => b.tags.has("test")).length).toBeGreaterThan(3);
    for (const b of tsBlocks) {
      for (const t of b.tags.keys())
        expect({ at: where(b), tag: t }).toEqual({
          at: where(b),
          tag: expect.stringMatching(/^(file|test)$/),
        });
    }
  });

  it("every ts block type-checks (errors at their line in the doc)", () => {
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of readdirSync(d, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(d, e.name));
        else if (e.name.endsWith(".ts")) files.push(join(d, e.name));
      }
    };
    walk(join(scratch, "src"));
    const program = ts.createProgram(files, {
      target: ts.ScriptTarget.ES2022,
      lib: ["lib.es2022.d.ts"],
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      strict: true,
      skipLibCheck: true,
      noEmit: true,
      isolatedModules: true,
      esModuleInterop: true,
      types: ["node", "jest"],
      typeRoots: [join(REPO, "node_modules", "@types")],
    });
    const errors = ts.getPreEmitDiagnostics(program).map((d) => {
      const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
      if (!d.file || d.start === undefined) return text;
      const { line } = d.file.getLineAndCharacterOfPosition(d.start);
      const b = origin.get(resolve(d.file.fileName));
      return b
        ? `${relative(REPO, b.doc)}:${b.line + line}: ${text}`
        : `${d.file.fileName}:${line + 1}: ${text}`;
    });
    expect(errors).toEqual([]);
  }, 120_000);

  it("every block tagged `test` passes", () => {
    const config = {
      rootDir: scratch,
      testEnvironment: "node",
      testEnvironmentOptions: { customExportConditions: ["source", "node", "require", "default"] },
      testMatch: ["**/src/*.doc.test.ts"],
      transformIgnorePatterns: ["/node_modules/(?!(?:\\.pnpm/[^/]+/node_modules/)?@noble/)"],
      transform: {
        "^.+\\.(t|j)s$": [
          require.resolve("@swc/jest"),
          {
            jsc: { parser: { syntax: "typescript" }, target: "es2022" },
            module: { type: "commonjs" },
          },
        ],
      },
      testTimeout: 60_000,
    };
    const report = join(scratch, "jest.json");
    const r = spawnSync(
      process.execPath,
      [
        require.resolve("jest/bin/jest"),
        "--config",
        JSON.stringify(config),
        "--json",
        `--outputFile=${report}`,
      ],
      { cwd: scratch, encoding: "utf8" },
    );
    const results = JSON.parse(readFileSync(report, "utf8")) as {
      numPassedTests: number;
      testResults: { name: string; status: string; message: string }[];
    };
    const failed = results.testResults
      .filter((t) => t.status !== "passed")
      .map((t) => `${where(origin.get(resolve(t.name))!)}: ${t.message}`);
    expect(failed).toEqual([]);
    expect(r.status).toBe(0);
    expect(results.testResults.length).toBe(tsBlocks.filter((b) => b.tags.has("test")).length);
  }, 300_000);

  it("every sh command names a real script or CLI command", () => {
    const scripts = new Set(
      [join(REPO, "package.json"), join(templateDir(), "package.json")].flatMap((p) =>
        Object.keys(JSON.parse(readFileSync(p, "utf8")).scripts ?? {}),
      ),
    );
    const commands = new Set(createProgram().commands.map((c) => c.name()));
    const bad: string[] = [];
    for (const b of blocks.filter((x) => x.lang === "sh")) {
      for (const cmd of b.code.split(/\n|&&/).map((l) => l.replace(/#.*/, "").trim())) {
        const m =
          cmd.match(/^(?:pnpm|npm) run (\S+)/) ??
          cmd.match(/^pnpm (?!install|add|exec|i\b|--|-)(\S+)/) ??
          cmd.match(/^npm (test)\b/);
        if (m && !scripts.has(m[1])) bad.push(`${where(b)}: no script "${m[1]}"`);
        const c = cmd.match(/\bshortcrust (\S+)/);
        if (c && !commands.has(c[1]) && !c[1].startsWith("-")) {
          bad.push(`${where(b)}: no command "shortcrust ${c[1]}"`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it("every relative link names a file, and a heading there, that exists", () => {
    const tracked = spawnSync("git", ["ls-files", "*.md"], { cwd: REPO, encoding: "utf8" });
    const docs = tracked.stdout.split("\n").filter(Boolean);
    expect(docs.length).toBeGreaterThan(DOCS.length);
    // GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes.
    const slug = (h: string) =>
      h
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N} _-]/gu, "")
        .replace(/ /g, "-");
    const anchors = (file: string) =>
      new Set(
        readFileSync(file, "utf8")
          .split("\n")
          .filter((l) => /^#{1,6} /.test(l))
          .map((l) => slug(l.replace(/^#+ /, ""))),
      );
    const bad: string[] = [];
    for (const doc of docs) {
      const text = readFileSync(join(REPO, doc), "utf8").replace(/```[^]*?```/g, "");
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/.test(target) || target.startsWith("#")) continue;
        const [path, anchor] = target.split("#");
        const file = resolve(REPO, dirname(doc), path);
        if (!existsSync(file)) bad.push(`${doc}: ${target}: no such file`);
        else if (anchor && file.endsWith(".md") && !anchors(file).has(anchor)) {
          bad.push(`${doc}: ${target}: no heading #${anchor}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });
});
