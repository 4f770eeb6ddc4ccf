/**
 * `<source>.<Contract>.entry.ts`, the entry glue `shortcrust build` bundles: dispatch from
 * function name to method, argument check and deserialize, the state record loaded on first
 * access and written back if it changed, collection fields, the return archived.
 */
import type { IrCollection, IrContract, IrProgram, IrType } from "../../ir/types";
import { keyOf } from "../../ir/naming";
import { PRINT_WIDTH } from "../format";
import { ModulePrinter } from "../printer";
import { codeWriter, member, type CodeBlockWriter } from "../codecs/writer";
import { entryPath, specifier, type OutputLayout } from "../layout";
import { CallCodecs, contractModule, stateDecl } from "./interface";

export function glueModule(
  program: IrProgram,
  layout: OutputLayout,
  file: string,
  c: IrContract,
  calls: CallCodecs,
): [string, ModulePrinter] {
  const path = entryPath(layout, file, c.name);
  const state = stateDecl(c);
  const { p, em } = contractModule(
    program,
    layout,
    file,
    path,
    calls,
    `contract entry glue of ${c.name}`,
    {
      contract: c.name,
      state: c.collections.length
        ? `one record + ${c.collections.map((x) => x.name).join(",")}`
        : "one record",
      abi: "piecrust",
    },
    [state],
  );
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
      // Through archiveReturn: a value out of its type's range names the function, not the type.
      const body = `${p.sdk("archiveReturn")}(${calls.ret(p, path, m)}, ${call}, ${JSON.stringify(`${c.name}.${m.name}`)})],`;
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
