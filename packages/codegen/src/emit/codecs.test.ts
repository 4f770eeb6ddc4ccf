import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseFiles } from "../ir/parse";
import { codecModule } from "./codec-module";
import { ModulePrinter } from "./printer";

function emit(source: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), "sc-emit-"));
  const file = join(dir, "t.ts");
  writeFileSync(file, source);
  const { program, diagnostics } = parseFiles([file]);
  expect(diagnostics).toEqual([]);
  const layout = { root: dir, srcDir: dir, outDir: join(dir, "gen") };
  return codecModule(program, layout, file)
    .raw()
    .split("\n")
    .map((l) => l.trim());
}

describe("codec emitter: exact lines", () => {
  const lines = emit(
    `import type { u8, u16, u32, u64, Vec } from "@shortcrust/sdk";\n` +
      `/** @archive */ export interface Mixed { a: u8; b: u64; c: u16 }\n` +
      `export type Count = u32;\n` +
      `/** @archive */ export interface Names { list: Vec<string> }\n`,
  );

  it("bakes rustc's reordered offsets into straight-line code", () => {
    // Mixed {a: u8, b: u64, c: u16} lays out as b@0, c@8, a@10 (size 16, align 8).
    expect(lines).toContain(
      "return { a: s.bytes[pos + 10], b: s.view.getBigUint64(pos, true), c: s.view.getUint16(pos + 8, true) };",
    );
  });

  it("writes a root with no out-of-line data in place, by a direct call of its write", () => {
    const i = lines.indexOf("archive: (v) => {");
    expect(lines.slice(i, i + 11)).toEqual([
      "archive: (v) => {",
      "// V8: in place into the pool's chunk, by a direct call V8 can inline.",
      "const r = placeRoot(16);",
      'if (r === null) return archiveRoot(v, 16, 8, "Mixed", null, Mixed$write);',
      "try {",
      "Mixed$write(r, r.at, v);",
      "} catch (e) {",
      'throw toArchiveError(e, "Mixed");',
      "}",
      "return POOL_MAX === 0 ? r.buf : r.buf.subarray(r.at, r.at + 16);",
      "},",
    ]);
    expect(lines).toContain(
      "export function Mixed$write(w: InlineWriter, pos: number, v: Mixed): void {",
    );
    // A leaf root's write is a module function (not a closure made per archive), placed by
    // archiveRoot; it reads from the bytes alone.
    expect(lines).toContain(
      "function Count$write(w: InlineWriter, pos: number, v: number): void {",
    );
    expect(lines).toContain('archive: (v) => archiveRoot(v, 4, 4, "u32", null, Count$write),');
    const d = lines.indexOf("deserialize: (b) => {", lines.indexOf('name: "u32",'));
    expect(lines.slice(d, d + 5)).toEqual([
      "deserialize: (b) => {",
      "const pos = b.length - 4;",
      'if (pos < 0 || (pos & 3) !== 0) checkRoot(b, 4, 4, "u32", null);',
      "return ((b[pos] | (b[pos + 1] << 8) | (b[pos + 2] << 16) | (b[pos + 3] << 24)) >>> 0);",
      "},",
    ]);
    // Out-of-line data (a Vec) goes through archiveRoot's two passes, with the full writer.
    expect(lines).toContain(
      'archive: (v) => archiveRoot(v, 8, 4, "Names", Names$resolve, Names$write),',
    );
    expect(lines).toContain(
      "export function Names$write(w: ArchiveWriter, pos: number, v: Names): void {",
    );
  });

  it("checks a root with nothing inside by its bounds and alignment, inline", () => {
    const at = (name: string, n = 3): string[] => {
      const i = lines.indexOf("check(bytes) {", lines.indexOf(`name: "${name}",`));
      return lines.slice(i, i + n);
    };
    expect(at("Mixed", 4)).toEqual([
      "check(bytes) {",
      "const pos = bytes.length - 16;",
      'if (pos < 0 || (pos & 7) !== 0) checkRoot(bytes, 16, 8, "Mixed", null);',
      "},",
    ]);
    expect(at("Names")).toEqual([
      "check(bytes) {",
      'checkRoot(bytes, 8, 4, "Names", Names$check);',
      "},",
    ]);
  });

  it("tests a root whose whole check is bool and tag bytes inline, checkRoot only on failure", () => {
    const flags = emit(
      `import type { u64, Option } from "@shortcrust/sdk";\n` +
        `/** @archive */ export interface Flags { on: boolean; n: Option<u64> }\n` +
        `/** @archive */ export interface Note { text: Option<string> }\n`,
    );
    const at = (name: string, n: number): string[] => {
      const i = flags.indexOf("check(bytes) {", flags.indexOf(`name: "${name}",`));
      return flags.slice(i, i + n);
    };
    // Flags lays out as n@0 (tag, then the u64 at 8), on@16: both bytes below 2, in field order.
    expect(at("Flags", 4)).toEqual([
      "check(bytes) {",
      "const pos = bytes.length - 24;",
      'if (pos < 0 || (pos & 7) !== 0 || bytes[pos + 16] > 1 || bytes[pos] > 1) checkRoot(bytes, 24, 8, "Flags", Flags$check);',
      "},",
    ]);
    // A string inside (checked only when present) is more than bytes: checkRoot does it all.
    expect(at("Note", 3)).toEqual([
      "check(bytes) {",
      'checkRoot(bytes, 12, 4, "Note", Note$check);',
      "},",
    ]);
  });

  it("emits one function set per anonymous composite, called by name", () => {
    expect(lines).toContain("function $Vec_String$check(c: CheckContext, pos: number): void {");
    const i = lines.indexOf("$Vec_String$check(c, pos);");
    expect(lines.slice(i - 3, i + 4)).toEqual([
      "let f = 0;",
      "try {",
      "f = 0;",
      "$Vec_String$check(c, pos);",
      "} catch (e) {",
      'rethrowAt(e, [".list"][f]);',
      "}",
    ]);
    expect(lines).toContain("const at = c.slice(pos, 8, 4);");
  });

  it("imports only from the SDK's codegen-v1 subpath", () => {
    const imports = lines.filter((l) => l.startsWith("import"));
    expect(imports.length).toBe(1);
    expect(imports[0]).toMatch(/ from "@shortcrust\/sdk\/codegen-v1";$/);
  });

  it("starts with a header naming generator, version, options and source", () => {
    expect(lines[0]).toMatch(
      /^\/\/ @generated by shortcrust codegen \d+\.\d+\.\d+ — codecs\. Do not edit\.$/,
    );
    expect(lines[1]).toBe("// source: t.ts");
    expect(lines[2]).toBe("// options: runtime=@shortcrust/sdk/codegen-v1 size=32 target=rkyv-0.7");
  });
});

describe("module printer", () => {
  it("owns imports: sorted, deduplicated, type-only where no value is used", () => {
    const p = new ModulePrinter({ kind: "test", source: "x.ts", options: { b: "2", a: true } });
    p.type("./b", "B");
    p.value("./a", "z");
    p.value("./a", "y");
    p.type("./a", "T");
    p.value("./a", "y");
    p.code("const k = 1;");
    expect(p.raw().split("\n")).toEqual([
      expect.stringMatching(/— test\. Do not edit\.$/),
      "// source: x.ts",
      "// options: a=true b=2",
      'import { y, z, type T } from "./a";',
      'import type { B } from "./b";',
      "",
      "const k = 1;",
      "",
    ]);
  });
});
