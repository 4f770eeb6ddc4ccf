/**
 * The codec emitter: specialised, straight-line code per type (offsets, sizes and field order
 * baked in at codegen time from the rustc layout), exposing the same surface as the runtime's
 * composed codecs (`archive`, `check`, `access`, `accessUnchecked`, `deserialize`, `toJson`,
 * `fromJson`). Leaves are inlined; each composite type gets one set of functions per module.
 * It follows the archive runtime's protocol (see packages/sdk/src/archive/README.md): `resolve`
 * writes out-of-line data and pushes resolvers, `write` fills the inline bytes. The format's
 * code shapes (leaf reads and writes, flat reads, leaf checks, per-field try bodies, field
 * literals, the Vec element loops) come from `@shortcrust/sdk/shapes`, which the SDK's runtime
 * specialiser builds from too: change a shape there, not here.
 */
import { layoutOf, type EnumLayout, type OptionLayout, type TypeDesc } from "@shortcrust/sdk";
import {
  FLAT_KINDS,
  asciiRunFits,
  asciiRunResolve,
  SMALL_INTS,
  checkManyBody,
  readManyBody,
  flatRead,
  leafCheck,
  leafWrite,
  literal as fieldLiteral,
  segments,
  sourceRead,
  tryFields,
  type CheckedField,
  type ReadField,
  type HelperRef,
} from "@shortcrust/sdk/shapes";
import type { IrDecl, IrProgram, IrType } from "../ir/types";
import { Lowering } from "../ir/lower";
import { tsIdent } from "../ir/parse";
import type { ModulePrinter } from "./printer";

/** What an emitter knows about one type: inline code fragments and static facts. */
export interface Ops {
  readonly size: number;
  readonly align: number;
  /** Writes out-of-line data (resolve is non-empty). */
  readonly ool: boolean;
  /** Nothing to check (check is empty). */
  readonly trivial: boolean;
  /** TypeScript type of values and of views. */
  readonly ts: string;
  readonly viewTs: string;
  /** Rust spelling (root of error paths). */
  readonly rust: string;
  resolve(v: string): string;
  write(pos: string, v: string): string;
  check(pos: string): string;
  read(pos: string): string;
  /**
   * Leaves a flat read supports (ints, floats, bool, `[u8; N]`): the value from the bytes `b`
   * alone, no Source (see `readFlat` in fieldsBody).
   */
  readFlat?: (pos: string) => string;
  view(pos: string): string;
  toJson(v: string): string;
  fromJson(j: string): string;
  /** An expression building the type's descriptor. */
  desc(): string;
}

/** TypeScript value types of the leaves (as `build` gives them). */
const LEAF_TS: Record<string, string> = {
  ...Object.fromEntries(
    ["u8", "u16", "u32", "usize", "i8", "i16", "i32", "isize", "f32", "f64"].map((k) => [
      k,
      "number",
    ]),
  ),
  u64: "bigint",
  i64: "bigint",
  u128: "bigint",
  i128: "bigint",
  bool: "boolean",
  char: "string",
  string: "string",
  unit: "null",
  bytes: "Uint8Array",
};

const q = (s: string): string => JSON.stringify(s);

/** A property key: bare when it is an identifier. */
const key = (s: string): string => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(s) ? s : q(s));

