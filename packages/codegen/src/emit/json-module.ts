/**
 * JSON forms: per source file a module with a JSON Schema per type (serde_json conventions of the
 * rkyv vectors) and a validator compiled by ajv AT CODEGEN TIME (ajv standalone code: no ajv at
 * run time), and `XJson.parse(json)`, which validates (bad JSON gets an error with its path)
 * and then builds the value with the codec's `fromJson`. Kept apart from the codec module so
 * contract bundles never carry validators.
 */
import Ajv from "ajv";
import standaloneCode from "ajv/dist/standalone";
import type { IrDecl, IrProgram, IrType } from "../ir/types";
import { ModulePrinter } from "./printer";
import { outputPath, projectPath, specifier, type OutputLayout } from "./layout";

type Schema = Record<string, unknown>;

const INT_RANGE: Record<string, [number, number]> = {
  u8: [0, 0xff],
  u16: [0, 0xffff],
  u32: [0, 0xffff_ffff],
  usize: [0, 0xffff_ffff],
  i8: [-0x80, 0x7f],
  i16: [-0x8000, 0x7fff],
  i32: [-0x8000_0000, 0x7fff_ffff],
  isize: [-0x8000_0000, 0x7fff_ffff],
};

const defName = (id: string): string => id.replace(/[^A-Za-z0-9_]/g, "_");

/** The JSON Schema of a type; named declarations go to `defs` and are `$ref`erenced. */
export function jsonSchema(
  program: IrProgram,
  t: IrType,
  defs: Map<string, Schema>,
  /** Where `definitions` live as seen from this schema (another document for ajv's roots). */
  at = "#",
): Schema {
  const sub = (x: IrType): Schema => jsonSchema(program, x, defs, at);
  const bytes = (len: number | null): Schema => ({
    anyOf: [
      {
        type: "array",
        items: { type: "integer", minimum: 0, maximum: 255 },
        ...(len === null ? {} : { minItems: len, maxItems: len }),
      },
      { type: "string", pattern: "^0x([0-9a-fA-F]{2})*$" },
    ],
  });
  switch (t.kind) {
    case "u64":
    case "u128":
      return {
        anyOf: [
          { type: "string", pattern: "^[0-9]+$" },
          { type: "integer", minimum: 0 },
        ],
      };
    case "i64":
    case "i128":
      return { anyOf: [{ type: "string", pattern: "^-?[0-9]+$" }, { type: "integer" }] };
    case "f32":
    case "f64":
      return { anyOf: [{ type: "number" }, { enum: ["NaN", "Infinity", "-Infinity"] }] };
    case "bool":
      return { type: "boolean" };
    case "char":
    case "string":
      return { type: "string" };
    case "unit":
      return { type: "null" };
    case "bytes":
      return bytes(t.len);
    case "vec":
      return t.element.kind === "u8" ? bytes(null) : { type: "array", items: sub(t.element) };
    case "array":
      return {
        type: "array",
        items: sub(t.element),
        minItems: t.len,
        maxItems: t.len,
      };
    case "option":
      return { anyOf: [{ type: "null" }, sub(t.some)] };
    case "box":
      return sub(t.inner);
    case "tuple":
      return {
        type: "array",
        items: t.elements.map(sub),
        minItems: t.elements.length,
        maxItems: t.elements.length,
      };
    case "ref": {
      const name = defName(t.id);
      if (!defs.has(name)) {
        defs.set(name, {}); // placeholder: recursive types refer to themselves
        defs.set(name, declSchema(program, program.decls.get(t.id)!, defs));
      }
      return { $ref: `${at}/definitions/${name}` };
    }
    default: {
      const [minimum, maximum] = INT_RANGE[t.kind];
      return { type: "integer", minimum, maximum };
    }
  }
}

function tuple(program: IrProgram, ts: readonly IrType[], defs: Map<string, Schema>): Schema {
  return {
    type: "array",
    items: ts.map((e) => jsonSchema(program, e, defs)),
    minItems: ts.length,
    maxItems: ts.length,
  };
}

function object(
  program: IrProgram,
  fields: readonly { name: string; type: IrType }[],
  defs: Map<string, Schema>,
): Schema {
  return {
    type: "object",
    properties: Object.fromEntries(fields.map((f) => [f.name, jsonSchema(program, f.type, defs)])),
    required: fields.map((f) => f.name),
    additionalProperties: false,
  };
}

function declSchema(program: IrProgram, d: IrDecl, defs: Map<string, Schema>): Schema {
  switch (d.kind) {
    case "struct":
      return { title: d.id, ...object(program, d.fields, defs) };
    case "tupleStruct":
      return { title: d.id, ...tuple(program, d.fields, defs) };
    case "unitStruct":
      return { title: d.id, type: "null" };
    case "alias":
      return jsonSchema(program, d.target, defs);
    case "enum": {
      const units = d.variants.filter((v) => v.kind === "unit").map((v) => v.name);
      const data = d.variants.flatMap((v) => {
        if (v.kind === "unit") return [];
        const payload =
          v.kind === "struct"
            ? object(program, v.fields, defs)
            : v.fields.length === 1
              ? jsonSchema(program, v.fields[0], defs)
              : tuple(program, v.fields, defs);
        return [
          {
            type: "object",
            properties: { [v.name]: payload },
            required: [v.name],
            additionalProperties: false,
          },
        ];
      });
      return {
        title: d.id,
        anyOf: [...(units.length ? [{ enum: units }] : []), ...data],
      };
    }
  }
}

