/** Lowers IR types to the archive runtime's `TypeDesc` (for composed codecs and layouts). */
import type { TypeDesc, VariantDesc } from "@shortcrust/sdk";
import type { IrDecl, IrProgram, IrType } from "./types";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * A lowering context: one descriptor object per declaration (memoised, so recursive types
 * through Box/Vec become cyclic descriptors, which composed codecs support).
 */
export class Lowering {
  private readonly named = new Map<string, TypeDesc>();
  constructor(private readonly program: IrProgram) {}

  decl(id: string): TypeDesc {
    const hit = this.named.get(id);
    if (hit) return hit;
    const d = this.program.decls.get(id);
    if (!d) throw new Error(`unknown declaration ${id}`);
    return this.declDesc(d);
  }

  private declDesc(d: IrDecl): TypeDesc {
    switch (d.kind) {
      case "alias": {
        const t = this.type(d.target);
        this.named.set(d.id, t);
        return t;
      }
      case "unitStruct": {
        const t: TypeDesc = { kind: "unitStruct", name: d.id };
        this.named.set(d.id, t);
        return t;
      }
      case "struct": {
        const t: Mutable<Extract<TypeDesc, { kind: "struct" }>> = {
          kind: "struct",
          name: d.id,
          fields: [],
        };
        this.named.set(d.id, t);
        t.fields = d.fields.map((f) => ({ name: f.name, type: this.type(f.type) }));
        return t;
      }
      case "tupleStruct": {
        const t: Mutable<Extract<TypeDesc, { kind: "tupleStruct" }>> = {
          kind: "tupleStruct",
          name: d.id,
          fields: [],
        };
        this.named.set(d.id, t);
        t.fields = d.fields.map((f) => this.type(f));
        return t;
      }
      case "enum": {
        const t: Mutable<Extract<TypeDesc, { kind: "enum" }>> = {
          kind: "enum",
          name: d.id,
          variants: [],
        };
        this.named.set(d.id, t);
        t.variants = d.variants.map((v): VariantDesc => {
          if (v.kind === "unit") return v;
          if (v.kind === "tuple")
            return { name: v.name, kind: "tuple", fields: v.fields.map((f) => this.type(f)) };
          return {
            name: v.name,
            kind: "struct",
            fields: v.fields.map((f) => ({ name: f.name, type: this.type(f.type) })),
          };
        });
        return t;
      }
    }
  }

  type(t: IrType): TypeDesc {
    switch (t.kind) {
      case "ref":
        return this.decl(t.id);
      case "array":
        return { kind: "array", element: this.type(t.element), len: t.len };
      case "vec":
        return { kind: "vec", element: this.type(t.element) };
      case "option":
        return { kind: "option", some: this.type(t.some) };
      case "box":
        return { kind: "box", inner: this.type(t.inner) };
      case "tuple":
        return { kind: "tuple", elements: t.elements.map((e) => this.type(e)) };
      default:
        return t as TypeDesc;
    }
  }
}

/** One-shot lowering of a type. */
export function lowerType(program: IrProgram, t: IrType): TypeDesc {
  return new Lowering(program).type(t);
}
