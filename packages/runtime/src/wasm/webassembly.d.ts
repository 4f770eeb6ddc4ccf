// The parts of the JavaScript WebAssembly API the engine uses. TypeScript ships these types only
// in lib.dom / lib.webworker, and @types/node 20 does not declare them; the project's lib is ES2022.
declare namespace WebAssembly {
  class Module {
    constructor(bytes: Uint8Array);
  }
  type ImportValue = ((...args: never[]) => unknown) | Memory | Global;
  type Imports = Record<string, Record<string, ImportValue>>;
  type Exports = Record<string, unknown>;
  class Instance {
    constructor(module: Module, imports?: Imports);
    readonly exports: Exports;
  }
  interface MemoryDescriptor {
    initial: number;
    maximum?: number;
  }
  class Memory {
    constructor(descriptor: MemoryDescriptor);
    readonly buffer: ArrayBuffer;
    grow(delta: number): number;
  }
  class Global {
    value: unknown;
  }
  class RuntimeError extends Error {}
  class CompileError extends Error {}
  function validate(bytes: Uint8Array): boolean;
}
