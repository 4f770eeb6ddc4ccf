// The Rust fixture pipeline: Debian's toolchain builds the contracts, the bytes follow the ABI
// (checked here with bare WebAssembly and stub imports, independent of the VM's engine), and a
// build from another checkout path gives the same bytes.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { codec, type TypeDesc } from "@shortcrust/sdk";
import { CallOutcome, CallRequest } from "./rust-types/generated/fixture-types.codec";
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

type Stub = (
  at: { memory: { buffer: ArrayBuffer }; argbuf: number },
  ...args: (number | bigint)[]
) => number | bigint | void;

/**
 * Instantiates a fixture with stub `env` imports (`stubs` get the memory and argbuf address
 * first); `panic` throws the argbuf's message, any other import not stubbed throws.
 */
function instantiate(name: string, stubs: Record<string, Stub> = {}) {
  const module = new WA.Module(rustFixture(name));
  // Filled in after instantiation; the imports only run later, during calls.
  const at = { memory: undefined as unknown as { buffer: ArrayBuffer }, argbuf: 0 };
  const env: Record<string, (...a: (number | bigint)[]) => unknown> = {};
  for (const imp of WA.Module.imports(module)) {
    env[imp.name] = () => {
      throw new Error(`unexpected import ${imp.module}.${imp.name}`);
    };
  }
  env.panic = (len) => {
    throw new Error(
      `panic: ${new TextDecoder().decode(new Uint8Array(at.memory.buffer, at.argbuf, Number(len)))}`,
    );
  };
  for (const [n, f] of Object.entries(stubs)) env[n] = (...a) => f(at, ...a);
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
  // Normally jest's globalSetup has built them already; a run without it builds here.
  beforeAll(() => rustFixtures(), 30 * 60_000);

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

  it("emits events through env.emit: topic and data from memory, 4-byte archived u32s", () => {
    const events: [string, number[]][] = [];
    const c = instantiate("eventer", {
      emit: (at, topicPtr, topicLen, argLen) => {
        const mem = new Uint8Array(at.memory.buffer);
        const topic = new TextDecoder().decode(
          mem.slice(Number(topicPtr), Number(topicPtr) + Number(topicLen)),
        );
        events.push([topic, [...mem.slice(at.argbuf, at.argbuf + Number(argLen))]]);
      },
    });
    c.call("emit_events", Uint8Array.of(3, 0, 0, 0));
    expect(events).toEqual([
      ["number", [0, 0, 0, 0]],
      ["number", [1, 0, 0, 0]],
      ["number", [2, 0, 0, 0]],
    ]);
  });

  it("calls through env.c: TypeScript-archived CallRequest in, each result code out as a CallOutcome", () => {
    const seen: { id: number[]; name: string; arg: number[]; limit: bigint }[] = [];
    let reply: { code: number; bytes: Uint8Array } = { code: 0, bytes: new Uint8Array(0) };
    const c = instantiate("callcenter", {
      c: (at, idPtr, namePtr, nameLen, argLen, limit) => {
        const mem = new Uint8Array(at.memory.buffer);
        seen.push({
          id: [...mem.slice(Number(idPtr), Number(idPtr) + 32)],
          name: new TextDecoder().decode(
            mem.slice(Number(namePtr), Number(namePtr) + Number(nameLen)),
          ),
          arg: [...mem.slice(at.argbuf, at.argbuf + Number(argLen))],
          limit: limit as bigint,
        });
        mem.set(reply.bytes, at.argbuf);
        return reply.code;
      },
    });
    const request = (fn_name: string, gas_limit = 0n) =>
      CallRequest.archive({
        contract: new Uint8Array(32).fill(7),
        fn_name,
        fn_arg: Uint8Array.of(1, 2, 3),
        gas_limit,
      });
    reply = { code: 2, bytes: Uint8Array.of(9, 8) };
    expect(CallOutcome.deserialize(c.call("delegate_query", request("read_value", 5000n)))).toEqual(
      { case: "Ok", value: Uint8Array.of(9, 8) },
    );
    expect(seen).toEqual([
      { id: Array(32).fill(7), name: "read_value", arg: [1, 2, 3], limit: 5000n },
    ]);
    const msg = new TextEncoder().encode("boom in the callee");
    const panicBytes = new Uint8Array(4 + msg.length);
    new DataView(panicBytes.buffer).setUint32(0, msg.length, true);
    panicBytes.set(msg, 4);
    reply = { code: -1, bytes: panicBytes };
    expect(CallOutcome.deserialize(c.call("delegate_query", request("f")))).toEqual({
      case: "Panic",
      value: "boom in the callee",
    });
    for (const [code, outcome] of [
      [-2, "OutOfGas"],
      [-3, "DoesNotExist"],
      [-0x80000000, "Unknown"],
    ] as const) {
      reply = { code, bytes: new Uint8Array(0) };
      expect(CallOutcome.deserialize(c.call("delegate_query", request("f")))).toEqual({
        case: outcome,
      });
    }
    // A return that is no archived bool fails the caller's validation, as a Panic value.
    reply = { code: 1, bytes: Uint8Array.of(2) };
    const bad = CallOutcome.deserialize(c.call("call_expecting_bool", request("return_two")));
    expect(bad.case === "Panic" && bad.value).toMatch(/^Callee return value failed validation/);
    reply = { code: 1, bytes: Uint8Array.of(1) };
    expect(CallOutcome.deserialize(c.call("call_expecting_bool", request("x")))).toEqual({
      case: "Ok",
      value: Uint8Array.of(1),
    });
  });

  it("has a 100 KB-class contract (ledger) that validates nested archives", () => {
    expect(rustFixture("ledger").length).toBeGreaterThan(90_000);
    const topics: string[] = [];
    const c = instantiate("ledger", {
      emit: (at, topicPtr, topicLen) => {
        const mem = new Uint8Array(at.memory.buffer);
        topics.push(
          new TextDecoder().decode(
            mem.slice(Number(topicPtr), Number(topicPtr) + Number(topicLen)),
          ),
        );
      },
    });
    // The argument archived by the SDK's composed codec from descriptors (rustc's layout).
    const asset: TypeDesc = {
      kind: "enum",
      name: "Asset",
      variants: [
        { name: "Native", kind: "unit" },
        {
          name: "Token",
          kind: "struct",
          fields: [
            { name: "issuer", type: { kind: "bytes", len: 32 } },
            { name: "symbol", type: { kind: "string" } },
            { name: "decimals", type: { kind: "u8" } },
          ],
        },
        {
          name: "Nft",
          kind: "tuple",
          fields: [{ kind: "u64" }, { kind: "vec", element: { kind: "u8" } }],
        },
      ],
    };
    const entry: TypeDesc = {
      kind: "struct",
      name: "Entry",
      fields: [
        { name: "asset", type: asset },
        { name: "amount", type: { kind: "i128" } },
        { name: "memo", type: { kind: "option", some: { kind: "string" } } },
        { name: "at", type: { kind: "tuple", elements: [{ kind: "u64" }, { kind: "u32" }] } },
      ],
    };
    const recordArg = codec<unknown>({
      kind: "tuple",
      elements: [{ kind: "bytes", len: 32 }, entry],
    });
    const totals = codec<unknown>({
      kind: "vec",
      element: { kind: "tuple", elements: [{ kind: "string" }, { kind: "i128" }] },
    });
    const I128 = codec<bigint>({ kind: "i128" });
    const who = new Uint8Array(32).fill(3);
    const token = {
      case: "Token",
      value: { issuer: new Uint8Array(32).fill(9), symbol: "DUSK", decimals: 9 },
    };
    const e = (a: unknown, amount: bigint, memo: string | null) => ({
      asset: a,
      amount,
      memo,
      at: [1n, 2],
    });
    expect(
      I128.deserialize(c.call("record", recordArg.archive([who, e({ case: "Native" }, 5n, null)]))),
    ).toBe(5n);
    expect(I128.deserialize(c.call("record", recordArg.archive([who, e(token, -7n, "fee")])))).toBe(
      -7n,
    );
    expect(
      I128.deserialize(c.call("record", recordArg.archive([who, e({ case: "Native" }, 10n, "x")]))),
    ).toBe(15n);
    expect(totals.deserialize(c.call("totals", new Uint8Array(0)))).toEqual([
      ["DUSK/0909/9", -7n],
      ["native", 15n],
    ]);
    expect(topics).toEqual(["recorded", "recorded", "recorded"]);
    expect(() => c.call("echo_wide", new Uint8Array(3))).toThrow(/^panic: invalid argument/);
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
