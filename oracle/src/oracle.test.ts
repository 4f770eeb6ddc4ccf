/**
 * Byte compatibility with Rust's rkyv 0.7.39 (Debian's, piecrust's features), proven against the
 * real thing on every run: random nested types are declared in Rust and compiled into the oracle
 * (oracle/rkyv), then values go both ways. `ORACLE_SEED=<n>` explores other type sets.
 */
import fc from "fast-check";
import { codec, layoutOf, rustName, type TypeDesc } from "@shortcrust/sdk";
import {
  loadVectors,
  vectorTypes,
  hex,
  unhex,
} from "../../packages/sdk/src/archive/testing/vectors";
import {
  checkersAgree,
  rustAcceptsOurs,
  sameValue,
  showValue,
  weAcceptRusts,
  type AgreementSubject,
} from "./agreement";
import { buildOracle, type Oracle } from "./oracle";
import { hasSplitTuple, randomTypes } from "./random-types";

import { valueArb } from "../../packages/sdk/src/archive/testing/arbitrary";

const SEED = Number(process.env.ORACLE_SEED ?? 20261123);
// Longer runs: ORACLE_TYPES=200 ORACLE_VALUES=200 (each new type set compiles in ~10-40 s).
const TYPE_COUNT = Number(process.env.ORACLE_TYPES ?? 40);
const VALUES_PER_TYPE = Number(process.env.ORACLE_VALUES ?? 40);

const vectors = loadVectors();
const vectorType = vectorTypes(vectors);
const vectorRoots = [...new Set(vectors.cases.map((c) => c.rustType))]
  .filter((t) => !t.startsWith("BTreeMap"))
  .map((t) => [t, vectorType(t)] as const);

const randomRoots = randomTypes(SEED, TYPE_COUNT);
/** An enum with more than 256 variants: a u16 tag. */
const wideEnum: TypeDesc = {
  kind: "enum",
  name: "Wide",
  variants: Array.from({ length: 300 }, (_, i) =>
    i % 50 === 7
      ? { name: `W${i}`, kind: "tuple" as const, fields: [{ kind: "string" as const }] }
      : i % 50 === 9
        ? {
            name: `W${i}`,
            kind: "struct" as const,
            fields: [
              { name: "v", type: { kind: "vec" as const, element: { kind: "u64" as const } } },
            ],
          }
        : { name: `W${i}`, kind: "unit" as const },
  ),
};

/** Cross-checked both ways: the vector shapes, the random types and a u16-tagged enum. */
const types: TypeDesc[] = [
  ...vectorRoots.map(([, d]) => d),
  ...randomRoots,
  wideEnum,
  { kind: "vec", element: wideEnum },
];
/** Rust facts pinned on their own (see the tuple-order test), outside the cross-checks. */
const stringPair: TypeDesc = { kind: "tuple", elements: [{ kind: "string" }, { kind: "string" }] };
/** Random types holding tuples that rkyv 0.7.39 cannot round-trip itself (checked one way). */
const splitRoots = randomTypes(SEED + 1, 200, 3, { splitTuples: true })
  .filter(hasSplitTuple)
  .slice(0, 10);

let oracle: Oracle;

beforeAll(() => {
  // Throws a clear OracleError (and so fails every test here) if cargo or rkyv is missing.
  oracle = buildOracle([...types, stringPair, ...splitRoots]);
}, 600_000);

const same = sameValue;
const show = showValue;
/** The composed codecs under the three cross-checks (agreement.ts). */
const subject: AgreementSubject = {
  get oracle() {
    return oracle;
  },
  types,
  codec: (t) => codec(types[t]),
  label: (t) => `T${t} ${rustName(types[t])}`,
  seed: SEED,
  valuesPerType: VALUES_PER_TYPE,
};

test("the oracle runs Debian's rkyv under a recent rustc", () => {
  expect(oracle.rustc).toMatch(/^rustc 1\.(\d+)/);
  // Struct field order is rustc's (repr(Rust)); the reference's algorithm is rustc ≥ 1.77's.
  expect(Number(/^rustc 1\.(\d+)/.exec(oracle.rustc)![1])).toBeGreaterThanOrEqual(77);
});

test("Rust archives every vector value to the vector's bytes (the oracle itself is sound)", () => {
  const cases = vectors.cases.filter((c) => !c.rustType.startsWith("BTreeMap"));
  const answers = oracle.batch(
    cases.map((c) => ({ op: "archive", type: vectorType(c.rustType), json: c.value })),
  );
  const wrong = cases.filter((c, i) => {
    const a = answers[i];
    return !(a.ok && a.op === "archive" && hex(a.bytes) === c.bytes);
  });
  expect(wrong.map((c) => c.name)).toEqual([]);
  expect(cases.length).toBeGreaterThan(80);
});

