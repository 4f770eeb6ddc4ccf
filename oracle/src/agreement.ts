// The cross-checks against the Rust oracle, for any set of codecs over the oracle's types: the
// SDK's composed codecs and codegen's generated ones are held to the same three checks.
import fc from "fast-check";
import {
  isCheckError,
  layoutOf,
  type CheckError,
  type Codec,
  type TypeDesc,
} from "@shortcrust/sdk";
import { valueArb } from "../../packages/sdk/src/archive/testing/arbitrary";
import { lcg, mutate } from "../../packages/sdk/src/archive/testing/mutate";
import { hex } from "../../packages/sdk/src/archive/testing/vectors";
import type { Oracle } from "./oracle";

/** The codecs under test, by the index of their type in the oracle (`types[t]`). */
export interface AgreementSubject {
  readonly oracle: Oracle;
  readonly types: readonly TypeDesc[];
  readonly codec: (t: number) => Codec;
  /** How failure messages name type `t`. */
  readonly label: (t: number) => string;
  readonly seed: number;
  readonly valuesPerType: number;
}

/** What a check found: `failures` (the first few are enough to read) and how much it looked at. */
export interface AgreementResult {
  readonly failures: string[];
  readonly count: number;
}

/** Values compared with Object.is at the leaves (NaN = NaN, 0 ≠ -0), bytes as hex. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Uint8Array && b instanceof Uint8Array) return hex(a) === hex(b);
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  }
  if (a && b && typeof a === "object" && typeof b === "object") {
    const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
    const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
    return (
      ka.length === kb.length &&
      ka.every((k) =>
        sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
      )
    );
  }
  return Object.is(a, b);
}

/** A value as readable text (bigints as `1n`, bytes as `0x…`). */
export const showValue = (v: unknown): string =>
  JSON.stringify(v, (_, x) =>
    typeof x === "bigint" ? `${x}n` : x instanceof Uint8Array ? `0x${hex(x)}` : x,
  );

/**
 * Our bytes → Rust: Rust accepts what the codecs archive, re-archives the same bytes, reads the
 * same value, and archives our JSON form to the same bytes.
 */
export function rustAcceptsOurs(s: AgreementSubject): AgreementResult {
  const items: { t: number; value: unknown; bytes: Uint8Array; json: unknown }[] = [];
  s.types.forEach((d, t) => {
    const c = s.codec(t);
    for (const value of fc.sample(valueArb(d), { seed: s.seed + t, numRuns: s.valuesPerType })) {
      items.push({ t, value, bytes: c.archive(value), json: c.toJson(value) });
    }
  });
  const answers = s.oracle.batch(
    items.flatMap(({ t, bytes, json }) => [
      { op: "roundtrip" as const, type: t, bytes },
      { op: "archive" as const, type: t, json },
    ]),
  );
  const failures: string[] = [];
  items.forEach(({ t, value, bytes }, i) => {
    const c = s.codec(t);
    const rt = answers[2 * i];
    const ar = answers[2 * i + 1];
    const where = `${s.label(t)} value ${showValue(value)} ts ${hex(bytes)}`;
    if (!rt.ok) return void failures.push(`${where}: Rust rejects it: ${rt.error}`);
    if (rt.op !== "roundtrip") return;
    if (hex(rt.bytes) !== hex(bytes)) failures.push(`${where}: Rust re-archives ${hex(rt.bytes)}`);
    else if (!sameValue(c.fromJson(rt.json), value)) {
      failures.push(`${where}: Rust reads ${JSON.stringify(rt.json)}`);
    }
    if (!ar.ok) failures.push(`${where}: Rust cannot read our JSON: ${ar.error}`);
    else if (ar.op === "archive" && hex(ar.bytes) !== hex(bytes)) {
      failures.push(`${where}: Rust archives our JSON as ${hex(ar.bytes)}`);
    }
  });
  return { failures, count: items.length };
}

