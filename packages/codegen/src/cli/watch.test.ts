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

  /** A project generated and then watched, as `codegen` then `codegen --watch` would; what it printed. */
  async function watched(files: Record<string, string>, scaffolds = false) {
    const root = tempProject(files);
    const flags = scaffolds ? [] : ["--no-scaffolds"];
    expect((await run("codegen", "--root", root, ...flags)).code).toBe(0);
    const options = keepingFormats({ ...optionsOf({ root }), scaffolds });
    const log = { out: "", err: "" };
    const io: Io = { out: (t) => void (log.out += t), err: (t) => void (log.err += t) };
    const w = watchProject(options, await generate(options), true, io);
    watching = w;
    await w.ready;
    return { root, log, w };
  }

  it("follows rename-over saves (twice in a row), deletes and re-creations", async () => {
    const { root, log, w } = await watched({ "src/point.ts": POINT("x: i32") });
    const src = join(root, "src", "point.ts");
    const codec = join(root, "src", "generated", "point.codec.ts");
    const regenerations = () =>
      log.out.split("\n").filter((l) => l.startsWith("regenerated")).length;
    const renameOver = (text: string) => {
      writeFileSync(`${src}.tmp~`, text);
      renameSync(`${src}.tmp~`, src);
    };

    for (const [i, fields] of ["x: i32; y: i32", "x: i32; y: i32; z: i32"].entries()) {
      renameOver(POINT(fields));
      await until(
        () => regenerations() === i + 1,
        () => log.out + log.err,
      );
      await w.idle();
      expect(readFileSync(codec, "utf8")).toContain(`${fields.split(";").length * 4}`);
      expect(await run("codegen", "--root", root, "--no-scaffolds", "--check")).toMatchObject({
        code: 0,
      });
    }

    // Deleted: its outputs go. Re-created: they come back.
    rmSync(src);
    await until(
      () => !existsSync(codec),
      () => log.out + log.err,
    );
    await until(
      () => /removed \S*point\.codec\.ts \(generated, no longer produced\)/.test(log.out),
      () => log.out + log.err,
    );
    writeFileSync(src, POINT("a: i32"));
    await until(
      () => existsSync(codec),
      () => log.out + log.err,
    );
    await w.idle();
    expect(await run("codegen", "--root", root, "--no-scaffolds", "--check")).toMatchObject({
      code: 0,
    });
    // A third rename-over save of the re-created file is still seen.
    renameOver(POINT("a: i32; bravo: i32"));
    await until(
      () => readFileSync(codec, "utf8").includes("bravo"),
      () => log.out + log.err,
    );
    await w.idle();
    expect(await run("codegen", "--root", root, "--no-scaffolds", "--check")).toMatchObject({
      code: 0,
    });
    expect(log.err).toBe("");
  }, 30_000);

  it("brings back every generated file deleted behind its back, not only the edited source's", async () => {
    const { root, log, w } = await watched({
      "src/point.ts": POINT("x: i32"),
      "src/other.ts": POINT("q: i32").replace("Point", "Other"),
    });
    rmSync(join(root, "src", "generated"), { recursive: true });
    writeFileSync(join(root, "src", "point.ts"), POINT("x: i32; y: i32"));
    await until(
      () => existsSync(join(root, "src", "generated", "other.codec.ts")),
      () => log.out,
    );
    await w.idle();
    expect(await run("codegen", "--root", root, "--no-scaffolds", "--check")).toMatchObject({
      code: 0,
    });
  }, 30_000);

  it("brings a deleted generated file back at once, with no source edit (a file, then the folder)", async () => {
    const { root, log, w } = await watched({ "src/point.ts": POINT("x: i32") });
    const codec = join(root, "src", "generated", "point.codec.ts");
    const before = readFileSync(codec, "utf8");
    rmSync(codec);
    await until(
      () => existsSync(codec),
      () => log.out,
    );
    await w.idle();
    expect(readFileSync(codec, "utf8")).toBe(before);
    expect(log.out).toMatch(/regenerated 1 file in/);
    rmSync(join(root, "src", "generated"), { recursive: true });
    await until(
      () => existsSync(codec),
      () => log.out,
    );
    await w.idle();
    // The re-created folder is watched too.
    rmSync(codec);
    await until(
      () => existsSync(codec),
      () => log.out,
    );
    await w.idle();
    expect(await run("codegen", "--root", root, "--no-scaffolds", "--check")).toMatchObject({
      code: 0,
    });
  }, 30_000);

  it("restores an edited generated file, and refuses one whose header is gone (the user's now)", async () => {
    const { root, log, w } = await watched({ "src/point.ts": POINT("x: i32") });
    const codec = join(root, "src", "generated", "point.codec.ts");
    const before = readFileSync(codec, "utf8");
    writeFileSync(codec, before + "// my edit\n");
    await until(
      () => readFileSync(codec, "utf8") === before,
      () => log.out,
    );
    await w.idle();
    expect(log.out).toMatch(/regenerated 1 file in/);
    writeFileSync(codec, "// mine now\n");
    await until(
      () => /not written by shortcrust codegen/.test(log.err),
      () => log.err,
    );
    await w.idle();
    expect(readFileSync(codec, "utf8")).toBe("// mine now\n");
  }, 30_000);

  it("a burst of saves is one regeneration; an error is reported and caught up after the fix", async () => {
    const { root, log, w } = await watched({ "src/point.ts": POINT("x: i32") });
    const src = join(root, "src", "point.ts");
    for (let i = 0; i < 5; i++) writeFileSync(src, POINT(`x: i32; y${i}: i32`));
    await until(
      () => log.out.includes("regenerated"),
      () => log.out + log.err,
    );
    await w.idle();
    expect(log.out.split("\n").filter((l) => l.startsWith("regenerated"))).toHaveLength(1);

    writeFileSync(src, POINT("x: i32 +"));
    await until(
      () => log.err.includes("nothing was written"),
      () => log.out + log.err,
    );
    expect(log.err).toMatch(/src\/point\.ts:3:\d+: /);
    writeFileSync(src, POINT("x: i32; fixed: i32"));
    await until(
      () => log.out.split("\n").filter((l) => l.startsWith("regenerated")).length === 2,
      () => log.out + log.err,
    );
    await w.idle();
    expect(readFileSync(join(root, "src", "generated", "point.codec.ts"), "utf8")).toContain(
      "fixed",
    );
  }, 30_000);

  it("writes a new contract's test scaffold, as a plain run does, and never over a user's test", async () => {
    const { root, log, w } = await watched({ "src/point.ts": POINT("x: i32") }, true);
    const contract = (name: string) =>
      `import type { u64 } from "@shortcrust/sdk";\n/** @contract */\nexport class ${name} {\n  n: u64 = 0n;\n  get(): u64 {\n    return this.n;\n  }\n}\n`;
    const mine = "// my own test\n";
    writeFileSync(join(root, "src", "Kept.test.ts"), mine);
    writeFileSync(join(root, "src", "tally.ts.tmp~"), contract("Tally"));
    renameSync(join(root, "src", "tally.ts.tmp~"), join(root, "src", "tally.ts"));
    writeFileSync(join(root, "src", "kept.ts"), contract("Kept"));
    const scaffold = join(root, "src", "Tally.test.ts");
    await until(
      () => existsSync(scaffold) && log.out.includes("regenerated"),
      () => log.out + log.err,
    );
    await w.idle();
    expect(log.out).toMatch(/wrote test scaffold \S*src\/Tally\.test\.ts\n/);
    expect(log.out).not.toMatch(/Kept\.test\.ts/);
    expect(readFileSync(join(root, "src", "Kept.test.ts"), "utf8")).toBe(mine);
    expect(log.err).toBe("");
    // Deleting the contract removes its generated modules, keeps its test, and names the test.
    rmSync(join(root, "src", "tally.ts"));
    await until(
      () => log.err.includes("warning:"),
      () => log.out + log.err,
    );
    await w.idle();
    expect(existsSync(scaffold)).toBe(true);
    expect(existsSync(join(root, "src", "generated", "tally.Tally.client.ts"))).toBe(false);
    expect(log.err).toMatch(
      /^warning: \S*src\/Tally\.test\.ts imports \S*src\/generated\/tally\.Tally\.client\.ts, which codegen removed with its source: delete the test or change it\n$/,
    );
  }, 30_000);
});