test("Rust rejects every negative vector and accepts every non-canonical one", () => {
  const known = new Set(vectorRoots.map(([t]) => t));
  const neg = vectors.negative.filter((c) => known.has(c.rustType));
  const nonCanonical = vectors.acceptedNonCanonical.filter((c) => known.has(c.rustType));
  const rejected = neg.map((c) => oracle.check(vectorType(c.rustType), unhex(c.bytes)));
  expect(neg.filter((_, i) => rejected[i].ok).map((c) => c.name)).toEqual([]);
  for (const c of nonCanonical) {
    const r = oracle.roundtrip(vectorType(c.rustType), unhex(c.bytes));
    expect(r.ok && hex(r.bytes)).toBe(c.canonicalBytes);
  }
});

test("rkyv 0.7.39 rejects its own archive of a tuple with two out-of-line elements", () => {
  // rkyv's impl_tuple! serializes (A, B) as B's children first (it lists T11 … T0), but
  // bytecheck validates the claimed ranges in declaration order: Rust's to_bytes output for
  // ("AAAAAAAAAA", "BBBBBBBBBB") fails check_archived_root, and declaration order passes (and
  // re-serializes reversed). Our runtime writes declaration order (what Rust accepts), so the
  // random types wrap such tuples in tuple structs (see splitTuples in random-types.ts).
  const value = ["AAAAAAAAAA", "BBBBBBBBBB"];
  const a = "41".repeat(10);
  const b = "42".repeat(10);
  const rustBytes = oracle.archive(stringPair, value);
  expect(hex(rustBytes)).toBe(`${b}${a}0a000000f6ffffff0a000000e4ffffff`);
  const rejected = oracle.check(stringPair, rustBytes);
  expect(rejected.ok).toBe(false);
  expect(!rejected.ok && rejected.error).toMatch(/subtree pointer out of bounds/);
  const declarationOrder = unhex(`${a}${b}0a000000ecffffff0a000000eeffffff`);
  const back = oracle.roundtrip(stringPair, declarationOrder);
  expect(back.ok && [hex(back.bytes), back.json]).toEqual([hex(rustBytes), value]);
  expect(hex(codec(stringPair).archive(value))).toBe(hex(declarationOrder));
});

test("archived size, alignment and field offsets agree with rustc for every type", () => {
  const answers = oracle.batch(types.map((type) => ({ op: "layout", type })));
  const wrong: string[] = [];
  types.forEach((d, i) => {
    const a = answers[i];
    if (!a.ok || a.op !== "layout") throw new Error(`layout of ${rustName(d)}: ${show(a)}`);
    const ours = layoutOf(d);
    const offsets = a.layout.offsets.length > 0 ? (ours.offsets ?? []) : [];
    if (
      ours.size !== a.layout.size ||
      ours.align !== a.layout.align ||
      !same(offsets, a.layout.offsets)
    ) {
      wrong.push(
        `${rustSignature(d)}: rust ${show(a.layout)}, ts ${show({ size: ours.size, align: ours.align, offsets })}`,
      );
    }
  });
  expect(wrong).toEqual([]);
});

/** The type with its named parts spelled out, for failure messages. */
function rustSignature(d: TypeDesc): string {
  const i = types.indexOf(d);
  return `T${i} = ${rustName(d)}`;
}

test("Rust accepts what TypeScript archives, reads the same value, and writes the same bytes", () => {
  const { failures, count } = rustAcceptsOurs(subject);
  expect(failures.slice(0, 10)).toEqual([]);
  expect(count).toBe(types.length * VALUES_PER_TYPE);
});

test("Rust accepts and reads what TypeScript archives for tuples Rust cannot round-trip", () => {
  expect(splitRoots.length).toBeGreaterThanOrEqual(5);
  const items = splitRoots.flatMap((d, k) =>
    fc
      .sample(valueArb(d), { seed: SEED + k, numRuns: VALUES_PER_TYPE })
      .map((value) => ({ d, value, bytes: codec(d).archive(value) })),
  );
  const answers = oracle.batch(items.map(({ d, bytes }) => ({ op: "roundtrip", type: d, bytes })));
  const failures: string[] = [];
  items.forEach(({ d, value, bytes }, i) => {
    const a = answers[i];
    const where = `${rustName(d)} value ${show(value)} ts ${hex(bytes)}`;
    if (!a.ok) failures.push(`${where}: Rust rejects it: ${a.error}`);
    else if (a.op === "roundtrip" && !same(codec(d).fromJson(a.json), value)) {
      failures.push(`${where}: Rust reads ${JSON.stringify(a.json)}`);
    }
  });
  expect(failures.slice(0, 10)).toEqual([]);
});

test("TypeScript accepts what Rust archives, reads the same value, and writes the same bytes", () => {
  const { failures, count } = weAcceptRusts(subject);
  expect(failures.slice(0, 10)).toEqual([]);
  expect(count).toBe(types.length * VALUES_PER_TYPE);
});

test("our checker and Rust's agree on random mutations of valid archives", () => {
  const { failures, count, rejected, laxInline } = checkersAgree(subject, 6);
  expect(failures.slice(0, 10)).toEqual([]);
  // The mutations must bite: most are rejected, so agreement is not vacuous.
  expect(rejected).toBeGreaterThan(count / 4);
  expect(laxInline).toBeLessThan(count / 10);
});
