/**
 * Generated codecs against Rust's rkyv 0.7.39 directly (the oracle of packages/sdk, see
 * oracle/README.md): random nested types are written as annotated TypeScript, run through the
 * real codegen (ts-morph reader → IR → codec emitter → prettier), the generated codec module is
 * loaded, and the same types are compiled into the Rust oracle. Values then go both ways and
 * mutated archives must get the same accept/reject decision. Without cargo or Debian's rkyv the
 * oracle build throws in beforeAll and every test here fails (never a silent pass).
 * `ORACLE_SEED=<n>` explores other type sets.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { layoutOf, type Codec, type TypeDesc } from "@shortcrust/sdk";
import {
  buildOracle,
  checkersAgree,
  randomTypes,
  rustAcceptsOurs,
  weAcceptRusts,
  type AgreementSubject,
  type Oracle,
} from "@shortcrust/rkyv-oracle";
import { generate } from "../pipeline";
import { archiveSource, expressible } from "../testing/sources";
import { loadModule } from "../testing/compile";

const SEED = Number(process.env.ORACLE_SEED ?? 20261124);
const TYPE_COUNT = Number(process.env.ORACLE_TYPES ?? 80);
const VALUES_PER_TYPE = Number(process.env.ORACLE_VALUES ?? 40);

/** Random types the input language can declare (no maps; no structs without fields). */
const types: TypeDesc[] = randomTypes(SEED, TYPE_COUNT * 2)
  .filter((d) => expressible(d))
  .slice(0, TYPE_COUNT);

let oracle: Oracle;
let codecs: Codec[];
let dir = "";

beforeAll(async () => {
  // Throws a clear OracleError (and so fails every test here) if cargo or rkyv is missing.
  oracle = buildOracle(types);
  dir = mkdtempSync(join(tmpdir(), "sc-oracle-gen-"));
  mkdirSync(join(dir, "src"));
  const { text, roots } = archiveSource(types);
  writeFileSync(join(dir, "src", "types.ts"), text);
  const r = await generate({
    root: dir,
    srcDir: "src",
    outDir: "gen",
    files: ["src/types.ts"],
    scaffolds: false,
  });
  expect(r.diagnostics).toEqual([]);
  const mod = loadModule(r.files.get(join(dir, "gen", "types.codec.ts"))!);
  codecs = roots.map((name) => mod[name] as Codec);
}, 600_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The generated codecs under the SDK oracle's three cross-checks. */
const subject: AgreementSubject = {
  get oracle() {
    return oracle;
  },
  types,
  codec: (t) => codecs[t],
  label: (t) => `Root${t} ${codecs[t].name}`,
  seed: SEED,
  valuesPerType: VALUES_PER_TYPE,
};

test("the random types are many and varied, and codegen read them all", () => {
  expect(types.length).toBe(TYPE_COUNT);
  const kinds = new Set(types.map((d) => d.kind));
  for (const k of ["struct", "enum", "vec", "tuple"]) expect(kinds).toContain(k);
  expect(codecs.every((c) => typeof c?.archive === "function")).toBe(true);
  // The generated codecs are not the composed ones, and their layout is rustc's.
  const layouts = oracle.batch(types.map((type) => ({ op: "layout", type })));
  types.forEach((d, i) => {
    const a = layouts[i];
    expect(a.ok && a.op === "layout" && [a.layout.size, a.layout.align]).toEqual([
      codecs[i].size,
      codecs[i].align,
    ]);
    expect(codecs[i].size).toBe(layoutOf(d).size);
  });
});

test("Rust accepts what the generated codecs archive, reads the same value, writes the same bytes", () => {
  const { failures, count } = rustAcceptsOurs(subject);
  expect(failures.slice(0, 10)).toEqual([]);
  expect(count).toBe(TYPE_COUNT * VALUES_PER_TYPE);
});

test("the generated codecs accept what Rust archives, read the same value, write the same bytes", () => {
  const { failures, count } = weAcceptRusts(subject);
  expect(failures.slice(0, 10)).toEqual([]);
  expect(count).toBe(TYPE_COUNT * VALUES_PER_TYPE);
});

test("the generated checkers and Rust's agree on random mutations of valid archives", () => {
  const { failures, count, rejected, laxInline } = checkersAgree(subject, 4);
  expect(failures.slice(0, 10)).toEqual([]);
  // The mutations must bite: most are rejected, so agreement is not vacuous.
  expect(count).toBeGreaterThan(TYPE_COUNT * VALUES_PER_TYPE * 2);
  expect(rejected).toBeGreaterThan(count / 4);
  expect(laxInline).toBeLessThan(count / 10);
});
