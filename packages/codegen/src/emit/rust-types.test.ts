/**
 * Rust out (`rust` in shortcrust.config.json): what the declarations look like, that codegen
 * never writes over a file it did not write, that the fixtures' generated Rust is current, and —
 * with the Rust oracle (oracle/rkyv, Debian's rkyv 0.7.39) compiling the emitted file itself —
 * that Rust and the generated TypeScript codecs agree byte for byte on every type. Without cargo
 * or Debian's rkyv the oracle build throws and the oracle tests fail (never a silent pass).
 */
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type Codec, type NamedDesc, type TypeDesc } from "@shortcrust/sdk";
import {
  buildOracle,
  checkersAgree,
  randomTypes,
  rustAcceptsOurs,
  weAcceptRusts,
  type AgreementSubject,
  type Oracle,
} from "@shortcrust/rkyv-oracle";
import { generate, type GenerateOptions } from "../pipeline";
import { lowerType } from "../ir/lower";
import { archiveSource, expressible } from "../testing/sources";
import { loadModule } from "../testing/compile";
import { loadConfig, optionsOf } from "../cli/config";
import { RUST_HEADER } from "./rust-types";

const FIXTURE_TYPES = resolve(__dirname, "../../../runtime/src/testing/rust-types");

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "sc-rust-out-"));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, ".."), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const IMPORTS = `import type { u8, u32, u64, i16, Vec, Option, Box, ContractId, Bytes } from "@shortcrust/sdk";\n`;

