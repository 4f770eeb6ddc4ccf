/**
 * Per `@contract`: the entry glue (the module `shortcrust build` bundles: dispatch from function
 * name to method, argument check + deserialize, lazy state load, return archive, state write-back)
 * and the call stubs (a typed client over a runtime session, raw transaction encoders, and typed
 * inter-contract calls for use inside other contracts). `@contract extern` gets stubs only.
 * Declared events (`@event`) get typed emitters for the contract's code (`<Contract>.events`)
 * and, in the call stubs, a typed union with checked decoders (extern contracts too).
 */
import type { IrCollection, IrContract, IrDecl, IrMethod, IrProgram, IrType } from "../ir/types";
import { emitterName, keyOf, rustName } from "../ir/naming";
import { argType, sharedShapes, type SharedShapes } from "./shared-module";
import { CodecEmitter } from "./codecs";
import { PRINT_WIDTH } from "./format";
import { ModulePrinter, type CodecHomes } from "./printer";
import { codeWriter, member, type CodeBlockWriter } from "./codecs/writer";
import { entryPath, outputPath, projectPath, specifier, type OutputLayout } from "./layout";

const SYNTHETIC = "<synthetic>";

/**
 * The storage prefix of a collection field: `0x00 ‖ UTF-8(name)`. The SDK collections append a
 * tag byte (StateMap 0x01 ‖ archived key; StateVec 0x02 for the length, 0x03 ‖ u32 BE index for
 * an element), so keys never collide: the state record's key `"state"` does not start with 0x00,
 * and a field name (an identifier) never contains bytes 0x00–0x03, so the tag byte marks where
 * the name ends and two fields' keys differ.
 */
export function collectionPrefix(name: string): Uint8Array {
  const utf8 = new TextEncoder().encode(name);
  const out = new Uint8Array(utf8.length + 1);
  out.set(utf8, 1);
  return out;
}

