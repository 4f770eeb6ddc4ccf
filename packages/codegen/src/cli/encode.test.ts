import { join } from "node:path";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { main } from "./main";
import { jsonText } from "./encode";
import type { Io } from "./io";
import { loadVectors, supported, vectorFixture } from "../testing/vectors";
import { VECTOR_TYPES } from "../fixtures/vectors/shapes";

async function run(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t) };
  const code = await main(["node", "shortcrust", ...args], io);
  return { code, out, err };
}

const file = loadVectors();

describe("shortcrust encode / decode", () => {
  it("round-trips every vector through the CLI", async () => {
    for (const c of file.cases.filter((x) => supported(x.rustType))) {
      const type = VECTOR_TYPES[c.rustType] ?? c.rustType;
      const enc = await run(
        "encode",
        "--types",
        vectorFixture,
        "--type",
        type,
        "--json",
        jsonText(c.value),
      );
      expect({ name: c.name, ...enc }).toEqual({
        name: c.name,
        code: 0,
        out: `${c.bytes}\n`,
        err: "",
      });
      const dec = await run("decode", "--types", vectorFixture, "--type", type, "--hex", c.bytes);
      expect(dec.code).toBe(0);
      expect(dec.out).toBe(`${jsonText(c.value)}\n`);
    }
  });

  it("rejects every negative vector with the check error (path and byte offset)", async () => {
    for (const c of file.negative) {
      const type = VECTOR_TYPES[c.rustType] ?? c.rustType;
      const r = await run("decode", "--types", vectorFixture, "--type", type, "--hex", c.bytes);
      expect(r.code).toBe(1);
      expect(r.err).toMatch(
        new RegExp(`^shortcrust decode: check failed \\(${c.kind}\\) at \\S+, byte \\d+: expected`),
      );
    }
    const r = await run(
      "decode",
      "--types",
      vectorFixture,
      "--type",
      "Flags",
      "--hex",
      "0000000002000000",
    );
    expect(r.err).toBe(
      "shortcrust decode: check failed (bool) at Flags.x, byte 4: expected 0 or 1, found 2\n",
    );
  });

  it("works on a file anywhere on disk with a plain alias and @shortcrust/sdk imports", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sc-enc-"));
    const f = join(dir, "pair.ts");
    writeFileSync(
      f,
      `import type { u32, u64 } from "@shortcrust/sdk";\nexport type Pair = [u32, u64];\n`,
    );
    expect(await run("encode", "--types", f, "--type", "Pair", "--json", '[1,"2"]')).toEqual({
      code: 0,
      out: "01000000000000000200000000000000\n",
      err: "",
    });
    const missing = await run("encode", "--types", f, "--type", "Nope", "--json", "1");
    expect(missing).toEqual({
      code: 1,
      out: "",
      err: `shortcrust encode: --type Nope: ${f} exports no archivable type of that name (it exports: Pair)\n`,
    });
    const bad = await run("encode", "--types", f, "--type", "Pair", "--json", '[1,"x"]');
    expect(bad.code).toBe(1);
    expect(bad.err).toBe(
      'shortcrust encode: (u32, u64).1: expected u64 as a decimal string, found "x"\n',
    );
  });
});
