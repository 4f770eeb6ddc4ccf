import { spawnSync } from "node:child_process";
import type { TypeDesc } from "@shortcrust/sdk";
import { buildOracleCrate } from "./cargo";
import { OracleError } from "./errors";
import { rustSource, type RustSourceOptions } from "./rust-source";

/**
 * Rust's rkyv 0.7.39 (Debian's, with piecrust's features and derive pattern) as a test oracle for
 * a set of type descriptors: `buildOracle(types)` declares them in Rust, compiles the oracle, and
 * answers what Rust's `check_archived_root`, `deserialize` and `to_bytes` do with bytes and values.
 * Test tooling: not part of the SDK's public exports.
 */
export interface Oracle {
  readonly types: readonly TypeDesc[];
  /** The generated Rust source (for error reports). */
  readonly source: string;
  /** `rustc --version` of the compiler that laid out the archived structs. */
  readonly rustc: string;
  readonly binary: string;
  readonly buildMs: number;
  /** `check_archived_root::<T>(bytes)` (on a 16-aligned copy). */
  check(type: TypeRef, bytes: Uint8Array): CheckAnswer;
  /** check, deserialize, `to_bytes` again: the canonical bytes and the value as JSON. */
  roundtrip(type: TypeRef, bytes: Uint8Array): RoundtripAnswer;
  /** The value (JSON in the vectors' convention) archived by Rust. */
  archive(type: TypeRef, json: unknown): Uint8Array;
  /** `count` random values that Rust generated (seeded) and archived. */
  random(type: TypeRef, seed: number, count: number): Sample[];
  /** `size_of`/`align_of` of the archived type and rustc's field offsets (structs, tuples). */
  layout(type: TypeRef): RustLayout;
  /** Many requests in one run of the oracle; answers in order. */
  batch(requests: readonly OracleRequest[]): OracleAnswer[];
}

/** A root type: its descriptor (by identity) or its index in `types`. */
export type TypeRef = TypeDesc | number;

export type CheckAnswer = { readonly ok: true } | { readonly ok: false; readonly error: string };
export type RoundtripAnswer =
  | { readonly ok: true; readonly bytes: Uint8Array; readonly json: unknown }
  | { readonly ok: false; readonly error: string };
export interface Sample {
  readonly bytes: Uint8Array;
  readonly json: unknown;
}
export interface RustLayout {
  readonly size: number;
  readonly align: number;
  readonly offsets: readonly number[];
}

export type OracleRequest =
  | { readonly op: "check"; readonly type: TypeRef; readonly bytes: Uint8Array }
  | { readonly op: "roundtrip"; readonly type: TypeRef; readonly bytes: Uint8Array }
  | { readonly op: "archive"; readonly type: TypeRef; readonly json: unknown }
  | { readonly op: "random"; readonly type: TypeRef; readonly seed: number; readonly count: number }
  | { readonly op: "layout"; readonly type: TypeRef };

export type OracleAnswer =
  | { readonly op: "check"; readonly ok: true }
  | {
      readonly op: "roundtrip";
      readonly ok: true;
      readonly bytes: Uint8Array;
      readonly json: unknown;
    }
  | { readonly op: "archive"; readonly ok: true; readonly bytes: Uint8Array }
  | { readonly op: "random"; readonly ok: true; readonly samples: Sample[] }
  | { readonly op: "layout"; readonly ok: true; readonly layout: RustLayout }
  | { readonly op: OracleRequest["op"]; readonly ok: false; readonly error: string };

const hex = (b: Uint8Array): string =>
  Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("hex");
const unhex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "hex"));

/** JSON.stringify, except that -0 stays `-0.0` (JSON.stringify writes `0`). */
function stringify(j: unknown): string {
  if (typeof j === "number") return Object.is(j, -0) ? "-0.0" : JSON.stringify(j);
  if (Array.isArray(j)) return `[${j.map(stringify).join(",")}]`;
  if (j !== null && typeof j === "object") {
    const entries = Object.entries(j).filter(([, v]) => v !== undefined);
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stringify(v)}`).join(",")}}`;
  }
  return JSON.stringify(j);
}

