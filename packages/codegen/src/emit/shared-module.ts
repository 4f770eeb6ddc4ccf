/**
 * `<outDir>/shared.shapes.ts`: the codecs of the small anonymous shapes the project's contracts
 * and metadata schemas use (a `u64` argument, an `Option<u64>` return, a `(u64, String)` tuple of
 * parameters, a unit event, a collection's key), each printed once for the whole project under a
 * name spelled from the shape alone (`$u64`, `$Option_u64`, `$Tuple2_u64_String`), so a name
 * stays as long as its shape is used. Contract modules import them (through `importCodec`) instead
 * of printing their own copy; each contract's calls module gives them its stable per-function
 * names as aliases (`Counter$add_with_note$args`).
 *
 * A shape a codec module exports under a name of its own (`export type Pair = [u32, u64]`) is not
 * printed again: this module exports it as an alias of that codec. Named declarations are not
 * shapes: their codecs live in their codec modules and are imported from there.
 *
 * Why one module of its own rather than a codec module: a project need not have an `@archive`
 * file, and this module is rebuilt from the whole program on every run (watch mode included), so
 * what it exports is always what the project's contracts use; a codec module is rebuilt only when
 * its own source changes.
 */
import { join } from "node:path";
import type { IrProgram, IrType } from "../ir/types";
import { keyOf } from "../ir/naming";
import { hasCodecs } from "./codec-module";
import { CodecEmitter } from "./codecs";
import { ModulePrinter, type CodecHome, type CodecHomes } from "./printer";
import { outputPath, projectPath, specifier, type OutputLayout } from "./layout";

/**
 * The module's file name. Every output of a source file is `<source>.<kind>.ts` with a kind of
 * `codec`, `json` or two parts (`Counter.calls`, `Chain.metadata`): no source yields `shapes`.
 */
export const SHARED_FILE = "shared.shapes.ts";

/** The argument type of a method: unit, the one parameter, or a Rust tuple of them. */
export function argType(m: { readonly params: readonly { readonly type: IrType }[] }): IrType {
  if (m.params.length === 0) return { kind: "unit" };
  if (m.params.length === 1) return m.params[0].type;
  return { kind: "tuple", elements: m.params.map((p) => p.type) };
}

/** Source files whose generated modules the project has (under srcDir, not generated), sorted. */
function sources(program: IrProgram, layout: OutputLayout): string[] {
  return [...program.files.keys()]
    .filter((f) => f.startsWith(layout.srcDir + "/") && !f.startsWith(layout.outDir + "/"))
    .sort();
}

/** Every type a contract or metadata module needs a codec of, in a fixed order. */
function usedTypes(program: IrProgram, layout: OutputLayout): IrType[] {
  const out: IrType[] = [];
  for (const file of sources(program, layout)) {
    const f = program.files.get(file)!;
    for (const c of f.contracts) {
      for (const m of c.init ? [c.init, ...c.methods] : c.methods) {
        if (m.params.length) out.push(argType(m));
        if (m.returns.kind !== "unit") out.push(m.returns);
      }
      for (const e of c.events) out.push(e.type);
      if (c.extern) continue;
      for (const x of c.collections) {
        if (x.kind === "map") out.push(x.key, x.value);
        else out.push(x.element);
      }
    }
    for (const m of f.metadata) for (const x of m.fields) out.push(x.type);
  }
  return out;
}

/** A shape's name, spelled from its structure (`Vec<(u64, bool)>` → `Vec_Tuple2_u64_bool`). */
function spell(program: IrProgram, t: IrType): string {
  switch (t.kind) {
    case "ref":
      return program.decls.get(t.id)?.tsName ?? t.id;
    case "unit":
      return "Unit";
    case "string":
      return "String";
    case "bytes":
      return `Bytes${t.len}`;
    case "array":
      return `Array${t.len}_${spell(program, t.element)}`;
    case "vec":
      return `Vec_${spell(program, t.element)}`;
    case "option":
      return `Option_${spell(program, t.some)}`;
    case "box":
      return `Box_${spell(program, t.inner)}`;
    case "tuple":
      return `Tuple${t.elements.length}_${t.elements.map((e) => spell(program, e)).join("_")}`;
    default:
      return t.kind;
  }
}

