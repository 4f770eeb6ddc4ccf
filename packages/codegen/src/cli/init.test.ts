// `shortcrust init` end to end, as a user would run it: a new project outside this repository
// installs with pnpm and with npm (from tarballs of this checkout's packages), and its codegen,
// build, tests (scaffolds of a contract the user adds included) and main job pass.
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli as run } from "../testing/cli";
import { TRANSFORM_IGNORE } from "./project";

/** A contract of the user's own (not a template or fixture contract). */
const TALLY = `import type { u32, u64 } from "@shortcrust/sdk";
import { panic } from "@shortcrust/sdk";

/** Votes per option. @contract */
export class Tally {
  yes: u64 = 0n;
  no: u64 = 0n;
  vote(option: u32, weight: u64): u64 {
    if (option === 0) this.yes += weight;
    else if (option === 1) this.no += weight;
    else panic(\`no option \${option}\`);
    return this.yes + this.no;
  }
  result(): [u64, u64] {
    return [this.yes, this.no];
  }
}
`;

/** A runaway loop: its scaffold must fail fast on the scaffold's gas limit. */
const SPINNER = `import type { u64 } from "@shortcrust/sdk";

/** @contract */
export class Spinner {
  n: u64 = 0n;
  spin(): u64 {
    for (;;) this.n += 1n;
  }
}
`;

interface Run {
  code: number | null;
  out: string;
}

