/**
 * JSON forms: per source file a module with a JSON Schema per type (serde_json conventions of the
 * rkyv vectors) and a validator compiled by ajv AT CODEGEN TIME (ajv standalone code: no ajv at
 * run time), `XJson.fromJson(value)`, which validates (bad JSON gets an error with its path)
 * and then builds the value with the codec's `fromJson`, and `XJson.parse(text)` /
 * `XJson.stringify(value)` for JSON text. Kept apart from the codec module so
 * contract bundles never carry validators.
 */
import Ajv, { Name, type CodeKeywordDefinition } from "ajv";
import standaloneCode from "ajv/dist/standalone";
import { callRef } from "ajv/dist/vocabularies/core/ref";
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

/** `{ "x-shortcrust-import": "$def_X" }`: validate with the imported validator `$def_X`. */
const IMPORT_KEYWORD = "x-shortcrust-import";

const importKeyword: CodeKeywordDefinition = {
  keyword: IMPORT_KEYWORD,
  schemaType: "string",
  // Exactly what ajv emits for a `$ref` to a compiled schema, with the imported function.
  code: (cxt) => callRef(cxt, new Name(cxt.schema as string), undefined, false),
};

/**
 * How a schema names a declaration: `#/definitions/X` in the published document, another
 * compiled schema or an imported validator for ajv.
 */
export type RefSchema = (id: string) => Schema;

/** The JSON Schema of a type; named declarations are referred to through `ref`. */
export function jsonSchema(program: IrProgram, t: IrType, ref: RefSchema): Schema {
  const sub = (x: IrType): Schema => jsonSchema(program, x, ref);
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
    case "ref":
      return ref(t.id);
    default: {
      const [minimum, maximum] = INT_RANGE[t.kind];
      return { type: "integer", minimum, maximum };
    }
  }
}

function tuple(program: IrProgram, ts: readonly IrType[], ref: RefSchema): Schema {
  return {
    type: "array",
    items: ts.map((e) => jsonSchema(program, e, ref)),
    minItems: ts.length,
    maxItems: ts.length,
  };
}

function object(
  program: IrProgram,
  fields: readonly { name: string; type: IrType }[],
  ref: RefSchema,
): Schema {
  return {
    type: "object",
    properties: Object.fromEntries(fields.map((f) => [f.name, jsonSchema(program, f.type, ref)])),
    required: fields.map((f) => f.name),
    additionalProperties: false,
  };
}

