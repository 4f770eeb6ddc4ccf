// The cases of "the CLI never loses a user's work and never says done when it is not": each was
// seen failing against the old codegen (which deleted every .ts under outDir it did not produce).
import {
  existsSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { runCli as run } from "../testing/cli";
import { tempProject } from "../testing/project";

const POINT = `import type { i32 } from "@shortcrust/sdk";\n/** @archive */\nexport interface Point { x: i32; y: i32 }\n`;
const UTIL = `export const twice = (n: number): number => 2 * n;\n`;
const COUNTER = `import type { u64 } from "@shortcrust/sdk";
/** @contract */
export class Counter {
  v: u64 = 0n;
  bump(): u64 {
    this.v +;
    return this.v;
  }
}
`;

describe("codegen writes only what it owns", () => {
  it("refuses --out-dir equal to srcDir, deletes nothing, exits 1", async () => {
    const root = tempProject({ "src/point.ts": POINT, "src/util.ts": UTIL });
    const r = await run("codegen", "--root", root, "--out-dir", "src");
    expect(r).toMatchObject({ code: 1, out: "" });
    expect(r.err).toBe(
      'shortcrust codegen: --out-dir "src" is srcDir; nothing was written\n' +
        "  hint: generated files need a folder of their own, such as src/generated (the default)\n",
    );
    expect(readdirSync(join(root, "src")).sort()).toEqual(["point.ts", "util.ts"]);
  });

  it("refuses an --out-dir that is a symlink to srcDir (found by a user trial)", async () => {
    const root = tempProject({ "src/point.ts": POINT, "src/util.ts": UTIL });
    symlinkSync(join(root, "src"), join(root, "srclink"));
    const r = await run("codegen", "--root", root, "--out-dir", "srclink");
    expect(r).toMatchObject({ code: 1, out: "" });
    expect(r.err).toMatch(
      /^shortcrust codegen: --out-dir "srclink" is srcDir; nothing was written\n/,
    );
    expect(readdirSync(join(root, "src")).sort()).toEqual(["point.ts", "util.ts"]);
  });

  it('refuses "outDir": "." in the config with the place of the key', async () => {
    const root = tempProject({
      "src/point.ts": POINT,
      "src/util.ts": UTIL,
      "shortcrust.config.json": `{\n  "srcDir": "src",\n  "outDir": "."\n}\n`,
    });
    const r = await run("codegen", "--root", root);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /^\S*shortcrust\.config\.json:3:13: outDir "\." is the project root; nothing was written\n/,
    );
    expect(readFileSync(join(root, "src", "util.ts"), "utf8")).toBe(UTIL);
  });

  it("keeps a hand-written file in outDir, and removes only its own stale outputs", async () => {
    const root = tempProject({ "src/point.ts": POINT, "lib/util.ts": UTIL });
    const first = await run("codegen", "--root", root, "--out-dir", "lib");
    expect(first).toMatchObject({ code: 0, err: "" });
    expect(first.out).toMatch(/^2 generated files in \S*lib: 2 changed\n$/);
    // The source goes: its outputs go with it; the user's file stays.
    writeFileSync(join(root, "src", "point.ts"), POINT.replace("/** @archive */\n", ""));
    writeFileSync(join(root, "src", "other.ts"), POINT.replace("Point", "Other"));
    const second = await run("codegen", "--root", root, "--out-dir", "lib");
    expect(second.out).toMatch(
      /^2 generated files in \S*lib: 2 changed, 2 removed\nremoved \S*lib\/point\.codec\.ts \(generated, no longer produced\)\nremoved \S*lib\/point\.json\.ts \(generated, no longer produced\)\n$/,
    );
    expect(readdirSync(join(root, "lib")).sort()).toEqual([
      "other.codec.ts",
      "other.json.ts",
      "util.ts",
    ]);
    expect(readFileSync(join(root, "lib", "util.ts"), "utf8")).toBe(UTIL);
    // --check does not call a hand-written file stale.
    expect((await run("codegen", "--root", root, "--out-dir", "lib", "--check")).code).toBe(0);
  });

  it("keeps generated files of another project's sources in a shared outDir", async () => {
    const root = tempProject({ "src/point.ts": POINT });
    expect((await run("codegen", "--root", root, "--out-dir", "gen")).code).toBe(0);
    const theirs = join(root, "gen", "theirs.codec.ts");
    const text = readFileSync(join(root, "gen", "point.codec.ts"), "utf8").replace(
      "// source: src/point.ts",
      "// source: ../elsewhere/theirs.ts",
    );
    writeFileSync(theirs, text);
    expect((await run("codegen", "--root", root, "--out-dir", "gen")).out).toMatch(
      /: none changed\n$/,
    );
    expect(readFileSync(theirs, "utf8")).toBe(text);
  });

  it("never overwrites a file it did not write at an output path", async () => {
    const root = tempProject({ "src/point.ts": POINT, "lib/point.codec.ts": UTIL });
    const r = await run("codegen", "--root", root, "--out-dir", "lib");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /lib\/point\.codec\.ts:1:1: exists and was not written by shortcrust codegen \(no @generated header\); it would be overwritten\n {2}hint: move or rename it, or choose another outDir\nshortcrust codegen: 1 error; nothing was written\n$/,
    );
    expect(readFileSync(join(root, "lib", "point.codec.ts"), "utf8")).toBe(UTIL);
    expect(existsSync(join(root, "lib", "point.json.ts"))).toBe(false);
  });

  it("rewrites nothing when nothing changed (mtimes stay) and says how many changed", async () => {
    const root = tempProject({ "src/point.ts": POINT, "src/b.ts": POINT.replace("Point", "B") });
    expect((await run("codegen", "--root", root)).out).toMatch(
      /^4 generated files in \S*src\/generated: 4 changed\n$/,
    );
    const file = join(root, "src", "generated", "point.codec.ts");
    const before = statSync(file).mtimeMs;
    await new Promise((r) => setTimeout(r, 20));
    expect((await run("codegen", "--root", root)).out).toMatch(
      /^4 generated files in \S+: none changed\n$/,
    );
    expect(statSync(file).mtimeMs).toBe(before);
    writeFileSync(
      join(root, "src", "b.ts"),
      POINT.replace("Point", "B").replace("y: i32", "y: i64"),
    );
    expect((await run("codegen", "--root", root)).out).toMatch(/: 2 changed\n$/);
    expect(statSync(file).mtimeMs).toBe(before);
    expect(readdirSync(join(root, "src", "generated")).filter((n) => n.includes("tmp"))).toEqual(
      [],
    );
  });

  it("names where test scaffolds really go", async () => {
    const root = tempProject({
      "src/c.ts": COUNTER.replace("this.v +;", "this.v += 1n;"),
    });
    const r = await run("codegen", "--root", root);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(
      /^\d+ generated files in \S*src\/generated: \d+ changed\nwrote test scaffold \S*src\/Counter\.test\.ts\n {2}\(a contract without its <Contract>\.test\.ts gets one; --no-scaffolds or "scaffolds": false in shortcrust\.config\.json turns this off\)\n$/,
    );
    expect(existsSync(join(root, "src", "Counter.test.ts"))).toBe(true);
  });
});

