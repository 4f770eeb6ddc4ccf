// encode/decode input: stdin and files, positions in every mistake, syntax errors and untagged types.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli as run, runCliWith } from "../testing/cli";

const dir = mkdtempSync(join(tmpdir(), "sc-enc-in-"));
const types = join(dir, "types.ts");
writeFileSync(
  types,
  `import type { u32, u64 } from "@shortcrust/sdk";
/** @archive */
export interface Tick { n: u64; k: u32 }
export interface Plain { a: u32 }
`,
);
const TICK_HEX = "07000000000000000300000000000000";

describe("encode --json / decode --hex sources", () => {
  it("reads --json - from standard input and --json @file from a file", async () => {
    const stdin = await runCliWith(
      { stdin: '{"n": "7", "k": 3}\n' },
      "encode",
      "--types",
      types,
      "--type",
      "Tick",
      "--json",
      "-",
    );
    expect(stdin).toEqual({ code: 0, out: `${TICK_HEX}\n`, err: "" });
    const file = join(dir, "tick.json");
    writeFileSync(file, '{\n  "n": "7",\n  "k": 3\n}\n');
    expect(await run("encode", "--types", types, "--type", "Tick", "--json", `@${file}`)).toEqual({
      code: 0,
      out: `${TICK_HEX}\n`,
      err: "",
    });
    const missing = await run("encode", "--types", types, "--type", "Tick", "--json", "@nope.json");
    expect(missing.err).toMatch(/^shortcrust encode: --json @nope\.json: no such file\n  hint: /);
  });

  it("reads --hex - from standard input", async () => {
    const r = await runCliWith(
      { stdin: `${TICK_HEX}\n` },
      "decode",
      "--types",
      types,
      "--type",
      "Tick",
      "--hex",
      "-",
    );
    expect(r).toEqual({ code: 0, out: '{"n":"7","k":3}\n', err: "" });
  });

  it("an integer JSON cannot carry exactly is refused at its place, unrounded", async () => {
    const r = await run(
      "encode",
      "--types",
      types,
      "--type",
      "Tick",
      "--json",
      '{"n": 9007199254740993, "k": 1}',
    );
    expect(r).toEqual({
      code: 1,
      out: "",
      err: 'shortcrust encode: --json at 1:7: 9007199254740993 is not a safe integer: write it as a decimal string ("9007199254740993")\n',
    });
    const file = join(dir, "big.json");
    writeFileSync(file, '{\n  "n": 18446744073709551615,\n  "k": 1\n}\n');
    const f = await run("encode", "--types", types, "--type", "Tick", "--json", `@${file}`);
    expect(f.err).toBe(
      `${file}:2:8: 18446744073709551615 is not a safe integer: write it as a decimal string ("18446744073709551615")\n`,
    );
    const bad = await run(
      "encode",
      "--types",
      types,
      "--type",
      "Tick",
      "--json",
      '{"n": "7", "k": }',
    );
    expect(bad.err).toBe("shortcrust encode: --json at 1:17: expected a value\n");
  });

  it("invalid hex says which character, where", async () => {
    const r = await run("decode", "--types", types, "--type", "Tick", "--hex", "g0");
    expect(r).toEqual({
      code: 1,
      out: "",
      err: 'shortcrust decode: --hex at 1:1: "g" is not a hex digit\n  hint: an archive is given as hex digits 0-9 a-f (an optional 0x in front)\n',
    });
    const later = await run("decode", "--types", types, "--type", "Tick", "--hex", "0x0700z0");
    expect(later.err).toMatch(/^shortcrust decode: --hex at 1:7: "z" is not a hex digit\n/);
    const odd = await run("decode", "--types", types, "--type", "Tick", "--hex", "070");
    expect(odd.err).toBe("shortcrust decode: --hex: 3 hex digits, an odd number (two per byte)\n");
  });

  it("--type of an interface without @archive says to add the tag", async () => {
    const r = await run("encode", "--types", types, "--type", "Plain", "--json", '{"a": 1}');
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `${types}:4:1: --type Plain: interface Plain is not marked /** @archive */, so it has no archived form\n` +
        "  hint: add /** @archive */ on the line above `interface Plain`\n",
    );
  });

  it("--type of a generic @archive type asks for an instantiation (its tag is there)", async () => {
    const file = join(dir, "generic.ts");
    writeFileSync(
      file,
      `import type { Vec, u32 } from "@shortcrust/sdk";\n/** @archive */\nexport interface Gen<T> { v: T; list: Vec<T> }\nexport type GenU32 = Gen<u32>;\n`,
    );
    const r = await run("encode", "--types", file, "--type", "Gen", "--json", '{"v":1,"list":[]}');
    expect(r).toMatchObject({
      code: 1,
      err:
        `${file}:3:1: --type Gen: Gen<T> is generic, so only an instantiation of it has an archived form\n` +
        "  hint: name one in the file (export type GenU64 = Gen<u64>) and pass --type GenU64\n",
    });
    const ok = await run(
      "encode",
      "--types",
      file,
      "--type",
      "GenU32",
      "--json",
      '{"v":1,"list":[]}',
    );
    expect(ok).toMatchObject({ code: 0, out: "000000000000000001000000\n" });
  });

  it("a syntax error in the types file is a located error for encode and decode", async () => {
    const broken = join(dir, "broken.ts");
    writeFileSync(
      broken,
      `import type { u8 } from "@shortcrust/sdk";\n/** @archive */\nexport interface B { a: u8 }\nconst x = 1 +;\n`,
    );
    const enc = await run("encode", "--types", broken, "--type", "B", "--json", '{"a": 1}');
    expect(enc).toEqual({ code: 1, out: "", err: `${broken}:4:14: Expression expected.\n` });
    const dec = await run("decode", "--types", broken, "--type", "B", "--hex", "01");
    expect(dec).toEqual({ code: 1, out: "", err: `${broken}:4:14: Expression expected.\n` });
  });
});
