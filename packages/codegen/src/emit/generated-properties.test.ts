// Generated codecs agree with the runtime's composed codecs on random types and values: same
// bytes, same values back, same accept/reject decisions (with the same error) on mutated bytes.
import fc from "fast-check";
import { codec, type TypeDesc } from "@shortcrust/sdk";
import { typedValueArb } from "../../../sdk/src/archive/testing/arbitrary";
import { compileCodec } from "../testing/compile";
import { jsonText } from "../cli/encode";

const outcome = (f: () => unknown): string => {
  try {
    return `ok ${jsonText(f())}`;
  } catch (e) {
    return `err ${(e as Error).message}`;
  }
};

function hasMap(d: TypeDesc, seen = new Set<TypeDesc>()): boolean {
  if (seen.has(d)) return false;
  seen.add(d);
  switch (d.kind) {
    case "map":
      return true;
    case "vec":
    case "array":
      return hasMap(d.element, seen);
    case "option":
      return hasMap(d.some, seen);
    case "box":
      return hasMap(d.inner, seen);
    case "tuple":
      return d.elements.some((e) => hasMap(e, seen));
    case "tupleStruct":
      return d.fields.some((e) => hasMap(e, seen));
    case "struct":
      return d.fields.some((f) => hasMap(f.type, seen));
    case "enum":
      return d.variants.some(
        (v) =>
          v.kind !== "unit" &&
          (v.kind === "tuple"
            ? v.fields.some((f) => hasMap(f, seen))
            : v.fields.some((f) => hasMap(f.type, seen))),
      );
    default:
      return false;
  }
}

describe("generated vs composed codecs (fast-check)", () => {
  it("keeps Bytes<N> (a Uint8Array) and FixedArray<u8, N> (numbers) apart", () => {
    const desc: TypeDesc = {
      kind: "struct",
      name: "Both",
      fields: [
        { name: "b", type: { kind: "bytes", len: 3 } },
        { name: "a", type: { kind: "array", element: { kind: "u8" }, len: 3 } },
      ],
    };
    const value = { b: new Uint8Array([1, 2, 3]), a: [4, 5, 6] };
    const g = compileCodec(desc);
    expect(Buffer.from(g.archive(value)).toString("hex")).toBe("010203040506");
    expect(g.deserialize(g.archive(value))).toEqual(value);
  });

  it("agree on random types and values", () => {
    fc.assert(
      fc.property(
        typedValueArb(3).chain(({ desc, value }) =>
          fc.record({
            desc: fc.constant(desc),
            value: fc.constant(value),
            flips: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 3 }),
          }),
        ),
        ({ desc, value, flips }) => {
          fc.pre(!hasMap(desc)); // BTreeMap: not in the input language
          const composed = codec(desc);
          const generated = compileCodec(desc);
          expect([generated.size, generated.align, generated.name]).toEqual([
            composed.size,
            composed.align,
            composed.name,
          ]);
          const bytes = composed.archive(value);
          expect(Buffer.from(generated.archive(value)).toString("hex")).toBe(
            Buffer.from(bytes).toString("hex"),
          );
          expect(jsonText(generated.toJson(generated.deserialize(bytes)))).toBe(
            jsonText(composed.toJson(composed.deserialize(bytes))),
          );
          expect(generated.toJson(generated.fromJson(composed.toJson(value)))).toEqual(
            composed.toJson(value),
          );
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
});