describe("codegen never says done when it is not", () => {
  it("a syntax error in a contract is a located error; nothing is written", async () => {
    const root = tempProject({ "src/counter.ts": COUNTER });
    const r = await run("codegen", "--root", root);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^\S*src\/counter\.ts:6:13: Expression expected\.\n/);
    expect(existsSync(join(root, "src", "generated"))).toBe(false);
    expect(existsSync(join(root, "src", "Counter.test.ts"))).toBe(false);

    writeFileSync(
      join(root, "src", "counter.ts"),
      COUNTER.replace("this.v +;", "this.v += 1n;").replace(/}\n$/, ""),
    );
    const brace = await run("codegen", "--root", root);
    expect(brace.code).toBe(1);
    expect(brace.err).toMatch(/src\/counter\.ts:\d+:\d+: '}' expected\./);
  });

  it("a missing srcDir or --root is an error, not 'wrote 0 files'", async () => {
    const root = tempProject({ "src/point.ts": POINT });
    const src = await run("codegen", "--root", root, "--src-dir", "contracts");
    expect(src).toMatchObject({ code: 1, out: "" });
    expect(src.err).toMatch(
      /^shortcrust codegen: --src-dir "contracts": no such directory \(\S+contracts\)\n  hint: /,
    );
    // A file given as srcDir, and a --config that is not there: the command and the setting.
    const file = await run("codegen", "--root", root, "--src-dir", "src/point.ts");
    expect(file).toMatchObject({ code: 1, out: "" });
    expect(file.err).toMatch(
      /^shortcrust codegen: --src-dir "src\/point\.ts": a file, not a directory \(\S+point\.ts\)\n  hint: /,
    );
    const config = await run("codegen", "--root", root, "--config", "missing.json");
    expect(config).toMatchObject({ code: 1, out: "" });
    expect(config.err).toMatch(
      /^shortcrust codegen: --config missing\.json: no such file \(\S+missing\.json\)\n  hint: /,
    );
    const noRoot = await run("codegen", "--root", join(root, "nope"));
    expect(noRoot).toMatchObject({ code: 1, out: "" });
    expect(noRoot.err).toMatch(/^shortcrust codegen: --root \S+nope: no such directory\n$/);
    writeFileSync(join(root, "shortcrust.config.json"), `{ "srcDir": "lib" }`);
    const cfg = await run("codegen", "--root", root);
    expect(cfg.err).toMatch(/shortcrust\.config\.json:1:13: srcDir "lib": no such directory/);
    expect(cfg.err).toMatch(/\n  hint: create it, or set srcDir/);
    // Run outside a project (no config, no src): the hint says where it looked.
    const elsewhere = tempProject({});
    const lost = await run("codegen", "--root", elsewhere);
    expect(lost.err).toMatch(
      /srcDir "src": no such directory \(\S+\)\n  hint: \S+ has no shortcrust\.config\.json: run this in the project's folder, or pass --root <project>\n$/,
    );
    const empty = tempProject({ "src/readme.md": "" });
    const none = await run("codegen", "--root", empty);
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/^shortcrust codegen: no input files under \S*src\n/);
  });
});