/** Rust's random values of every type: (type index, bytes, json). */
export function rustSamples(
  s: AgreementSubject,
): { t: number; bytes: Uint8Array; json: unknown }[] {
  const answers = s.oracle.batch(
    s.types.map((type, t) => ({ op: "random", type, seed: s.seed + t, count: s.valuesPerType })),
  );
  return answers.flatMap((a, t) => {
    if (!a.ok || a.op !== "random") throw new Error(`random ${s.label(t)}: ${showValue(a)}`);
    return a.samples.map((x) => ({ t, ...x }));
  });
}

/**
 * Rust's bytes → ours: the codecs check and read what Rust archives, to the value Rust reads,
 * with the same JSON form, and re-archive the same bytes.
 */
export function weAcceptRusts(s: AgreementSubject): AgreementResult {
  const failures: string[] = [];
  let count = 0;
  for (const { t, bytes, json } of rustSamples(s)) {
    count++;
    const c = s.codec(t);
    const where = `${s.label(t)} rust ${hex(bytes)} ${JSON.stringify(json)}`;
    let value: unknown;
    try {
      c.check(bytes);
      value = c.deserialize(bytes);
    } catch (err) {
      failures.push(`${where}: we reject it: ${(err as Error).message}`);
      continue;
    }
    const rusts = c.fromJson(json);
    if (!sameValue(value, rusts)) failures.push(`${where}: we read ${showValue(value)}`);
    else if (!sameValue(c.toJson(value), c.toJson(rusts))) {
      failures.push(`${where}: our JSON differs`);
    }
    const again = c.archive(value);
    if (hex(again) !== hex(bytes)) failures.push(`${where}: we re-archive ${hex(again)}`);
  }
  return { failures, count };
}

/** Whether a type holds a `Vec` of zero-sized elements (rkyv checks each of up to 2³² of them). */
export function hasZstVec(d: TypeDesc, seen = new Set<TypeDesc>()): boolean {
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

/** What `checkersAgree` found, with the counts that show the mutations bite. */
export interface MutationResult extends AgreementResult {
  /** Mutated archives Rust rejects. */
  readonly rejected: number;
  /** Inline strings over 7 bytes: rkyv 0.7.39 accepts them, we (as 0.7.45+) do not. */
  readonly laxInline: number;
}

/**
 * Our checker and Rust's give the same accept/reject on `perSample` mutations of each of Rust's
 * samples; anything thrown but a CheckError is a failure.
 */
export function checkersAgree(s: AgreementSubject, perSample: number): MutationResult {
  const rnd = lcg(s.seed);
  const mutated: { t: number; bytes: Uint8Array }[] = [];
  for (const { t, bytes } of rustSamples(s)) {
    // Hostile lengths of zero-sized Vecs: Rust loops over up to 2^32 elements (slow), and we cap
    // them at 65536 (a guard rail of ours that rkyv lacks), so these types are left out here.
    if (hasZstVec(s.types[t])) continue;
    for (let k = 0; k < perSample; k++) mutated.push({ t, bytes: mutate(bytes, rnd) });
  }
  const answers = s.oracle.batch(mutated.map(({ t, bytes }) => ({ op: "check", type: t, bytes })));
  const failures: string[] = [];
  let rejected = 0;
  let laxInline = 0;
  mutated.forEach(({ t, bytes }, i) => {
    let ours: CheckError | null = null;
    try {
      s.codec(t).check(bytes);
    } catch (err) {
      if (!isCheckError(err)) {
        failures.push(`${s.label(t)} ${hex(bytes)}: threw a non-CheckError ${String(err)}`);
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
        `${s.label(t)} bytes ${hex(bytes)}: rust ${rust.ok ? "accepts" : `rejects (${rust.error})`}, ` +
          `we ${ours ? `reject (${ours.kind}: ${ours.message.split("\n")[0]})` : "accept"}`,
      );
    }
  });
  return { failures, count: mutated.length, rejected, laxInline };
}