const root = mkdtempSync(join(tmpdir(), "sc-init-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function sh(cwd: string, cmd: string, args: string[]): Run {
  const r = spawnSync(cmd, args, { cwd, encoding: "utf8", env: { ...process.env, CI: "true" } });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

function ok(cwd: string, cmd: string, args: string[]): string {
  const r = sh(cwd, cmd, args);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(" ")} failed in ${cwd}:\n${r.out}`);
  return r.out;
}

describe("shortcrust init", () => {
  it("writes a standalone project on tarballs of this checkout's packages", async () => {
    const dir = join(root, "my-contract");
    const r = await run("init", dir);
    expect(r).toMatchObject({ code: 0, err: "" });
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    const tgz = (n: string) => expect.stringMatching(new RegExp(`^file:vendor/shortcrust-${n}-`));
    expect(pkg).toMatchObject({
      name: "my-contract",
      dependencies: { "@shortcrust/sdk": tgz("sdk") },
      devDependencies: {
        "@shortcrust/codegen": tgz("codegen"),
        "@shortcrust/runtime": tgz("runtime"),
        "@shortcrust/bundler": tgz("bundler"),
        "@noble/curves": expect.any(String),
        typescript: expect.any(String),
        jest: expect.any(String),
        "@swc/jest": expect.any(String),
      },
      // The packages depend on each other by version: both managers are pointed at the tarballs.
      overrides: { "@shortcrust/sdk": pkg.dependencies["@shortcrust/sdk"] },
      pnpm: { overrides: { "@shortcrust/runtime": pkg.devDependencies["@shortcrust/runtime"] } },
      // npm 11 runs the install scripts it is told to, and lists the rest on every install.
      allowScripts: {
        "@swc/core": true,
        esbuild: true,
        lmdb: true,
        "msgpackr-extract": true,
        "@parcel/watcher": false,
      },
    });
    // What the packages depend on is packed too (the artifact format, under runtime and bundler).
    expect(pkg.overrides["@shortcrust/artifact"]).toMatch(/^file:vendor\/shortcrust-artifact-/);
    expect(JSON.stringify(pkg)).not.toMatch(/"(link|workspace):/);
    for (const f of readdirSync(join(dir, "vendor"))) expect(f).toMatch(/\.tgz$/);
    expect(pkg.private).toBeUndefined();
    expect(pkg.scripts.example).toContain("tsc -p .");
    for (const f of ["src/verifier.ts", "shortcrust.config.json", "jest.config.js", ".gitignore"]) {
      expect(existsSync(join(dir, f))).toBe(true);
    }
    expect(existsSync(join(dir, "node_modules"))).toBe(false);
    expect(JSON.parse(readFileSync(join(dir, "tsconfig.json"), "utf8")).references).toBeUndefined();
    expect((await run("init", dir)).code).toBe(1);
    expect(
      (await run("init", join(root, "published"), "--shortcrust-version", "^0.2.0")).code,
    ).toBe(0);
    const published = JSON.parse(readFileSync(join(root, "published", "package.json"), "utf8"));
    expect(published.dependencies).toEqual({ "@shortcrust/sdk": "^0.2.0" });
    expect(published.overrides).toBeUndefined();
    expect(existsSync(join(root, "published", "vendor"))).toBe(false);
  });

  it("its jest transforms ES-module-only packages in npm's and pnpm's layouts, nothing else", () => {
    const ignored = (path: string) => new RegExp(TRANSFORM_IGNORE).test(path);
    expect(ignored("/p/node_modules/@noble/curves/ed25519.js")).toBe(false);
    expect(
      ignored("/p/node_modules/.pnpm/@noble+curves@2.4.0/node_modules/@noble/curves/ed25519.js"),
    ).toBe(false);
    expect(
      ignored("/p/node_modules/.pnpm/@noble+hashes@2.4.0/node_modules/@noble/hashes/x.js"),
    ).toBe(false);
    expect(ignored("/p/node_modules/jest/build/index.js")).toBe(true);
    expect(ignored("/p/node_modules/.pnpm/jest@30.5.2/node_modules/jest/build/index.js")).toBe(
      true,
    );
    expect(ignored("/p/src/verifier.ts")).toBe(false);
  });

  const managers: [string, string[]][] = [
    ["pnpm", ["install", "--prefer-offline"]],
    ["npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"]],
  ];
  for (const [pm, install] of managers) {
    it(`installs with ${pm}, then generates, builds, tests and runs its main job`, async () => {
      const dir = join(root, `with-${pm}`);
      expect((await run("init", dir)).code).toBe(0);
      // Every dependency with an install script is named, allowed or ignored: no warning box
      // (pnpm 10's), no list of scripts to approve (npm 11's `allowScripts`).
      const installed = ok(dir, pm, install);
      expect(installed).not.toMatch(/Ignored build scripts/);
      expect(installed).not.toMatch(/install-scripts/);
      // The installed CLI, outside any checkout, creates a project from the template it carries.
      const again = join(root, `from-installed-${pm}`);
      ok(dir, "npx", ["shortcrust", "init", again]);
      const made = JSON.parse(readFileSync(join(again, "package.json"), "utf8"));
      const { version } = JSON.parse(
        readFileSync(join(dir, "node_modules", "@shortcrust", "codegen", "package.json"), "utf8"),
      );
      expect(made.dependencies).toEqual({ "@shortcrust/sdk": `^${version}` });
      expect(made.devDependencies).toMatchObject({
        "@shortcrust/codegen": `^${version}`,
        typescript: expect.any(String),
      });
      expect(made.engines).toEqual(
        JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).engines,
      );
      for (const f of [
        "src/counter.ts",
        "src/Counter.test.ts",
        "src/generated/types.codec.ts",
        "shortcrust.config.json",
      ]) {
        expect(readFileSync(join(again, f), "utf8")).toBe(readFileSync(join(dir, f), "utf8"));
      }
      // The user adds a contract, and drops one test to get its scaffold back.
      writeFileSync(join(dir, "src", "tally.ts"), TALLY);
      unlinkSync(join(dir, "src", "Timelock.test.ts"));
      const generated = ok(dir, pm, ["run", "codegen"]);
      expect(generated).toMatch(/wrote test scaffold src\/Tally\.test\.ts/);
      expect(generated).toMatch(/wrote test scaffold src\/Timelock\.test\.ts/);
      expect(readFileSync(join(dir, "src", "Timelock.test.ts"), "utf8")).toMatch(
        /test\.todo\(\s*"claim: its call needs session metadata/,
      );
      // The project type-checks, generated files and the user's contract included.
      ok(dir, pm, ["run", "typecheck"]);
      ok(dir, pm, ["run", "build"]);
      for (const c of ["Counter", "Verifier", "Relay", "Timelock", "Tally"]) {
        expect(existsSync(join(dir, "build", `${c}.scrt`))).toBe(true);
      }
      const tests = ok(dir, pm, ["test"]);
      expect(tests).toMatch(/PASS src\/Tally\.test\.ts/);
      expect(tests).toMatch(/PASS src\/Verifier\.test\.ts/);
      expect(tests).toMatch(/Tests:.*todo.*passed/);
      expect(tests).not.toMatch(/failed/);

      const story = ok(dir, pm, ["run", "example"]);
      expect(story).toMatch(/verifier\.submit[^]*✓ 1 /);
      expect(story).toMatch(/commit +[0-9a-f]{64}/);
      if (pm === "pnpm") {
        // The store persists between runs: the next run continues from the commit.
        const again = ok(dir, pm, ["run", "example"]);
        expect(again).toMatch(/Verifier +[0-9a-f]{64} \(in the base commit\)/);
        expect(again).toMatch(/# 1\. signed FnData, counter 3: accepted/);

        // A runaway loop fails its scaffold on the gas limit (out of gas, not the 20 s wall-clock
        // safety net): ≈ 0.4 s of CPU at 10M gas; the bound leaves room for a loaded machine.
        writeFileSync(join(dir, "src", "spinner.ts"), SPINNER);
        ok(dir, pm, ["run", "codegen"]);
        const report = join(dir, "spin.json");
        const spin = sh(dir, "npx", [
          "jest",
          "src/Spinner.test.ts",
          "--json",
          `--outputFile=${report}`,
        ]);
        expect(spin.code).toBe(1);
        const result = JSON.parse(readFileSync(report, "utf8")).testResults[0].assertionResults;
        const failed = result.find((t: { title: string }) => t.title.startsWith("spin"));
        expect(failed).toMatchObject({ status: "failed" });
        expect(failed.failureMessages.join("\n")).toMatch(/ran out of gas \(limit 10000000\)/);
        expect(failed.duration).toBeLessThan(5_000);
      }
    }, 600_000);
  }
});
