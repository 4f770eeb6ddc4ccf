import { codec } from "./codec";
import { layoutOf } from "./layout";
import { isCheckError, type CheckError } from "./errors";
import { loadVectors, vectorTypes, hex, unhex } from "./testing/vectors";
import { ArchivedView } from "./views";

const file = loadVectors();
const typeOf = vectorTypes(file);

/** Reads every field of a view recursively, returning a JSON-comparable snapshot. */
function readAll(v: unknown): unknown {
  if (v === null || typeof v !== "object") return typeof v === "bigint" ? `${v}n` : v;
  if (v instanceof Uint8Array) return Array.from(v);
  if (v instanceof Map) return Array.from(v, ([k, x]) => [readAll(k), readAll(x)]);
  if (v instanceof ArchivedView) {
    if ("length" in v) {
      const t = v as unknown as ArrayLike<unknown>;
      return Array.from({ length: t.length }, (_, i) => readAll(t[i]));
    }
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(Object.getPrototypeOf(v)))
      out[k] = readAll((v as unknown as Record<string, unknown>)[k]);
    return out;
  }
  if (Symbol.iterator in v) return Array.from(v as Iterable<unknown>, readAll);
  const o = v as Record<string, unknown>;
  return "value" in o ? { case: o.case, value: readAll(o.value) } : { case: o.case };
}

function viewShape(value: unknown): unknown {
  // The same snapshot built from a deserialized value (views mirror values).
  if (value === null || typeof value !== "object")
    return typeof value === "bigint" ? `${value}n` : value;
  if (value instanceof Uint8Array) return Array.from(value);
  if (value instanceof Map) return Array.from(value, ([k, v]) => [viewShape(k), viewShape(v)]);
  if (Array.isArray(value)) {
    return value.map(viewShape);
  }
  const o = value as Record<string, unknown>;
  if (typeof o.case === "string" && Object.keys(o).every((k) => k === "case" || k === "value")) {
    return "value" in o ? { case: o.case, value: viewShape(o.value) } : { case: o.case };
  }
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o)) out[k] = viewShape(o[k]);
  return out;
}

describe("rkyv 0.7 vectors: positive cases", () => {
  for (const c of file.cases) {
    it(`${c.name} (${c.rustType})`, () => {
      const k = codec(typeOf(c.rustType));
      expect(k.size).toBe(c.archivedSize);
      expect(k.align).toBe(c.archivedAlign);
      const value = k.fromJson(c.value);
      const bytes = k.archive(value);
      expect(hex(bytes)).toBe(c.bytes);
      const input = unhex(c.bytes);
      expect(() => k.check(input)).not.toThrow();
      const back = k.deserialize(input);
      expect(k.toJson(back)).toEqual(c.value);
      const view = k.access(input);
      expect(readAll(view)).toEqual(viewShape(back));
    });
  }
});

describe("rkyv 0.7 vectors: layouts", () => {
  for (const c of file.cases.filter((x) => x.layout)) {
    it(`${c.name}`, () => {
      const l = layoutOf(typeOf(c.rustType));
      expect({ size: l.size, align: l.align }).toEqual({
        size: c.layout!.size,
        align: c.layout!.align,
      });
      expect(l.offsets).toEqual(c.layout!.fields.map((f) => f.offset));
    });
  }
});

describe("rkyv 0.7 vectors: negative cases", () => {
  for (const c of file.negative) {
    it(`${c.name} (${c.rustType}) → ${c.kind}`, () => {
      const k = codec(typeOf(c.rustType));
      let err: unknown;
      try {
        k.check(unhex(c.bytes));
      } catch (e) {
        err = e;
      }
      expect(isCheckError(err)).toBe(true);
      expect((err as CheckError).kind).toBe(c.kind);
      expect(() => k.deserialize(unhex(c.bytes))).toThrow((err as Error).message);
    });
  }
});

describe("rkyv 0.7 vectors: accepted non-canonical cases", () => {
  for (const c of file.acceptedNonCanonical) {
    it(`${c.name} (${c.rustType})`, () => {
      const k = codec(typeOf(c.rustType));
      const v = k.deserialize(unhex(c.bytes));
      expect(k.toJson(v)).toEqual(c.value);
      expect(hex(k.archive(v))).toBe(c.canonicalBytes);
    });
  }
});