export function jsonModule(program: IrProgram, layout: OutputLayout, file: string): ModulePrinter {
  const f = program.files.get(file)!;
  const path = outputPath(layout, file, "json");
  const p = new ModulePrinter({
    kind: "JSON schemas and validators (ajv standalone)",
    source: projectPath(layout, file),
    options: { conventions: "serde_json", validator: "ajv-standalone" },
    // The validators are ajv's untyped JavaScript; the typed surface is `XJson` below.
    preamble: ["/* eslint-disable */", "// @ts-nocheck"],
  });
  const codecs = specifier(path, outputPath(layout, file, "codec"));
  const named: [string, IrType][] = [
    ...f.decls.map((id): [string, IrType] => [program.decls.get(id)!.tsName, { kind: "ref", id }]),
    ...[...f.exports]
      .filter(([name, t]) => !(t.kind === "ref" && program.decls.get(t.id)?.tsName === name))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  ];
  // One definitions document shared by every type of the module (each declaration's schema
  // and validator once), and one small root schema per type referring into it.
  const defs = new Map<string, Schema>();
  const roots = named.map(([name, t]): [string, Schema, Schema] => [
    name,
    jsonSchema(program, t, defs),
    jsonSchema(program, t, defs, "defs.json#"),
  ]);
  const definitions = Object.fromEntries(
    [...defs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
  const ajv = new Ajv({
    code: { source: true, esm: true },
    strict: false,
    allErrors: false,
    inlineRefs: false, // shared definitions compile once, not into every root
  });
  ajv.addSchema({ $id: "defs.json", definitions }, "defs.json");
  for (const [name, , forAjv] of roots) ajv.addSchema({ $id: `${name}.json`, ...forAjv }, name);
  const code = standaloneCode(
    ajv,
    Object.fromEntries(roots.map(([name]) => [`$validate${name}`, name])),
  )
    .replace(/^"use strict";/, "")
    .replace(/export const (\$validate\w+) = /g, "const $1 = ");
  const ArchiveError = p.sdk("ArchiveError");
  const describe = p.sdk("describeValue");
  const Codec = p.sdkType("Codec");
  p.add(`// ajv standalone code, compiled at codegen time (kept as ajv writes it).`);
  p.verbatim(code);
  p.add(
    "",
    `interface AjvError { instancePath: string; message?: string; params: Record<string, unknown> }`,
    `type Validator = ((j: unknown) => boolean) & { errors?: AjvError[] | null };`,
    "",
    `/** The first validation error as an ArchiveError with its path (\`Person.tags[1]\`). */`,
    `function fail(root: string, v: Validator, json: unknown): never {`,
    `  const e = v.errors![0];`,
    `  let at: unknown = json;`,
    `  let path = root;`,
    `  for (const seg of e.instancePath.split("/").slice(1)) {`,
    `    const key = seg.replace(/~1/g, "/").replace(/~0/g, "~");`,
    `    path += /^[0-9]+$/.test(key) ? "[" + key + "]" : "." + key;`,
    `    at = (at as Record<string, unknown>)[key];`,
    `  }`,
    `  const extra = e.params.additionalProperty ?? e.params.missingProperty;`,
    `  throw new ${ArchiveError}(path, (e.message ?? "valid JSON") + (extra === undefined ? "" : " " + String(extra)), ${describe}(at));`,
    `}`,
    "",
  );
  p.add(
    `/** The JSON Schema definitions of this module's named types. */`,
    `const DEFINITIONS = ${JSON.stringify(definitions)};`,
    "",
  );
  for (const [name, root] of roots) {
    const codec = p.value(codecs, name);
    p.add(
      `/** JSON form of \`${name}\`: its JSON Schema, an ajv validator, and parse = validate + fromJson. */`,
      `export const ${name}Json = {`,
      `  schema: { $schema: "http://json-schema.org/draft-07/schema#", $id: ${JSON.stringify(`${name}.json`)}, ...${JSON.stringify(root)}, definitions: DEFINITIONS },`,
      `  validate: $validate${name} as Validator,`,
      `  parse(json: unknown): ReturnType<(typeof ${codec})["fromJson"]> {`,
      `    if (!($validate${name} as Validator)(json)) fail(${JSON.stringify(name)}, $validate${name} as Validator, json);`,
      `    return (${codec} as ${Codec}<ReturnType<(typeof ${codec})["fromJson"]>>).fromJson(json);`,
      `  },`,
      `  stringify: (value: Parameters<(typeof ${codec})["toJson"]>[0]): string => JSON.stringify(${codec}.toJson(value)),`,
      `};`,
      "",
    );
  }
  return p;
}
