import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { abiHash, decodeArtifact } from "@shortcrust/artifact";
import { runCli as run } from "../testing/cli";
import { tempProject } from "../testing/project";
import { templateDir } from "./template";

const COUNTER = `import type { u64 } from "@shortcrust/sdk";\n/** @contract */\nexport class Tally { n: u64 = 0n; bump(): u64 { this.n += 1n; return this.n; } }\n`;
const ECHO = `import type { u32 } from "@shortcrust/sdk";\n/** @contract */\nexport class Echo { echo(x: u32): u32 { return x; } }\n`;

describe("shortcrust build", () => {
  it("with no argument builds every contract of the project into the configured build dir", async () => {
    const root = tempProject({
      "src/tally.ts": COUNTER,
      "src/nested/echo.ts": ECHO,
      "shortcrust.config.json": JSON.stringify({ buildDir: "out/artifacts" }),
    });
    expect((await run("codegen", "--root", root, "--no-scaffolds")).code).toBe(0);
    const r = await run("build", "--root", root);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const lines = r.out.trim().split("\n");
    expect(lines[0]).toMatch(/out\/artifacts\/Echo\.scrt: \d+ bytes \(contract Echo\)$/);
    expect(lines[1]).toMatch(/out\/artifacts\/Tally\.scrt: \d+ bytes \(contract Tally\)$/);
    expect(lines[2]).toMatch(/^built 2 contracts into \S*out\/artifacts \(2 changed\)$/);
    for (const n of ["Echo", "Tally"]) {
      const bytes = readFileSync(join(root, "out", "artifacts", `${n}.scrt`));
      expect(bytes.subarray(0, 4).toString("latin1")).toBe("SCRT");
    }
    // Same sources, same bytes: nothing is rewritten.
    const mtime = statSync(join(root, "out", "artifacts", "Echo.scrt")).mtimeMs;
    const again = await run("build", "--root", root);
    expect(again.out).toMatch(/Echo\.scrt: \d+ bytes \(contract Echo\), unchanged/);
    expect(again.out).toMatch(/built 2 contracts into \S+ \(0 changed\)/);
    expect(statSync(join(root, "out", "artifacts", "Echo.scrt")).mtimeMs).toBe(mtime);
  });

  it("builds the same artifact for a contract whatever other contracts the project gains", async () => {
    // Both use shared shapes (tuples, Option, String); the second brings shapes of its own,
    // printed into the same shared.shapes.ts.
    const NOTES = `import type { u32, u64, Option } from "@shortcrust/sdk";\n/** @contract */\nexport class Notes { n: u64 = 0n; add(x: [u64, string], at: Option<u32>): [u64, u32] { this.n += x[0]; return [this.n, at ?? 0]; } }\n`;
    const OTHER = `import type { i16, u64, u128, Vec } from "@shortcrust/sdk";\n/** @contract */\nexport class Other { mix(a: [i16, u128, string], b: Vec<[u64, string]>): [u128, i16] { return [a[1], a[0]]; } }\n`;
    const root = tempProject({ "src/notes.ts": NOTES });
    expect((await run("codegen", "--root", root, "--no-scaffolds")).code).toBe(0);
    expect((await run("build", "--root", root)).code).toBe(0);
    const before = readFileSync(join(root, "build", "Notes.scrt"));
    writeFileSync(join(root, "src", "other.ts"), OTHER);
    expect((await run("codegen", "--root", root, "--no-scaffolds")).code).toBe(0);
    const again = await run("build", "--root", root);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/Notes\.scrt: \d+ bytes \(contract Notes\), unchanged/);
    expect(readFileSync(join(root, "build", "Notes.scrt")).equals(before)).toBe(true);
  });

  it("hashes each contract's ABI into its artifact: what it can be called with, not where", async () => {
    const POINT = `import type { u32 } from "@shortcrust/sdk";\n/** @archive */\nexport interface Point { x: u32; y: u32 }\n`;
    const SHAPES = `import type { u32 } from "@shortcrust/sdk";\nimport type { Point } from "./point";\n/** @contract */\nexport class Shapes { at(p: Point): u32 { return p.x; } }\n`;
    const hashOf = async (files: Record<string, string>, name: string) => {
      const root = tempProject(files);
      expect((await run("codegen", "--root", root, "--no-scaffolds")).code).toBe(0);
      expect((await run("build", "--root", root)).code).toBe(0);
      const all = decodeArtifact(readFileSync(join(root, "build", `${name}.scrt`)));
      // One entry built alone carries the same hash as the whole project's build.
      const entry = join(root, "src", "generated", `${name.toLowerCase()}.${name}.entry.ts`);
      const one = join(root, "one.scrt");
      expect((await run("build", "--root", root, entry, "--out", one)).code).toBe(0);
      expect(decodeArtifact(readFileSync(one)).abiHash).toEqual(all.abiHash);
      return Buffer.from(all.abiHash).toString("hex");
    };
    const empty = Buffer.from(await abiHash("")).toString("hex");
    const tally = await hashOf({ "src/tally.ts": COUNTER }, "Tally");
    const echo = await hashOf({ "src/echo.ts": ECHO }, "Echo");
    const renamed = await hashOf({ "src/tally.ts": COUNTER.replace(/bump/g, "bump2") }, "Tally");
    const moved = await hashOf({ "src/tally.ts": `\n\n${COUNTER}` }, "Tally");
    expect(new Set([empty, tally, echo, renamed]).size).toBe(4);
    expect(moved).toBe(tally);
    // A declared type's structure is part of it.
    const shapes = await hashOf({ "src/point.ts": POINT, "src/shapes.ts": SHAPES }, "Shapes");
    const wider = await hashOf(
      {
        "src/point.ts": POINT.replace("y: u32", "y: u64").replace("u32 }", "u32, u64 }"),
        "src/shapes.ts": SHAPES,
      },
      "Shapes",
    );
    expect(wider).not.toBe(shapes);
  });

  it("refuses stale or missing generated entries (run codegen first) and builds nothing", async () => {
    const root = tempProject({ "src/tally.ts": COUNTER });
    const missing = await run("build", "--root", root);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(
      /^shortcrust build: \d+ generated files are stale or missing; nothing was built\n/,
    );
    expect(missing.err).toMatch(/src\/generated\/tally\.Tally\.entry\.ts/);
    // The hint names the project, so it can be run as printed.
    expect(missing.err).toContain(`hint: run shortcrust codegen --root ${root} first`);
    expect((await run("codegen", "--root", root, "--no-scaffolds")).code).toBe(0);
    writeFileSync(join(root, "src", "tally.ts"), COUNTER.replace("bump()", "bump2()"));
    const stale = await run("build", "--root", root);
    expect(stale.code).toBe(1);
    expect(stale.err).toMatch(/tally\.Tally\.entry\.ts/);
    expect(existsSync(join(root, "build"))).toBe(false);
  });

  it("says so when the project has no contract", async () => {
    const root = tempProject({
      "src/p.ts": `import type { u8 } from "@shortcrust/sdk";\n/** @archive */\nexport interface P { a: u8 }\n`,
    });
    const r = await run("build", "--root", root);
    expect(r).toMatchObject({ code: 1, out: "" });
    expect(r.err).toMatch(/^shortcrust build: no @contract in \S*src\n  hint: /);
  });

  it("names a --root or srcDir that is not there, as codegen does (not 'no @contract')", async () => {
    const nowhere = join(tmpdir(), "sc-build-nowhere", "project");
    expect(await run("build", "--root", nowhere)).toMatchObject({
      code: 1,
      err: `shortcrust build: --root ${nowhere}: no such directory\n`,
    });
    const file = join(mkdtempSync(join(tmpdir(), "sc-build-file-")), "shortcrust.config.json");
    writeFileSync(file, "{}");
    expect(await run("build", "--root", file)).toMatchObject({
      code: 1,
      err: `shortcrust build: --root ${file}: a file, not a directory\n`,
    });
    const empty = mkdtempSync(join(tmpdir(), "sc-build-empty-"));
    const r = await run("build", "--root", empty);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /^shortcrust build: srcDir "src": no such directory \(\S*src\)\n  hint: \S+ has no shortcrust\.config\.json/,
    );
  });

  it("a located error for two contracts of one name (one artifact path), from codegen and build", async () => {
    const root = tempProject({ "src/a.ts": ECHO, "src/b/echo.ts": ECHO });
    const second =
      /src\/b\/echo\.ts:3:1: a second contract named 'Echo' \(the first is at src\/a\.ts:3:1\): both would be built to Echo\.scrt/;
    const g = await run("codegen", "--root", root);
    expect(g.code).toBe(1);
    expect(g.err).toMatch(second);
    expect(existsSync(join(root, "src", "b", "Echo.test.ts"))).toBe(false);
    const r = await run("build", "--root", root);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(second);
  });

  it("refuses a contract's source given as the entry, naming the entry to build", async () => {
    const root = tempProject({ "src/tally.ts": COUNTER });
    const r = await run("build", join(root, "src", "tally.ts"), "--root", root);
    expect(r).toMatchObject({ code: 1, out: "" });
    expect(r.err).toMatch(
      /^\S*src\/tally\.ts:3:1: 'Tally' is a contract's source, not its entry glue: its artifact could never deploy\n {2}hint: build \S*src\/generated\/tally\.Tally\.entry\.ts \(shortcrust codegen writes it\), or run `shortcrust build` alone to build every contract\n$/,
    );
    expect(existsSync(join(root, "build"))).toBe(false);
  });

  it("with an entry builds that contract's entry glue", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "sc-build-")), "counter.scrt");
    const entry = join(templateDir(), "src", "generated", "counter.Counter.entry.ts");
    const r = await run("build", entry, "--out", out);
    expect(r).toMatchObject({ code: 0, err: "" });
    expect(r.out).toMatch(/counter\.scrt: \d+ bytes \(contract Counter\)/);
    expect(Buffer.from(readFileSync(out).subarray(0, 4)).toString("latin1")).toBe("SCRT");
    // Built again over its own artifact: fine.
    expect((await run("build", entry, "--out", out)).code).toBe(0);
    const nope = await run("build", join(tmpdir(), "nope.entry.ts"));
    expect(nope.code).toBe(1);
    expect(nope.err).toMatch(/^shortcrust build: \S+nope\.entry\.ts: no such file\n  hint: /);
  });

  it("never overwrites what is not an artifact: a source given as --out, a directory, a file in buildDir", async () => {
    const root = tempProject({ "src/tally.ts": COUNTER });
    expect((await run("codegen", "--root", root, "--no-scaffolds")).code).toBe(0);
    const entry = join(root, "src", "generated", "tally.Tally.entry.ts");
    const source = join(root, "src", "tally.ts");
    const over = await run("build", entry, "--out", source, "--root", root);
    expect(over).toMatchObject({ code: 1, out: "" });
    expect(over.err).toMatch(
      /^shortcrust build: \S*src\/tally\.ts exists and is not a Shortcrust artifact; it would be overwritten\n {2}hint: /,
    );
    expect(readFileSync(source, "utf8")).toBe(COUNTER);
    const dir = await run("build", entry, "--out", join(root, "src"), "--root", root);
    expect(dir.code).toBe(1);
    expect(dir.err).toMatch(/^shortcrust build: \S*src is a directory, not an artifact file\n/);
    // The same rule for `build` alone: a file of the user's where an artifact would go.
    mkdirSync(join(root, "build"));
    writeFileSync(join(root, "build", "Tally.scrt"), "my notes\n");
    const all = await run("build", "--root", root);
    expect(all.code).toBe(1);
    expect(all.err).toMatch(/build\/Tally\.scrt exists and is not a Shortcrust artifact/);
    expect(readFileSync(join(root, "build", "Tally.scrt"), "utf8")).toBe("my notes\n");
  });
});
