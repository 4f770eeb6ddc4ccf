import {
  newQuickJSWASMModuleFromVariant,
  QuickJSWASMModule,
  RELEASE_SYNC,
} from "quickjs-emscripten";
import type { QuickJSSyncVariant } from "quickjs-emscripten";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { RuntimeError } from "../errors";
import {
  DIRTY_EXPORT,
  GAS_EXPORT,
  RESTORE_EXPORT,
  globalExportName,
  meter,
  OOG_EXPORT,
  STACK_EXPORT,
  START_EXPORT,
} from "../wasm/meter/instrument";
import { parseModule, constI32 } from "../wasm/meter/module";
import { DIRTY_BLOCK_SHIFT, DIRTY_MEMORY_MAX_PAGES } from "../wasm/meter/costs";
import { Heap, type RestoreFn } from "./heap";

/** The stock variant's files (quickjs-emscripten 0.32, RELEASE_SYNC). */
function variantPaths(): { glue: string; wasm: string } {
  const from = dirname(require.resolve("quickjs-emscripten"));
  const glue = require.resolve("@jitl/quickjs-wasmfile-release-sync/emscripten-module", {
    paths: [from],
  });
  return { glue, wasm: join(dirname(glue), "emscripten-module.wasm") };
}

let stock: Promise<QuickJSWASMModule> | undefined;

/**
 * The stock (unmetered) QuickJS module, one per process: the bench's bare-quickjs peer. The
 * variant's module loader is replaced by `require`, which works both in node and under CommonJS
 * jest (the default loader uses a dynamic `import()`).
 */
export function quickjsModule(): Promise<QuickJSWASMModule> {
  if (stock === undefined) {
    const { glue } = variantPaths();
    const variant: QuickJSSyncVariant = {
      ...RELEASE_SYNC,
      importModuleLoader: () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const m = require(glue) as { default?: unknown };
        return Promise.resolve((m.default ?? m) as never);
      },
    };
    stock = newQuickJSWASMModuleFromVariant(variant);
  }
  return stock;
}

/** The instrumenter's files: their contents are part of the cache key of the metered bytes. */
const METER_FILES = ["instrument", "costs", "ops", "module", "bytes"];

/**
 * The metered interpreter: QuickJS's own `emscripten-module.wasm` instrumented with our meter
 * (gas on every WASM operator, the start function exported, its globals exported, dirty-page
 * marks on every store), compiled once per process. Instruments once per machine: the bytes are
 * cached under `node_modules/.cache/shortcrust/` by the input's hash (≈ 150–400 ms otherwise).
 */
export interface InterpreterImage {
  readonly module: WebAssembly.Module;
  /** Dirty-block ranges [first, end) of the module's data segments (non-zero before any code runs). */
  readonly dataBlocks: readonly (readonly [number, number])[];
  /** The glue's factory: `QuickJSRaw(moduleArg)`, emscripten's generated loader. */
  readonly glue: (moduleArg: Record<string, unknown>) => Promise<unknown>;
  /** quickjs-emscripten's FFI class for this variant. */
  readonly ffi: new (module: unknown) => unknown;
}

let image: Promise<InterpreterImage> | undefined;

/** Loads (once) the metered interpreter: asynchronous only for the library's FFI import. */
export function interpreterImage(): Promise<InterpreterImage> {
  if (image === undefined) image = loadImage();
  return image;
}

async function loadImage(): Promise<InterpreterImage> {
  const { glue, wasm } = variantPaths();
  const input = readFileSync(wasm);
  const bytes = meteredBytes(input);
  const module = new WebAssembly.Module(bytes);
  const parsed = parseModule(input);
  const dataBlocks: [number, number][] = [];
  const S = DIRTY_BLOCK_SHIFT;
  for (const seg of parsed.data) {
    const at = seg.offset === undefined ? undefined : constI32(seg.offset);
    if (at === undefined || seg.mode !== 0) continue;
    dataBlocks.push([at >>> S, (at + seg.bytes.length + (1 << S) - 1) >>> S]);
  }
  const ffi = (await RELEASE_SYNC.importFFI()) as unknown as InterpreterImage["ffi"];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const raw = require(glue) as { default?: unknown };
  return { module, dataBlocks, glue: (raw.default ?? raw) as InterpreterImage["glue"], ffi };
}

function meteredBytes(input: Uint8Array): Uint8Array {
  const instrument = () =>
    meter(input, { start: "export", exportGlobals: true, dirtyPages: true }).bytes;
  const hash = createHash("sha256").update(input);
  // Compiled (.js) or source (.ts, under jest): either way a changed instrumenter is a new key.
  // Bundled (no files to read), the module is instrumented per process, uncached.
  try {
    for (const f of METER_FILES) hash.update(readFileSync(require.resolve(`../wasm/meter/${f}`)));
  } catch {
    return instrument();
  }
  const key = hash.digest("hex").slice(0, 32);
  const dir = join(__dirname, "..", "..", "node_modules", ".cache", "shortcrust");
  const file = join(dir, `quickjs-${key}.wasm`);
  try {
    return readFileSync(file);
  } catch {
    // not cached yet
  }
  const out = instrument();
  try {
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, out);
    renameSync(tmp, file);
  } catch {
    // a read-only tree: instrument per process
  }
  return out;
}

