// JSON forms: the ajv validators compiled at codegen time accept every vector's JSON and reject
// bad JSON with an ArchiveError naming the path.
import { isArchiveError, type ArchiveError } from "@shortcrust/sdk";
import * as json from "../fixtures/__golden__/vectors/shapes.json";
import * as codecs from "../fixtures/__golden__/vectors/shapes.codec";
import { VECTOR_TYPES } from "../fixtures/vectors/shapes";
import { hex, loadVectors, supported } from "../testing/vectors";

type JsonForm = { schema: object; validate(j: unknown): boolean; parse(j: unknown): unknown };
const forms = json as unknown as Record<string, JsonForm>;
const file = loadVectors();

function error(f: () => unknown): ArchiveError {
  try {
    f();
  } catch (e) {
    if (isArchiveError(e)) return e;
    throw e;
  }
  throw new Error("no error");
}

describe("JSON schemas and ajv standalone validators", () => {
  it("accept the JSON of every vector, and parse it to the value the codec archives", () => {
    for (const c of file.cases.filter((x) => supported(x.rustType))) {
      const name = VECTOR_TYPES[c.rustType] ?? c.rustType;
      const form = forms[`${name}Json`];
      expect({ name, ok: form.validate(c.value) }).toEqual({ name, ok: true });
      const codec = (codecs as unknown as Record<string, { archive(v: unknown): Uint8Array }>)[
        name
      ];
      expect(hex(codec.archive(form.parse(c.value)))).toBe(c.bytes);
    }
  });

  it("reject bad JSON with the path of the first problem", () => {
    const e = error(() =>
      json.PersonJson.parse({ name: "a", nickname: null, tags: ["x", 5], age: 1 }),
    );
    expect([e.path, e.expected, e.found]).toEqual(["Person.tags[1]", "must be string", "5"]);
    const missing = error(() => json.MixedJson.parse({ a: 1, b: "2" }));
    expect(missing.path).toBe("Mixed");
    expect(missing.expected).toBe("must have required property 'c' c");
    const extra = error(() => json.PointJson.parse({ x: 1, y: 2, z: 3 }));
    expect(extra.expected).toBe("must NOT have additional properties z");
    const range = error(() => json.FlagsJson.parse({ x: true, n: -1, y: false }));
    expect(range.path).toBe("Flags.n");
    const variant = error(() => json.ShapeJson.parse({ Circle: "big" }));
    expect(variant.path).toBe("Shape");
  });

  it("publish a JSON Schema per type (named types under the module's shared definitions)", () => {
    const schema = json.PointJson.schema as Record<string, unknown> & {
      definitions: Record<string, unknown>;
    };
    expect(schema.$ref).toBe("#/definitions/Point");
    expect(schema.$id).toBe("Point.json");
    expect(schema.definitions.Point).toEqual({
      title: "Point",
      type: "object",
      properties: {
        x: { type: "integer", minimum: -2147483648, maximum: 2147483647 },
        y: { type: "integer", minimum: -2147483648, maximum: 2147483647 },
      },
      required: ["x", "y"],
      additionalProperties: false,
    });
    expect(json.VecPointJson.schema).toMatchObject({
      type: "array",
      items: { $ref: "#/definitions/Point" },
    });
  });
});
