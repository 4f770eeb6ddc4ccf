import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VM } from "../vm/vm";
import { buildArtifact } from "./build";
import { fixture, LIMIT, OWNER } from "../testing/fixtures";
import { isArtifactError } from "../errors";
import { decodeArtifact, encodeArtifact } from "./artifact";
import { instrument } from "./instrument";
import { verifyCode } from "./verify";

describe("instrument", () => {
  it("charges at function entries, loop bodies and catch clauses, in proportion to the block", () => {
    const out = instrument(
      "function f(a) { for (;;) a++; while (a) { a--; } try {} catch (e) { a = 1 } return () => a; }",
    );
    expect(out.match(/__sc_gas -= \d+/g)).toHaveLength(5);
    expect(out).toContain("for (;;) {((__sc_gas -= ");
    expect(out).toContain("=> (((__sc_gas -= ");
    expect(() => verifyCode(out)).not.toThrow();
    // A bigger block costs more.
    const small = instrument("function f() { return 1 }");
    const big = instrument("function f() { let a = 1; a = a + 2 * a; a = a * a + 1; return a }");
    const cost = (s: string) => Number(/__sc_gas -= (\d+)/.exec(s)![1]);
    expect(cost(big)).toBeGreaterThan(cost(small));
  });

  it("keeps directives first and leaves the code otherwise unchanged", () => {
    const out = instrument('function f() { "use strict"; return 1 }');
    expect(out).toMatch(
      /^function f\(\) \{ "use strict";\(\(__sc_gas -= \d+\) < 0 && __sc_oog\(\)\); return 1 \}$/,
    );
  });

  it("refuses source that names the reserved prefix", () => {
    expect(() => instrument("let __sc_gas = 1e9;")).toThrow(/reserved prefix/);
  });
});

describe("verifyCode (deploy-time check of hand-made artifacts)", () => {
  const bad = [
    ["refilling gas", "__sc_gas = 1e12;"],
    ["a negative charge", "((__sc_gas -= -5) < 0 && __sc_oog());"],
    ["reaching the host bridge", "__sc_host.call();"],
    ["escaping the function body", "}); globalThis.x = 1; (function () {"],
    ["sloppy-mode code", "with (Math) { max(1, 2) }"],
  ];
  it.each(bad)("rejects %s", (_, code) => {
    expect(() => verifyCode(code)).toThrow();
  });

  it("rejects 'arguments' (its iterator is the engine's unmetered one), not property names", () => {
    for (const code of [
      "function f() { return arguments; }",
      "function f() { return () => arguments[0]; }",
      "function f() { return { arguments }; }",
      "function f() { return x[arguments]; }",
    ]) {
      expect(() => verifyCode(code, "c.js")).toThrow(/'arguments' is not available in contracts/);
    }
    for (const code of [
      "function f(x) { return x.arguments; }",
      "const o = { arguments: 1, [1]: 2 }; class C { arguments() {} }",
    ]) {
      expect(() => verifyCode(code, "c.js")).not.toThrow();
    }
    expect(() => verifyCode("const o = { __sc_gas: 1 };")).toThrow(/reserved identifier/);
  });

  it("proves every function, loop and catch clause pays, for metered code", () => {
    const ok = instrument("function f(a) { for (;;) a++; try {} catch (e) {} return () => a; }");
    expect(() => verifyCode(ok, "x", true)).not.toThrow();
    expect(() => verifyCode(ok + "\nfunction evil() { return 1 }", "x", true)).toThrow(
      /a function does not start with a gas charge/,
    );
    expect(() =>
      verifyCode(
        ok.replace(/\{\(\(__sc_gas -= \d+\) < 0 && __sc_oog\(\)\);a\+\+;\}/, "a++;"),
        "x",
        true,
      ),
    ).toThrow(/a loop body does not start with a gas charge/);
    expect(() => verifyCode(ok.replace(/__sc_gas -= \d+/g, "__sc_gas -= 0"), "x", true)).toThrow();
  });

  it("routes for…in objects and object spreads through the prelude's per-key charge", () => {
    const ok = instrument("function f(o) { for (const k in o) break; return { ...o, a: 1 }; }");
    expect(ok).toMatch(/for \(const k in __sc_forin\(o\)\)/);
    expect(ok).toMatch(/\{ \.\.\.__sc_spread\(o\), a: 1 \}/);
    expect(() => verifyCode(ok, "x", true)).not.toThrow();
    expect(() => verifyCode(ok.replace("__sc_forin(o)", "o"), "x", true)).toThrow(
      /for…in loop's object is not __sc_forin/,
    );
    expect(() => verifyCode(ok.replace("__sc_spread(o)", "o"), "x", true)).toThrow(
      /object spread's argument is not __sc_spread/,
    );
    // Anywhere else the wrappers are reserved identifiers.
    expect(() => verifyCode(ok + "\n__sc_forin(1);", "x", true)).toThrow(/reserved identifier/);
    expect(() =>
      verifyCode(ok.replace("__sc_spread(o)", "__sc_spread(o, 1)"), "x", true),
    ).toThrow();
  });

  it("refuses regex literals whose backtracking has no polynomial bound", () => {
    for (const re of ["/(a+)+$/", "/(a|aa)*$/", "/(x*)\\1/", "/(?:a?b)+/"]) {
      expect(() => verifyCode(`const r = ${re};`, "c.js")).toThrow(
        /regular expression .* not available/,
      );
    }
    for (const re of ["/^0x([0-9a-f]{2})*$/", "/a*b/", "/(ab)+c?/", "/^[a-z]+@[a-z]+$/"]) {
      expect(() => verifyCode(`const r = ${re};`, "c.js")).not.toThrow();
    }
  });

  it("rejects an unmetered or tampered artifact at deploy", async () => {
    const vm = await VM.ephemeral();
    const s = vm.session();
    const unmetered = await fixture("counter", { unmetered: true });
    expect(() => s.deploy(unmetered, { owner: OWNER, gasLimit: LIMIT })).toThrow(/not gas-metered/);
    const a = decodeArtifact(await fixture("counter"));
    const tampered = encodeArtifact({
      ...a,
      code: a.code.replace(/__sc_gas -= (\d+)/, "__sc_gas += $1"),
    });
    let err: unknown;
    try {
      s.deploy(tampered, { owner: OWNER, gasLimit: LIMIT });
    } catch (e) {
      err = e;
    }
    expect(isArtifactError(err)).toBe(true);
    s.close();
    await vm.close();
  });
});

