// The generated codecs of fixtures/vectors (committed in __golden__) against every rkyv 0.7
// vector, exactly as the runtime's composed codecs are tested.
import { ArchivedView, codec, isCheckError, type Codec } from "@shortcrust/sdk";
import * as generated from "../fixtures/__golden__/vectors/shapes.codec";
import { VECTOR_TYPES } from "../fixtures/vectors/shapes";
import { hex, loadVectors, supported, unhex } from "../testing/vectors";
import { jsonText } from "../cli/encode";

const file = loadVectors();
const codecOf = (rustType: string): Codec => {
  const name = VECTOR_TYPES[rustType] ?? rustType;
  const c = (generated as unknown as Record<string, Codec>)[name];
  if (!c) throw new Error(`no generated codec ${name}`);
  return c;
};

/** Reads every getter of a view (views must never throw on checked bytes). */
function touch(v: unknown, depth = 0): unknown {
  if (depth > 32 || v === null || typeof v !== "object" || v instanceof Uint8Array) return v;
  if (v instanceof ArchivedView) {
    const keys = [...Object.getOwnPropertyNames(Object.getPrototypeOf(v)), ...Object.keys(v)];
    return keys
      .filter((k) => k !== "constructor" && !k.startsWith("$"))
      .map((k) => touch((v as unknown as Record<string, unknown>)[k], depth + 1));
  }
  if (Symbol.iterator in v) return Array.from(v as Iterable<unknown>, (x) => touch(x, depth + 1));
  return touch((v as { value?: unknown }).value, depth + 1);
}

describe("generated codecs: rkyv 0.7 vectors", () => {
  for (const c of file.cases.filter((x) => supported(x.rustType))) {
    it(`${c.name} (${c.rustType})`, () => {
      const k = codecOf(c.rustType);
      expect([k.size, k.align]).toEqual([c.archivedSize, c.archivedAlign]);
      const value = k.fromJson(c.value);
      expect(hex(k.archive(value))).toBe(c.bytes);
      const bytes = unhex(c.bytes);
      expect(() => k.check(bytes)).not.toThrow();
      expect(jsonText(k.toJson(k.deserialize(bytes)))).toBe(jsonText(c.value));
      expect(() => touch(k.access(bytes))).not.toThrow();
    });
  }

  for (const c of file.negative) {
    it(`rejects ${c.name} (${c.rustType}) as ${c.kind}`, () => {
      const k = codecOf(c.rustType);
      let err: unknown;
      try {
        k.check(unhex(c.bytes));
      } catch (e) {
        err = e;
      }
      expect(isCheckError(err)).toBe(true);
      expect((err as { kind: string }).kind).toBe(c.kind);
      expect(() => k.deserialize(unhex(c.bytes))).toThrow((err as Error).message);
    });
  }

  for (const c of file.acceptedNonCanonical) {
    it(`accepts ${c.name} (${c.rustType}) and re-archives canonically`, () => {
      const k = codecOf(c.rustType);
      const v = k.deserialize(unhex(c.bytes));
      expect(k.toJson(v)).toEqual(c.value);
      expect(hex(k.archive(v))).toBe(c.canonicalBytes);
    });
  }

  it("reports value errors with the same paths as composed codecs", () => {
    const person = codecOf("Person");
    expect(() => person.archive({ name: "x", nickname: null, tags: ["a", 5], age: 1 })).toThrow(
      "Person.tags[1]: expected a string, found 5",
    );
    const shape = codecOf("Shape");
    expect(() => shape.archive({ case: "Rect", value: { w: 70000, h: 1n } })).toThrow(
      "Shape::Rect.w: expected u16 (0..=65535), found 70000",
    );
  });

  it("reads an enum's JSON as strictly as composed codecs: cases named, struct variants' fields exact", () => {
    const generated = codecOf("Shape");
    const composed = codec(generated.desc);
    for (const [json, message] of [
      [
        { Rect: { w: 3, h: "4", typo: "5" } },
        "Shape: expected one of the fields w, h, found field typo",
      ],
      [{ Rect: { w: 3 } }, "Shape::Rect.h: expected field h, found nothing"],
      [
        "Square",
        'Shape: expected a case of Shape ("Empty", {"Circle": …}, {"Rect": …}, {"Label": …}, {"Pair": …}), found "Square"',
      ],
    ] as const) {
      for (const k of [generated, composed]) expect(() => k.fromJson(json)).toThrow(message);
    }
  });
});
