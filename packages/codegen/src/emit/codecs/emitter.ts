/**
 * The codec emitter: specialised, straight-line code per type (offsets, sizes and field order
 * baked in at codegen time from the rustc layout), exposing the same surface as the runtime's
 * composed codecs (`archive`, `check`, `access`, `accessUnchecked`, `deserialize`, `toJson`,
 * `fromJson`). Leaves are inlined (leaf.ts); each composite type gets one set of functions per
 * module (functions.ts, with bodies from fields.ts, enum.ts and composite.ts), and each codec
 * constant is printed by constants.ts. It follows the archive runtime's protocol (see
 * packages/sdk/src/archive/README.md): `resolve` writes out-of-line data and pushes resolvers,
 * `write` fills the inline bytes.
 */
import { layoutOf, type TypeDesc } from "@shortcrust/sdk";
import type { HelperRef } from "@shortcrust/sdk/shapes";
import type { IrProgram, IrType } from "../../ir/types";
import { LayoutFacts, type TypeFacts } from "../../ir/facts";
import { Lowering } from "../../ir/lower";
import { keyOf, rustName, tsIdent } from "../../ir/naming";
import type { ModulePrinter } from "../printer";
import { codecConst } from "./constants";
import { emitFunctions } from "./functions";
import { leafOps, vecU8Ops } from "./leaf";
import { isLeafKind, type Base, type Ops } from "./ops";
import { block } from "./statements";

/** TypeScript value types of the leaves (as `leafOps` gives them). */
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

/**
 * Emits codecs into one module. `moduleOf(file)` names the generated module of another source
 * file (for cross-file references), or null for this module.
 */
export class CodecEmitter {
  private readonly lowering: Lowering;
  private readonly layoutFacts: LayoutFacts;
  private readonly emitted = new Map<string, Ops>();
  private tmp = 0;

  constructor(
    readonly program: IrProgram,
    readonly p: ModulePrinter,
    readonly moduleOf: (file: string) => string | null,
  ) {
    this.lowering = new Lowering(program);
    this.layoutFacts = new LayoutFacts(program);
  }

  lower(t: IrType): TypeDesc {
    return this.lowering.type(t);
  }

  /** Shape builders name SDK helpers through the printer (which records the import). */
  readonly ref: HelperRef = (name) => this.p.sdk(name);

  /** A fresh local name (`_x3`), unique within the declaration being written (`ownNames`). */
  fresh(prefix: string): string {
    return `_${prefix}${this.tmp++}`;
  }

  /**
   * Writes one declaration with local names of its own, numbered from 0: a declaration's text
   * then depends only on its type, not on what the module emitted before it (a new shape in
   * `shared.shapes.ts` must not rename the locals of the others: every contract bundling them
   * would get new bytes, and so a new id). A declaration emitted while another is being
   * written (a field's type, on first use) gets its own numbering too.
   */
  private ownNames<T>(write: () => T): T {
    const outer = this.tmp;
    this.tmp = 0;
    try {
      return write();
    } finally {
      this.tmp = outer;
    }
  }

  /** The Rust spelling of a type (ir/naming.ts). */
  rustName(t: IrType): string {
    return rustName(t);
  }

  /** The memo key of a type (ir/naming.ts). */
  keyOf(t: IrType): string {
    return keyOf(t);
  }

  /** Whether a type writes out-of-line data and whether it has anything to check (ir/facts.ts). */
  facts(t: IrType): TypeFacts {
    return this.layoutFacts.of(t);
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

  /** The codec object of a type (named decl or anonymous), as `export const name = …`. */
  codecConst(name: string, t: IrType, doc?: string): void {
    this.ownNames(() => codecConst(this, name, t, doc));
  }

  private build(t: IrType): Ops {
    const l = layoutOf(this.lower(t));
    const base: Base = { size: l.size, align: l.align, rust: this.rustName(t) };
    if (t.kind === "vec" && t.element.kind === "u8") return vecU8Ops(this, base);
    return leafOps(this, t, base) ?? this.composite(base, t);
  }

  private composite(base: Base, t: IrType): Ops {
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
      this.ownNames(() => emitFunctions(this, t, decl, ident, base, facts));
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

  viewType(t: IrType): string {
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

  /** The field types of a struct, tuple struct or tuple (null for other types). */
  fieldTypes(t: IrType): readonly IrType[] | null {
    if (t.kind === "tuple") return t.elements;
    if (t.kind !== "ref") return null;
    const decl = this.program.decls.get(t.id)!;
    if (decl.kind === "struct") return decl.fields.map((f) => f.type);
    if (decl.kind === "tupleStruct") return decl.fields;
    return null;
  }

  /**
   * A function value for one operation of `t` (leaves get a small arrow function).
   */
  fnRef(t: IrType, op: "resolve" | "write" | "check" | "readFlat"): string {
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
    if (op === "resolve") return block(`(w: ${W}, v: ${o.ts}) =>`, o.resolve("v"));
    if (op === "write") return block(`(w: ${W}, pos: number, v: ${o.ts}) =>`, o.write("pos", "v"));
    return block(`(c: ${C}, pos: number) =>`, o.check("pos"));
  }
}
