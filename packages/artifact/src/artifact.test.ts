import { abiHash, decodeArtifact, encodeArtifact } from "./artifact";
import { isArtifactFormatError } from "./errors";
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
});

describe("artifact header", () => {
  it("round-trips and reports where a bad artifact breaks", () => {
    const bytes = encodeArtifact({
      name: "counter",
      abiHash: new Uint8Array(32).fill(7),
      metered: true,
      code: instrument("function f() { return 1 }"),
    });
    const a = decodeArtifact(bytes);
    expect(a.name).toBe("counter");
    expect(a.metered).toBe(true);
    expect(a.abiHash).toEqual(new Uint8Array(32).fill(7));
    expect(encodeArtifact(a)).toEqual(bytes);
    expect(() => decodeArtifact(bytes.subarray(0, 20))).toThrow(/truncated/);
    expect(() => decodeArtifact(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]))).toThrow(
      /bad magic at byte 0/,
    );
    const wrongVersion = new Uint8Array(bytes);
    wrongVersion[4] = 99;
    expect(() => decodeArtifact(wrongVersion)).toThrow(/format version 99/);
    expect(
      isArtifactFormatError(
        (() => {
          try {
            decodeArtifact(wrongVersion);
          } catch (e) {
            return e;
          }
        })(),
      ),
    ).toBe(true);
  });

  it('hashes the ABI descriptor: different text, different hash; none is blake3 of ""', async () => {
    const none = await abiHash("");
    expect(Buffer.from(none).toString("hex")).toBe(
      "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262",
    );
    expect(await abiHash('{"functions":["a"]}')).not.toEqual(await abiHash('{"functions":["b"]}'));
  });
});