/** The state record's struct: the class's fields, archived together. */
function stateDecl(c: IrContract): IrDecl {
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

function emitterFor(
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

/** One codec of a contract's interface: a function's argument or return, or an event's payload. */
interface CallCodec {
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
class CallCodecs {
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

export function contractModules(
  program: IrProgram,
  layout: OutputLayout,
  file: string,
): [string, ModulePrinter][] {
  const out: [string, ModulePrinter][] = [];
  const shared = sharedShapes(program, layout);
  for (const c of program.files.get(file)?.contracts ?? []) {
    const calls = new CallCodecs(layout, file, c, shared);
    if (calls.defines) out.push(callsModule(layout, file, calls));
    if (!c.extern) out.push(glueModule(program, layout, file, c, calls));
    if (!c.extern && c.events.length) out.push(eventsModule(program, layout, file, c, calls));
    out.push(clientModule(program, layout, file, c, calls));
  }
  return out;
}

/**
 * `<source>.<Contract>.calls.ts`: the stable names of a contract's argument, return and event
 * codecs, as aliases of the project's shared shapes (shared.shapes.ts prints each shape once).
 * A named declaration's codec has no alias: it is imported from its codec module where used.
 */
function callsModule(
  layout: OutputLayout,
  file: string,
  calls: CallCodecs,
): [string, ModulePrinter] {
  const c = calls.contract;
  const p = new ModulePrinter(
    {
      kind: `argument, return and event codecs of ${c.name}`,
      source: projectPath(layout, file),
      options: { contract: c.name, abi: "piecrust" },
    },
    calls.path,
    calls.homes,
  );
  for (const cc of calls.list) {
    if (cc.imported) continue;
    p.code(
      `/** ${cc.doc}: \`${rustName(cc.type)}\`. */`,
      `export const ${cc.name} = ${p.importCodec(cc.key)!};`,
      "",
    );
  }
  return [calls.path, p];
}

function glueModule(
  program: IrProgram,
  layout: OutputLayout,
  file: string,
  c: IrContract,
  calls: CallCodecs,
): [string, ModulePrinter] {
  const path = entryPath(layout, file, c.name);
  const p = new ModulePrinter(
    {
      kind: `contract entry glue of ${c.name}`,
      source: projectPath(layout, file),
      options: {
        contract: c.name,
        state: c.collections.length
          ? `one record + ${c.collections.map((x) => x.name).join(",")}`
          : "one record",
        abi: "piecrust",
      },
    },
    path,
    calls.homes,
  );
  const state = stateDecl(c);
  const em = emitterFor(program, layout, path, p, [state]);
  const Cls = p.value(specifier(path, file), c.name);
  const stateRef: IrType = { kind: "ref", id: state.id };
  em.ops(stateRef);
  em.codecConst(`${c.name}$State`, stateRef, "The state record: the contract's fields.");
  const methods = c.init ? [c.init, ...c.methods] : c.methods;
  // One small function per contract function (a table, not a switch in `dispatch`): a call
  // runs, and pays gas for, its own case only.
  const handlers = methods.map((m) => {
    const call =
      m.params.length === 0
        ? `self.${m.name}()`
        : m.params.length === 1
          ? `self.${m.name}(${calls.args(p, path, m)}.deserialize(arg))`
          : `self.${m.name}(...${calls.args(p, path, m)}.deserialize(arg))`;
    const head = `[${JSON.stringify(m.name)}, (${m.params.length ? "self, arg" : "self"}) =>`;
    return (w: CodeBlockWriter): void => {
      if (m.returns.kind === "unit") {
        member(w, head, () => w.writeLine(`${call};`).write("return EMPTY;"), "],");
        return;
      }
      const body = `${calls.ret(p, path, m)}.archive(${call})],`;
      // A long one hangs its body under the head.
      if (head.length + body.length + 3 <= PRINT_WIDTH) w.writeLine(`${head} ${body}`);
      else w.writeLine(head).indent(() => w.writeLine(body));
    };
  });
  // A collection's codecs: its declaration's codec module's or the project's shared shape.
  const codecFor = (t: IrType): string => {
    const home = p.importCodec(keyOf(t));
    if (home === null) throw new Error(`no codec home for ${keyOf(t)}`);
    return home;
  };
  const collections = c.collections.map((x) => collectionConst(x, p, codecFor));
  const stateGet = p.sdk("stateGet");
  const stateSet = p.sdk("stateSet");
  const register = p.sdk("registerContract");
  const frameState = p.sdk("frameState");
  const S = `${c.name}$State`;
  const T = `${c.name}State`;
  const fields = c.state.map((f) => f.name);
  // Fields of immutable values change only through their setters, and two such values archive
  // alike when `Object.is` says they are the same: the glue compares the fields with the record
  // as loaded and archives and writes it only when one differs (a read-only call, or one that
  // assigned what was there, archives nothing).
  const tracksWrites = fields.length > 0 && c.state.every((f) => immutableValue(f.type));
  // A float is the exception: a NaN loaded with another payload than JS writes, or an f32
  // assigned an unrounded number, is `Object.is`-equal yet archives otherwise (or alike), so
  // such records are compared by their archive, as records of mutable values are.
  const comparesFields = tracksWrites && !c.state.some((f) => holdsFloat(f.type));
  const copy = (of: string): string => `{ ${fields.map((f) => `${f}: ${of}.${f}`).join(", ")} }`;
  const loaded = comparesFields
    ? "(stored === undefined ? load() : state)"
    : "(state === undefined ? load() : state)";
  const loadedAs = (f: string): string => `(${loaded} as { ${f}: unknown })`;
  const w = codeWriter();
  w.writeLine(`/** Where the state record lives in the contract's storage. */`);
  w.writeLine(
    `const STATE_KEY = new Uint8Array([${[..."state"].map((ch) => ch.charCodeAt(0)).join(", ")}]);`,
  );
  w.writeLine(`const EMPTY = new Uint8Array(0);`);
  if (collections.length) {
    w.blankLine();
    w.writeLine(`/**`);
    w.writeLine(
      ` * The collection fields: stateless handles (every read and write goes to the contract's`,
    );
    w.writeLine(
      ` * storage, entry by entry), so one per module serves every call. Keys: prefix ‖ tag ‖ …`,
    );
    w.writeLine(` * (the prefix is 0x00 ‖ the field's name; see the codegen README).`);
    w.writeLine(` */`);
    for (const x of collections) w.writeLine(x.decl);
  }
  w.blankLine();
  w.writeLine(
    `/** Each function on the call's instance: its argument read, its return archived. */`,
  );
  w.writeLine(`const CALLS = new Map<string, (self: ${Cls}, arg: Uint8Array) => Uint8Array>([`);
  w.indent(() => handlers.forEach((h) => h(w)));
  w.writeLine(`]);`);
  w.blankLine();
  w.writeLine(`/**`);
  w.writeLine(
    ` * One call: a fresh instance (its field initializers are the state's defaults) whose fields`,
  );
  w.writeLine(
    ` * read and write one state record, loaded on first access and written back only if it`,
  );
  w.writeLine(` * changed. Nothing survives in module variables between calls. Once loaded, the`);
  w.writeLine(
    ` * record is also written back before every call out (the callee, this contract re-entered`,
  );
  w.writeLine(
    ` * too, sees it) and read again after one that re-entered this contract (piecrust's shared`,
  );
  w.writeLine(` * memory: the re-entrant frame's writes are seen and kept).`);
  if (comparesFields) {
    w.writeLine(
      ` * Every field holds an immutable value, so only a setter changes the record (\`dirty\`),`,
    );
    w.writeLine(
      ` * and it changed only if a field is not \`Object.is\` its value as loaded (\`stored\`).`,
    );
  } else if (tracksWrites) {
    w.writeLine(
      ` * Every field holds an immutable value, so only a setter changes the record: a call that`,
    );
    w.writeLine(` * assigned none writes nothing back without archiving it (\`dirty\`).`);
  }
  if (collections.length)
    w.writeLine(` * Collection fields are the module's collection handles (read-only properties).`);
  w.writeLine(` */`);
  w.write(`function dispatch(fnName: string, arg: Uint8Array): Uint8Array`).space();
  w.inlineBlock(() => {
    w.writeLine(`const run = CALLS.get(fnName);`);
    w.writeLine(
      `if (run === undefined) throw new Error(${JSON.stringify(`${c.name} has no function `)} + fnName);`,
    );
    w.writeLine(`const self = new ${Cls}();`);
    for (const x of collections) w.writeLine(x.install);
    w.writeLine(
      fields.length ? `const defaults: ${T} = ${copy("self")};` : `const defaults: ${T} = null;`,
    );
    const registerFrame = (forget: string): void => {
      member(
        w,
        `if (!tracked)`,
        () => {
          w.writeLine(`tracked = true;`);
          w.write(`${frameState}(flush, () =>`).space();
          w.inlineBlock(() => w.write(forget)).write(");");
        },
        "",
      );
    };
    if (comparesFields) {
      w.writeLine(`let stored: ${T} | undefined;`);
      w.writeLine(`let state: ${T} = defaults;`);
      w.writeLine(`let dirty = false;`);
      member(
        w,
        `const flush = (): void =>`,
        () => {
          w.writeLine(`if (!dirty) return;`);
          w.writeLine(`dirty = false;`);
          w.writeLine(`const s = state;`);
          w.writeLine(`const b = stored!;`);
          w.writeLine(
            `if (${fields.map((f) => `Object.is(s.${f}, b.${f})`).join(" && ")}) return;`,
          );
          w.writeLine(`${stateSet}(STATE_KEY, ${S}.archive(s));`);
          w.write(`stored = ${copy("s")};`);
        },
        ";",
      );
      w.writeLine(`let tracked = false;`);
      member(
        w,
        `const load = (): ${T} =>`,
        () => {
          member(
            w,
            `if (stored === undefined)`,
            () => {
              w.writeLine(`const bytes = ${stateGet}(STATE_KEY);`);
              // No record yet: the defaults must archive (else the first access fails, as a load).
              w.writeLine(`if (bytes === null) ${S}.archive(defaults);`);
              w.writeLine(`stored = bytes === null ? defaults : ${S}.deserialize(bytes);`);
              w.writeLine(`state = ${copy("stored")};`);
              registerFrame(`stored = undefined;`);
            },
            "",
          );
          w.write(`return state;`);
        },
        ";",
      );
    } else {
      const sameBytes = p.sdk("sameBytes");
      w.writeLine(`let state: ${T} | undefined;`);
      w.writeLine(`let before: Uint8Array = EMPTY;`);
      if (tracksWrites) w.writeLine(`let dirty = false;`);
      member(
        w,
        `const flush = (): void =>`,
        () => {
          if (tracksWrites) {
            w.writeLine(`if (state === undefined || !dirty) return;`);
            w.writeLine(`dirty = false;`);
          } else w.writeLine(`if (state === undefined) return;`);
          w.writeLine(`const after = ${S}.archive(state);`);
          member(
            w,
            `if (!${sameBytes}(after, before))`,
            () => {
              w.writeLine(`${stateSet}(STATE_KEY, after);`);
              w.write(`before = after;`);
            },
            "",
          );
        },
        ";",
      );
      w.writeLine(`let tracked = false;`);
      member(
        w,
        `const load = (): ${T} =>`,
        () => {
          member(
            w,
            `if (state === undefined)`,
            () => {
              w.writeLine(`const bytes = ${stateGet}(STATE_KEY);`);
              w.writeLine(`state = bytes === null ? defaults : ${S}.deserialize(bytes);`);
              w.writeLine(`before = bytes ?? ${S}.archive(defaults);`);
              registerFrame(`state = undefined;`);
            },
            "",
          );
          w.write(`return state;`);
        },
        ";",
      );
    }
    // The accessors test for a loaded record inline: `load`'s body is paid only when it loads.
    for (const f of fields) {
      w.write(`Object.defineProperty(self, ${JSON.stringify(f)},`).space();
      w.inlineBlock(() => {
        w.writeLine(`get: () => ${loadedAs(f)}.${f},`);
        member(w, `set: (v) =>`, () => {
          w.write(`${loadedAs(f)}.${f} = v;`);
          if (tracksWrites) w.newLine().write(`dirty = true;`);
        });
        w.writeLine(`enumerable: true,`);
        w.write(`configurable: true,`);
      });
      w.write(");").newLine();
    }
    w.writeLine(`const out = run(self, arg);`);
    w.writeLine(`flush();`);
    w.write(`return out;`);
  });
  w.newLine().blankLine();
  w.writeLine(
    `${register}({ name: ${JSON.stringify(c.name)}, functions: [${methods.map((m) => JSON.stringify(m.name)).join(", ")}], dispatch });`,
  );
  p.code(w.toString());
  return [path, p];
}

/**
 * Whether values of `t` are immutable in JavaScript (numbers, bigints, booleans, strings, null),
 * so a state field of that type changes only by assignment. Byte arrays, arrays, tuples, structs
 * and enums are objects a contract can change in place.
 */
function immutableValue(t: IrType): boolean {
  switch (t.kind) {
    case "option":
      return immutableValue(t.some);
    case "box":
      return immutableValue(t.inner);
    case "bytes":
    case "array":
    case "vec":
    case "tuple":
    case "ref":
      return false;
    default:
      return true;
  }
}

/** Whether values of `t` hold a float (`f32`, `f64`), as themselves or inside an option or box. */
function holdsFloat(t: IrType): boolean {
  switch (t.kind) {
    case "f32":
    case "f64":
      return true;
    case "option":
      return holdsFloat(t.some);
    case "box":
      return holdsFloat(t.inner);
    default:
      return false;
  }
}

/**
 * A collection field's module constant (`const $$changes = new StateVec(prefix, Change);`) and
 * the statement that installs it on the call's instance.
 */
function collectionConst(
  x: IrCollection,
  p: ModulePrinter,
  codecFor: (t: IrType) => string,
): { decl: string; install: string } {
  const name = `$$${x.name}`;
  const prefix = `new Uint8Array([${[...collectionPrefix(x.name)].join(", ")}])`;
  const decl =
    x.kind === "map"
      ? `const ${name} = new ${p.sdk("StateMap")}(${prefix}, ${codecFor(x.key)}, ${codecFor(x.value)});`
      : `const ${name} = new ${p.sdk("StateVec")}(${prefix}, ${codecFor(x.element)});`;
  return {
    decl,
    install: `Object.defineProperty(self, ${JSON.stringify(x.name)}, { value: ${name}, enumerable: true });`,
  };
}

/** Typed emitters for the contract's own code: `emitChanged(value)` archives, then emits. */
function eventsModule(
  program: IrProgram,
  layout: OutputLayout,
  file: string,
  c: IrContract,
  calls: CallCodecs,
): [string, ModulePrinter] {
  const path = outputPath(layout, file, `${c.name}.events`);
  const p = new ModulePrinter(
    {
      kind: `event emitters of ${c.name}`,
      source: projectPath(layout, file),
      options: { contract: c.name, abi: "piecrust" },
    },
    path,
    calls.homes,
  );
  const em = emitterFor(program, layout, path, p, []);
  const emit = p.sdk("emit");
  const unit = c.events.some((e) => e.type.kind === "unit");
  const w = codeWriter();
  if (unit) w.writeLine(`const EMPTY = new Uint8Array(0);`);
  c.events.forEach((e, i) => {
    if (i > 0 || unit) w.blankLine();
    const topic = JSON.stringify(e.topic);
    if (e.type.kind === "unit") {
      w.writeLine(`/** Emits \`${e.topic}\` (no data) into the call's receipt. */`);
      member(
        w,
        `export function ${emitterName(e.topic)}(): void`,
        () => w.write(`${emit}(${topic}, EMPTY);`),
        "",
      );
    } else {
      w.writeLine(
        `/** Emits \`${e.topic}\` (\`${em.keyOf(e.type)}\`, archived) into the call's receipt. */`,
      );
      member(
        w,
        `export function ${emitterName(e.topic)}(value: ${em.valueTs(e.type)}): void`,
        () => w.write(`${emit}(${topic}, ${calls.event(p, path, i)}.archive(value));`),
        "",
      );
    }
  });
  p.code(w.toString());
  return [path, p];
}

/**
 * The event half of the call stubs: `<Contract>Event` (a union discriminated by `topic`),
 * `<contract>Events.decode(event)` and `decode<Contract>Events(events, source?)`. Payloads are
 * checked by the generated codec before they are read; a bad payload throws a CheckError whose
 * path starts at `<Contract>.events.<topic>`, and a topic the contract does not declare throws a
 * CheckError (`enum_tag`) at `<Contract>.events`.
 */
function eventDecoders(
  w: CodeBlockWriter,
  c: IrContract,
  p: ModulePrinter,
  em: CodecEmitter,
  payload: (index: number) => string,
  lower: string,
): void {
  if (c.events.length === 0) return;
  const ReceiptEvent = p.sdkType("ReceiptEvent");
  const CheckError = p.sdk("CheckError");
  const eventPayload = p.sdk("eventPayload");
  const sameBytes = p.sdk("sameBytes");
  const E = `${c.name}Event`;
  const topics = c.events.map((e) => JSON.stringify(e.topic));
  w.writeLine(
    `/** An event of \`${c.name}\` (its \`@event\` declarations), decoded: \`topic\` says which. */`,
  );
  w.writeLine(`export type ${E} =`);
  w.indent(() =>
    c.events.forEach((e, i) => {
      w.writeLine(`| {`);
      // Prettier's layout: the members under the `{`, the `}` under them.
      w.indent(() => {
        w.indent(() => {
          w.writeLine(`readonly topic: ${JSON.stringify(e.topic)};`);
          w.writeLine(`readonly value: ${em.valueTs(e.type)};`);
          w.writeLine(`readonly source: Uint8Array;`);
          w.writeLine(`readonly reverted: boolean;`);
        });
        w.writeLine(`}${i === c.events.length - 1 ? ";" : ""}`);
      });
    }),
  );
  w.blankLine();
  w.writeLine(
    `/** Decoders of \`${c.name}\`'s events (receipt events, or ones obtained elsewhere). */`,
  );
  w.write(`export const ${lower}Events =`).space();
  w.inlineBlock(() => {
    w.writeLine(`topics: [${topics.join(", ")}] as const,`);
    w.writeLine(
      `/** One event; its topic must be one \`${c.name}\` declares (else a CheckError). */`,
    );
    member(w, `decode(event: ${ReceiptEvent}): ${E}`, () => {
      w.writeLine(`const { source, reverted, data } = event;`);
      member(
        w,
        `switch (event.topic)`,
        () => {
          c.events.forEach((e, i) => {
            const topic = JSON.stringify(e.topic);
            const value = `${eventPayload}(${payload(i)}, ${JSON.stringify(`${c.name}.events.${e.topic}`)}, data)`;
            w.writeLine(`case ${topic}:`);
            w.indent(() =>
              w.writeLine(`return { topic: ${topic}, value: ${value}, source, reverted };`),
            );
          });
        },
        "",
      );
      w.write(
        `throw new ${CheckError}("enum_tag", ${JSON.stringify(`${c.name}.events`)}, 0, ${JSON.stringify(`a topic of ${c.name} (${c.events.map((e) => e.topic).join(", ")})`)}, JSON.stringify(event.topic));`,
      );
    });
  });
  w.write(";").newLine().blankLine();
  w.writeLine(`/**`);
  w.writeLine(
    ` * Every event of \`events\` decoded in order; with \`source\` (the contract's id), only the events`,
  );
  w.writeLine(` * that contract emitted (others in the receipt, from nested calls, are skipped).`);
  w.writeLine(` */`);
  member(
    w,
    `export function decode${c.name}Events(events: readonly ${ReceiptEvent}[], source?: Uint8Array): ${E}[]`,
    () => {
      w.writeLine(`const out: ${E}[] = [];`);
      member(
        w,
        `for (const e of events)`,
        () =>
          w.write(
            `if (source === undefined || ${sameBytes}(e.source, source)) out.push(${lower}Events.decode(e));`,
          ),
        "",
      );
      w.write(`return out;`);
    },
    "",
  );
  w.blankLine();
}

function clientModule(
  program: IrProgram,
  layout: OutputLayout,
  file: string,
  c: IrContract,
  calls: CallCodecs,
): [string, ModulePrinter] {
  const path = outputPath(layout, file, `${c.name}.client`);
  const p = new ModulePrinter(
    {
      kind: `call stubs of ${c.name}`,
      source: projectPath(layout, file),
      options: { contract: c.name, extern: c.extern, abi: "piecrust" },
    },
    path,
    calls.homes,
  );
  const em = emitterFor(program, layout, path, p, []);
  const Session = p.sdkType("SessionLike");
  const Receipt = p.sdkType("Receipt");
  const RawCall = p.sdkType("RawCall");
  const CallResult = p.sdkType("CallResult");
  const callRaw = p.sdk("callRaw");
  const ms = c.methods;
  const sig = (m: IrMethod): string =>
    m.params.map((x) => `${x.name}: ${em.valueTs(x.type)}`).join(", ");
  const argBytes = (m: IrMethod): string => {
    if (m.params.length === 0) return "EMPTY";
    if (m.params.length === 1) return `${calls.args(p, path, m)}.archive(${m.params[0].name})`;
    return `${calls.args(p, path, m)}.archive([${m.params.map((x) => x.name).join(", ")}])`;
  };
  // Host-side stubs name a bad argument by its parameter (in-contract stubs keep the plain
  // archive: the SDK call there would cost gas).
  const hostArgBytes = (m: IrMethod): string => {
    const fn = JSON.stringify(`${c.name}.${m.name}`);
    if (m.params.length === 0) return argBytes(m);
    if (m.params.length === 1) {
      const x = m.params[0];
      return `${p.sdk("archiveArgument")}(${calls.args(p, path, m)}, ${x.name}, ${fn}, ${JSON.stringify(x.name)})`;
    }
    const values = `[${m.params.map((x) => x.name).join(", ")}]`;
    const names = `[${m.params.map((x) => JSON.stringify(x.name)).join(", ")}]`;
    return `${p.sdk("archiveArguments")}(${calls.args(p, path, m)}, ${values}, ${fn}, ${names})`;
  };
  const decode = (m: IrMethod, bytes: string): string =>
    m.returns.kind === "unit" ? "null" : `${calls.ret(p, path, m)}.deserialize(${bytes})`;
  const retTs = (m: IrMethod): string =>
    m.returns.kind === "unit" ? "null" : em.valueTs(m.returns);
  const lower = c.name.charAt(0).toLowerCase() + c.name.slice(1);
  const init = c.init;
  const w = codeWriter();
  w.writeLine(`const EMPTY = new Uint8Array(0);`);
  if (init && init.params.length) {
    w.blankLine();
    w.writeLine(
      `/** The archived argument of \`init\` (pass it as \`initArg\` to \`session.deploy\`). */`,
    );
    member(
      w,
      `export function ${lower}InitArg(${sig(init)}): Uint8Array`,
      () => w.write(`return ${hostArgBytes(init)};`),
      "",
    );
  }
  w.blankLine();
  // 10^8: a hundred times the template's costliest call, and a runaway loop runs out of it in
  // seconds, well before the runtime's wall-clock safety net (so gas, not time, ends it).
  w.writeLine(`/** Gas limit of stub calls unless given. */`);
  w.writeLine(`export const DEFAULT_GAS_LIMIT = 100_000_000n;`);
  w.blankLine();
  w.writeLine(
    `/** Typed calls of \`${c.name}\` over a runtime session: typed data plus the receipt. */`,
  );
  w.write(`export interface ${c.name}Client`).space();
  w.inlineBlock(() =>
    ms.forEach((m) => w.writeLine(`${m.name}(${sig(m)}): ${Receipt}<${retTs(m)}>;`)),
  );
  w.newLine().blankLine();
  member(
    w,
    `export function ${lower}Client(session: ${Session}, contractId: Uint8Array, gasLimit: bigint = DEFAULT_GAS_LIMIT): ${c.name}Client`,
    () => {
      w.write(`return`).space();
      w.inlineBlock(() =>
        ms.forEach((m) =>
          member(w, `${m.name}(${sig(m)})`, () => {
            w.writeLine(
              `const r = session.callRaw(contractId, ${JSON.stringify(m.name)}, ${hostArgBytes(m)}, gasLimit);`,
            );
            w.write(`return { ...r, data: ${decode(m, "r.data")} };`);
          }),
        ),
      );
      w.write(";");
    },
    "",
  );
  w.blankLine();
  w.writeLine(
    `/** Raw calls as a transaction carries them (\`{ contract, fnName, fnArgs }\`), without a session. */`,
  );
  member(
    w,
    `export function ${lower}Calls(contract: Uint8Array)`,
    () => {
      w.write(`return`).space();
      w.inlineBlock(() =>
        ms.forEach((m) =>
          w.writeLine(
            `${m.name}: (${sig(m)}): ${RawCall} => ({ contract, fnName: ${JSON.stringify(m.name)}, fnArgs: ${hostArgBytes(m)} }),`,
          ),
        ),
      );
      w.write(";");
    },
    "",
  );
  w.blankLine();
  w.writeLine(
    `/** Decoders of each function's archived return (for receipts obtained elsewhere). */`,
  );
  w.write(`export const ${lower}Returns =`).space();
  w.inlineBlock(() =>
    ms.forEach((m) =>
      w.writeLine(`${m.name}: (bytes: Uint8Array): ${retTs(m)} => ${decode(m, "bytes")},`),
    ),
  );
  w.write(";").newLine().blankLine();
  eventDecoders(w, c, p, em, (i) => calls.event(p, path, i), lower);
  w.writeLine(
    `/** Inter-contract calls from inside another contract: \`{ ok }\` or \`{ err: ContractError }\`. */`,
  );
  member(
    w,
    `export function ${lower}Contract(contractId: Uint8Array, gasLimit?: bigint)`,
    () => {
      w.write(`return`).space();
      w.inlineBlock(() =>
        ms.forEach((m) =>
          member(w, `${m.name}(${sig(m)}): ${CallResult}<${retTs(m)}>`, () => {
            w.writeLine(
              `const r = ${callRaw}(contractId, ${JSON.stringify(m.name)}, ${argBytes(m)}, gasLimit);`,
            );
            w.write(`return "ok" in r ? { ok: ${decode(m, "r.ok")} } : r;`);
          }),
        ),
      );
      w.write(";");
    },
    "",
  );
  p.code(w.toString());
  return [path, p];
}
