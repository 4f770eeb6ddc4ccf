// The inline loops a Vec of a struct of leaves gets (reads with the source's ASCII window in
// locals, checks with a two-word ASCII test of inline strings) agree with the composed codecs
// where their fast paths end: windows ending mid-run, non-ASCII strings, strings of 0–8 bytes,
// and inline strings whose bytes past the length are not ASCII or whose length is > 7.
import fc from "fast-check";
import { codec, type TypeDesc } from "@shortcrust/sdk";
import * as codegenV1 from "@shortcrust/sdk/codegen-v1";
import { compileCodec, programOf } from "../testing/compile";
import { codecModule } from "./codec-module";
import { jsonText } from "../cli/encode";

const Row: TypeDesc = {
  kind: "struct",
  name: "Row",
  fields: [
    { name: "a", type: { kind: "string" } },
    { name: "n", type: { kind: "u16" } },
    { name: "b", type: { kind: "string" } },
    { name: "big", type: { kind: "u64" } },
    { name: "c", type: { kind: "string" } },
  ],
};
const Rows: TypeDesc = { kind: "vec", element: Row };

const outcome = (f: () => unknown): string => {
  try {
    return `ok ${jsonText(f())}`;
  } catch (e) {
    return `err ${(e as Error).message}`;
  }
};

const str = fc.oneof(
  fc.string({ maxLength: 9 }),
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc.string({ minLength: 8, maxLength: 300 }),
  fc.constantFrom("", "-", "1234567", "12345678", "é", "ééé", "€uro"),
);
const row = fc.record({
  a: str,
  n: fc.integer({ min: 0, max: 65535 }),
  b: str,
  big: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
  c: str,
});

describe("inline Vec<struct> loops of generated codecs", () => {
  const generated = compileCodec(Rows);
  const composed = codec<unknown>(Rows);

  it("are the ones emitted for this type", () => {
    const text = codecModule(
      programOf(Rows),
      { root: "/virtual", srcDir: "/virtual/src", outDir: "/virtual/gen" },
      "/virtual/src/types.ts",
    ).raw();
    expect(text).toContain("win.slice(t - ws, t - ws + n)");
    expect(text).toContain("view.getInt32(p + 4, true)) & 0x80808080");
    expect(text).toContain("done = i === v.length && w.resolveAsciiRun(joined, mark);");
  });

  it("read, check and reject as the composed codecs do", () => {
    fc.assert(
      fc.property(
        fc.array(row, { maxLength: 60 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }),
        (rows, flips) => {
          const bytes = composed.archive(rows);
          expect(Buffer.from(generated.archive(rows)).toString("hex")).toBe(
            Buffer.from(bytes).toString("hex"),
          );
          expect(generated.deserialize(bytes)).toEqual(rows);
          const bad = new Uint8Array(bytes);
          for (const [at, b] of flips) if (bad.length > 0) bad[at % bad.length] = b;
          expect(outcome(() => generated.toJson(generated.deserialize(bad)))).toBe(
            outcome(() => composed.toJson(composed.deserialize(bad))),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it("read past several 4 KiB windows, ASCII runs broken by non-ASCII strings", () => {
    const rows = Array.from({ length: 2000 }, (_x, i) => ({
      a: `row ${i} ${"x".repeat(i % 40)}`,
      n: i,
      b: i % 97 === 0 ? `ünïcödé ${i}` : i % 3 === 0 ? "-" : `b${i}`,
      big: BigInt(i) * 1_000_003n,
      c: i % 5 === 0 ? "" : `${i}`.padStart(7, "0"),
    }));
    const bytes = composed.archive(rows);
    expect(generated.deserialize(bytes)).toEqual(rows);
  });

  it("archive all-ASCII strings in one encode, others element by element: same bytes, same errors", () => {
    const run = jest.spyOn(codegenV1.ArchiveWriter.prototype, "resolveAsciiRun");
    const offV8 = compileCodec(Rows, { ...codegenV1, ASCII_RUNS: false });
    const r = (a: unknown, b: unknown = "-", c: unknown = "1234567") => ({
      a,
      n: 1,
      b,
      big: 2n,
      c,
    });
    const cases: [unknown[], boolean | null][] = [
      [[r("a long ascii string"), r("another long one", "x".repeat(300))], true],
      [[r("short"), r("é", "ééé", "")], true], // non-ASCII but inline (<= 7 bytes)
      [[r("a long ascii string"), r("ünïcödé and more")], false], // out of line, not ASCII
      [[r("ascii"), r("éééé")], null], // 4 units, 8 bytes: out of line, found before encoding
      [[], true],
      [[r("fine"), null], null],
      [[r("fine"), r(5)], null],
      [[r("a lone surrogate \ud800 here")], false],
      [[r("fine", "\udc00")], null],
    ];
    for (const [rows, fast] of cases) {
      // (the composed codec takes the one-encode resolve too: count the generated one's calls)
      const want = outcome(() => Buffer.from(composed.archive(rows)).toString("hex"));
      run.mockClear();
      expect(outcome(() => Buffer.from(generated.archive(rows)).toString("hex"))).toBe(want);
      expect(run.mock.results.map((x) => x.value)).toEqual(fast === null ? [] : [fast]);
      run.mockClear();
      expect(outcome(() => Buffer.from(offV8.archive(rows)).toString("hex"))).toBe(want);
      expect(run).not.toHaveBeenCalled();
    }
    run.mockRestore();
  });

  it("reject an inline length above 7 and accept non-ASCII bytes past an inline string", () => {
    const bytes = composed.archive([{ a: "ab", n: 1, b: "cd", big: 2n, c: "ef" }]);
    // Field a's inline repr: "ab", five zero bytes, the length (fields are reordered by rustc).
    const at = Buffer.from(bytes).indexOf(Buffer.from([0x61, 0x62, 0, 0, 0, 0, 0, 2]));
    expect(at).toBeGreaterThanOrEqual(0);
    const padded = new Uint8Array(bytes);
    padded[at + 5] = 0xff; // past "ab": not part of the string
    expect(outcome(() => generated.toJson(generated.deserialize(padded)))).toBe(
      outcome(() => composed.toJson(composed.deserialize(padded))),
    );
    expect(outcome(() => generated.toJson(generated.deserialize(padded)))).toMatch(/^ok /);
    const long = new Uint8Array(bytes);
    long[at + 7] = 8;
    expect(outcome(() => (generated.check(long), null))).toBe(
      outcome(() => (composed.check(long), null)),
    );
    expect(outcome(() => (generated.check(long), null))).toMatch(/inline/);
  });
});
