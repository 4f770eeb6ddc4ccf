// JSON forms: the ajv validators compiled at codegen time accept every vector's JSON and reject
// bad JSON with an ArchiveError naming the path.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { transformSync } from "esbuild";
import { isArchiveError, type ArchiveError } from "@shortcrust/sdk";
import * as codegenV1 from "@shortcrust/sdk/codegen-v1";
import { generate } from "../pipeline";
import * as json from "../fixtures/__golden__/vectors/shapes.json";
import * as codecs from "../fixtures/__golden__/vectors/shapes.codec";
import { VECTOR_TYPES } from "../fixtures/vectors/shapes";
import { hex, loadVectors, supported } from "../testing/vectors";

type JsonForm = {
  schema: object;
  validate(j: unknown): boolean;
  fromJson(j: unknown): unknown;
  parse(text: string): unknown;
  stringify(v: unknown): string;
};
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
      expect(hex(codec.archive(form.fromJson(c.value)))).toBe(c.bytes);
    }
  });

  it("reject bad JSON with the path of the first problem", () => {
    const e = error(() =>
      json.PersonJson.fromJson({ name: "a", nickname: null, tags: ["x", 5], age: 1 }),
    );
    expect([e.path, e.expected, e.found]).toEqual(["Person.tags[1]", "a string", "5"]);
    const missing = error(() => json.MixedJson.fromJson({ a: 1, b: "2" }));
    expect(missing.message).toBe(missing.path + ": expected field c, found nothing");
    const extra = error(() => json.PointJson.fromJson({ x: 1, y: 2, z: 3 }));
    expect(extra.message).toBe("Point: expected one of the fields x, y, found field z");
    const range = error(() => json.FlagsJson.fromJson({ x: true, n: -1, y: false }));
    expect(range.path).toBe("Flags.n");
    // An enum's error is at the variant's field (ajv alone reports the first alternative).
    const variant = error(() => json.ShapeJson.fromJson({ Circle: "big" }));
    expect(variant.message).toBe('Shape::Circle.0: expected u32, found "big"');
  });

  it("parse takes JSON text (what stringify writes), and says when it is not", () => {
    const point = { x: 1, y: -2 };
    expect(json.PointJson.parse(json.PointJson.stringify(point))).toEqual(point);
    const broken = error(() => json.PointJson.parse('{"x": 1,'));
    expect(broken.path).toBe("Point");
    expect(broken.expected).toBe("JSON text");
    expect(broken.found).toMatch(/ \(.+ in JSON at position 8\)$/);
    const value = error(() => json.PointJson.parse(point as unknown as string));
    expect(value.expected).toMatch(/a string; XJson.fromJson takes a parsed value/);
    expect(error(() => json.PointJson.parse('{"x": 1}')).message).toBe(
      "Point.y: expected field y, found nothing",
    );
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

/** Loads generated modules from memory (esbuild to CommonJS; relative imports among them). */
function loader(files: ReadonlyMap<string, string>): (path: string) => Record<string, unknown> {
  const cache = new Map<string, { exports: Record<string, unknown> }>();
  const load = (path: string): Record<string, unknown> => {
    const hit = cache.get(path);
    if (hit) return hit.exports;
    const text = files.get(path);
    if (text === undefined) throw new Error(`no generated module ${path}`);
    const mod = { exports: {} as Record<string, unknown> };
    cache.set(path, mod);
    const js = transformSync(text, { loader: "ts", format: "cjs", target: "es2022" }).code;
    const req = (m: string): unknown =>
      m === "@shortcrust/sdk/codegen-v1" ? codegenV1 : load(resolve(dirname(path), `${m}.ts`));
    new Function("module", "exports", "require", js)(mod, mod.exports, req);
    return mod.exports;
  };
  return load;
}

describe("JSON modules across source files", () => {
  // c.ts uses b.ts, which uses a.ts: each module compiles its own declarations only and calls the
  // validators of the modules that declare the others.
  const root = mkdtempSync(join(tmpdir(), "sc-json-"));
  const files: Record<string, string> = {
    "src/a.ts": `import type { u8 } from "@shortcrust/sdk";\n/** @archive */\nexport interface Leaf { n: u8; name: string }\n`,
    "src/b.ts": `import type { Vec, Option } from "@shortcrust/sdk";\nimport type { Leaf } from "./a";\n/** @archive */\nexport interface Branch { leaves: Vec<Leaf>; first: Option<Leaf> }\n`,
    "src/c.ts": `import type { Vec } from "@shortcrust/sdk";\nimport type { Branch } from "./b";\n/** @archive */\nexport type Tree = { case: "Empty" } | { case: "Node"; value: Vec<Branch> };\nexport type Forest = Vec<Tree>;\n/** @archive */\nexport interface Garden { beds: Vec<Branch>; tree: Tree }\n`,
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  let load: (path: string) => Record<string, unknown>;
  const gen = (name: string): string => join(root, "src", "generated", name);

  beforeAll(async () => {
    const r = await generate({
      root,
      srcDir: "src",
      outDir: "src/generated",
      files: Object.keys(files),
      scaffolds: false,
    });
    expect(r.diagnostics).toEqual([]);
    load = loader(r.files);
    // Only its own declarations are compiled into a module; the others are imported.
    const c = r.files.get(gen("c.json.ts"))!;
    expect(c).toMatch(/import \{[^}]*\$def_Branch[^}]*\} from "\.\/b\.json"/);
    expect(c).not.toMatch(/"title":"Leaf"/);
  });

  it("validate through the imported validators, with the full path of the first problem", () => {
    const c = load(gen("c.json.ts")) as Record<string, JsonForm>;
    const good = [{ Node: [{ leaves: [{ n: 1, name: "x" }], first: null }] }, "Empty"];
    expect(c.ForestJson.validate(good)).toBe(true);
    // (ajv reports an enum's first alternative, so paths go through structs and vectors here.)
    expect(c.GardenJson.validate({ beds: [], tree: "Empty" })).toBe(true);
    const deep = error(() =>
      c.GardenJson.fromJson({
        beds: [
          { leaves: [], first: null },
          {
            leaves: [
              { n: 1, name: "x" },
              { n: 300, name: "y" },
            ],
            first: null,
          },
        ],
        tree: "Empty",
      }),
    );
    expect([deep.path, deep.expected, deep.found]).toEqual([
      "Garden.beds[1].leaves[1].n",
      "u8 (0..=255)",
      "300",
    ]);
    const missing = error(() =>
      c.GardenJson.fromJson({ beds: [{ leaves: [{ n: 1 }], first: null }], tree: "Empty" }),
    );
    expect(missing.message).toBe(
      "Garden.beds[0].leaves[0].name: expected field name, found nothing",
    );
  });

  it("publish complete schemas: the definitions of imported types come from their modules", () => {
    const c = load(gen("c.json.ts")) as Record<string, JsonForm>;
    const b = load(gen("b.json.ts")) as Record<string, JsonForm>;
    const schema = c.TreeJson.schema as { $ref: string; definitions: Record<string, unknown> };
    expect(schema.$ref).toBe("#/definitions/Tree");
    expect(Object.keys(schema.definitions)).toEqual(["Branch", "Garden", "Leaf", "Tree"]);
    expect(schema.definitions.Leaf).toEqual(
      (b.BranchJson.schema as { definitions: Record<string, unknown> }).definitions.Leaf,
    );
    expect(c.ForestJson.schema).toMatchObject({
      type: "array",
      items: { $ref: "#/definitions/Tree" },
    });
    expect(c.ForestJson.schema).toBe(c.ForestJson.schema);
  });
});