/** One interpreter instance: its own WASM instance, memory and QuickJS module object. */
export interface Interpreter {
  readonly quickjs: QuickJSWASMModule;
  /** Remaining engine gas (i64): the frame's fuel. */
  readonly fuel: WebAssembly.Global;
  /** Why the module trapped on its own (OUT_OF_GAS, STACK_EXHAUSTED), else 0. */
  readonly oog: WebAssembly.Global;
  /** The meter's stack budget (i32). */
  readonly stack: WebAssembly.Global;
  /** Snapshot/restore of memory and the module's mutable globals. */
  readonly heap: Heap;
}

/**
 * Creates an interpreter synchronously: emscripten initialises synchronously when
 * `instantiateWasm` hands over the instance (the glue's own `await` only delays its constructor
 * call, which runs here instead; the glue's later call is made a no-op).
 */
export function newInterpreter(img: InterpreterImage): Interpreter {
  let instance: WebAssembly.Instance | undefined;
  let heap: Heap | undefined;
  const moduleArg: Record<string, unknown> = {
    // libc's environment holds the program name (process.argv[1] otherwise): it lands in the
    // heap, so it must not depend on how the process was started.
    thisProgram: "shortcrust",
    // The glue's own memory would grow to 2 GiB; the metered module declares the dirty map's
    // reach as its maximum (a bigger memory fails to link). 16 MiB at the start, as the glue's.
    wasmMemory: new WebAssembly.Memory({ initial: 256, maximum: DIRTY_MEMORY_MAX_PAGES }),
    instantiateWasm(imports: WebAssembly.Imports, done: (i: unknown) => void) {
      const env = imports.a as Record<string, unknown>;
      const memory = env.a as WebAssembly.Memory;
      const wrapped: Record<string, unknown> = { ...env };
      // Imports that write the heap from JS outside malloc'd blocks (environment, clock,
      // timezone, fd_write's count): they make the next restore copy every page.
      for (const name of ["c", "e", "f", "m", "n"]) {
        const f = env[name] as (...a: unknown[]) => unknown;
        wrapped[name] = (...a: unknown[]) => {
          heap?.markAll();
          return f(...a);
        };
      }
      instance = new WebAssembly.Instance(img.module, { a: wrapped as never });
      const ex = instance.exports;
      heap = new Heap(
        memory,
        ex[DIRTY_EXPORT] as WebAssembly.Global,
        globalsOf(ex),
        ex[RESTORE_EXPORT] as RestoreFn,
      );
      (ex[GAS_EXPORT] as WebAssembly.Global).value = BigInt(Number.MAX_SAFE_INTEGER);
      (ex[STACK_EXPORT] as WebAssembly.Global).value = 0x7fffffff;
      (ex[START_EXPORT] as () => void)();
      const ctor = ex.u as () => void;
      let constructed = false;
      const construct = () => {
        if (!constructed) {
          constructed = true;
          ctor();
        }
      };
      // stackAlloc: the glue writes string arguments there from JS.
      const stackAlloc = ex.Na as (n: number) => number;
      const exports = {
        ...ex,
        u: construct,
        Na: (n: number) => {
          const p = stackAlloc(n);
          heap!.mark(p, n);
          return p;
        },
      };
      done({ exports });
      construct();
      return exports;
    },
  };
  const pending = img.glue(moduleArg);
  // The glue's promise settles later with the same object; nothing waits for it.
  pending.then(
    () => undefined,
    () => undefined,
  );
  const malloc = moduleArg._malloc as ((n: number) => number) | undefined;
  const free = moduleArg._free as ((p: number) => void) | undefined;
  if (
    instance === undefined ||
    heap === undefined ||
    typeof malloc !== "function" ||
    typeof free !== "function"
  ) {
    throw new RuntimeError("the QuickJS interpreter did not initialise synchronously", {
      hint: "the runtime is written against quickjs-emscripten 0.32.0's RELEASE_SYNC glue (src/sandbox/quickjs.ts)",
    });
  }
  const h = heap;
  // Every block JS asks for may be written from JS (strings, buffers): mark it.
  moduleArg._malloc = (n: number) => {
    const p = malloc(n);
    if (p !== 0) h.mark(p, n);
    return p;
  };
  moduleArg.type = "sync";
  h.attach({ malloc, free }, img.dataBlocks);
  const ffi = new img.ffi(moduleArg);
  const ex = instance.exports;
  return {
    quickjs: new QuickJSWASMModule(moduleArg as never, ffi as never),
    fuel: ex[GAS_EXPORT] as WebAssembly.Global,
    oog: ex[OOG_EXPORT] as WebAssembly.Global,
    stack: ex[STACK_EXPORT] as WebAssembly.Global,
    heap: h,
  };
}

function globalsOf(ex: WebAssembly.Exports): WebAssembly.Global[] {
  const out: WebAssembly.Global[] = [];
  for (let i = 0; ; i++) {
    const g = ex[globalExportName(i)];
    if (g === undefined) return out;
    out.push(g as WebAssembly.Global);
  }
}