describe("artifact header", () => {
  it("round-trips and reports where a bad artifact breaks", async () => {
    const bytes = await fixture("counter");
    const a = decodeArtifact(bytes);
    expect(a.name).toBe("counter");
    expect(a.metered).toBe(true);
    expect(encodeArtifact(a)).toEqual(bytes);
    expect(() => decodeArtifact(bytes.subarray(0, 20))).toThrow(/truncated/);
    expect(() => decodeArtifact(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))).toThrow(
      /bad magic at byte 0/,
    );
    const wrongVersion = new Uint8Array(bytes);
    wrongVersion[4] = 99;
    expect(() => decodeArtifact(wrongVersion)).toThrow(/format version 99/);
  });
});

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
      expect(isArtifactError(e) && e.hint).toMatch(/entry glue/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("a deploy that fails while loading says why in its message", async () => {
    const vm = await VM.ephemeral();
    const s = vm.session();
    const artifact = encodeArtifact({
      name: "verifier",
      abiHash: new Uint8Array(32),
      metered: true,
      code: instrument("const x = 1;"),
    });
    expect(() => s.deploy(artifact, { owner: OWNER, gasLimit: LIMIT })).toThrow(
      /^deploying 'verifier' failed while loading it: .*did not call registerContract/,
    );
    s.close();
    await vm.close();
  });

  it("builds a contract outside any project (the SDK falls back to ours) and names bundling errors", async () => {
    const dir = mkdtempSync(join(tmpdir(), "shortcrust-build-"));
    try {
      const entry = join(dir, "hello.ts");
      writeFileSync(
        entry,
        `import { registerContract } from "@shortcrust/sdk";
registerContract({ name: "hello", functions: ["hi"], dispatch: () => new Uint8Array([104, 105]) });
`,
      );
      const vm = await VM.ephemeral();
      const s = vm.session();
      const { contractId } = s.deploy(await buildArtifact({ entry }), {
        owner: OWNER,
        gasLimit: LIMIT,
      });
      expect(s.callRaw(contractId, "hi", new Uint8Array(0), LIMIT).data).toEqual(
        new Uint8Array([104, 105]),
      );
      s.close();
      await vm.close();
      const broken = join(dir, "broken.ts");
      writeFileSync(broken, `import { nope } from "./missing";\nnope();\n`);
      await expect(buildArtifact({ entry: broken })).rejects.toThrow(
        `${broken}:1:21: Could not resolve "./missing"`,
      );
      // A syntax error in an imported module names that file on disk.
      writeFileSync(join(dir, "bad.ts"), `export const f = () => { return (1 + ; };\n`);
      writeFileSync(broken, `import { f } from "./bad";\nf();\n`);
      await expect(buildArtifact({ entry: broken })).rejects.toThrow(
        `${join(dir, "bad.ts")}:1:37: Unexpected ";"`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("gives the same bytes wherever the project, its dependencies and the working directory are", async () => {
    const root = mkdtempSync(join(tmpdir(), "shortcrust-where-"));
    const fixtures = join(__dirname, "..", "fixtures");
    const project = (dir: string, name: string): string => {
      mkdirSync(join(dir, "src"), { recursive: true });
      writeFileSync(join(dir, "package.json"), JSON.stringify({ name }));
      for (const f of ["counter.ts", "lib.ts"]) {
        writeFileSync(join(dir, "src", f), readFileSync(join(fixtures, f)));
      }
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
      expect(isArtifactError(err)).toBe(true);
      expect((err as Error).message).toMatch(
        /two files would be bundled as one module shared\/index\.js/,
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