/** One shared shape: defined here, or an alias of the codec module that exports it. */
interface Shape {
  readonly name: string;
  readonly type: IrType;
  /** The codec module's export this module re-exports (null: defined here). */
  readonly alias: CodecHome | null;
}

/** The project's shared shapes and where every codec a contract module uses lives. */
export class SharedShapes {
  readonly path: string;
  /** Shapes by type key, sorted by name. */
  readonly shapes: ReadonlyMap<string, Shape>;
  /** The named declarations' codecs (their codec modules) and the shared shapes (this module). */
  readonly homes: CodecHomes;

  constructor(
    readonly program: IrProgram,
    readonly layout: OutputLayout,
  ) {
    this.path = join(layout.outDir, SHARED_FILE);
    const codecSources = sources(program, layout).filter((f) => hasCodecs(program, f));
    const homes = new Map<string, CodecHome>();
    const aliases = new Map<string, CodecHome>();
    for (const f of codecSources) {
      const module = outputPath(layout, f, "codec");
      const file = program.files.get(f)!;
      for (const id of file.decls) {
        homes.set(keyOf({ kind: "ref", id }), { module, name: program.decls.get(id)!.tsName });
      }
      for (const [name, t] of [...file.exports].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        if (t.kind === "ref" && program.decls.get(t.id)?.tsName === name) continue;
        const key = keyOf(t);
        if (!aliases.has(key)) aliases.set(key, { module, name });
      }
    }
    const wanted = new Map<string, IrType>();
    for (const t of usedTypes(program, layout)) {
      const key = keyOf(t);
      if (!homes.has(key) && !wanted.has(key)) wanted.set(key, t);
    }
    // Names in key order; a (contrived) clash with a declaration's name or an earlier shape's
    // gets a numeric suffix.
    const taken = new Set([...program.decls.values()].map((d) => d.tsName));
    const shapes: Shape[] = [];
    for (const [key, type] of [...wanted].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const base = `$${spell(program, type)}`;
      let name = base;
      for (let n = 2; taken.has(name); n++) name = `${base}$${n}`;
      taken.add(name);
      shapes.push({ name, type, alias: aliases.get(key) ?? null });
    }
    shapes.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    this.shapes = new Map(shapes.map((s) => [keyOf(s.type), s]));
    for (const [key, s] of this.shapes) homes.set(key, { module: this.path, name: s.name });
    this.homes = homes;
  }

  /** The printer of the module, or null when the project has no shared shape. */
  module(): ModulePrinter | null {
    if (this.shapes.size === 0) return null;
    const p = new ModulePrinter(
      {
        kind: "codecs of the shapes the contracts share",
        source: projectPath(this.layout, this.layout.srcDir) || ".",
        options: { target: "rkyv-0.7", size: "32", runtime: "@shortcrust/sdk/codegen-v1" },
      },
      this.path,
      this.homes,
    );
    const em = new CodecEmitter(this.program, p, (file) =>
      specifier(this.path, outputPath(this.layout, file, "codec")),
    );
    for (const s of this.shapes.values()) {
      if (s.alias) {
        const codec = p.value(specifier(this.path, s.alias.module), s.alias.name);
        p.code(
          `/** \`${em.rustName(s.type)}\` (the codec module's \`${s.alias.name}\`). */`,
          `export const ${s.name} = ${codec};`,
          "",
        );
      } else em.codecConst(s.name, s.type, `\`${em.rustName(s.type)}\`.`);
    }
    return p;
  }
}

const memo = new WeakMap<IrProgram, Map<string, SharedShapes>>();

/** The shared shapes of a program and layout (computed once per program). */
export function sharedShapes(program: IrProgram, layout: OutputLayout): SharedShapes {
  let byLayout = memo.get(program);
  if (!byLayout) memo.set(program, (byLayout = new Map()));
  const id = `${layout.root}\0${layout.srcDir}\0${layout.outDir}`;
  let s = byLayout.get(id);
  if (!s) byLayout.set(id, (s = new SharedShapes(program, layout)));
  return s;
}
