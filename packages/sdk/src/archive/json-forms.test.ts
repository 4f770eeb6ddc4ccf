import { isArchiveError } from "./errors";
import { jsonTextValue, schemaFailure, type JsonValidator } from "./json-forms";

function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error("did not throw");
}

describe("generated JSON forms' helpers", () => {
  it("turn JSON text into a value, or say where it is not JSON", () => {
    expect(jsonTextValue('{"a": [1]}', "T")).toEqual({ a: [1] });
    const e = thrown(() => jsonTextValue("[1,", "T"));
    expect(isArchiveError(e) && e.path).toBe("T");
    expect(e.message).toMatch(/^T: expected JSON text, found "\[1," \(.+\)$/);
    expect(thrown(() => jsonTextValue(5, "T")).message).toMatch(
      /^T: expected JSON text \(a string; XJson.fromJson takes a parsed value\), found 5$/,
    );
  });

  it("report the codec's own error first, else ajv's first error at its path", () => {
    const refuse: JsonValidator = Object.assign(() => false, {
      errors: [{ instancePath: "/items/2/a~1b", keyword: "type", params: { type: "string" } }],
    });
    const codecSays = () => {
      throw new Error("the codec's words");
    };
    expect(thrown(() => schemaFailure("T", refuse, {}, codecSays)).message).toBe(
      "the codec's words",
    );
    const json = { items: [0, 0, { "a/b": 7 }] };
    expect(thrown(() => schemaFailure("T", refuse, json, () => null)).message).toBe(
      "T.items[2].a/b: expected a JSON string, found 7",
    );
    const extra: JsonValidator = Object.assign(() => false, {
      errors: [
        { instancePath: "", keyword: "additionalProperties", params: { additionalProperty: "z" } },
      ],
    });
    expect(thrown(() => schemaFailure("T", extra, { z: 1 }, () => null)).message).toBe(
      "T: expected no field z, found an object",
    );
  });
});
