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
import fc from "fast-check";
import { layoutOf, type Codec, type TypeDesc } from "@shortcrust/sdk";
import { isCheckError, type CheckError } from "@shortcrust/sdk/codegen-v1";
import { buildOracle, randomTypes, type Oracle } from "../../../sdk/src/archive/oracle";
import { valueArb } from "../../../sdk/src/archive/testing/arbitrary";
import { lcg, mutate } from "../../../sdk/src/archive/testing/mutate";
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

const hex = (b: Uint8Array): string =>
  Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("hex");

/** Values compared with Object.is at the leaves (NaN = NaN, 0 ≠ -0), bytes as hex. */
function same(a: unknown, b: unknown): boolean {
  if (a instanceof Uint8Array && b instanceof Uint8Array) return hex(a) === hex(b);
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => same(x, b[i]));
  }
  if (a && b && typeof a === "object" && typeof b === "object") {
    const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
    const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
    return (
      ka.length === kb.length &&
      ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
    );
  }
  return Object.is(a, b);
}

const show = (v: unknown): string =>
  JSON.stringify(v, (_, x) =>
    typeof x === "bigint" ? `${x}n` : x instanceof Uint8Array ? `0x${hex(x)}` : x,
  );

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
  const items: { t: number; value: unknown; bytes: Uint8Array; json: unknown }[] = [];
  types.forEach((d, t) => {
    for (const value of fc.sample(valueArb(d), { seed: SEED + t, numRuns: VALUES_PER_TYPE })) {
      items.push({ t, value, bytes: codecs[t].archive(value), json: codecs[t].toJson(value) });
    }
  });
  const answers = oracle.batch(
    items.flatMap(({ t, bytes, json }) => [
      { op: "roundtrip" as const, type: t, bytes },
      { op: "archive" as const, type: t, json },
    ]),
  );
  const failures: string[] = [];
  items.forEach(({ t, value, bytes }, i) => {
    const rt = answers[2 * i];
    const ar = answers[2 * i + 1];
    const where = `Root${t} ${codecs[t].name} value ${show(value)} ts ${hex(bytes)}`;
    if (!rt.ok) return void failures.push(`${where}: Rust rejects it: ${rt.error}`);
    if (rt.op !== "roundtrip") return;
    if (hex(rt.bytes) !== hex(bytes)) failures.push(`${where}: Rust re-archives ${hex(rt.bytes)}`);
    else if (!same(codecs[t].fromJson(rt.json), value)) {
      failures.push(`${where}: Rust reads ${JSON.stringify(rt.json)}`);
    }
    if (!ar.ok) failures.push(`${where}: Rust cannot read our JSON: ${ar.error}`);
    else if (ar.op === "archive" && hex(ar.bytes) !== hex(bytes)) {
      failures.push(`${where}: Rust archives our JSON as ${hex(ar.bytes)}`);
    }
  });
  expect(failures.slice(0, 10)).toEqual([]);
  expect(items.length).toBe(TYPE_COUNT * VALUES_PER_TYPE);
});

/** Rust's random values of every type: (type index, bytes, json). */
function rustSamples(): { t: number; bytes: Uint8Array; json: unknown }[] {
  const answers = oracle.batch(
    types.map((type, t) => ({ op: "random", type, seed: SEED + t, count: VALUES_PER_TYPE })),
  );
  return answers.flatMap((a, t) => {
    if (!a.ok || a.op !== "random") throw new Error(`random Root${t}: ${show(a)}`);
    return a.samples.map((s) => ({ t, ...s }));
  });
}

