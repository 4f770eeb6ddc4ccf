import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "./main";
import { CODEGEN_VERSION } from "../version";
import { runCli as run, runCliWith } from "../testing/cli";
import { CliFailure } from "./io";

describe("shortcrust CLI", () => {
  it("prints its version", async () => {
    const out: string[] = [];
    const spy = jest.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    try {
      expect(await main(["node", "shortcrust", "--version"])).toBe(0);
    } finally {
      spy.mockRestore();
    }
    expect(out.join("")).toBe(`${CODEGEN_VERSION}\n`);
    expect(CODEGEN_VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("--help of the program and of every command has examples", async () => {
    const top = await run("--help");
    expect(top.code).toBe(0);
    expect(top.out).toMatch(/\nExamples:\n {2}\$ shortcrust init /);
    for (const c of ["codegen", "build", "init", "encode", "decode"]) {
      const r = await run(c, "--help");
      expect({ c, code: r.code }).toEqual({ c, code: 0 });
      expect(r.out).toMatch(
        new RegExp(
          `\\nExamples:\\n(?: {2}#.*\\n)* {2}\\$ shortcrust ${c === "decode" ? "(de|en)code" : c}`,
        ),
      );
    }
    // encode/decode state the JSON conventions, one example each.
    const enc = (await run("encode", "--help")).out;
    for (const x of ["decimal strings", "0x", "null for None", "externally tagged"])
      expect(enc).toContain(x);
  });

  it("init refuses a target that is a file, or inside one, by name", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sc-init-file-"));
    const file = join(dir, "afile");
    writeFileSync(file, "x");
    const onFile = await run("init", file);
    expect(onFile.code).toBe(1);
    expect(onFile.err).toBe(`shortcrust init: ${file}: not a directory\n`);
    const inside = await run("init", join(file, "x"));
    expect(inside.code).toBe(1);
    expect(inside.err).toBe(
      `shortcrust init: ${join(file, "x")}: ${file} is a file, not a directory\n`,
    );
  });

  it("init refuses a package name npm would refuse, before writing anything", async () => {
    const parent = mkdtempSync(join(tmpdir(), "sc-init-name-"));
    const named = await run("init", join(parent, "a"), "--name", "Bad Name!");
    expect(named.code).toBe(1);
    expect(named.err).toMatch(
      /^shortcrust init: "Bad Name!" is not a valid npm package name: .*capital letters.*\n {2}hint: pass --name/,
    );
    const fromDir = await run("init", join(parent, "My Proj"));
    expect(fromDir.code).toBe(1);
    expect(fromDir.err).toMatch(
      /"My Proj" is not a valid npm package name \(the directory's name\)/,
    );
    expect(readdirSync(parent)).toEqual([]);
  });

  it("codegen --check and --watch together are a usage mistake", async () => {
    const r = await run("codegen", "--check", "--watch");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /^shortcrust codegen: option '--check' cannot be used with option '--watch'\n/,
    );
  });

  it("a usage mistake names the command", async () => {
    const r = await run("encode", "--types", "x.ts");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /^shortcrust encode: required option '--type <name>' not specified\n\(shortcrust encode --help for usage\)\n$/,
    );
  });

  it("colours errors only when asked (a terminal without NO_COLOR)", async () => {
    const plain = await runCliWith({ color: false }, "codegen", "--root", "/nonexistent-dir");
    expect(plain.err).toBe("shortcrust codegen: --root /nonexistent-dir: no such directory\n");
    const f = new CliFailure("a.ts:1:2: broken", { hint: "fix it" });
    expect(f.text(true)).toBe(
      "\x1b[1ma.ts:1:2: \x1b[22m\x1b[31mbroken\x1b[39m\n  \x1b[36mhint:\x1b[39m fix it",
    );
    // The real process: stderr is a pipe here, so no colour, whatever NO_COLOR says.
    const bin = join(__dirname, "..", "..", "bin", "shortcrust.cjs");
    const r = spawnSync(process.execPath, [bin, "codegen", "--root", "/nonexistent-dir"], {
      encoding: "utf8",
      env: { ...process.env, FORCE_COLOR: "1" },
    });
    if (r.stderr.includes("not compiled yet")) return; // (dist/ not built in this checkout)
    expect(r.status).toBe(1);
    expect(r.stderr).not.toMatch(/\x1b\[/);
  });

  it("the launcher says to run pnpm build when the CLI is not compiled", () => {
    const dir = mkdtempSync(join(tmpdir(), "sc-bin-"));
    cpSync(join(__dirname, "..", "..", "bin"), join(dir, "bin"), { recursive: true });
    const r = spawnSync(process.execPath, [join(dir, "bin", "shortcrust.cjs"), "--help"], {
      encoding: "utf8",
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(
      /^shortcrust: the CLI is not compiled yet \(\S+dist\/cli\/main\.js is missing\)\n {2}hint: run `pnpm build` in the Shortcrust checkout/,
    );
    expect(() =>
      execFileSync(process.execPath, [join(dir, "bin", "shortcrust.cjs")], { stdio: "pipe" }),
    ).toThrow();
  });
});
