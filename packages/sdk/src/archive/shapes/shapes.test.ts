import * as v1 from "../../codegen-v1";
import type { TypeDesc } from "../descriptor";
import { nodeOf } from "../nodes";
import { sourceOf } from "../root";
import { FLAT_KINDS, SMALL_INTS, flatRead, leafWrite, smallIntWrite, sourceRead } from "./leaves";
import type { Helper } from "./code";
import { ArchiveWriter } from "../writer";
import { codec } from "../codec";
import { parseRustTypes } from "../rust-types";

// The leaf builders against the closure interpreter (nodes.ts, the reference): the code each
// builds, run on the same bytes, reads what the interpreter reads, and writes what it writes.
const ref = (h: Helper): string => `v1.${h}`;

// Every helper a builder may name is a codegen-v1 export (generated code can import it).
const helperIsExported: Helper extends keyof typeof v1 ? true : never = true;
void helperIsExported;
const run = (expr: string, args: Record<string, unknown>): unknown =>
  new Function("v1", ...Object.keys(args), `return ${expr};`)(v1, ...Object.values(args));

function descOf(kind: string): TypeDesc {
  return (kind === "bytes" ? { kind, len: 80 } : { kind }) as TypeDesc;
}

const bytes = Uint8Array.from({ length: 128 }, (_, i) => (i * 97 + 13) & 0xff);
bytes[3] = 1; // a valid bool at 3
const LEAVES = [...FLAT_KINDS, "u128", "i128", "char", "string", "unit"];

const outcome = (f: () => void): unknown => {
  try {
    f();
    return "ok";
  } catch (e) {
    return (e as Error).message;
  }
};

describe("leaf shapes", () => {
  it.each([...FLAT_KINDS])("flatRead(%s) reads what the interpreter reads", (kind) => {
    const d = descOf(kind);
    const len = d.kind === "bytes" ? d.len : 0;
    for (const pos of [3, 8, 16]) {
      const expected = nodeOf(d).read(sourceOf(bytes), pos);
      for (const pool of ["now", "at-run-time"] as const) {
        expect(run(flatRead(kind, "pos", ref, pool, len)!, { b: bytes, pos })).toEqual(expected);
      }
    }
  });

  it.each(LEAVES.filter((k) => k !== "char" && k !== "string"))(
    "sourceRead(%s) reads what the interpreter reads",
    (kind) => {
      const d = descOf(kind);
      const len = d.kind === "bytes" ? d.len : 0;
      const s = sourceOf(bytes);
      for (const pos of [3, 16]) {
        expect(run(sourceRead(kind, "pos", ref, len)!, { s, pos })).toEqual(nodeOf(d).read(s, pos));
      }
    },
  );

  it("sourceRead(char) and (string) read what the interpreter reads", () => {
    const pair = nodeOf({ kind: "tuple", elements: [{ kind: "char" }, { kind: "string" }] });
    const archived = (() => {
      const out = new ArchiveWriter();
      pair.resolve(out, ["é", "a longer string, out of line"]);
      const at = out.reserve(pair.size, pair.align);
      pair.write(out, at, ["é", "a longer string, out of line"]);
      return { buf: out.finish(), at };
    })();
    const s = sourceOf(archived.buf);
    const at = archived.at;
    expect(run(sourceRead("char", "pos", ref)!, { s, pos: at })).toBe("é");
    expect(run(sourceRead("string", "pos", ref)!, { s, pos: at + 4 })).toBe(
      "a longer string, out of line",
    );
  });

  it.each(Object.keys(SMALL_INTS))(
    "smallIntWrite(%s) writes and rejects as the interpreter",
    (kind) => {
      const n = nodeOf({ kind } as TypeDesc);
      const { bits, signed } = SMALL_INTS[kind];
      const lo = signed ? -(2 ** (bits - 1)) : 0;
      const hi = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
      const write = new Function("v1", "w", "pos", "v", smallIntWrite(kind, "pos", "v", "_x", ref));
      for (const v of [lo, hi, 7, lo - 1, hi + 1, 1.5, "3", null]) {
        const ours = new ArchiveWriter(16);
        const theirs = new ArchiveWriter(16);
        expect(outcome(() => write(v1, ours, 4, v))).toEqual(outcome(() => n.write(theirs, 4, v)));
        expect(ours.buf.subarray(0, 8)).toEqual(theirs.buf.subarray(0, 8));
      }
    },
  );
});

