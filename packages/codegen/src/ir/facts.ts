/**
 * Layout facts of IR types that generated code bakes in: the archived size and alignment (from
 * the rustc layout of the lowered descriptor), whether a value writes out-of-line data (`ool`:
 * its codec has a `resolve`) and whether its bytes need checking beyond bounds and alignment
 * (`trivial`: no `check`). The codec emitter decides its code from them, and `--watch` compares
 * them to know which dependents an edit affects.
 */
import { layoutOf } from "@shortcrust/sdk";
import { Lowering } from "./lower";
import type { IrProgram, IrType } from "./types";

export interface TypeFacts {
  /** Writes out-of-line data (its codec has a `resolve`). */
  readonly ool: boolean;
  /** Nothing to check (its codec has no `check`). */
  readonly trivial: boolean;
}

/** The facts of one program's types (memoised per declaration). */
export class LayoutFacts {
  private readonly memo = new Map<string, TypeFacts>();
  private readonly lowering: Lowering;

  constructor(private readonly program: IrProgram) {
    this.lowering = new Lowering(program);
  }

  /** Whether a type writes out-of-line data and whether it has anything to check. */
  of(t: IrType): TypeFacts {
    switch (t.kind) {
      case "string":
      case "vec":
      case "box":
        return { ool: true, trivial: false };
      case "bool":
      case "char":
        return { ool: false, trivial: false };
      case "option":
        return { ool: this.of(t.some).ool, trivial: false };
      case "array":
        return t.len === 0 ? { ool: false, trivial: true } : this.of(t.element);
      case "tuple":
        return this.all(t.elements);
      case "ref": {
        const hit = this.memo.get(t.id);
        if (hit) return hit;
        // Cycles only pass through Box/Vec (which answer without recursing).
        const d = this.program.decls.get(t.id)!;
        let f: TypeFacts;
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
            f = this.of(d.target);
            break;
          default:
            f = { ool: false, trivial: true };
        }
        this.memo.set(t.id, f);
        return f;
      }
      default:
        return { ool: false, trivial: true };
    }
  }

  /**
   * What a dependent's generated code bakes in about declaration `id`, as one comparable string
   * (`size/align/ool/trivial`); throws when the declaration has no layout.
   */
  signature(id: string): string {
    const l = layoutOf(this.lowering.decl(id));
    const f = this.of({ kind: "ref", id });
    return `${l.size}/${l.align}/${f.ool}/${f.trivial}`;
  }

  private all(ts: readonly IrType[]): TypeFacts {
    let ool = false;
    let trivial = true;
    for (const x of ts) {
      const f = this.of(x);
      ool ||= f.ool;
      trivial &&= f.trivial;
    }
    return { ool, trivial };
  }
}
