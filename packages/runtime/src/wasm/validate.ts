import {
  ARGBUF_EXPORT,
  ARGBUF_LEN,
  IMPORTS,
  MAX_MEMORY_PAGES,
  MEMORY_EXPORT,
  PAGE_SIZE,
  RESERVED_PREFIX,
} from "./abi";
import { WasmValidationError } from "./errors";
import { Reader } from "./meter/bytes";
import { WasmFormatError } from "./meter/errors";
import { constI32, I32, parseModule, type WasmModule } from "./meter/module";
import { readOperator } from "./meter/ops";

/** What the engine needs to know about a contract module that passed validation. */
export interface ContractShape {
  /** The argbuf offset (`A`). */
  readonly argbuf: number;
  /** Callable exports (`init` included when present). */
  readonly functions: ReadonlySet<string>;
  readonly initialPages: number;
  readonly maxPages: number;
  /** Active data segments: applied by the host when the memory is new. */
  readonly data: readonly { offset: number; bytes: Uint8Array }[];
  /** Indices of the module's own mutable globals, reset before every top-level call. */
  readonly mutableGlobals: readonly number[];
  /**
   * The code changes instance state other than memory and globals (table.init / table.copy /
   * elem.drop / data.drop): such a module gets a fresh instance for every top-level call.
   */
  readonly needsFreshInstance: boolean;
}

const TYPE_NAMES: Record<number, string> = { 0x7f: "i32", 0x7e: "i64", 0x7d: "f32", 0x7c: "f64" };
const sig = (p: readonly number[], r: readonly number[]) =>
  `(${p.map((t) => TYPE_NAMES[t]).join(", ")}) -> (${r.map((t) => TYPE_NAMES[t]).join(", ")})`;
const same = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

/** Parses and checks a module against piecrust's rules; every failure names what is wrong. */
export function validateContract(bytes: Uint8Array): { module: WasmModule; shape: ContractShape } {
  let m: WasmModule;
  try {
    m = parseModule(bytes);
  } catch (e) {
    if (e instanceof WasmFormatError) {
      throw new WasmValidationError(`malformed WASM module: ${e.shortMessage}`, { cause: e });
    }
    throw e;
  }
  const bad = (msg: string, hint?: string): never => {
    throw new WasmValidationError(msg, hint === undefined ? {} : { hint });
  };

  for (const imp of m.imports) {
    const where = `import ${imp.module}.${imp.name}`;
    if (imp.module !== "env") bad(`${where}: imports must come from module 'env'`);
    if (imp.kind !== 0) {
      bad(
        `${where}: only functions may be imported (this is a ${["function", "table", "memory", "global"][imp.kind]})`,
      );
    }
    const want = IMPORTS[imp.name];
    if (want === undefined || !Object.prototype.hasOwnProperty.call(IMPORTS, imp.name)) {
      bad(
        `${where}: the VM provides no such import`,
        `known imports: ${Object.keys(IMPORTS).join(", ")}`,
      );
    }
    const t = m.types[imp.type] ?? bad(`${where}: type index ${imp.type} out of range`);
    if (!same(t.params, want.params) || !same(t.results, want.results)) {
      bad(
        `${where}: signature ${sig(t.params, t.results)}, expected ${sig(want.params, want.results)}`,
      );
    }
  }
  if (m.memories.length !== 1) bad(`expected exactly one memory, found ${m.memories.length}`);
  const mem = m.memories[0];
  if (m.start !== undefined)
    bad("a start function is not allowed (state would change at every instantiation)");

  const functions = new Set<string>();
  let argbuf: number | undefined;
  let memoryExported = false;
  for (const ex of m.exports) {
    if (ex.name.startsWith(RESERVED_PREFIX))
      bad(`export '${ex.name}': the prefix ${RESERVED_PREFIX} is reserved`);
    if (ex.kind === 2) {
      if (ex.name !== MEMORY_EXPORT)
        bad(`the memory is exported as '${ex.name}', expected '${MEMORY_EXPORT}'`);
      memoryExported = true;
    } else if (ex.kind === 3 && ex.name === ARGBUF_EXPORT) {
      const g = m.globals[ex.index - m.importedGlobals];
      if (g === undefined) bad(`export 'A': global ${ex.index} is not defined in the module`);
      if (g.mutable || g.type !== I32) bad("export 'A' must be an immutable i32 global");
      argbuf = constI32(g.init) ?? bad("export 'A' must be initialised by an i32.const");
    } else if (ex.kind === 0) {
      const fi = ex.index - m.importedFunctions;
      if (fi < 0) bad(`export '${ex.name}' re-exports an import`);
      const t =
        m.types[m.functions[fi]] ??
        bad(`export '${ex.name}': function ${ex.index} is out of range`);
      if (!same(t.params, [I32]) || !same(t.results, [I32])) {
        bad(
          `export '${ex.name}' has signature ${sig(t.params, t.results)}, expected (i32) -> (i32)`,
        );
      }
      functions.add(ex.name);
    }
  }
  if (!memoryExported) bad(`the memory must be exported as '${MEMORY_EXPORT}'`);
  if (argbuf === undefined) bad("the module does not export the argument buffer global 'A'");
  const memLen = mem.min * PAGE_SIZE;
  if (argbuf! < 0 || argbuf! + ARGBUF_LEN > memLen) {
    bad(
      `the argument buffer A = ${argbuf! >>> 0} + ${ARGBUF_LEN} exceeds the memory's ${memLen} bytes`,
    );
  }
  if (mem.min > MAX_MEMORY_PAGES)
    bad(`the memory starts at ${mem.min} pages; the limit is ${MAX_MEMORY_PAGES}`);

  const data: { offset: number; bytes: Uint8Array }[] = [];
  m.data.forEach((seg, i) => {
    if (seg.mode === 1) return;
    const off = constI32(seg.offset!) ?? bad(`data segment ${i}: its offset must be an i32.const`);
    if ((off >>> 0) + seg.bytes.length > memLen)
      bad(`data segment ${i} does not fit the initial memory`);
    data.push({ offset: off >>> 0, bytes: seg.bytes });
  });

  let needsFreshInstance = false;
  m.bodies.forEach((body, i) => {
    const r = new Reader(body.bytes, body.codeStart);
    try {
      while (!r.done) {
        const op = readOperator(r);
        if (op.op === 0xfc && op.sub >= 9 && op.sub <= 14 && op.sub !== 10 && op.sub !== 11) {
          needsFreshInstance = true;
        }
      }
    } catch (e) {
      if (e instanceof WasmFormatError) {
        bad(`function ${m.importedFunctions + i} (code at byte ${body.at}): ${e.shortMessage}`);
      }
      throw e;
    }
  });

  const mutableGlobals: number[] = [];
  m.globals.forEach((g, i) => g.mutable && mutableGlobals.push(m.importedGlobals + i));
  return {
    module: m,
    shape: {
      argbuf: argbuf!,
      functions,
      initialPages: mem.min,
      maxPages: Math.min(mem.max ?? MAX_MEMORY_PAGES, MAX_MEMORY_PAGES),
      data,
      mutableGlobals,
      needsFreshInstance,
    },
  };
}
