/**
 * Test support: turns runtime TypeDescs into an IR program, emits its codec module and loads
 * it (esbuild transform + a require that maps the SDK subpath), so generated codecs can be
 * compared with composed ones on random types.
 */
import { transformSync } from "esbuild";
import type { Codec, TypeDesc } from "@shortcrust/sdk";
import * as codegenV1 from "@shortcrust/sdk/codegen-v1";
import type { IrDecl, IrProgram, IrType } from "../ir/types";
import { tsIdent } from "../ir/naming";
import { codecModule } from "../emit/codec-module";

/** An IR program whose one source file exports `Root` = `desc`. */
export function programOf(desc: TypeDesc): IrProgram {
  const file = "/virtual/src/types.ts";
  const decls = new Map<string, IrDecl>();
  const order: string[] = [];
  const seen = new Map<TypeDesc, string>();
  const loc = { file, line: 1, col: 1 };
  const conv = (d: TypeDesc): IrType => {
    switch (d.kind) {
      case "struct":
      case "tupleStruct":
      case "unitStruct":
      case "enum": {
        // Names are unique in the arbitraries (a repeated name is the same unit struct).
        let id = seen.get(d);
        if (id || decls.has(d.name)) return { kind: "ref", id: id ?? d.name };
        id = d.name;
        seen.set(d, id);
        const base = { id, tsName: tsIdent(id), file, loc, exported: true };
        decls.set(id, { ...base, kind: "unitStruct" });
        let decl: IrDecl;
        if (d.kind === "struct") {
          decl = {
            ...base,
            kind: "struct",
            fields: d.fields.map((f) => ({ name: f.name, type: conv(f.type) })),
          };
        } else if (d.kind === "tupleStruct") {
          decl = { ...base, kind: "tupleStruct", fields: d.fields.map(conv) };
        } else if (d.kind === "enum") {
          decl = {
            ...base,
            kind: "enum",
            fieldless: false,
            variants: d.variants.map((v) =>
              v.kind === "unit"
                ? v
                : v.kind === "tuple"
                  ? { name: v.name, kind: "tuple", fields: v.fields.map(conv) }
                  : {
                      name: v.name,
                      kind: "struct",
                      fields: v.fields.map((f) => ({ name: f.name, type: conv(f.type) })),
                    },
            ),
          };
        } else decl = { ...base, kind: "unitStruct" };
        decls.set(id, decl);
        order.push(id);
        return { kind: "ref", id };
      }
      case "vec":
        return { kind: "vec", element: conv(d.element) };
      case "array":
        return { kind: "array", element: conv(d.element), len: d.len };
      case "option":
        return { kind: "option", some: conv(d.some) };
      case "box":
        return { kind: "box", inner: conv(d.inner) };
      case "tuple":
        return { kind: "tuple", elements: d.elements.map(conv) };
      case "map":
        throw new Error("maps are not supported");
      default:
        return d as IrType;
    }
  };
  const root = conv(desc);
  const exports = new Map<string, IrType>([["Root", root]]);
  return {
    decls,
    files: new Map([[file, { path: file, decls: order, contracts: [], metadata: [], exports }]]),
  };
}

/**
 * Emits and loads the codec module of `desc`; returns its `Root` codec. `runtime` stands in for
 * `@shortcrust/sdk/codegen-v1` (say, with `POOL_MAX: 0` as off V8).
 */
export function compileCodec(desc: TypeDesc, runtime: object = codegenV1): Codec {
  const program = programOf(desc);
  const layout = { root: "/virtual", srcDir: "/virtual/src", outDir: "/virtual/gen" };
  const text = codecModule(program, layout, "/virtual/src/types.ts").raw();
  return loadModule(text, runtime).Root as Codec;
}

/**
 * Loads one generated module (TypeScript text) that imports only `@shortcrust/sdk/codegen-v1`
 * (served by `runtime`) and returns its exports.
 */
export function loadModule(text: string, runtime: object = codegenV1): Record<string, unknown> {
  const js = transformSync(text, { loader: "ts", format: "cjs", target: "es2022" }).code;
  const mod = { exports: {} as Record<string, unknown> };
  const req = (m: string): unknown => {
    if (m === "@shortcrust/sdk/codegen-v1") return runtime;
    throw new Error(`generated code imported ${m}`);
  };
  new Function("module", "exports", "require", js)(mod, mod.exports, req);
  return mod.exports;
}