async function rustOf(source: string): Promise<{ text?: string; diagnostics: string[] }> {
  const dir = project({ "src/types.ts": IMPORTS + source });
  try {
    const r = await generate({
      root: dir,
      srcDir: "src",
      outDir: "src/generated",
      files: ["src/types.ts"],
      scaffolds: false,
      rust: "rust/types.rs",
    });
    return {
      text: r.files.get(join(dir, "rust", "types.rs")),
      diagnostics: r.diagnostics.map((d) => `${d.loc.line}:${d.loc.col}: ${d.message}`),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("Rust declarations of @archive types", () => {
  it("declares structs, enums, tuple structs, generic instantiations and aliases with piecrust's derive", async () => {
    const { text, diagnostics } = await rustOf(`
/** @archive */ export interface Point { x: u32; type: u8; id: ContractId }
/** @archive */ export type Shape = { case: "Dot" } | { case: "Line"; value: [Point, Point] } | { case: "Named"; value: Point };
/** @archive */ export type Pair = [u64, Option<Box<Point>>];
/** @archive */ export enum Color { Red, Green }
/** @archive */ export interface Tagged<T> { tag: u8; value: T }
/** @archive */ export interface Uses { a: Tagged<i16>; b: Vec<Tagged<u64>>; c: Bytes<4> }
export type Alias = [u8, string];
/** @archive */ export interface WithAlias { al: Alias }
`);
    expect(diagnostics).toEqual([]);
    expect(text!.startsWith(RUST_HEADER)).toBe(true);
    const derive =
      "#[derive(Debug, Clone, PartialEq)]\n#[derive(Archive, Serialize, Deserialize)]\n#[archive_attr(derive(CheckBytes))]\n";
    expect(text).toContain(
      `${derive}pub struct Point {\n    pub x: u32,\n    pub r#type: u8,\n    pub id: [u8; 32],\n}`,
    );
    expect(text).toContain(
      `${derive}pub enum Shape {\n    Dot,\n    Line(Point, Point),\n    Named(Point),\n}`,
    );
    expect(text).toContain(`${derive}pub struct Pair(pub u64, pub Option<Box<Point>>);`);
    expect(text).toContain(`${derive}pub enum Color {\n    Red,\n    Green,\n}`);
    // Each instantiation of a generic is its own Rust type, named as the TypeScript codec.
    expect(text).toContain(`pub struct Tagged_i16 {\n    pub tag: u8,\n    pub value: i16,\n}`);
    expect(text).toContain(
      "    pub a: Tagged_i16,\n    pub b: Vec<Tagged_u64>,\n    pub c: [u8; 4],",
    );
    expect(text).toContain("pub type Alias = (u8, String,);");
    expect(text).toContain("    pub al: (u8, String,),");
    expect(text).toContain("extern crate alloc;\n");
  });

  it("reports a type Rust cannot declare where it is declared, and writes nothing", async () => {
    const { text, diagnostics } = await rustOf(`
/** @archive */ export interface List { head: u8; next: Option<Box<List>> }
`);
    expect(text).toBeUndefined();
    expect(diagnostics).toEqual([
      expect.stringMatching(/^3:\d+: cannot emit Rust for List: cannot declare recursive types/),
    ]);
  });

  it("never writes over a file that codegen did not write", async () => {
    const dir = project({
      "src/types.ts": `${IMPORTS}/** @archive */ export interface P { x: u8 }\n`,
      "rust/types.rs": "// my own hand-written types\npub struct P;\n",
    });
    try {
      const options: GenerateOptions = {
        root: dir,
        srcDir: "src",
        outDir: "src/generated",
        files: ["src/types.ts"],
        scaffolds: false,
        rust: "rust/types.rs",
      };
      const r = await generate(options);
      expect(r.diagnostics.map((d) => d.message)).toEqual([
        "not overwriting a file that shortcrust codegen did not write",
      ]);
      expect(r.diagnostics[0].loc.file).toBe(join(dir, "rust", "types.rs"));
      // A file it wrote itself is fine to regenerate.
      rmSync(join(dir, "rust", "types.rs"));
      writeFileSync(join(dir, "rust", "types.rs"), `${RUST_HEADER} earlier\n`);
      expect((await generate(options)).diagnostics).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("takes the file from the config's rust key or --rust, which must name a .rs file", () => {
    const dir = project({ "shortcrust.config.json": JSON.stringify({ rust: "rust/types.rs" }) });
    try {
      expect(optionsOf({ root: dir }).rust).toBe("rust/types.rs");
      expect(optionsOf({ root: dir, rust: "other.rs" }).rust).toBe("other.rs");
      expect(() => optionsOf({ root: dir, rust: "types.txt" })).toThrow(
        "--rust types.txt: expected a .rs file",
      );
      writeFileSync(join(dir, "shortcrust.config.json"), JSON.stringify({ rust: "types.txt" }));
      expect(() => optionsOf({ root: dir })).toThrow('/rust must match pattern "\\.rs$"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("keeps the Rust fixtures' generated types current (shortcrust codegen --root packages/runtime/src/testing/rust-types)", async () => {
    const cfg = loadConfig(FIXTURE_TYPES);
    expect(cfg.rust).toBeDefined();
    const r = await generate({
      root: FIXTURE_TYPES,
      srcDir: cfg.srcDir!,
      outDir: cfg.outDir!,
      files: cfg.files!,
      scaffolds: false,
      rust: cfg.rust,
    });
    expect(r.diagnostics).toEqual([]);
    const rustPath = resolve(FIXTURE_TYPES, cfg.rust!);
    expect(rustPath).toMatch(/contracts\/rust\/fixture-types\/src\/generated\.rs$/);
    for (const [path, text] of r.files) {
      expect(existsSync(path) && readFileSync(path, "utf8") === text ? "current" : path).toBe(
        "current",
      );
    }
  });
});

// --- Rust and TypeScript agree, with the emitted file compiled into the oracle ---

const SEED = Number(process.env.ORACLE_SEED ?? 20261202);
const TYPE_COUNT = Number(process.env.ORACLE_TYPES ?? 24);
const VALUES_PER_TYPE = Number(process.env.ORACLE_VALUES ?? 24);

describe("the emitted Rust against the generated codecs (Rust oracle)", () => {
  let oracle: Oracle;
  let codecs: Codec[];
  let types: TypeDesc[];
  let labels: string[];
  let dir = "";

  beforeAll(async () => {
    const random = randomTypes(SEED, TYPE_COUNT * 2)
      .filter((d) => expressible(d))
      .slice(0, TYPE_COUNT);
    const { text, roots } = archiveSource(random);
    dir = project({
      "src/types.ts": text,
      "src/fixture-types.ts": readFileSync(join(FIXTURE_TYPES, "fixture-types.ts"), "utf8"),
    });
    const r = await generate({
      root: dir,
      srcDir: "src",
      outDir: "gen",
      files: ["src/types.ts", "src/fixture-types.ts"],
      scaffolds: false,
      rust: "types.rs",
    });
    expect(r.diagnostics).toEqual([]);
    const rust = r.files.get(join(dir, "types.rs"))!;
    const mod = {
      ...loadModule(r.files.get(join(dir, "gen", "types.codec.ts"))!),
      ...loadModule(r.files.get(join(dir, "gen", "fixture-types.codec.ts"))!),
    };
    labels = [...roots, "CallRequest", "CallOutcome", "GasReport", "HostQueryRequest"];
    const exported = new Map(
      [...r.program.files.values()].flatMap((f) => [...f.exports.entries()]),
    );
    types = labels.map((name) => lowerType(r.program, exported.get(name)!));
    codecs = labels.map((name) => mod[name] as Codec);
    // The oracle names each type as the emitter did and compiles the emitted declarations.
    const nameOf = (d: NamedDesc) => r.program.decls.get(d.name)?.tsName ?? d.name;
    oracle = buildOracle(types, { declarations: rust, nameOf });
  }, 600_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const subject = (): AgreementSubject => ({
    oracle,
    types,
    codec: (t) => codecs[t],
    label: (t) => labels[t],
    seed: SEED,
    valuesPerType: VALUES_PER_TYPE,
  });

  it("has rustc's layout for every type", () => {
    expect(codecs.every((c) => typeof c?.archive === "function")).toBe(true);
    const layouts = oracle.batch(types.map((type) => ({ op: "layout", type })));
    types.forEach((_, i) => {
      const a = layouts[i];
      expect([labels[i], a.ok && a.op === "layout" && [a.layout.size, a.layout.align]]).toEqual([
        labels[i],
        [codecs[i].size, codecs[i].align],
      ]);
    });
  });

  it("Rust accepts what the TypeScript codecs archive and writes the same bytes", () => {
    const { failures, count } = rustAcceptsOurs(subject());
    expect(failures.slice(0, 10)).toEqual([]);
    expect(count).toBe(types.length * VALUES_PER_TYPE);
  });

  it("the TypeScript codecs accept what Rust archives and write the same bytes", () => {
    const { failures, count } = weAcceptRusts(subject());
    expect(failures.slice(0, 10)).toEqual([]);
    expect(count).toBe(types.length * VALUES_PER_TYPE);
  });

  it("the checkers agree on mutations of valid archives", () => {
    const { failures, count, rejected } = checkersAgree(subject(), 2);
    expect(failures.slice(0, 10)).toEqual([]);
    expect(rejected).toBeGreaterThan(count / 4);
  });
});
