import { MAX_MEMORY_PAGES } from "./abi";
import { WasmValidationError } from "./errors";
import { Writer } from "./meter/bytes";
import { meter } from "./meter/instrument";
import { appendToVector, emitModule, parseModule } from "./meter/module";
import { validateContract, type ContractShape } from "./validate";

/** Where the host hands the instrumented module its (persistent) memory. */
export const MEMORY_IMPORT = { module: "__sc", name: "memory" } as const;
/** The export name of the module's mutable global `i` (so the host can reset it). */
export const globalExport = (i: number) => `__sc_g${i}`;

export interface CompiledContract {
  readonly module: WebAssembly.Module;
  readonly shape: ContractShape;
  /** The instrumented bytes (the same on every machine for the same contract). */
  readonly instrumented: Uint8Array;
}

/**
 * Validates a piecrust-ABI contract, meters it (meter/), and makes its memory the host's: the
 * memory becomes an import (so it outlives instances and is carried across calls as state), and
 * active data segments become empty passive ones (same indices and `memory.init` semantics as
 * dropped segments) that the host applies only when the memory is new. Mutable globals are
 * exported so the host can reset them before each top-level call (piecrust makes a new instance
 * per top-level call).
 */
export function compileContract(bytes: Uint8Array): CompiledContract {
  const { shape } = validateContract(bytes);
  const metered = meter(bytes);
  const m = parseModule(metered.bytes);
  const sections = new Map(m.sections);
  const memImport = new Writer()
    .name(MEMORY_IMPORT.module)
    .name(MEMORY_IMPORT.name)
    .byte(2)
    .byte(1)
    .u32(shape.initialPages)
    .u32(Math.min(shape.maxPages, MAX_MEMORY_PAGES))
    .result();
  sections.set(2, appendToVector(m.sections.get(2), 1, memImport));
  sections.delete(5);
  if (m.data.length > 0) {
    const data = new Writer().u32(m.data.length);
    for (const seg of m.data) {
      if (seg.mode === 1) data.byte(1).u32(seg.bytes.length).bytes(seg.bytes);
      else data.byte(1).u32(0);
    }
    sections.set(11, data.result().slice());
  }
  if (shape.mutableGlobals.length > 0) {
    const ex = new Writer();
    for (const g of shape.mutableGlobals) ex.name(globalExport(g)).byte(3).u32(g);
    sections.set(7, appendToVector(m.sections.get(7), shape.mutableGlobals.length, ex.result()));
  }
  const instrumented = emitModule(sections);
  let module: WebAssembly.Module;
  try {
    module = new WebAssembly.Module(instrumented);
  } catch (e) {
    throw new WasmValidationError(`the module does not compile: ${(e as Error).message}`, {
      cause: e,
    });
  }
  return { module, shape, instrumented };
}
