// The Rust fixture pipeline: Debian's toolchain builds the contracts, the bytes follow the ABI
// (checked here with bare WebAssembly and stub imports, independent of the VM's engine), and a
// build from another checkout path gives the same bytes.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  buildRustFixtures,
  isRustFixtureError,
  RUST_WORKSPACE,
  rustFixture,
  rustFixtures,
} from "./rust-fixtures";

// The few WebAssembly JS API types used here (the repo's TypeScript libs carry none).
interface WasmModuleDesc {
  module?: string;
  name: string;
  kind: string;
}
interface WasmApi {
  Module: {
    new (bytes: Uint8Array): object;
    imports(m: object): WasmModuleDesc[];
    exports(m: object): WasmModuleDesc[];
  };
  Instance: new (m: object, imports: object) => { exports: Record<string, unknown> };
}
const WA = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/** Instantiates a fixture with stub `env` imports; `panic` throws the argbuf's message. */
function instantiate(name: string) {
  const module = new WA.Module(rustFixture(name));
  // Filled in after instantiation; the imports only run later, during calls.
  const at = { memory: undefined as unknown as { buffer: ArrayBuffer }, argbuf: 0 };
  const env: Record<string, (...a: number[]) => unknown> = {};
  for (const imp of WA.Module.imports(module)) {
    env[imp.name] = () => {
      throw new Error(`unexpected import ${imp.module}.${imp.name}`);
    };
  }
  env.panic = (len: number) => {
    throw new Error(
      `panic: ${new TextDecoder().decode(new Uint8Array(at.memory.buffer, at.argbuf, len))}`,
    );
  };
  const instance = new WA.Instance(module, { env });
  at.memory = instance.exports.memory as { buffer: ArrayBuffer };
  at.argbuf = (instance.exports.A as { value: number }).value;
  const { memory, argbuf } = at;
  const call = (fn: string, arg: Uint8Array): Uint8Array => {
    new Uint8Array(memory.buffer).set(arg, argbuf);
    const len = (instance.exports[fn] as (n: number) => number)(arg.length);
    return new Uint8Array(at.memory.buffer, at.argbuf, len).slice();
  };
  return { module, instance, memory, argbuf, call };
}

const i64 = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset).getBigInt64(0, true);

describe("Rust fixtures", () => {
  it("builds counter as a piecrust-ABI module: memory, the A global, (i32) -> i32 exports", () => {
    const { module, memory, argbuf } = instantiate("counter");
    const exports = WA.Module.exports(module);
    expect(exports).toEqual(
      expect.arrayContaining([
        { name: "memory", kind: "memory" },
        { name: "A", kind: "global" },
        { name: "read_value", kind: "function" },
        { name: "increment", kind: "function" },
        { name: "increment_panic", kind: "function" },
      ]),
    );
    for (const imp of WA.Module.imports(module)) expect(imp.module).toBe("env");
    // The 64 KiB argbuf lies inside the initial memory.
    expect(argbuf + 65536).toBeLessThanOrEqual(memory.buffer.byteLength);
    expect(argbuf % 16).toBe(0);
  });

  it("runs counter: rkyv i64 out, state in linear memory, panic message through env.panic", () => {
    const c = instantiate("counter");
    expect(i64(c.call("read_value", new Uint8Array(0)))).toBe(0xfcn);
    expect(c.call("increment", new Uint8Array(0))).toHaveLength(0);
    expect(i64(c.call("read_value", new Uint8Array(0)))).toBe(0xfdn);
    expect(() => c.call("increment_panic", Uint8Array.of(1))).toThrow("panic: Incremental panic");
    // An argument that is no archived bool (2) is refused by validation, with the type named.
    expect(() => c.call("increment_panic", Uint8Array.of(2))).toThrow(
      "panic: invalid argument: not an archived bool",
    );
  });

  it("names the fixtures it has when asked for one it has not", () => {
    expect.assertions(2);
    try {
      rustFixture("no_such_fixture");
    } catch (e) {
      expect(isRustFixtureError(e)).toBe(true);
      expect(String(e)).toContain("counter");
    }
  });

  it("is byte-reproducible: a copy of the workspace at another path builds the same bytes", () => {
    const main = rustFixtures();
    const elsewhere = mkdtempSync(join(tmpdir(), "shortcrust-rust-repro-"));
    try {
      cpSync(RUST_WORKSPACE, elsewhere, {
        recursive: true,
        filter: (src) => !src.startsWith(join(RUST_WORKSPACE, "target")),
      });
      // Same cargo target dir: Debian's crates and core/alloc are reused (their sources sit at
      // the same system paths everywhere); the workspace's own crates compile and link anew.
      const copy = buildRustFixtures(
        [
          "--fresh",
          "--target-dir",
          join(RUST_WORKSPACE, "target"),
          "--out",
          join(elsewhere, "out"),
        ],
        elsewhere,
      );
      expect(copy.cached).toBe(false);
      expect(copy.hash).toBe(main.hash);
      expect(copy.files).toEqual(main.files);
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  }, 600_000);
});
