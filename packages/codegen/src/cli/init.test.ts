// `shortcrust init` end to end: the new project installs on its own (outside this workspace) and
// its codegen, tests and main job pass, as a user would run them.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli as run } from "../testing/cli";
import { templateDir } from "./project";

describe("shortcrust init", () => {
  const root = mkdtempSync(join(tmpdir(), "sc-init-"));
  const dir = join(root, "my-contract");
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("writes a standalone project linked to this checkout's packages", async () => {
    const r = await run("init", dir);
    expect(r).toMatchObject({ code: 0, err: "" });
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    const packages = join(templateDir(), "..", "..", "packages");
    expect(pkg).toMatchObject({
      name: "my-contract",
      dependencies: { "@shortcrust/sdk": `link:${join(packages, "sdk")}` },
      devDependencies: {
        "@shortcrust/codegen": `link:${join(packages, "codegen")}`,
        "@shortcrust/runtime": `link:${join(packages, "runtime")}`,
        typescript: expect.any(String),
        jest: expect.any(String),
        "@swc/jest": expect.any(String),
      },
    });
    expect(pkg.private).toBeUndefined();
    expect(pkg.scripts.example).toContain("tsc -p .");
    for (const f of ["src/counter.ts", "shortcrust.config.json", "jest.config.js", ".gitignore"]) {
      expect(existsSync(join(dir, f))).toBe(true);
    }
    expect(existsSync(join(dir, "node_modules"))).toBe(false);
    expect(JSON.parse(readFileSync(join(dir, "tsconfig.json"), "utf8")).references).toBeUndefined();
    expect((await run("init", dir)).code).toBe(1);
    expect(
      (await run("init", join(root, "published"), "--shortcrust-version", "^0.2.0")).code,
    ).toBe(0);
    expect(JSON.parse(readFileSync(join(root, "published", "package.json"), "utf8"))).toMatchObject(
      {
        dependencies: { "@shortcrust/sdk": "^0.2.0" },
      },
    );
  });

  it("installs, generates, tests and runs its main job on its own", () => {
    const sh = (...args: string[]) =>
      execFileSync("pnpm", args, { cwd: dir, encoding: "utf8", stdio: "pipe", env: process.env });
    sh("install", "--prefer-offline");
    expect(sh("codegen")).toMatch(/^\d+ generated files in src\/generated: /);
    expect(sh("test")).toBeDefined(); // throws on a failing jest run
    const example = sh("example");
    expect(example).toMatch(/commit {6}[0-9a-f]{64}/);
    expect(example).toMatch(/state unchanged: true/);
  }, 240_000);
});