test("the generated codecs accept what Rust archives, read the same value, write the same bytes", () => {
  const failures: string[] = [];
  let count = 0;
  for (const { t, bytes, json } of rustSamples()) {
    count++;
    const c = codecs[t];
    const where = `Root${t} ${c.name} rust ${hex(bytes)} ${JSON.stringify(json)}`;
    let value: unknown;
    try {
      c.check(bytes);
      value = c.deserialize(bytes);
    } catch (err) {
      failures.push(`${where}: we reject it: ${(err as Error).message}`);
      continue;
    }
    if (!same(value, c.fromJson(json))) failures.push(`${where}: we read ${show(value)}`);
    else if (!same(c.toJson(value), c.toJson(c.fromJson(json)))) {
      failures.push(`${where}: our JSON differs`);
    }
    const again = c.archive(value);
    if (hex(again) !== hex(bytes)) failures.push(`${where}: we re-archive ${hex(again)}`);
  }
  expect(failures.slice(0, 10)).toEqual([]);
  expect(count).toBe(TYPE_COUNT * VALUES_PER_TYPE);
});

/** Whether a type holds a `Vec` of zero-sized elements (rkyv checks each of up to 2³² of them). */
function hasZstVec(d: TypeDesc, seen = new Set<TypeDesc>()): boolean {
  if (seen.has(d)) return false;
  seen.add(d);
  const any = (ds: readonly TypeDesc[]): boolean => ds.some((x) => hasZstVec(x, seen));
  switch (d.kind) {
    case "vec":
      return layoutOf(d.element).size === 0 || hasZstVec(d.element, seen);
    case "array":
      return hasZstVec(d.element, seen);
    case "option":
      return hasZstVec(d.some, seen);
    case "box":
      return hasZstVec(d.inner, seen);
    case "tuple":
      return any(d.elements);
    case "tupleStruct":
      return any(d.fields);
    case "struct":
      return any(d.fields.map((f) => f.type));
    case "enum":
      return d.variants.some(
        (v) =>
          v.kind !== "unit" && any(v.kind === "tuple" ? v.fields : v.fields.map((f) => f.type)),
      );
    default:
      return false;
  }
}

test("the generated checkers and Rust's agree on random mutations of valid archives", () => {
  const rnd = lcg(SEED);
  const mutated: { t: number; bytes: Uint8Array }[] = [];
  for (const { t, bytes } of rustSamples()) {
    // Hostile lengths of zero-sized Vecs: Rust loops over up to 2^32 elements (slow), and we cap
    // them at 65536 (a guard rail of ours that rkyv lacks), so these types are left out here.
    if (hasZstVec(types[t])) continue;
    for (let k = 0; k < 4; k++) mutated.push({ t, bytes: mutate(bytes, rnd) });
  }
  const answers = oracle.batch(mutated.map(({ t, bytes }) => ({ op: "check", type: t, bytes })));
  const failures: string[] = [];
  let rejected = 0;
  let laxInline = 0;
  mutated.forEach(({ t, bytes }, i) => {
    let ours: CheckError | null = null;
    try {
      codecs[t].check(bytes);
    } catch (err) {
      if (!isCheckError(err)) {
        failures.push(`Root${t} ${hex(bytes)}: threw a non-CheckError ${String(err)}`);
        return;
      }
      ours = err;
    }
    const rust = answers[i];
    if (!rust.ok) rejected++;
    if (rust.ok && ours !== null && ours.kind === "inline_string_len") {
      // rkyv 0.7.39 does not bound inline string lengths (0.7.45+ does; reference §5.4).
      laxInline++;
      return;
    }
    if (rust.ok !== (ours === null)) {
      failures.push(
        `Root${t} ${codecs[t].name} bytes ${hex(bytes)}: rust ${rust.ok ? "accepts" : `rejects (${rust.error})`}, ` +
          `we ${ours ? `reject (${ours.kind}: ${ours.message.split("\n")[0]})` : "accept"}`,
      );
    }
  });
  expect(failures.slice(0, 10)).toEqual([]);
  // The mutations must bite: most are rejected, so agreement is not vacuous.
  expect(mutated.length).toBeGreaterThan(TYPE_COUNT * VALUES_PER_TYPE * 2);
  expect(rejected).toBeGreaterThan(mutated.length / 4);
  expect(laxInline).toBeLessThan(mutated.length / 10);
});