function declSchema(program: IrProgram, d: IrDecl, ref: RefSchema): Schema {
  switch (d.kind) {
    case "struct":
      return { title: d.id, ...object(program, d.fields, ref) };
    case "tupleStruct":
      return { title: d.id, ...tuple(program, d.fields, ref) };
    case "unitStruct":
      return { title: d.id, type: "null" };
    case "alias":
      return jsonSchema(program, d.target, ref);
    case "enum": {
      const units = d.variants.filter((v) => v.kind === "unit").map((v) => v.name);
      const data = d.variants.flatMap((v) => {
        if (v.kind === "unit") return [];
        const payload =
          v.kind === "struct"
            ? object(program, v.fields, ref)
            : v.fields.length === 1
              ? jsonSchema(program, v.fields[0], ref)
              : tuple(program, v.fields, ref);
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
  // The published schemas: `#/definitions/X` references into one definitions document. This
  // module's declarations are written here; the definitions of types declared elsewhere come at
  // run time from the JSON modules of the files that declare them (so a module's text depends on
  // other files only through the names of their declarations).
  const own = new Set(f.decls);
  const foreignFiles = new Set<string>();
  const published: RefSchema = (id) => {
    const owner = program.decls.get(id)!.file;
    if (!own.has(id)) foreignFiles.add(owner);
    return { $ref: `#/definitions/${defName(id)}` };
  };
  const ownDefs = [...own]
    .map((id): [string, Schema] => [
      defName(id),
      declSchema(program, program.decls.get(id)!, published),
    ])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const roots = named.map(([name, t]): [string, IrType, Schema] => [
    name,
    t,
    jsonSchema(program, t, published),
  ]);
  // The validators: ajv compiles each declaration of this module once (a schema of its own,
  // exported as `$def_X`); a type declared in another file is validated by the `$def_X` that
  // file's JSON module exports (the `x-shortcrust-import` keyword below calls it the way ajv
  // calls a `$ref`, errors and paths included).
  const imported = new Map<string, string>();
  const validatorOf = (id: string): string => {
    const name = `$def_${defName(id)}`;
    if (!own.has(id)) {
      const owner = program.decls.get(id)!.file;
      imported.set(name, specifier(path, outputPath(layout, owner, "json")));
    }
    return name;
  };
  const forAjv: RefSchema = (id) =>
    own.has(id) ? { $ref: `${defName(id)}.def.json` } : { [IMPORT_KEYWORD]: validatorOf(id) };
  const ajv = new Ajv({
    code: { source: true, esm: true },
    strict: false,
    allErrors: false,
    inlineRefs: false, // each declaration compiles once, not into every use
    validateSchema: false, // our own schemas: no meta-schema to compile per module
  });
  ajv.addKeyword(importKeyword);
  const exports: Record<string, string> = {};
  for (const id of [...own].sort()) {
    const key = `${defName(id)}.def.json`;
    ajv.addSchema({ $id: key, ...declSchema(program, program.decls.get(id)!, forAjv) }, key);
    exports[validatorOf(id)] = key;
  }
  const rootValidator = new Map<string, string>();
  for (const [name, t] of roots) {
    if (t.kind === "ref") {
      rootValidator.set(name, validatorOf(t.id));
    } else {
      ajv.addSchema({ $id: `${name}.json`, ...jsonSchema(program, t, forAjv) }, `${name}.json`);
      exports[`$validate${name}`] = `${name}.json`;
      rootValidator.set(name, `$validate${name}`);
    }
  }
  for (const [name, module] of [...imported].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    p.value(module, name);
  const code = standaloneCode(ajv, exports)
    .replace(/^"use strict";/, "")
    .replace(/export const (\$validate\w+) = /g, "const $1 = ");
  const Codec = p.sdkType("Codec");
  const Validator = p.sdkType("JsonValidator");
  const failure = p.sdk("schemaFailure");
  const text = p.sdk("jsonTextValue");
  p.code(`// ajv standalone code, compiled at codegen time (kept as ajv writes it).`);
  p.verbatim(code);
  const foreign = [...foreignFiles]
    .sort()
    .map((other, i) =>
      p.valueAs(specifier(path, outputPath(layout, other, "json")), "$definitions", `$defs${i}`),
    );
  p.code(
    `/** The JSON Schema definitions of this module's declarations. */`,
    `const OWN: Record<string, unknown> = {`,
    ...ownDefs.map(([name, schema]) => `  ${JSON.stringify(name)}: ${JSON.stringify(schema)},`),
    `};`,
    "",
    `let DEFINITIONS: Record<string, unknown> | undefined;`,
    "",
    `/** The definitions of this module's types and of every type they use, sorted (built on first use). */`,
    `export function $definitions(): Record<string, unknown> {`,
    `  if (DEFINITIONS === undefined) {`,
    `    const all: Record<string, unknown> = { ${[...foreign.map((d) => `...${d}()`), "...OWN"].join(", ")} };`,
    `    DEFINITIONS = Object.fromEntries(Object.keys(all).sort().map((k) => [k, all[k]]));`,
    `  }`,
    `  return DEFINITIONS;`,
    `}`,
    "",
    `const SCHEMAS = new Map<string, Record<string, unknown>>();`,
    "",
    `function schemaOf(id: string, root: Record<string, unknown>): Record<string, unknown> {`,
    `  let s = SCHEMAS.get(id);`,
    `  if (s === undefined) {`,
    `    s = { $schema: "http://json-schema.org/draft-07/schema#", $id: id, ...root, definitions: $definitions() };`,
    `    SCHEMAS.set(id, s);`,
    `  }`,
    `  return s;`,
    `}`,
    "",
  );
  for (const [name, , root] of roots) {
    const codec = p.value(codecs, name);
    const v = rootValidator.get(name)!;
    const ret = `ReturnType<(typeof ${codec})["fromJson"]>`;
    p.code(
      `/**`,
      ` * JSON form of \`${name}\`: its JSON Schema, an ajv validator, fromJson = validate + the`,
      ` * codec's fromJson, and parse / stringify for JSON text.`,
      ` */`,
      `export const ${name}Json = {`,
      `  get schema(): Record<string, unknown> {`,
      `    return schemaOf(${JSON.stringify(`${name}.json`)}, ${JSON.stringify(root)});`,
      `  },`,
      `  validate: ${v} as ${Validator},`,
      `  fromJson(json: unknown): ${ret} {`,
      `    const c = ${codec} as ${Codec}<${ret}>;`,
      `    if (!(${v} as ${Validator})(json)) ${failure}(${JSON.stringify(name)}, ${v} as ${Validator}, json, (j) => c.fromJson(j));`,
      `    return c.fromJson(json);`,
      `  },`,
      `  parse(text: string): ${ret} {`,
      `    return ${name}Json.fromJson(${text}(text, ${JSON.stringify(name)}));`,
      `  },`,
      `  stringify: (value: Parameters<(typeof ${codec})["toJson"]>[0]): string => JSON.stringify(${codec}.toJson(value)),`,
      `};`,
      "",
    );
  }
  return p;
}
