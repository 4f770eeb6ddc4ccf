/**
 * A contract's interface as its generated modules share it: the codecs of its arguments, returns
 * and event payloads and where each lives (\`CallCodecs\`), the state record's struct, and the
 * codec emitter a contract module writes with.
 */
import type { IrContract, IrDecl, IrMethod, IrProgram, IrType } from "../../ir/types";
import { keyOf } from "../../ir/naming";
import { argType, type SharedShapes } from "../shared-module";
import { CodecEmitter } from "../codecs";
import { ModulePrinter, type CodecHomes } from "../printer";
import { outputPath, projectPath, specifier, type OutputLayout } from "../layout";

export const SYNTHETIC = "<synthetic>";

/** The state record's struct: the class's fields, archived together. */
export function stateDecl(c: IrContract): IrDecl {
  return {
    id: `${c.name}State`,
    tsName: `${c.name}State`,
    file: SYNTHETIC,
    loc: c.loc,
    exported: false,
    kind: c.state.length ? "struct" : "unitStruct",
    fields: c.state,
  } as IrDecl;
}

export function emitterFor(
  program: IrProgram,
  layout: OutputLayout,
  out: string,
  p: ModulePrinter,
  extra: IrDecl[],
): CodecEmitter {
  const decls = new Map(program.decls);
  for (const d of extra) decls.set(d.id, d);
  return new CodecEmitter({ decls, files: program.files }, p, (file) =>
    file === SYNTHETIC ? null : specifier(out, outputPath(layout, file, "codec")),
  );
}

/**
 * A contract module's printer (its header: what it is, its source, the options that shaped it)
 * and the codec emitter writing into it (with `extra` declarations, such as the state record).
 */
export function contractModule(
  program: IrProgram,
  layout: OutputLayout,
  file: string,
  path: string,
  calls: CallCodecs,
  kind: string,
  options: Readonly<Record<string, string | boolean>>,
  extra: IrDecl[] = [],
): { p: ModulePrinter; em: CodecEmitter } {
  const p = new ModulePrinter(
    { kind, source: projectPath(layout, file), options },
    path,
    calls.homes,
  );
  return { p, em: emitterFor(program, layout, path, p, extra) };
}

/** One codec of a contract's interface: a function's argument or return, or an event's payload. */
export interface CallCodec {
  /** The stable export name: `Counter$add_with_note$args`, `Counter$get$ret`, `Counter$event$changed`. */
  readonly name: string;
  readonly type: IrType;
  readonly key: string;
  readonly doc: string;
  /** A named declaration's codec (imported from its codec module; the calls module has no alias). */
  readonly imported: boolean;
}

/**
 * A contract's interface codecs, in a fixed order (init, the methods, the events), and where a
 * contract module finds each: a declaration's in its codec module, every other one in
 * `<source>.<Contract>.calls.ts` under a stable name (an alias of the project's shared shape).
 */
export class CallCodecs {
  readonly list: CallCodec[] = [];
  /** The event payloads' codecs, in declaration order. */
  readonly events: CallCodec[] = [];
  private readonly byName = new Map<string, CallCodec>();
  readonly path: string;
  readonly homes: CodecHomes;

  constructor(
    layout: OutputLayout,
    file: string,
    readonly contract: IrContract,
    readonly shared: SharedShapes,
  ) {
    this.path = outputPath(layout, file, `${contract.name}.calls`);
    this.homes = shared.homes;
    const C = contract.name;
    const add = (name: string, type: IrType, doc: string): void => {
      const key = keyOf(type);
      const imported = !shared.shapes.has(key);
      const cc = { name, type, key, doc, imported };
      this.list.push(cc);
      this.byName.set(name, cc);
    };
    const methods = contract.init ? [contract.init, ...contract.methods] : contract.methods;
    for (const m of methods) {
      if (m.params.length)
        add(`${C}$${m.name}$args`, argType(m), `The argument of \`${C}.${m.name}\``);
      if (m.returns.kind !== "unit")
        add(`${C}$${m.name}$ret`, m.returns, `What \`${C}.${m.name}\` returns`);
    }
    const used = new Set<string>();
    for (const e of contract.events) {
      const base = `${C}$event$${e.topic.replace(/[^A-Za-z0-9_$]/g, "_")}`;
      let name = base;
      for (let n = 2; used.has(name); n++) name = `${base}$${n}`;
      used.add(name);
      add(name, e.type, `The payload of \`${C}\`'s event \`${e.topic}\``);
      this.events.push(this.list[this.list.length - 1]);
    }
  }

  /** Whether the calls module has anything to export. */
  get defines(): boolean {
    return this.list.some((cc) => !cc.imported);
  }

  /** The codec of `name` in printer `p` (imported from its home). */
  ref(p: ModulePrinter, from: string, name: string): string {
    const cc = this.byName.get(name);
    if (!cc) throw new Error(`no call codec ${name}`);
    return cc.imported ? p.importCodec(cc.key)! : p.value(specifier(from, this.path), cc.name);
  }

  args(p: ModulePrinter, from: string, m: IrMethod): string {
    return this.ref(p, from, `${this.contract.name}$${m.name}$args`);
  }

  ret(p: ModulePrinter, from: string, m: IrMethod): string {
    return this.ref(p, from, `${this.contract.name}$${m.name}$ret`);
  }

  event(p: ModulePrinter, from: string, index: number): string {
    return this.ref(p, from, this.events[index].name);
  }
}