/** `options.declarations`: compile Rust declarations written elsewhere (codegen's Rust output). */
export function buildOracle(types: readonly TypeDesc[], options: RustSourceOptions = {}): Oracle {
  const { source, names } = rustSource(types, options);
  const { binary, buildMs } = buildOracleCrate(source);

  const index = (t: TypeRef): number => {
    const i = typeof t === "number" ? t : types.indexOf(t);
    if (i < 0 || i >= types.length) throw new OracleError("type is not one of the oracle's types");
    return i;
  };

  const run = (lines: readonly string[]): string[] => {
    const r = spawnSync(binary, [], {
      input: lines.join("\n") + "\n",
      encoding: "utf8",
      maxBuffer: 1 << 30,
      timeout: 10 * 60_000,
    });
    if (r.error || r.status !== 0) {
      throw new OracleError(`the Rust oracle failed (${binary})`, {
        details: `${r.error?.message ?? `exit ${r.status} ${r.signal ?? ""}`}\n${r.stderr ?? ""}`,
        cause: r.error,
      });
    }
    const out = r.stdout.split("\n");
    if (out[out.length - 1] === "") out.pop();
    if (out.length !== lines.length) {
      throw new OracleError(`the Rust oracle answered ${out.length} of ${lines.length} requests`, {
        details: r.stderr,
      });
    }
    return out;
  };

  const line = (q: OracleRequest): string => {
    const name = names[index(q.type)];
    switch (q.op) {
      case "check":
      case "roundtrip":
        return `${q.op}\t${name}\t${hex(q.bytes)}`;
      case "archive":
        return `archive\t${name}\t${stringify(q.json)}`;
      case "random":
        return `random\t${name}\t${q.seed}\t${q.count}`;
      case "layout":
        return `layout\t${name}`;
    }
  };

  const parse = (q: OracleRequest, text: string): OracleAnswer => {
    const f = text.split("\t");
    if (f[0] === "err") return { op: q.op, ok: false, error: f.slice(1).join("\t") };
    if (f[0] !== "ok") throw new OracleError(`the Rust oracle answered '${text.slice(0, 200)}'`);
    switch (q.op) {
      case "check":
        return { op: "check", ok: true };
      case "roundtrip":
        return { op: "roundtrip", ok: true, bytes: unhex(f[1]), json: JSON.parse(f[2]) };
      case "archive":
        return { op: "archive", ok: true, bytes: unhex(f[1]) };
      case "random": {
        const samples: Sample[] = [];
        for (let i = 1; i + 1 < f.length; i += 2) {
          samples.push({ bytes: unhex(f[i]), json: JSON.parse(f[i + 1]) });
        }
        return { op: "random", ok: true, samples };
      }
      case "layout":
        return {
          op: "layout",
          ok: true,
          layout: {
            size: Number(f[1]),
            align: Number(f[2]),
            offsets: f[3] ? f[3].split(",").map(Number) : [],
          },
        };
    }
  };

  const batch = (requests: readonly OracleRequest[]): OracleAnswer[] => {
    if (requests.length === 0) return [];
    const answers = run(requests.map(line));
    return requests.map((q, i) => parse(q, answers[i]));
  };

  const one = <Op extends OracleRequest["op"]>(
    q: OracleRequest & { op: Op },
  ): Extract<OracleAnswer, { op: Op; ok: true }> => {
    const a = batch([q])[0];
    if (!a.ok) throw new OracleError(`Rust oracle ${q.op} failed: ${a.error}`);
    return a as Extract<OracleAnswer, { op: Op; ok: true }>;
  };

  const rustc = run(["rustc"])[0].replace(/^ok\t/, "");

  return {
    types,
    source,
    rustc,
    binary,
    buildMs,
    check(type, bytes) {
      const a = batch([{ op: "check", type, bytes }])[0];
      return a.ok ? { ok: true } : { ok: false, error: a.error };
    },
    roundtrip(type, bytes) {
      const a = batch([{ op: "roundtrip", type, bytes }])[0];
      if (!a.ok) return { ok: false, error: a.error };
      return a as RoundtripAnswer;
    },
    archive: (type, json) => one({ op: "archive", type, json }).bytes,
    random: (type, seed, count) => one({ op: "random", type, seed, count }).samples,
    layout: (type) => one({ op: "layout", type }).layout,
    batch,
  };
}