describe("leaf writes", () => {
  const odd = [
    null,
    undefined,
    "3",
    {},
    1.5,
    -1,
    NaN,
    2 ** 70,
    5n,
    -5n,
    2n ** 64n,
    2n ** 127n,
    true,
  ];
  const samples: Record<string, unknown[]> = {
    u64: [0n, 2n ** 64n - 1n, 7],
    i64: [-(2n ** 63n), 2n ** 63n - 1n, -7],
    u128: [0n, 2n ** 128n - 1n],
    i128: [-(2n ** 127n), 2n ** 127n - 1n],
    f32: [0, -0, 1.5, Infinity, 3.4e38],
    f64: [Math.PI, -Infinity],
    bool: [false, 1, 0],
    char: ["a", "é", "😀", "ab", ""],
    unit: [],
    bytes: [new Uint8Array(80).fill(3), new Uint8Array(79), [1, 2]],
  };
  it.each(Object.keys(samples))("leafWrite(%s) writes and rejects as the interpreter", (kind) => {
    const d = descOf(kind);
    const n = nodeOf(d);
    const len = d.kind === "bytes" ? d.len : 0;
    const code = leafWrite(kind, "pos", "v", () => "_x", ref, false, len)!;
    const write = new Function("v1", "w", "pos", "v", code);
    for (const v of [...samples[kind], ...odd]) {
      const ours = new ArchiveWriter(128);
      const theirs = new ArchiveWriter(128);
      expect(outcome(() => write(v1, ours, 8, v))).toEqual(outcome(() => n.write(theirs, 8, v)));
      expect(ours.buf.subarray(0, 96)).toEqual(theirs.buf.subarray(0, 96));
    }
  });
});

describe("element loops", () => {
  const types = parseRustTypes(`
struct Row { name: String, ok: bool, n: u32, tag: [u8; 80], note: String }
struct Table { rows: Vec<Row>, pairs: Vec<(String, i16)> }
`);
  const table = codec<{
    rows: { name: string; ok: boolean; n: number; tag: Uint8Array; note: string }[];
    pairs: [string, number][];
  }>(types.get("Table")!);
  const words = [
    "",
    "short",
    "ünï",
    "an ASCII string past seven bytes",
    "déjà vu, out of line",
    "x".repeat(5000),
  ];
  const value = {
    rows: words.flatMap((name, i) =>
      words.map((note, j) => ({
        name,
        ok: (i + j) % 2 === 0,
        n: i * 1000 + j,
        tag: new Uint8Array(80).fill(i + j),
        note,
      })),
    ),
    pairs: words.map((w, i): [string, number] => [w, -i | 0]),
  };

  it("readMany (built by readManyBody) is what a Vec of structs of leaves reads with", () => {
    expect(nodeOf(types.get("Row")!).readMany).toBeDefined();
    expect(
      nodeOf({ kind: "tuple", elements: [{ kind: "string" }, { kind: "i16" }] }).readMany,
    ).toBeDefined();
  });

  it("resolveMany (built by asciiRunResolve) writes the bytes the element-by-element resolve writes", () => {
    const row = types.get("Row")!;
    expect(nodeOf(row).resolveMany).toBeDefined();
    // The same types again (fresh nodes), with the one-encode resolve taken away.
    const plain = parseRustTypes(`
struct Row { name: String, ok: bool, n: u32, tag: [u8; 80], note: String }
struct Table { rows: Vec<Row>, pairs: Vec<(String, i16)> }
`);
    delete nodeOf(plain.get("Row")!).resolveMany;
    const ascii = {
      ...value,
      rows: value.rows.filter((r) => /^[\x00-\x7f]*$/.test(r.name + r.note)),
    };
    for (const v of [value, ascii]) {
      expect(table.archive(v)).toEqual(codec(plain.get("Table")!).archive(v));
    }
  });

  it("has no resolveMany where strings are not the only out-of-line data", () => {
    const t = parseRustTypes(`struct R { a: String, d: Vec<u8> }`);
    expect(nodeOf(t.get("R")!).resolveMany).toBeUndefined();
  });

  it("reads back every string (inline, ASCII windows, non-ASCII, past the window)", () => {
    const back = table.deserialize(table.archive(value));
    expect(back).toEqual(value);
  });
});
