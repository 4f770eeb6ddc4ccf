import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli as run } from "../testing/cli";
import { optionsOf, regenerate, regenerateDiscovering } from "./codegen";
import { generate } from "../pipeline";
import { templateDir } from "./template";

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "sc-proj-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, ".."), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

const POINT = `import type { i32 } from "@shortcrust/sdk";\n/** @archive */\nexport interface Point { x: i32; y: i32 }\n`;
const LINE = `import type { Vec } from "@shortcrust/sdk";\nimport type { Point } from "./point";\n/** @archive */\nexport interface Line { points: Vec<Point> }\n`;

/** The `file:line:col: message` lines of a run's stderr, paths from `src/` on. */
function errorLines(err: string): string[] {
  return err
    .split("\n")
    .filter((l) => /^\S+:\d+:\d+: /.test(l))
    .map((l) => l.replace(/^\S*?(src\/)/, "$1"));
}

describe("shortcrust codegen", () => {
  it("generates, then --check passes; an edit makes --check fail", async () => {
    const root = project({ "src/point.ts": POINT, "src/line.ts": LINE });
    const r = await run("codegen", "--root", root);
    expect(r).toMatchObject({ code: 0, err: "" });
    expect(readdirSync(join(root, "src", "generated")).sort()).toEqual([
      "line.codec.ts",
      "line.json.ts",
      "point.codec.ts",
      "point.json.ts",
    ]);
    expect((await run("codegen", "--root", root, "--check")).code).toBe(0);
    writeFileSync(join(root, "src", "point.ts"), POINT.replace("y: i32", "y: i32; z: i32"));
    const stale = await run("codegen", "--root", root, "--check");
    expect(stale.code).toBe(1);
    expect(stale.err).toMatch(/^shortcrust codegen --check: 3 generated files are stale\n/);
    expect(stale.err).toContain(`hint: run shortcrust codegen --root ${root}\n`);
    expect(stale.err).toMatch(/point\.codec\.ts/);
  });

  it("reports every error at once, exits 1 and writes nothing", async () => {
    const root = project({
      "src/a.ts": `/** @archive */\nexport interface A { d: Date; n: number }\n`,
      "src/b.ts": `/** @archive */\nexport interface B { f?: string }\n`,
    });
    const r = await run("codegen", "--root", root);
    expect(r.code).toBe(1);
    const lines = r.err.split("\n").filter((l) => /^\S+:\d+:\d+: /.test(l));
    expect(lines).toHaveLength(3);
    expect(r.err).toMatch(/src\/a\.ts:2:25: unsupported type 'Date'/);
    expect(r.err).toMatch(/shortcrust codegen: 3 errors; nothing was written/);
    expect(existsSync(join(root, "src", "generated"))).toBe(false);
  });

  it("an import of a file that is not there is one error at the import, listed in file order", async () => {
    const root = project({
      "src/w.ts": `import type { Gone } from "./gone";\n/** @archive */\nexport interface W { g: Gone; h: Gone; d: Date }\n`,
      "src/a.ts": `/** @archive */\nexport interface A { n: number }\n`,
    });
    const r = await run("codegen", "--root", root);
    expect(r.code).toBe(1);
    const lines = errorLines(r.err);
    expect(lines).toEqual([
      "src/a.ts:2:25: unsupported type 'number'",
      "src/w.ts:1:27: cannot find module './gone'",
      "src/w.ts:3:43: unsupported type 'Date'",
    ]);
  });

  it("Rust's map and result types, and names the SDK does not have, get hints of their own", async () => {
    const root = project({
      "src/m.ts": [
        `import type { u32, Foo } from "@shortcrust/sdk";`,
        `/** @archive */`,
        `export interface M { m: BTreeMap<u32, u32>; r: Result<u32, string>; f: Foo }`,
        ``,
      ].join("\n"),
    });
    const r = await run("codegen", "--root", root);
    expect(r.code).toBe(1);
    const text = r.err.replace(/\S*?(src\/)/g, "$1");
    expect(text).toMatch(
      /src\/m\.ts:3:25: unsupported type 'BTreeMap'\n {2}hint: BTreeMap is not in the input language yet .*not as Vec<\[K, V\]>/,
    );
    expect(text).toMatch(
      /src\/m\.ts:3:48: unsupported type 'Result'\n {2}hint: declare it as an enum: .*\{ case: "Ok"; value: T \} \| \{ case: "Err"; value: E \}/,
    );
    expect(text).toMatch(
      /src\/m\.ts:3:72: @shortcrust\/sdk has no type 'Foo'\n {2}hint: the types it has for archives: .*Bytes, FixedArray, Vec, Option, Box, ContractId, StateMap, StateVec/,
    );
  });

  it("a misspelt Shortcrust package is an error at the import, with the package meant", async () => {
    const root = project({
      "src/t.ts": `import type { u32 } from "@shortcrust/sdkk";\n/** @archive */\nexport interface T { n: u32 }\n`,
    });
    const r = await run("codegen", "--root", root);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /src\/t\.ts:1:26: cannot find module '@shortcrust\/sdkk'\n {2}hint: did you mean '@shortcrust\/sdk'\?/,
    );
    // What it imported is not reported again where it is used.
    expect(r.err).toMatch(/shortcrust codegen: 1 error; nothing was written/);
  });

  it("warns (and still generates) when a function assigns module-level state", async () => {
    const root = project({
      "src/tally.ts": [
        `import type { u32 } from "@shortcrust/sdk";`,
        `let calls = 0;`,
        `let seed = 7;`,
        `seed = seed * 2;`,
        `const LIMIT = 3;`,
        `/** @contract */`,
        `export class Tally {`,
        `  n: u32 = 0;`,
        `  count(): u32 {`,
        `    calls += 1;`,
        `    calls++;`,
        `    let local = 0;`,
        `    local = seed + LIMIT;`,
        `    return calls + local;`,
        `  }`,
        `}`,
        ``,
      ].join("\n"),
    });
    const r = await run("codegen", "--root", root, "--no-scaffolds");
    expect(r.code).toBe(0);
    const warnings = r.err.split("\n").filter((l) => l.startsWith("warning: "));
    // Once per binding, at its first assignment in a function; not `seed` (assigned at load).
    expect(warnings.map((l) => l.replace(/\S*?(src\/)/, "$1"))).toEqual([
      "warning: src/tally.ts:10:5: module-level 'calls' is assigned in a function, but every call starts from the module as loaded: its value does not last to the next call",
    ]);
    expect(r.err).toMatch(/hint: keep what must last in a field of the contract/);
    expect(existsSync(join(root, "src", "generated", "tally.Tally.entry.ts"))).toBe(true);
  });

  it("a #private state field is an error at the field (the entry glue could not reach it)", async () => {
    const root = project({
      "src/s.ts": `import type { u32 } from "@shortcrust/sdk";\n/** @contract */\nexport class S {\n  n: u32 = 0;\n  #secret: u32 = 1;\n}\n`,
    });
    const r = await run("codegen", "--root", root);
    expect(r.code).toBe(1);
    expect(errorLines(r.err)).toEqual([
      "src/s.ts:5:3: state field '#secret' is #private, which the generated entry glue cannot reach",
    ]);
    expect(r.err).toMatch(/hint: write private secret: …/);
  });

  it("a generic contract function is one error at its type parameter", async () => {
    const root = project({
      "src/g.ts": `import type { u32 } from "@shortcrust/sdk";\n/** @contract */\nexport class G {\n  n: u32 = 0;\n  same<T>(x: T): T { return x; }\n}\n`,
    });
    const r = await run("codegen", "--root", root);
    expect(r.code).toBe(1);
    expect(errorLines(r.err)).toEqual(["src/g.ts:5:8: contract function 'same' is generic"]);
  });

  it("an interface without @archive used in several places is one error at its declaration", async () => {
    const root = project({
      "src/r.ts": [
        `import type { Option, StateMap } from "@shortcrust/sdk";`,
        `import type { u8 } from "@shortcrust/sdk";`,
        `export interface Entry { n: u8 }`,
        `/** @contract\n * @event put Entry */`,
        `export class R {`,
        `  readonly m!: StateMap<string, Entry>;`,
        `  put(e: Entry): void {}`,
        `  get(): Option<Entry> { return null; }`,
        `}`,
        ``,
      ].join("\n"),
    });
    const r = await run("codegen", "--root", root);
    expect(r.code).toBe(1);
    const lines = errorLines(r.err);
    expect(lines).toEqual([
      "src/r.ts:3:1: Entry is an interface without /** @archive */ and has no archived form",
    ]);
    expect(r.err).toMatch(/shortcrust codegen: 1 error; nothing was written/);
  });
  it("validates shortcrust.config.json with a clear error", async () => {
    const root = project({
      "src/point.ts": POINT,
      "shortcrust.config.json": JSON.stringify({ srcDir: 3, outdir: "x" }),
    });
    const r = await run("codegen", "--root", root);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/shortcrust\.config\.json: invalid configuration/);
    expect(r.err).toMatch(/\/srcDir must be string/);
    expect(r.err).toMatch(/unknown key 'outdir' \(did you mean 'outDir'\?\)/);
    expect(r.err).toMatch(
      /hint: the keys are srcDir, outDir, buildDir, files, scaffolds, rust, format/,
    );
  });

  it("places a JSON mistake in shortcrust.config.json at its line and column", async () => {
    const root = project({
      "src/point.ts": POINT,
      "shortcrust.config.json": '{\n  "srcDir": "src",\n}\n',
    });
    const r = await run("codegen", "--root", root);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/shortcrust\.config\.json:3:1: expected a property name/);
  });

  it("suggests the value a misspelled one meant", async () => {
    const root = project({
      "src/point.ts": POINT,
      "shortcrust.config.json": JSON.stringify({ format: "pretty" }),
    });
    const r = await run("codegen", "--root", root);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/"fast", "prettier" \(did you mean 'prettier'\?\)\n/);
  });

  it("--format prettier (or format in the config) writes prettier's layout; --check follows it", async () => {
    const root = project({ "src/point.ts": POINT });
    const gen = join(root, "src", "generated", "point.codec.ts");
    expect(await run("codegen", "--root", root, "--format", "prettier")).toMatchObject({ code: 0 });
    expect(readFileSync(gen, "utf8").split("\n")[2]).toMatch(/format=prettier/);
    expect((await run("codegen", "--root", root, "--check", "--format", "prettier")).code).toBe(0);
    // No format named anywhere: each file keeps the layout its header records, so a plain
    // --check agrees, and a plain run changes nothing.
    expect(await run("codegen", "--root", root, "--check")).toMatchObject({ code: 0, err: "" });
    expect((await run("codegen", "--root", root)).out).toMatch(/: none changed\n/);
    expect(readFileSync(gen, "utf8").split("\n")[2]).toMatch(/format=prettier/);
    writeFileSync(join(root, "shortcrust.config.json"), JSON.stringify({ format: "prettier" }));
    expect((await run("codegen", "--root", root, "--check")).code).toBe(0);
    // A format named in the config wins, and --check says the difference is the layout.
    writeFileSync(join(root, "shortcrust.config.json"), JSON.stringify({ format: "fast" }));
    const other = await run("codegen", "--root", root, "--check");
    expect(other.code).toBe(1);
    expect(other.err).toMatch(
      /point\.codec\.ts \(laid out with format=prettier; the configuration asks for fast\)/,
    );

    const bad = await run("codegen", "--root", root, "--format", "black");
    expect(bad).toMatchObject({ code: 1 });
    expect(bad.err).toMatch(/--format black: expected fast or prettier/);
    writeFileSync(join(root, "shortcrust.config.json"), JSON.stringify({ format: "black" }));
    const badConfig = await run("codegen", "--root", root);
    expect(badConfig.code).toBe(1);
    expect(badConfig.err).toMatch(
      /\/format must be equal to one of the allowed values: "fast", "prettier"/,
    );
  });

  it("writes a test scaffold once and never overwrites it", async () => {
    const contract = `import type { u64 } from "@shortcrust/sdk";\n/** @contract */\nexport class C { n: u64 = 0n; get_n(): u64 { return this.n; } }\n`;
    const root = project({ "src/c.ts": contract });
    expect((await run("codegen", "--root", root)).code).toBe(0);
    const scaffold = join(root, "src", "C.test.ts");
    expect(readFileSync(scaffold, "utf8")).toMatch(
      /const r = c\.get_n\(\);\n\s*expect\(r\.gasSpent\)/,
    );
    writeFileSync(scaffold, "// mine\n");
    expect((await run("codegen", "--root", root)).code).toBe(0);
    expect(readFileSync(scaffold, "utf8")).toBe("// mine\n");
  });

  it("does not write a scaffold whose name differs only in case from a test beside it", async () => {
    const contract = `import type { u64 } from "@shortcrust/sdk";\n/** @contract */\nexport class Auction { n: u64 = 0n; get_n(): u64 { return this.n; } }\n`;
    const root = project({ "src/auction.ts": contract, "src/auction.test.ts": "// mine\n" });
    const r = await run("codegen", "--root", root);
    expect(r.code).toBe(0);
    expect(readdirSync(join(root, "src")).filter((n) => n.endsWith(".test.ts"))).toEqual([
      "auction.test.ts",
    ]);
    expect(r.err).toMatch(
      /warning: not writing the test scaffold \S*src\/Auction\.test\.ts: \S*src\/auction\.test\.ts differs from its name only in case/,
    );
    expect(r.out).not.toMatch(/wrote test scaffold/);
  });

  it("watch: regenerates only the edited file and the files that depend on it", async () => {
    const root = project({
      "src/point.ts": POINT,
      "src/line.ts": LINE,
      "src/other.ts": `import type { u8 } from "@shortcrust/sdk";\n/** @archive */\nexport interface Other { a: u8 }\n`,
    });
    expect((await run("codegen", "--root", root)).code).toBe(0);
    const options = optionsOf({ root });
    const first = await generate(options);
    writeFileSync(join(root, "src", "point.ts"), POINT.replace("y: i32", "y: i32; z: i32"));
    const { written } = await regenerate(
      options,
      first.project,
      first,
      new Set([join(root, "src", "point.ts")]),
    );
    // line.json.ts calls point.json.ts's validator and reads its definitions at run time, so it
    // does not change; line.codec.ts bakes Point's size in.
    expect(written.map((p) => p.slice(root.length + 1)).sort()).toEqual([
      "src/generated/line.codec.ts",
      "src/generated/point.codec.ts",
      "src/generated/point.json.ts",
    ]);
    expect((await run("codegen", "--root", root, "--check")).code).toBe(0);
  });

  it("watch: a file created under srcDir becomes an input, a deleted one takes its output along", async () => {
    const root = project({ "src/point.ts": POINT });
    expect((await run("codegen", "--root", root, "--no-scaffolds")).code).toBe(0);
    const options = { ...optionsOf({ root }), scaffolds: false };
    const first = await generate(options);
    expect(first.diagnostics).toEqual([]);
    const line = join(root, "src", "line.ts");
    writeFileSync(line, LINE);
    const added = await regenerateDiscovering(options, first.project, first, new Set([line]));
    expect(added.result.diagnostics).toEqual([]);
    expect(added.written.map((p) => p.slice(root.length + 1)).sort()).toEqual([
      "src/generated/line.codec.ts",
      "src/generated/line.json.ts",
    ]);
    expect(added.options.files).toContain(line);
    expect(existsSync(join(root, "src", "generated", "line.codec.ts"))).toBe(true);

    rmSync(line);
    const gone = await regenerateDiscovering(
      added.options,
      added.result.project,
      added.result,
      new Set([line]),
    );
    expect(gone.result.diagnostics).toEqual([]);
    expect(gone.removed.map((p) => p.slice(root.length + 1)).sort()).toEqual([
      "src/generated/line.codec.ts",
      "src/generated/line.json.ts",
    ]);
    expect(gone.options.files).not.toContain(line);
    expect(readdirSync(join(root, "src", "generated")).sort()).toEqual([
      "point.codec.ts",
      "point.json.ts",
    ]);
  });

  it("a removed contract's generated modules go, its test stays, and codegen names the test", async () => {
    const ping = `import type { u32 } from "@shortcrust/sdk";\n/** @contract */\nexport class Ping { n: u32 = 0; ping(): u32 { return this.n; } }\n`;
    const root = project({ "src/point.ts": POINT, "src/ping.ts": ping });
    expect((await run("codegen", "--root", root)).code).toBe(0);
    const test = join(root, "src", "Ping.test.ts");
    expect(existsSync(test)).toBe(true);
    rmSync(join(root, "src", "ping.ts"));
    const r = await run("codegen", "--root", root);
    expect(r.code).toBe(0);
    expect(existsSync(test)).toBe(true);
    expect(existsSync(join(root, "src", "generated", "ping.Ping.client.ts"))).toBe(false);
    expect(r.err).toBe(
      `warning: ${join(root, "src", "Ping.test.ts")} imports ${join(root, "src", "generated", "ping.Ping.client.ts")}, which codegen removed with its source: delete the test or change it\n`,
    );
    // Nothing to say once nothing more is removed.
    expect((await run("codegen", "--root", root)).err).toBe("");
  });

  it("watch: a contract whose collection holds an edited type regenerates its glue", async () => {
    const contract =
      `import type { u32, StateVec } from "@shortcrust/sdk";\nimport type { Point } from "./point";\n` +
      `/** @contract */\nexport class C { readonly points!: StateVec<Point>; count(): u32 { return this.points.length; } }\n`;
    const root = project({ "src/point.ts": POINT, "src/c.ts": contract });
    expect((await run("codegen", "--root", root, "--no-scaffolds")).code).toBe(0);
    const options = { ...optionsOf({ root }), scaffolds: false };
    const first = await generate(options);
    writeFileSync(join(root, "src", "point.ts"), POINT.replace("y: i32", "y: i32; z: i32"));
    const { written } = await regenerate(
      options,
      first.project,
      first,
      new Set([join(root, "src", "point.ts")]),
    );
    // The glue imports `Point`'s codec (it prints none of it), so its text is unchanged: what
    // is on disk is what a full run writes.
    expect(written.map((p) => p.slice(root.length + 1)).sort()).toEqual([
      "src/generated/point.codec.ts",
      "src/generated/point.json.ts",
    ]);
    const entry = join(root, "src", "generated", "c.C.entry.ts");
    expect(readFileSync(entry, "utf8")).toContain('import { Point } from "./point.codec";');
    expect(readFileSync(entry, "utf8")).toBe((await generate(options)).files.get(entry));
  });

  it("the contract template's generated files are up to date", async () => {
    const r = await run("codegen", "--root", templateDir(), "--check", "--no-scaffolds");
    expect(r).toMatchObject({ code: 0, err: "" });
  });
});
