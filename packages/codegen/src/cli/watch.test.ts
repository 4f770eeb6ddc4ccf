// The watcher on a real file system, saved to the way editors save: `sed -i`, vim and JetBrains'
// safe write put the new text in a temporary file and rename it over the original (a new inode).
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Io } from "./io";
import { runCli as run } from "../testing/cli";
import { tempProject } from "../testing/project";
import { optionsOf } from "./config";
import { generate } from "../pipeline";
import { keepingFormats } from "./codegen";
import { watchProject, type Watching } from "./watch";

const POINT = (fields: string) =>
  `import type { i32 } from "@shortcrust/sdk";\n/** @archive */\nexport interface Point { ${fields} }\n`;

/** Waits until `cond` holds (the watcher reacts asynchronously), or fails after `ms`. */
async function until(cond: () => boolean, what: () => string, ms = 10_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting: ${what()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("codegen --watch", () => {
  let watching: Watching | undefined;
  afterEach(() => watching?.close());

  it("follows rename-over saves (twice in a row), deletes and re-creations", async () => {
    const root = tempProject({ "src/point.ts": POINT("x: i32") });
    expect((await run("codegen", "--root", root, "--no-scaffolds")).code).toBe(0);
    const options = keepingFormats({ ...optionsOf({ root }), scaffolds: false });
    let out = "";
    let err = "";
    const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t) };
    watching = watchProject(options, await generate(options), true, io);
    await watching.ready;
    const src = join(root, "src", "point.ts");
    const codec = join(root, "src", "generated", "point.codec.ts");
    const regenerations = () => out.split("\n").filter((l) => l.startsWith("regenerated")).length;
    const renameOver = (text: string) => {
      writeFileSync(`${src}.tmp~`, text);
      renameSync(`${src}.tmp~`, src);
    };

    for (const [i, fields] of ["x: i32; y: i32", "x: i32; y: i32; z: i32"].entries()) {
      renameOver(POINT(fields));
      await until(
        () => regenerations() === i + 1,
        () => out + err,
      );
      await watching.idle();
      expect(readFileSync(codec, "utf8")).toContain(`${fields.split(";").length * 4}`);
      expect(await run("codegen", "--root", root, "--no-scaffolds", "--check")).toMatchObject({
        code: 0,
      });
    }

    // Deleted: its outputs go. Re-created: they come back.
    rmSync(src);
    await until(
      () => !existsSync(codec),
      () => out + err,
    );
    await until(
      () => /removed \S*point\.codec\.ts \(generated, no longer produced\)/.test(out),
      () => out + err,
    );
    writeFileSync(src, POINT("a: i32"));
    await until(
      () => existsSync(codec),
      () => out + err,
    );
    await watching.idle();
    expect(await run("codegen", "--root", root, "--no-scaffolds", "--check")).toMatchObject({
      code: 0,
    });
    // A third rename-over save of the re-created file is still seen.
    renameOver(POINT("a: i32; bravo: i32"));
    await until(
      () => readFileSync(codec, "utf8").includes("bravo"),
      () => out + err,
    );
    await watching.idle();
    expect(await run("codegen", "--root", root, "--no-scaffolds", "--check")).toMatchObject({
      code: 0,
    });
    expect(err).toBe("");
  }, 30_000);

  it("brings back every generated file deleted behind its back, not only the edited source's", async () => {
    const root = tempProject({
      "src/point.ts": POINT("x: i32"),
      "src/other.ts": POINT("q: i32").replace("Point", "Other"),
    });
    expect((await run("codegen", "--root", root, "--no-scaffolds")).code).toBe(0);
    const options = keepingFormats({ ...optionsOf({ root }), scaffolds: false });
    let out = "";
    const io: Io = { out: (t) => void (out += t), err: (t) => void (out += t) };
    watching = watchProject(options, await generate(options), true, io);
    await watching.ready;
    rmSync(join(root, "src", "generated"), { recursive: true });
    writeFileSync(join(root, "src", "point.ts"), POINT("x: i32; y: i32"));
    await until(
      () => existsSync(join(root, "src", "generated", "other.codec.ts")),
      () => out,
    );
    await watching.idle();
    expect(await run("codegen", "--root", root, "--no-scaffolds", "--check")).toMatchObject({
      code: 0,
    });
  }, 30_000);

  it("brings a deleted generated file back at once, with no source edit (a file, then the folder)", async () => {
    const root = tempProject({ "src/point.ts": POINT("x: i32") });
    expect((await run("codegen", "--root", root, "--no-scaffolds")).code).toBe(0);
    const options = keepingFormats({ ...optionsOf({ root }), scaffolds: false });
    let out = "";
    const io: Io = { out: (t) => void (out += t), err: (t) => void (out += t) };
    watching = watchProject(options, await generate(options), true, io);
    await watching.ready;
    const codec = join(root, "src", "generated", "point.codec.ts");
    const before = readFileSync(codec, "utf8");
    rmSync(codec);
    await until(
      () => existsSync(codec),
      () => out,
    );
    await watching.idle();
    expect(readFileSync(codec, "utf8")).toBe(before);
    expect(out).toMatch(/regenerated 1 file in/);
    rmSync(join(root, "src", "generated"), { recursive: true });
    await until(
      () => existsSync(codec),
      () => out,
    );
    await watching.idle();
    // The re-created folder is watched too.
    rmSync(codec);
    await until(
      () => existsSync(codec),
      () => out,
    );
    await watching.idle();
    expect(await run("codegen", "--root", root, "--no-scaffolds", "--check")).toMatchObject({
      code: 0,
    });
  }, 30_000);

  it("a burst of saves is one regeneration; an error is reported and caught up after the fix", async () => {
    const root = tempProject({ "src/point.ts": POINT("x: i32") });
    expect((await run("codegen", "--root", root, "--no-scaffolds")).code).toBe(0);
    const options = keepingFormats({ ...optionsOf({ root }), scaffolds: false });
    let out = "";
    let err = "";
    const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t) };
    watching = watchProject(options, await generate(options), true, io);
    await watching.ready;
    const src = join(root, "src", "point.ts");
    for (let i = 0; i < 5; i++) writeFileSync(src, POINT(`x: i32; y${i}: i32`));
    await until(
      () => out.includes("regenerated"),
      () => out + err,
    );
    await watching.idle();
    expect(out.split("\n").filter((l) => l.startsWith("regenerated"))).toHaveLength(1);

    writeFileSync(src, POINT("x: i32 +"));
    await until(
      () => err.includes("nothing was written"),
      () => out + err,
    );
    expect(err).toMatch(/src\/point\.ts:3:\d+: /);
    writeFileSync(src, POINT("x: i32; fixed: i32"));
    await until(
      () => out.split("\n").filter((l) => l.startsWith("regenerated")).length === 2,
      () => out + err,
    );
    await watching.idle();
    expect(readFileSync(join(root, "src", "generated", "point.codec.ts"), "utf8")).toContain(
      "fixed",
    );
  }, 30_000);

  it("writes a new contract's test scaffold, as a plain run does, and never over a user's test", async () => {
    const root = tempProject({ "src/point.ts": POINT("x: i32") });
    expect((await run("codegen", "--root", root)).code).toBe(0);
    const options = keepingFormats(optionsOf({ root }));
    let out = "";
    let err = "";
    const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t) };
    watching = watchProject(options, await generate(options), true, io);
    await watching.ready;
    const contract = (name: string) =>
      `import type { u64 } from "@shortcrust/sdk";\n/** @contract */\nexport class ${name} {\n  n: u64 = 0n;\n  get(): u64 {\n    return this.n;\n  }\n}\n`;
    const mine = "// my own test\n";
    writeFileSync(join(root, "src", "Kept.test.ts"), mine);
    writeFileSync(join(root, "src", "tally.ts.tmp~"), contract("Tally"));
    renameSync(join(root, "src", "tally.ts.tmp~"), join(root, "src", "tally.ts"));
    writeFileSync(join(root, "src", "kept.ts"), contract("Kept"));
    const scaffold = join(root, "src", "Tally.test.ts");
    await until(
      () => existsSync(scaffold) && out.includes("regenerated"),
      () => out + err,
    );
    await watching.idle();
    expect(out).toMatch(/wrote test scaffold \S*src\/Tally\.test\.ts\n/);
    expect(out).not.toMatch(/Kept\.test\.ts/);
    expect(readFileSync(join(root, "src", "Kept.test.ts"), "utf8")).toBe(mine);
    expect(err).toBe("");
    // Deleting the contract removes its generated modules, keeps its test, and names the test.
    rmSync(join(root, "src", "tally.ts"));
    await until(
      () => err.includes("warning:"),
      () => out + err,
    );
    await watching.idle();
    expect(existsSync(scaffold)).toBe(true);
    expect(existsSync(join(root, "src", "generated", "tally.Tally.client.ts"))).toBe(false);
    expect(err).toMatch(
      /^warning: \S*src\/Tally\.test\.ts imports \S*src\/generated\/tally\.Tally\.client\.ts, which codegen removed with its source: delete the test or change it\n$/,
    );
  }, 30_000);
});