/** A JSON value as a JavaScript literal, as a person would write it (`{ kind: "u8" }`). */
function literal(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(literal).join(", ")}]`;
  if (v !== null && typeof v === "object") {
    const entries = Object.entries(v);
    return entries.length
      ? `{ ${entries.map(([k, x]) => `${key(k)}: ${literal(x)}`).join(", ")} }`
      : "{}";
  }
  return JSON.stringify(v);
}

/**
 * Emits codecs into one module. `moduleOf(file)` names the generated module of another source
 * file (for cross-file references), or null for this module.
 */
export class CodecEmitter {
  private readonly lowering: Lowering;
  private readonly emitted = new Map<string, Ops>();
  private readonly descs = new Map<string, TypeDesc>();
  private tmp = 0;

  constructor(
    private readonly program: IrProgram,
    private readonly p: ModulePrinter,
    private readonly moduleOf: (file: string) => string | null,
  ) {
    this.lowering = new Lowering(program);
  }

  private lower(t: IrType): TypeDesc {
    return this.lowering.type(t);
  }

  /** Shape builders name SDK helpers through the printer (which records the import). */
  private readonly ref: HelperRef = (name) => this.p.sdk(name);

  private fresh(prefix: string): string {
    return `_${prefix}${this.tmp++}`;
  }

  rustName(t: IrType): string {
    switch (t.kind) {
      case "ref":
        return t.id;
      case "string":
        return "String";
      case "bytes":
        return `[u8; ${t.len}]`;
      case "array":
        return `[${this.rustName(t.element)}; ${t.len}]`;
      case "vec":
        return `Vec<${this.rustName(t.element)}>`;
      case "option":
        return `Option<${this.rustName(t.some)}>`;
      case "box":
        return `Box<${this.rustName(t.inner)}>`;
      case "tuple":
        return t.elements.length === 1
          ? `(${this.rustName(t.elements[0])},)`
          : `(${t.elements.map((e) => this.rustName(e)).join(", ")})`;
      case "unit":
        return "()";
      default:
        return t.kind;
    }
  }

  /**
   * A memo key: the Rust spelling, except that `[u8; N]` as `Bytes<N>` (a Uint8Array) and as
   * `FixedArray<u8, N>` (an array of numbers) must not share code.
   */
  keyOf(t: IrType): string {
    switch (t.kind) {
      case "array":
        return `[${this.keyOf(t.element)} x ${t.len}]`;
      case "vec":
        return `Vec<${this.keyOf(t.element)}>`;
      case "option":
        return `Option<${this.keyOf(t.some)}>`;
      case "box":
        return `Box<${this.keyOf(t.inner)}>`;
      case "tuple":
        return `(${t.elements.map((e) => this.keyOf(e)).join(", ")},)`;
      default:
        return this.rustName(t);
    }
  }

  /** Ops of any type; composite ones get their functions emitted (once) on first use. */
  ops(t: IrType): Ops {
    const key = this.keyOf(t);
    const hit = this.emitted.get(key);
    if (hit) return hit;
    const o = this.build(t);
    this.emitted.set(key, o);
    return o;
  }

  private build(t: IrType): Ops {
    const d = this.lower(t);
    const l = layoutOf(d);
    const base = { size: l.size, align: l.align, rust: this.rustName(t) };
    const sdk = (n: string): string => this.p.sdk(n);
    switch (t.kind) {
      case "u8":
      case "u16":
      case "u32":
      case "usize":
      case "i8":
      case "i16":
      case "i32":
      case "isize": {
        const { bits, signed } = SMALL_INTS[t.kind];
        const check = sdk("checkSmallInt");
        return this.leaf(base, "number", {
          write: this.leafWrite(t.kind),
          read: (pos) => sourceRead(t.kind, pos, this.ref)!,
          readFlat: (pos) => flatRead(t.kind, pos, this.ref, "at-run-time")!,
          fromJson: (j) => `${check}(${j}, ${bits}, ${signed}, ${q(t.kind)})`,
        });
      }
      case "u64":
      case "i64": {
        return this.leaf(base, "bigint", {
          write: this.leafWrite(t.kind),
          read: (pos) => sourceRead(t.kind, pos, this.ref)!,
          readFlat: (pos) => flatRead(t.kind, pos, this.ref, "at-run-time")!,
          toJson: (v) => `${sdk("bigIntToJson")}(${v})`,
          fromJson: (j) => `${sdk("bigIntFromJson")}(${j}, ${q(t.kind)})`,
        });
      }
      case "u128":
      case "i128": {
        return this.leaf(base, "bigint", {
          write: this.leafWrite(t.kind),
          read: (pos) => sourceRead(t.kind, pos, this.ref)!,
          toJson: (v) => `${sdk("bigIntToJson")}(${v})`,
          fromJson: (j) => `${sdk("bigIntFromJson")}(${j}, ${q(t.kind)})`,
        });
      }
      case "f32":
      case "f64": {
        const bits = t.kind === "f32" ? 32 : 64;
        return this.leaf(base, "number", {
          write: this.leafWrite(t.kind),
          read: (pos) => sourceRead(t.kind, pos, this.ref)!,
          readFlat: (pos) => flatRead(t.kind, pos, this.ref, "at-run-time")!,
          toJson: (v) => `${sdk(bits === 32 ? "f32ToJson" : "floatToJson")}(${v})`,
          fromJson: (j) => `${sdk("floatFromJson")}(${j}, ${q(t.kind)})`,
        });
      }
      case "bool":
        return this.leaf({ ...base, trivial: false }, "boolean", {
          write: this.leafWrite(t.kind),
          check: (pos) => leafCheck("bool", pos)!,
          read: (pos) => sourceRead("bool", pos, this.ref)!,
          readFlat: (pos) => flatRead("bool", pos, this.ref, "at-run-time")!,
          fromJson: (j) => `${sdk("checkBool")}(${j})`,
        });
      case "char":
        return this.leaf({ ...base, trivial: false }, "string", {
          write: this.leafWrite(t.kind),
          check: (pos) => leafCheck("char", pos)!,
          read: (pos) => sourceRead("char", pos, this.ref)!,
          fromJson: (j) => `(${sdk("charCode")}(${j}), ${j} as string)`,
        });
      case "unit":
        return this.leaf(base, "null", {
          write: this.leafWrite(t.kind),
          read: () => "null",
          fromJson: (j) =>
            `(${j} === null ? null : ${sdk("failValue")}("null (unit)", ${sdk("describeValue")}(${j})))`,
        });
      case "string":
        return this.leaf({ ...base, trivial: false, ool: true }, "string", {
          resolve: (v) => `w.resolveString(${v});`,
          write: this.leafWrite(t.kind),
          check: (pos) => leafCheck("string", pos)!,
          read: (pos) => sourceRead("string", pos, this.ref)!,
          fromJson: (j) =>
            `(typeof ${j} === "string" ? ${j} : ${sdk("failValue")}("a string", ${sdk("describeValue")}(${j})))`,
        });
      case "bytes":
        return this.leaf(base, "Uint8Array", {
          write: this.leafWrite("bytes", t.len),
          read: (pos) => sourceRead("bytes", pos, this.ref, t.len)!,
          // Past V8's on-heap size, arrays the pool serves are carved from it (as the composed
          // codecs do; the sizes are the SDK's, read at run time).
          readFlat: (pos) => flatRead("bytes", pos, this.ref, "at-run-time", t.len)!,
          view: (pos) => `s.bytes.subarray(${pos}, ${pos} + ${t.len})`,
          toJson: (v) => `${sdk("bytesToJson")}(${v})`,
          fromJson: (j) => `${sdk("bytesFromJson")}(${j}, ${t.len})`,
        });
      case "vec":
        return t.element.kind === "u8" ? this.vecU8(base, t) : this.composite(base, t);
      default:
        return this.composite(base, t);
    }
  }

  /** A leaf's write (the shape's code; block-local names that cannot shadow `pos` or `v`). */
  private leafWrite(kind: string, len = 0): (pos: string, v: string) => string {
    return (pos, v) => leafWrite(kind, pos, v, () => this.fresh("x"), this.ref, true, len)!;
  }

  /** A leaf: inline code everywhere; defaults for the parts a leaf does not need. */
  private leaf(
    base: { size: number; align: number; rust: string; trivial?: boolean; ool?: boolean },
    ts: string,
    parts: {
      resolve?: (v: string) => string;
      write: (pos: string, v: string) => string;
      check?: (pos: string) => string;
      read: (pos: string) => string;
      readFlat?: (pos: string) => string;
      view?: (pos: string) => string;
      toJson?: (v: string) => string;
      fromJson: (j: string) => string;
    },
  ): Ops {
    const d = `(${literal(this.descOfLeaf(base.rust))} as ${this.p.sdkType("TypeDesc")})`;
    return {
      size: base.size,
      align: base.align,
      rust: base.rust,
      ool: base.ool ?? false,
      trivial: base.trivial ?? true,
      ts,
      viewTs: ts,
      resolve: parts.resolve ?? (() => ""),
      write: parts.write,
      check: parts.check ?? (() => ""),
      read: parts.read,
      readFlat: parts.readFlat,
      view: parts.view ?? parts.read,
      toJson: parts.toJson ?? ((v) => v),
      fromJson: parts.fromJson,
      desc: () => d,
    };
  }

  private descOfLeaf(rust: string): TypeDesc {
    if (rust === "String") return { kind: "string" };
    if (rust === "()") return { kind: "unit" };
    const m = /^\[u8; (\d+)\]$/.exec(rust);
    if (m) return { kind: "bytes", len: Number(m[1]) };
    return { kind: rust } as TypeDesc;
  }

  private vecU8(base: { size: number; align: number; rust: string }, t: IrType): Ops {
    const sdk = (n: string): string => this.p.sdk(n);
    void t;
    return {
      ...base,
      ool: true,
      trivial: false,
      ts: "Uint8Array",
      viewTs: "Uint8Array",
      resolve: (v) => `w.pushResolver(w.writeBytes(${sdk("checkBytes")}(${v}, -1)));`,
      write: (pos, v) =>
        `w.view.setInt32(${pos}, w.nextResolver() - (${pos}), true); w.view.setUint32(${pos} + 4, (${v} as Uint8Array).length, true);`,
      check: (pos) => {
        const at = this.fresh("at");
        const saved = this.fresh("saved");
        return `{ const ${at} = c.slice(${pos}, 1, 1); const ${saved} = c.push(${at}); c.pop(${at} + c.view.getUint32(${pos} + 4, true), ${saved}); }`;
      },
      read: (pos) =>
        `s.bytes.slice(${pos} + s.view.getInt32(${pos}, true), ${pos} + s.view.getInt32(${pos}, true) + s.view.getUint32(${pos} + 4, true))`,
      view: (pos) =>
        `s.bytes.subarray(${pos} + s.view.getInt32(${pos}, true), ${pos} + s.view.getInt32(${pos}, true) + s.view.getUint32(${pos} + 4, true))`,
      toJson: (v) => `${sdk("bytesToJson")}(${v})`,
      fromJson: (j) => `${sdk("bytesFromJson")}(${j}, -1)`,
      desc: () => `({ kind: "vec", element: { kind: "u8" } } as ${this.p.sdkType("TypeDesc")})`,
    };
  }

  // ------------------------------------------------------------------ composite types

  /** Functions named after the type; a declaration of another module is imported. */
  private composite(base: { size: number; align: number; rust: string }, t: IrType): Ops {
    const decl = t.kind === "ref" ? this.program.decls.get(t.id)! : null;
    const ident = decl ? decl.tsName : this.anonIdent(this.keyOf(t), base.rust);
    const other = decl ? this.moduleOf(decl.file) : null;
    const facts = this.facts(t);
    const name = (op: string): string =>
      other ? this.p.value(other, `${ident}$${op}`) : `${ident}$${op}`;
    const typeName = (suffix: string): string =>
      other ? this.p.type(other, `${ident}${suffix}`) : `${ident}${suffix}`;
    const ops: Ops = {
      ...base,
      ool: facts.ool,
      trivial: facts.trivial,
      ts: decl ? typeName("") : this.tsType(t),
      viewTs: decl ? typeName("View") : this.viewType(t),
      resolve: (v) => (facts.ool ? `${name("resolve")}(w, ${v});` : ""),
      write: (pos, v) => `${name("write")}(w, ${pos}, ${v});`,
      check: (pos) => (facts.trivial ? "" : `${name("check")}(c, ${pos});`),
      read: (pos) => `${name("read")}(s, ${pos})`,
      view: (pos) => `${name("view")}(s, ${pos})`,
      toJson: (v) => `${name("toJson")}(${v})`,
      fromJson: (j) => `${name("fromJson")}(${j})`,
      desc: () => `${name("desc")}()`,
    };
    if (!other) {
      // Register before emitting so recursive references (through Box/Vec) find it.
      this.emitted.set(this.keyOf(t), ops);
      this.emitFunctions(t, decl, ident, base, facts);
    }
    return ops;
  }

  private readonly anonIdents = new Map<string, string>();
  private readonly usedIdents = new Set<string>();

  /** A unique identifier for an anonymous type (`Vec<Point>` → `$Vec_Point`). */
  private anonIdent(key: string, rust: string): string {
    let id = this.anonIdents.get(key);
    if (id) return id;
    const base = `$${tsIdent(rust)}`;
    id = base;
    for (let n = 2; this.usedIdents.has(id); n++) id = `${base}$${n}`;
    this.usedIdents.add(id);
    this.anonIdents.set(key, id);
    return id;
  }

  private readonly factMemo = new Map<string, { ool: boolean; trivial: boolean }>();

  /** Whether a type writes out-of-line data and whether it has anything to check. */
  facts(t: IrType): { ool: boolean; trivial: boolean } {
    switch (t.kind) {
      case "string":
      case "vec":
      case "box":
        return { ool: true, trivial: false };
      case "bool":
      case "char":
        return { ool: false, trivial: false };
      case "option":
        return { ool: this.facts(t.some).ool, trivial: false };
      case "array":
        return t.len === 0 ? { ool: false, trivial: true } : this.facts(t.element);
      case "tuple":
        return this.all(t.elements);
      case "ref": {
        const hit = this.factMemo.get(t.id);
        if (hit) return hit;
        // Cycles only pass through Box/Vec (which answer without recursing).
        const d = this.program.decls.get(t.id)!;
        let f: { ool: boolean; trivial: boolean };
        switch (d.kind) {
          case "struct":
            f = this.all(d.fields.map((x) => x.type));
            break;
          case "tupleStruct":
            f = this.all(d.fields);
            break;
          case "enum": {
            const types = d.variants.flatMap((v) =>
              v.kind === "unit" ? [] : v.kind === "tuple" ? v.fields : v.fields.map((x) => x.type),
            );
            f = { ool: this.all(types).ool, trivial: false };
            break;
          }
          case "alias":
            f = this.facts(d.target);
            break;
          default:
            f = { ool: false, trivial: true };
        }
        this.factMemo.set(t.id, f);
        return f;
      }
      default:
        return { ool: false, trivial: true };
    }
  }

  private all(ts: readonly IrType[]): { ool: boolean; trivial: boolean } {
    let ool = false;
    let trivial = true;
    for (const x of ts) {
      const f = this.facts(x);
      ool ||= f.ool;
      trivial &&= f.trivial;
    }
    return { ool, trivial };
  }

  /**
   * The TypeScript type of values of any type, emitting no code (a declaration's type is
   * imported): for modules that only name types and import their codecs.
   */
  valueTs(t: IrType): string {
    switch (t.kind) {
      case "ref": {
        const decl = this.program.decls.get(t.id)!;
        const other = this.moduleOf(decl.file);
        return other ? this.p.type(other, decl.tsName) : decl.tsName;
      }
      case "vec":
        return t.element.kind === "u8" ? "Uint8Array" : `Array<${this.valueTs(t.element)}>`;
      case "array":
        return `Array<${this.valueTs(t.element)}>`;
      case "option":
        return `${this.valueTs(t.some)} | null`;
      case "box":
        return this.valueTs(t.inner);
      case "tuple":
        return `[${t.elements.map((e) => this.valueTs(e)).join(", ")}]`;
      default:
        return LEAF_TS[t.kind];
    }
  }

  /** The TypeScript type of values of an anonymous type. */
  tsType(t: IrType): string {
    switch (t.kind) {
      case "vec":
        return t.element.kind === "u8" ? "Uint8Array" : `Array<${this.ops(t.element).ts}>`;
      case "array":
        return `Array<${this.ops(t.element).ts}>`;
      case "option":
        return `${this.ops(t.some).ts} | null`;
      case "box":
        return this.ops(t.inner).ts;
      case "tuple":
        return `[${t.elements.map((e) => this.ops(e).ts).join(", ")}]`;
      default:
        return this.ops(t).ts;
    }
  }

  private viewType(t: IrType): string {
    const V = this.p.sdkType("ArchivedVecView");
    switch (t.kind) {
      case "vec":
        return t.element.kind === "u8" ? "Uint8Array" : `${V}<${this.ops(t.element).viewTs}>`;
      case "array":
        return `${V}<${this.ops(t.element).viewTs}>`;
      case "option":
        return `${this.ops(t.some).viewTs} | null`;
      case "box":
        return this.ops(t.inner).viewTs;
      case "tuple":
        return `${this.p.sdkType("ArchivedView")} & { readonly length: ${t.elements.length}; ${t.elements
          .map((e, i) => `readonly ${i}: ${this.ops(e).viewTs}`)
          .join("; ")} }`;
      default:
        return this.ops(t).viewTs;
    }
  }

  // ------------------------------------------------------------------ function bodies

  private emitFunctions(
    t: IrType,
    decl: IrDecl | null,
    ident: string,
    base: { size: number; align: number; rust: string },
    facts: { ool: boolean; trivial: boolean },
  ): void {
    const p = this.p;
    const W = p.sdkType("ArchiveWriter");
    const C = p.sdkType("CheckContext");
    const S = p.sdkType("Source");
    const D = p.sdkType("TypeDesc");
    // Declarations export their functions (other generated modules compose them).
    const exp = decl ? "export " : "";
    const T = decl ? ident : this.tsType(t);
    const TV = decl ? `${ident}View` : this.viewType(t);
    const body = this.bodies(t, decl, base);
    if (decl) {
      p.add(`/** Values of \`${base.rust}\`. */`, `export type ${ident} = ${body.valueType};`, "");
      if (body.viewClass) p.add(body.viewClass, "");
      else p.add(`export type ${ident}View = ${body.viewType};`, "");
    }
    const fn = (op: string, params: string, ret: string, code: string): void => {
      p.add(`${exp}function ${ident}$${op}(${params}): ${ret} {`, code, "}", "");
    };
    if (facts.ool) fn("resolve", `w: ${W}, v: ${T}`, "void", body.resolve);
    // With no out-of-line data, writing needs only the bytes (so `placeRoot`'s holder will do).
    const IW = facts.ool ? W : p.sdkType("InlineWriter");
    fn("write", `w: ${IW}, pos: number, v: ${T}`, "void", body.write);
    if (!facts.trivial) fn("check", `c: ${C}, pos: number`, "void", body.check);
    fn("read", `s: ${S}, pos: number`, T, body.read);
    if (body.readFlat) fn("readFlat", "b: Uint8Array, pos: number", T, body.readFlat);
    fn("view", `s: ${S}, pos: number`, TV, body.view);
    fn("toJson", `v: ${T}`, "unknown", body.toJson);
    fn("fromJson", `j: unknown`, T, body.fromJson);
    const memo = `${ident}$D`;
    p.add(`let ${memo}: ${D} | undefined;`);
    fn("desc", "", D, body.desc(memo));
  }

  /** The codec object of a type (named decl or anonymous), as `export const name = …`. */
  codecConst(name: string, t: IrType, doc?: string): void {
    const o = this.ops(t);
    const p = this.p;
    const Codec = p.sdkType("Codec");
    const root = q(o.rust);
    const checkFn = o.trivial ? "null" : this.fnRef(t, "check");
    const sourceOf = p.sdk("sourceOf");
    const toArchiveError = p.sdk("toArchiveError");
    const size = o.size;
    const align = o.align;
    const at = this.rootAt(o, checkFn);
    if (doc) p.add(`/** ${doc} */`);
    // The `desc` accessor lives on the codec's own prototype: V8 makes an object literal that
    // holds an accessor (or gets one with a getter another codec's map already has) a
    // dictionary-mode object, and every codec method call then paid a dictionary lookup
    // (~5 ns, as much as a whole fixed-size check).
    p.add(
      `export const ${name}: ${Codec}<${o.ts}, ${o.viewTs}> = {`,
      `  __proto__: { get desc() { return ${o.desc()}; } },`,
      `  name: ${root},`,
      `  size: ${size},`,
      `  align: ${align},`,
      this.archiveOf(t, o),
      `  check(bytes) { ${this.rootAt(o, checkFn, false)} },`,
      `  access: (bytes) => { const s = ${sourceOf}(bytes); ${at} return ${o.view("pos")}; },`,
      `  accessUnchecked: (bytes) => { const s = ${sourceOf}(bytes); const pos = bytes.length - ${size}; return ${o.view("pos")}; },`,
      // On V8 (POOL_MAX > 0) a struct or tuple of leaves reads from the bytes alone: no Source,
      // no DataView per call (as composed codecs do). Elsewhere (QuickJS sandboxes, whose gas
      // meters allocations) the Source path, as before.
      this.flatFields(this.fieldTypes(t))
        ? `  deserialize: (bytes) => { ${at} if (${p.sdk("POOL_MAX")} > 0) return ${this.fnRef(t, "readFlat")}(bytes, pos); const s = ${sourceOf}(bytes); return ${o.read("pos")}; },`
        : `  deserialize: (bytes) => { ${at} const s = ${sourceOf}(bytes); return ${o.read("pos")}; },`,
      `  toJson(v) { try { return ${o.toJson("v")}; } catch (e) { throw ${toArchiveError}(e, ${root}); } },`,
      `  fromJson(j) { try { return ${o.fromJson("j")}; } catch (e) { throw ${toArchiveError}(e, ${root}); } },`,
      // (TypeScript does not see a literal's `__proto__` as its prototype: the literal is
      // checked as the codec without `desc`, plus that prototype.)
      `} satisfies Omit<${Codec}<${o.ts}, ${o.viewTs}>, "desc"> & { __proto__: { readonly desc: ${p.sdkType("TypeDesc")} } } as unknown as ${Codec}<${o.ts}, ${o.viewTs}>;`,
      "",
    );
  }

  /**
   * Statements that check `bytes` and leave the root position in `pos` (when `usesPos`). A root
   * with nothing inside to check (`trivial`) needs only its bounds and alignment, tested inline
   * with the size and alignment baked in; `checkRoot` then runs only to report the failure.
   * Otherwise `checkRoot` does it all.
   */
  private rootAt(o: Ops, checkFn: string, usesPos = true): string {
    const call = `${this.p.sdk("checkRoot")}(bytes, ${o.size}, ${o.align}, ${q(o.rust)}, ${checkFn})`;
    if (!o.trivial) return usesPos ? `const pos = ${call};` : `${call};`;
    const misaligned = o.align === 1 ? "" : ` || (pos & ${o.align - 1}) !== 0`;
    return `const pos = bytes.length - ${o.size}; if (pos < 0${misaligned}) ${call};`;
  }

  /**
   * The codec's `archive`. A named type with no out-of-line data is written in place into the
   * pool's chunk (`placeRoot`, V8 only) by a direct call of its own `write`, which V8 can
   * inline; `archiveRoot` calls every type's `write` from one shared call site. Other types, and
   * roots `placeRoot` does not pool, go through `archiveRoot`.
   */
  private archiveOf(t: IrType, o: Ops): string {
    const p = this.p;
    const root = q(o.rust);
    const toRoot = (write: string) =>
      `${p.sdk("archiveRoot")}(v, ${o.size}, ${o.align}, ${root}, ${o.ool ? this.fnRef(t, "resolve") : "null"}, ${write})`;
    if (o.ool || isLeafKind(t)) return `  archive: (v) => ${toRoot(this.fnRef(t, "write"))},`;
    const write = this.fnRef(t, "write");
    return [
      `  archive: (v) => {`,
      `    const r = ${p.sdk("placeRoot")}(${o.size});`,
      `    if (r === null) return ${toRoot(write)};`,
      `    try { ${write}(r, r.at, v); } catch (e) { throw ${p.sdk("toArchiveError")}(e, ${root}); }`,
      `    return r.buf.subarray(r.at, r.at + ${o.size});`,
      `  },`,
    ].join("\n");
  }

  /** The field types of a struct, tuple struct or tuple (null for other types). */
  private fieldTypes(t: IrType): readonly IrType[] | null {
    if (t.kind === "tuple") return t.elements;
    if (t.kind !== "ref") return null;
    const decl = this.program.decls.get(t.id)!;
    if (decl.kind === "struct") return decl.fields.map((f) => f.type);
    if (decl.kind === "tupleStruct") return decl.fields;
    return null;
  }

  /**
   * Fields a flat read covers: at least one, each a leaf with a flat read (ints, floats, bool,
   * `[u8; N]`). Decided from the kinds alone (no `ops`, which would import helpers a module
   * may not use), so every module agrees on who has `$readFlat`.
   */
  private flatFields(types: readonly IrType[] | null): boolean {
    return types !== null && types.length > 0 && types.every((x) => FLAT_KINDS.has(x.kind));
  }

  /**
   * A function value for one operation of `t` (leaves get a small arrow function).
   */
  private fnRef(t: IrType, op: "resolve" | "write" | "check" | "readFlat"): string {
    const o = this.ops(t);
    if (!isLeafKind(t)) {
      const decl = t.kind === "ref" ? this.program.decls.get(t.id)! : null;
      const ident = decl ? decl.tsName : this.anonIdent(this.keyOf(t), o.rust);
      const other = decl ? this.moduleOf(decl.file) : null;
      return other ? this.p.value(other, `${ident}$${op}`) : `${ident}$${op}`;
    }
    if (op === "readFlat") throw new Error("leaves have no readFlat function");
    const W = this.p.sdkType("ArchiveWriter");
    const C = this.p.sdkType("CheckContext");
    if (op === "resolve") return `(w: ${W}, v: ${o.ts}) => { ${o.resolve("v")} }`;
    if (op === "write") return `(w: ${W}, pos: number, v: ${o.ts}) => { ${o.write("pos", "v")} }`;
    return `(c: ${C}, pos: number) => { ${o.check("pos")} }`;
  }

  private bodies(
    t: IrType,
    decl: IrDecl | null,
    base: { size: number; align: number; rust: string },
  ): {
    valueType: string;
    viewType: string;
    viewClass: string | null;
    resolve: string;
    write: string;
    check: string;
    read: string;
    /** The read from the bytes `b` alone, for structs and tuples of flat leaves (else null). */
    readFlat?: string | null;
    view: string;
    toJson: string;
    fromJson: string;
    desc: (memo: string) => string;
  } {
    const sdk = (n: string): string => this.p.sdk(n);
    const fail = sdk("failValue");
    const describe = sdk("describeValue");
    const rethrow = sdk("rethrowAt");
    if (decl) {
      switch (decl.kind) {
        case "struct":
          return this.fieldsBody(
            decl.fields.map((f) => f.name),
            decl.fields.map((f) => f.type),
            layoutOf(this.lower(t)).offsets!,
            true,
            decl,
            (memo) =>
              `if (${memo}) return ${memo}; const d = { kind: "struct" as const, name: ${q(decl.id)}, fields: [] as { name: string; type: ${this.p.sdkType("TypeDesc")} }[] }; ${memo} = d; ${decl.fields
                .map(
                  (f) => `d.fields.push({ name: ${q(f.name)}, type: ${this.ops(f.type).desc()} });`,
                )
                .join(" ")} return d;`,
          );
        case "tupleStruct":
          return this.fieldsBody(
            decl.fields.map((_, i) => String(i)),
            decl.fields,
            layoutOf(this.lower(t)).offsets!,
            false,
            decl,
            (memo) =>
              `if (${memo}) return ${memo}; const d = { kind: "tupleStruct" as const, name: ${q(decl.id)}, fields: [] as ${this.p.sdkType("TypeDesc")}[] }; ${memo} = d; ${decl.fields
                .map((f) => `d.fields.push(${this.ops(f).desc()});`)
                .join(" ")} return d;`,
          );
        case "unitStruct":
          return {
            valueType: "null",
            viewType: "null",
            viewClass: null,
            resolve: "",
            write: `if (v !== null && v !== undefined) ${fail}("null (unit)", ${describe}(v));`,
            check: "",
            read: "return null;",
            view: "return null;",
            toJson: "return null;",
            fromJson: `if (j !== null) ${fail}("null (unit)", ${describe}(j)); return null;`,
            desc: (memo) => `return (${memo} ??= { kind: "unitStruct", name: ${q(decl.id)} });`,
          };
        case "enum":
          return this.enumBody(decl, t);
        case "alias":
          throw new Error("aliases are transparent");
      }
    }
    switch (t.kind) {
      case "tuple":
        return this.fieldsBody(
          t.elements.map((_, i) => String(i)),
          t.elements,
          layoutOf(this.lower(t)).offsets!,
          false,
          null,
          (memo) =>
            `return (${memo} ??= { kind: "tuple", elements: [${t.elements.map((e) => this.ops(e).desc()).join(", ")}] });`,
        );
      case "vec": {
        const e = this.ops(t.element);
        const V = sdk("ArchivedVecView");
        return {
          valueType: "",
          viewType: "",
          viewClass: null,
          resolve: [
            `if (!Array.isArray(v)) ${fail}("an array", ${describe}(v));`,
            `const mark = w.rtop;`,
            `let i = 0;`,
            e.ool ? (this.inlineElementResolves(t.element) ?? "") : "",
            e.ool
              ? `try { for (; i < v.length; i++) { ${e.resolve("v[i]")} } } catch (e) { ${rethrow}(e, "[" + i + "]"); }`
              : "",
            `const at = w.reserve(v.length * ${e.size}, ${e.align});`,
            `const cur = w.rcur;`,
            `w.rcur = mark;`,
            `try { for (i = 0; i < v.length; i++) { ${e.write(`at + i * ${e.size}`, "v[i]")} } } catch (e) { ${rethrow}(e, "[" + i + "]"); }`,
            `w.rcur = cur;`,
            `w.rtop = mark;`,
            `w.pushResolver(at);`,
          ].join("\n"),
          write: `w.view.setInt32(pos, w.nextResolver() - pos, true); w.view.setUint32(pos + 4, v.length, true);`,
          check: [
            `const at = c.slice(pos, ${e.size}, ${e.align});`,
            `const len = c.view.getUint32(pos + 4, true);`,
            `const saved = c.push(at);`,
            e.trivial
              ? ""
              : (this.inlineElementChecks(t.element, e.size) ??
                `let i = 0; try { for (; i < len; i++) { ${e.check(`at + i * ${e.size}`)} } } catch (e) { ${rethrow}(e, "[" + i + "]"); }`),
            `c.pop(at + len * ${e.size}, saved);`,
          ].join("\n"),
          read: [
            `const at = pos + s.view.getInt32(pos, true);`,
            `const len = s.view.getUint32(pos + 4, true);`,
            `const out = new Array<${e.ts}>(len);`,
            this.inlineElementReads(t.element, e.size) ??
              `for (let i = 0; i < len; i++) out[i] = ${e.read(`at + i * ${e.size}`)};`,
            `return out;`,
          ].join("\n"),
          view: `return new ${V}(s, pos + s.view.getInt32(pos, true), s.view.getUint32(pos + 4, true), ${e.size}, (s: ${this.p.sdkType("Source")}, pos: number) => ${e.view("pos")});`,
          toJson: `return v.map((x) => ${e.toJson("x")});`,
          fromJson: [
            `if (!Array.isArray(j)) ${fail}("an array", ${describe}(j));`,
            `const out = new Array<${e.ts}>(j.length);`,
            `let i = 0;`,
            `try { for (; i < j.length; i++) out[i] = ${e.fromJson("j[i]")}; } catch (e) { ${rethrow}(e, "[" + i + "]"); }`,
            `return out;`,
          ].join("\n"),
          desc: (memo) =>
            `if (${memo}) return ${memo}; const d = { kind: "vec" as const, element: ${e.desc()} }; return (${memo} = d);`,
        };
      }
      case "array": {
        const e = this.ops(t.element);
        const n = t.len;
        const V = sdk("ArchivedVecView");
        const checkArr = (v: string): string =>
          `if (!Array.isArray(${v})) ${fail}("an array of ${n}", ${describe}(${v})); if (${v}.length !== ${n}) ${fail}("${n} elements", String(${v}.length));`;
        return {
          valueType: "",
          viewType: "",
          viewClass: null,
          resolve: `${checkArr("v")} let i = 0; try { for (; i < ${n}; i++) { ${e.resolve("v[i]")} } } catch (e) { ${rethrow}(e, "[" + i + "]"); }`,
          write: `${checkArr("v")} let i = 0; try { for (; i < ${n}; i++) { ${e.write(`pos + i * ${e.size}`, "v[i]")} } } catch (e) { ${rethrow}(e, "[" + i + "]"); }`,
          check: e.trivial
            ? ""
            : `let i = 0; try { for (; i < ${n}; i++) { ${e.check(`pos + i * ${e.size}`)} } } catch (e) { ${rethrow}(e, "[" + i + "]"); }`,
          read: `const out = new Array<${e.ts}>(${n}); for (let i = 0; i < ${n}; i++) out[i] = ${e.read(`pos + i * ${e.size}`)}; return out;`,
          view: `return new ${V}(s, pos, ${n}, ${e.size}, (s: ${this.p.sdkType("Source")}, pos: number) => ${e.view("pos")});`,
          toJson: `return v.map((x) => ${e.toJson("x")});`,
          fromJson: `if (!Array.isArray(j) || j.length !== ${n}) ${fail}("an array of ${n}", ${describe}(j)); const out = new Array<${e.ts}>(${n}); let i = 0; try { for (; i < ${n}; i++) out[i] = ${e.fromJson("j[i]")}; } catch (e) { ${rethrow}(e, "[" + i + "]"); } return out;`,
          desc: (memo) =>
            `return (${memo} ??= { kind: "array", element: ${e.desc()}, len: ${n} });`,
        };
      }
      case "option": {
        const e = this.ops(t.some);
        const off = (layoutOf(this.lower(t)) as OptionLayout).payloadOffset;
        return {
          valueType: "",
          viewType: "",
          viewClass: null,
          resolve: e.ool
            ? `if (v === null || v === undefined) return; try { ${e.resolve("v")} } catch (e) { ${rethrow}(e, ".some"); }`
            : "",
          write: `if (v === null || v === undefined) return; w.buf[pos] = 1; try { ${e.write(`pos + ${off}`, "v")} } catch (e) { ${rethrow}(e, ".some"); }`,
          check: `if (c.tag(pos, 1, 2) === 0) return; ${e.trivial ? "" : `try { ${e.check(`pos + ${off}`)} } catch (e) { ${rethrow}(e, ".some"); }`}`,
          read: `return s.bytes[pos] === 0 ? null : ${e.read(`pos + ${off}`)};`,
          view: `return s.bytes[pos] === 0 ? null : ${e.view(`pos + ${off}`)};`,
          toJson: `return v === null || v === undefined ? null : ${e.toJson("v")};`,
          fromJson: `if (j === null) return null; try { return ${e.fromJson("j")}; } catch (e) { return ${rethrow}(e, ".some"); }`,
          desc: (memo) => `return (${memo} ??= { kind: "option", some: ${e.desc()} });`,
        };
      }
      case "box": {
        const e = this.ops(t.inner);
        return {
          valueType: "",
          viewType: "",
          viewClass: null,
          resolve: [
            `const mark = w.rtop;`,
            e.resolve("v"),
            `const at = w.reserve(${e.size}, ${e.align});`,
            `const cur = w.rcur;`,
            `w.rcur = mark;`,
            e.write("at", "v"),
            `w.rcur = cur;`,
            `w.rtop = mark;`,
            `w.pushResolver(at);`,
          ].join("\n"),
          write: `void v; w.view.setInt32(pos, w.nextResolver() - pos, true);`,
          check: `const at = c.relPtr(pos, ${e.size}, ${e.align}); const saved = c.push(at); ${e.check("at")} c.pop(at + ${e.size}, saved);`,
          read: `return ${e.read("pos + s.view.getInt32(pos, true)")};`,
          view: `return ${e.view("pos + s.view.getInt32(pos, true)")};`,
          toJson: `return ${e.toJson("v")};`,
          fromJson: `return ${e.fromJson("j")};`,
          desc: (memo) =>
            `if (${memo}) return ${memo}; const d = { kind: "box" as const, inner: null as unknown as ${this.p.sdkType("TypeDesc")} }; ${memo} = d; d.inner = ${e.desc()}; return d;`,
        };
      }
    }
    throw new Error(`no composite body for ${base.rust}`);
  }

  /**
   * The checks of a Vec's struct elements in one loop (no call per element): when every checked
   * field is a leaf, strings take the checker's fast paths inline (deferred ASCII runs; the
   * claimed range and pending run live in locals, synced around any call out), as the composed
   * codecs' specialised `checkMany` does. Null when the element is not such a struct.
   */
  private inlineElementChecks(elem: IrType, stride: number): string | null {
    if (elem.kind !== "ref") return null;
    const d = this.program.decls.get(elem.id);
    if (!d || (d.kind !== "struct" && d.kind !== "tupleStruct")) return null;
    const types = d.kind === "struct" ? d.fields.map((f) => f.type) : d.fields;
    const keys =
      d.kind === "struct" ? d.fields.map((f) => f.name) : types.map((_x, i) => String(i));
    const offsets = layoutOf(this.lower(elem)).offsets!;
    const checked = types.map((x, i) => [x, i] as const).filter(([x]) => !this.facts(x).trivial);
    if (checked.some(([x]) => x.kind !== "string" && x.kind !== "bool" && x.kind !== "char"))
      return null;
    const fields: CheckedField[] = checked.map(([x, i]) => ({
      index: i,
      offset: offsets[i],
      kind: x.kind,
    }));
    return checkManyBody(fields, stride, segments(keys), this.ref);
  }

  /**
   * The out-of-line strings of a Vec's struct elements in one encode (`asciiRunResolve` of
   * @shortcrust/sdk/shapes), when strings are the struct's only out-of-line data; then the
   * element-by-element resolve below runs only if that did not do it (`if (!done)`).
   */
  private inlineElementResolves(elem: IrType): string | null {
    if (elem.kind !== "ref") return null;
    const d = this.program.decls.get(elem.id);
    if (!d || d.kind !== "struct") return null;
    if (!asciiRunFits(d.fields.map((f) => f.type.kind))) return null;
    const strings = d.fields.flatMap((f, index) =>
      f.type.kind === "string" ? [{ key: f.name, index }] : [],
    );
    return `${asciiRunResolve(strings, this.ref, true)}\nif (!done)`;
  }

  /**
   * The reads of a Vec's struct elements in one loop (no call per element) when the struct is
   * declared in this module and every field is a leaf: each string field takes `readString`'s
   * paths inline, with the source's decoded ASCII window (`win` over `[ws, we)`) held in locals
   * and reloaded only after a call out opened a new one; each element is one object literal
   * (the struct's fixed shape). Null otherwise.
   */
  private inlineElementReads(elem: IrType, stride: number): string | null {
    if (elem.kind !== "ref") return null;
    const d = this.program.decls.get(elem.id);
    if (!d || d.kind !== "struct" || this.moduleOf(d.file) !== null) return null;
    const types = d.fields.map((f) => f.type);
    if (!types.every(isLeafKind) || !types.some((x) => x.kind === "string")) return null;
    const offsets = layoutOf(this.lower(elem)).offsets!;
    const fields: ReadField[] = d.fields.map((f, i) => ({
      key: f.name,
      offset: offsets[i],
      read: f.type.kind === "string" ? null : (at) => this.ops(f.type).read(at),
    }));
    return readManyBody(fields, true, stride, this.ref, true);
  }

  /** Structs, tuple structs and tuples: fields at fixed offsets. */
  private fieldsBody(
    keys: readonly string[],
    types: readonly IrType[],
    offsets: readonly number[],
    named: boolean,
    decl: IrDecl | null,
    desc: (memo: string) => string,
  ) {
    const sdk = (n: string): string => this.p.sdk(n);
    const fail = sdk("failValue");
    const describe = sdk("describeValue");
    const rethrow = sdk("rethrowAt");
    const ops = types.map((x) => this.ops(x));
    const count = keys.length;
    const acc = (v: string, i: number): string => (named ? `${v}.${keys[i]}` : `${v}[${i}]`);
    const accQ = (v: string, i: number): string => (named ? `${v}[${q(keys[i])}]` : `${v}[${i}]`);
    const segs = segments(keys);
    const isValue = named
      ? `typeof v === "object" && v !== null`
      : `Array.isArray(v) && v.length === ${count}`;
    const expected = named ? "an object" : `an array of ${count}`;
    const guard = `if (!(${isValue})) ${fail}(${q(expected)}, ${describe}(v));`;
    const inTry = (stmts: string[]): string => tryFields(stmts, segs, this.ref);
    const valueType = named
      ? `{ ${keys.map((k, i) => `${k}: ${ops[i].ts}`).join("; ")} }`
      : `[${ops.map((o) => o.ts).join(", ")}]`;
    const viewFields = keys.map((k, i) => `readonly ${named ? k : i}: ${ops[i].viewTs}`);
    let viewClass: string | null = null;
    let view: string;
    const AV = this.p.sdk("ArchivedView");
    if (decl) {
      const cls = `${decl.tsName}View`;
      viewClass = [
        `/** Zero-copy view of an archived \`${decl.id}\`: each field is read when first asked for. */`,
        `export class ${cls} extends ${AV} {`,
        ...(named ? [] : [`  get length(): ${count} { return ${count}; }`]),
        ...keys.map(
          (k, i) =>
            `  get ${named ? k : `[${i}]`}(): ${ops[i].viewTs} { const s = this.$src; return ${ops[i].view(`this.$pos + ${offsets[i]}`)}; }`,
        ),
        `}`,
      ].join("\n");
      view = `return new ${cls}(s, pos);`;
    } else {
      // Anonymous tuples: a view object with lazy getters.
      view = [
        `const v = new ${AV}(s, pos);`,
        `Object.defineProperty(v, "length", { value: ${count} });`,
        ...keys.map(
          (_k, i) =>
            `Object.defineProperty(v, ${i}, { get: () => ${ops[i].view(`pos + ${offsets[i]}`)}, enumerable: true });`,
        ),
        `return v as ${this.viewType({ kind: "tuple", elements: types })};`,
      ].join("\n");
    }
    const readParts = keys.map((k, i) => ops[i].read(`pos + ${offsets[i]}`));
    // A struct or tuple of leaves also reads from the bytes alone (root deserialize on V8).
    const flat = this.flatFields(types)
      ? keys.map((k, i) => ops[i].readFlat!(`pos + ${offsets[i]}`))
      : null;
    const fromJsonFields = keys.map(
      (k, i) =>
        `f = ${i}; ${named ? `if (!(${q(k)} in o)) ${fail}(${q(`field ${k}`)}, "nothing"); ` : ""}const x${i} = ${ops[i].fromJson(accQ("o", i))};`,
    );
    const fromJson = [
      named
        ? `if (typeof j !== "object" || j === null || Array.isArray(j)) ${fail}("an object", ${describe}(j));`
        : `if (!Array.isArray(j) || j.length !== ${count}) ${fail}(${q(`an array of ${count}`)}, ${describe}(j));`,
      `const o = j as ${named ? "Record<string, unknown>" : "unknown[]"};`,
      ...keys.map((_k, i) => `let x${i}: ${ops[i].ts};`),
      count > 0
        ? `let f = 0; try { ${fromJsonFields.map((s) => s.replace(/const x(\d+) =/, "x$1 =")).join(" ")} } catch (e) { ${rethrow}(e, ${segs}[f]); }`
        : "",
      named
        ? `for (const k of Object.keys(o)) if (${keys.length ? keys.map((k) => `k !== ${q(k)}`).join(" && ") : "true"}) ${fail}(${q(`one of the fields ${keys.join(", ")}`)}, "field " + k);`
        : "",
      named
        ? `return { ${keys.map((k, i) => `${k}: x${i}`).join(", ")} };`
        : `return [${keys.map((_k, i) => `x${i}`).join(", ")}];`,
    ].join("\n");
    return {
      valueType,
      viewType: named ? `{ ${viewFields.join("; ")} }` : "",
      viewClass,
      resolve: [
        guard,
        inTry(ops.flatMap((o, i) => (o.ool ? [`f = ${i}; ${o.resolve(acc("v", i))}`] : []))),
      ].join("\n"),
      write: [
        guard,
        inTry(ops.map((o, i) => `f = ${i}; ${o.write(`pos + ${offsets[i]}`, acc("v", i))}`)),
      ].join("\n"),
      check: inTry(
        ops.flatMap((o, i) => (o.trivial ? [] : [`f = ${i}; ${o.check(`pos + ${offsets[i]}`)}`])),
      ),
      read: `return ${fieldLiteral(named, keys, readParts)};`,
      readFlat: flat === null ? null : `return ${fieldLiteral(named, keys, flat)};`,
      view,
      toJson: named
        ? `return { ${keys.map((k, i) => `${key(k)}: ${ops[i].toJson(acc("v", i))}`).join(", ")} };`
        : `return [${keys.map((_k, i) => ops[i].toJson(acc("v", i))).join(", ")}];`,
      fromJson,
      desc,
    };
  }

  private enumBody(decl: Extract<IrDecl, { kind: "enum" }>, t: IrType) {
    const sdk = (n: string): string => this.p.sdk(n);
    const fail = sdk("failValue");
    const describe = sdk("describeValue");
    const rethrow = sdk("rethrowAt");
    const lay = layoutOf(this.lower(t)) as EnumLayout;
    const tagSize = lay.tagSize;
    const count = decl.variants.length;
    const names = decl.variants.map((v) => v.name);
    const setTag =
      tagSize === 1 ? "w.buf[pos] = t;" : `w.view.setUint${tagSize * 8}(pos, t, true);`;
    const getTag = tagSize === 1 ? "s.bytes[pos]" : `s.view.getUint${tagSize * 8}(pos, true)`;
    const caseList = `${decl.id} (${names.join(", ")})`;
    // The variant index of a value: a fieldless enum's number, or { case } / the case name.
    const tagOf = [
      `function tagOf(v: unknown): number {`,
      decl.fieldless
        ? `  if (typeof v === "number" && Number.isInteger(v) && v >= 0 && v < ${count}) return v;`
        : "",
      `  const c = typeof v === "string" ? v : typeof v === "object" && v !== null ? (v as { case?: unknown }).case : undefined;`,
      `  switch (c) { ${names.map((n, i) => `case ${q(n)}: return ${i};`).join(" ")} }`,
      `  return ${fail}(${q(`a case of ${caseList}`)}, ${describe}(c ?? v));`,
      `}`,
    ]
      .filter(Boolean)
      .join("\n");
    const V = this.p.sdkType("EnumValue");
    if (decl.fieldless) {
      return {
        valueType: `${names.map((_n, i) => i).join(" | ")}`,
        viewType: "",
        viewClass: `export type ${decl.tsName}View = ${decl.tsName};\n${tagOf.replace("function tagOf", `function ${decl.tsName}$tagOf`)}`,
        resolve: "",
        write: `const t = ${decl.tsName}$tagOf(v); ${setTag}`,
        check: `c.tag(pos, ${tagSize}, ${count});`,
        read: `return ${getTag} as ${decl.tsName};`,
        view: `return ${getTag} as ${decl.tsName};`,
        toJson: `return [${names.map(q).join(", ")}][${decl.tsName}$tagOf(v)];`,
        fromJson: `switch (j) { ${names.map((n, i) => `case ${q(n)}: return ${i};`).join(" ")} } return ${fail}(${q(`a unit case of ${decl.id}`)}, ${describe}(j));`,
        desc: (memo: string) =>
          `return (${memo} ??= { kind: "enum", name: ${q(decl.id)}, variants: [${names.map((n) => `{ name: ${q(n)}, kind: "unit" }`).join(", ")}] });`,
      };
    }
    // Data enums: each variant's fields at their repr(C) offsets inside the enum.
    type VInfo = {
      name: string;
      keys: string[];
      ops: Ops[];
      offs: readonly number[];
      named: boolean;
      single: boolean;
      kind: string;
    };
    const vs: VInfo[] = decl.variants.map((v, i) => {
      const types =
        v.kind === "unit" ? [] : v.kind === "tuple" ? v.fields : v.fields.map((f) => f.type);
      const keys =
        v.kind === "struct" ? v.fields.map((f) => f.name) : types.map((_x, j) => String(j));
      return {
        name: v.name,
        keys,
        ops: types.map((x) => this.ops(x)),
        offs: lay.variantOffsets[i],
        named: v.kind === "struct",
        single: v.kind === "tuple" && types.length === 1,
        kind: v.kind,
      };
    });
    const valueOf = (v: VInfo): string =>
      v.kind === "unit"
        ? `{ case: ${q(v.name)} }`
        : `{ case: ${q(v.name)}; value: ${
            v.single
              ? v.ops[0].ts
              : v.named
                ? `{ ${v.keys.map((k, j) => `${k}: ${v.ops[j].ts}`).join("; ")} }`
                : `[${v.ops.map((o) => o.ts).join(", ")}]`
          } }`;
    const fieldAcc = (v: VInfo, j: number, x: string): string =>
      v.single ? x : v.named ? `${x}.${v.keys[j]}` : `${x}[${j}]`;
    const seg = (v: VInfo, j: number): string => q(`::${v.name}.${v.keys[j]}`);
    const perVariant = (build: (v: VInfo) => string): string =>
      `switch (t) { ${vs.map((v, i) => `case ${i}: { ${build(v)} break; }`).join(" ")} }`;
    const guardPayload = (v: VInfo, x: string): string =>
      v.single
        ? ""
        : v.named
          ? `if (typeof ${x} !== "object" || ${x} === null) ${fail}("an object", ${describe}(${x}));`
          : `if (!Array.isArray(${x}) || ${x}.length !== ${v.ops.length}) ${fail}(${q(`an array of ${v.ops.length}`)}, ${describe}(${x}));`;
    const fieldsTry = (v: VInfo, stmts: string[]): string =>
      tryFields(stmts, segments(v.keys, `::${v.name}`), this.ref);
    const payloadRead = (v: VInfo, how: "read" | "view"): string => {
      const parts = v.ops.map((o, j) => o[how](`pos + ${v.offs[j]}`));
      if (v.kind === "unit") return `return { case: ${q(v.name)} };`;
      if (v.single) return `return { case: ${q(v.name)}, value: ${parts[0]} };`;
      if (v.named)
        return `return { case: ${q(v.name)}, value: { ${v.keys.map((k, j) => `${k}: ${parts[j]}`).join(", ")} } };`;
      return `return { case: ${q(v.name)}, value: [${parts.join(", ")}] };`;
    };
    const anyVal = "(v as { value?: unknown }).value as any";
    return {
      valueType: vs.map(valueOf).join(" | "),
      viewType: "",
      viewClass: `export type ${decl.tsName}View = ${V};\n${tagOf.replace("function tagOf", `function ${decl.tsName}$tagOf`)}`,
      resolve: `const t = ${decl.tsName}$tagOf(v); /* eslint-disable-next-line @typescript-eslint/no-explicit-any */ const pv = ${anyVal}; ${perVariant(
        (v) => {
          const st = v.ops.flatMap((o, j) =>
            o.ool ? [`f = ${j}; ${o.resolve(fieldAcc(v, j, "pv"))}`] : [],
          );
          return st.length ? `${guardPayload(v, "pv")} ${fieldsTry(v, st)}` : "";
        },
      )}`,
      write: `const t = ${decl.tsName}$tagOf(v); ${setTag} /* eslint-disable-next-line @typescript-eslint/no-explicit-any */ const pv = ${anyVal}; ${perVariant(
        (v) =>
          v.ops.length
            ? `${guardPayload(v, "pv")} ${fieldsTry(
                v,
                v.ops.map(
                  (o, j) => `f = ${j}; ${o.write(`pos + ${v.offs[j]}`, fieldAcc(v, j, "pv"))}`,
                ),
              )}`
            : "",
      )}`,
      check: `const t = c.tag(pos, ${tagSize}, ${count}); ${perVariant((v) =>
        fieldsTry(
          v,
          v.ops.flatMap((o, j) =>
            o.trivial ? [] : [`f = ${j}; ${o.check(`pos + ${v.offs[j]}`)}`],
          ),
        ),
      )}`,
      read: `switch (${getTag}) { ${vs.map((v, i) => `case ${i}: { ${payloadRead(v, "read")} }`).join(" ")} } throw new Error("unreachable");`.replace(
        'throw new Error("unreachable");',
        `return ${fail}("a checked archive", "an invalid tag");`,
      ),
      view: `switch (${getTag}) { ${vs.map((v, i) => `case ${i}: { ${payloadRead(v, "view")} }`).join(" ")} } return ${fail}("a checked archive", "an invalid tag");`,
      toJson: `const t = ${decl.tsName}$tagOf(v); /* eslint-disable-next-line @typescript-eslint/no-explicit-any */ const pv = ${anyVal}; switch (t) { ${vs
        .map((v, i) => {
          if (v.kind === "unit") return `case ${i}: return ${q(v.name)};`;
          if (v.single) return `case ${i}: return { ${key(v.name)}: ${v.ops[0].toJson("pv")} };`;
          if (v.named)
            return `case ${i}: return { ${key(v.name)}: { ${v.keys.map((k, j) => `${key(k)}: ${v.ops[j].toJson(`pv.${k}`)}`).join(", ")} } };`;
          return `case ${i}: return { ${key(v.name)}: [${v.ops.map((o, j) => o.toJson(`pv[${j}]`)).join(", ")}] };`;
        })
        .join(" ")} } return null;`,
      fromJson: [
        `if (typeof j === "string") { switch (j) { ${vs
          .filter((v) => v.kind === "unit")
          .map((v) => `case ${q(v.name)}: return { case: ${q(v.name)} };`)
          .join(" ")} } ${fail}(${q(`a unit case of ${decl.id}`)}, ${describe}(j)); }`,
        `const keys = typeof j === "object" && j !== null && !Array.isArray(j) ? Object.keys(j) : [];`,
        `const inner = keys.length === 1 ? (j as Record<string, unknown>)[keys[0]] : undefined;`,
        `switch (keys.length === 1 ? keys[0] : undefined) {`,
        ...vs
          .filter((v) => v.kind !== "unit")
          .map((v) => {
            if (v.single)
              return `case ${q(v.name)}: { let f = 0; try { return { case: ${q(v.name)}, value: ${v.ops[0].fromJson("inner")} }; } catch (e) { return ${rethrow}(e, [${seg(v, 0)}][f]); } }`;
            const check = v.named
              ? `if (typeof inner !== "object" || inner === null || Array.isArray(inner)) ${fail}("an object", ${describe}(inner));`
              : `if (!Array.isArray(inner) || inner.length !== ${v.ops.length}) ${fail}(${q(`an array of ${v.ops.length}`)}, ${describe}(inner));`;
            const o = v.named ? "(inner as Record<string, unknown>)" : "(inner as unknown[])";
            const decls = v.ops.map((op, j) => `let x${j}: ${op.ts};`).join(" ");
            const assigns = v.ops
              .map(
                (op, j) =>
                  `f = ${j}; x${j} = ${op.fromJson(v.named ? `${o}[${q(v.keys[j])}]` : `${o}[${j}]`)};`,
              )
              .join(" ");
            const value = v.named
              ? `{ ${v.keys.map((k, j) => `${k}: x${j}`).join(", ")} }`
              : `[${v.keys.map((_k, j) => `x${j}`).join(", ")}]`;
            return `case ${q(v.name)}: { ${check} ${decls} let f = 0; try { ${assigns} } catch (e) { ${rethrow}(e, [${v.keys.map((_k, j) => seg(v, j)).join(", ")}][f]); } return { case: ${q(v.name)}, value: ${value} }; }`;
          }),
        `}`,
        `return ${fail}(${q(`a case of ${decl.id} ("Unit" or {"Case": …})`)}, ${describe}(j));`,
      ].join("\n"),
      desc: (memo: string) =>
        `if (${memo}) return ${memo}; const d = { kind: "enum" as const, name: ${q(decl.id)}, variants: [] as ${this.p.sdkType("VariantDesc")}[] }; ${memo} = d; ${vs
          .map((v) => {
            if (v.kind === "unit") return `d.variants.push({ name: ${q(v.name)}, kind: "unit" });`;
            if (v.named)
              return `d.variants.push({ name: ${q(v.name)}, kind: "struct", fields: [${v.keys.map((k, j) => `{ name: ${q(k)}, type: ${v.ops[j].desc()} }`).join(", ")}] });`;
            return `d.variants.push({ name: ${q(v.name)}, kind: "tuple", fields: [${v.ops.map((o) => o.desc()).join(", ")}] });`;
          })
          .join(" ")} return d;`,
    };
  }
}

function isLeafKind(t: IrType): boolean {
  return (
    t.kind !== "ref" &&
    t.kind !== "tuple" &&
    t.kind !== "array" &&
    t.kind !== "option" &&
    t.kind !== "box" &&
    !(t.kind === "vec" && t.element.kind !== "u8")
  );
}
