import type {
  QuickJSContext,
  QuickJSHandle,
  QuickJSRuntime,
  QuickJSWASMModule,
} from "quickjs-emscripten";
import { ArtifactError } from "../errors";
import { MEMORY_LIMIT_BYTES, STACK_LIMIT_BYTES } from "../session/limits";
import { wrapContract } from "./prelude";

/** What the host offers a contract's sandbox; the session implements it per contract instance. */
export interface HostHooks {
  /** The instance's gas ran out: mark the running frame OutOfGas (host-side, uncatchable). */
  oog(): void;
  sget(key: Uint8Array): Uint8Array | undefined;
  /** Applies the state writes a frame sends back (encoded by the prelude's `__sc_flush`). */
  writes(encoded: Uint8Array): void;
  /** A value over the 64 KiB limit. */
  tooBig(what: string, size: number): void;
  eget(key: Uint8Array): Uint8Array | undefined;
  eset(key: Uint8Array, value: Uint8Array | null): void;
  selfId(): Uint8Array;
  caller(): Uint8Array | null;
  callstack(): Uint8Array[];
  owner(id: Uint8Array | undefined): Uint8Array | null;
  meta(key: string): Uint8Array | undefined;
  emit(topic: string, data: Uint8Array): void;
  feed(data: Uint8Array): void;
  /** An inter-contract call; `charged` is what the caller pays (callee spent, or its whole limit). */
  call(
    id: Uint8Array,
    fnName: string,
    arg: Uint8Array,
    askedLimit: number,
    gasNow: number,
    writes: Uint8Array | null,
  ): {
    code: 0 | 1 | 2 | 3 | 4;
    data?: Uint8Array;
    message?: string;
    charged: number;
    epoch: number;
  };
  hqPrice(name: string, arg: Uint8Array): number;
  hq(name: string, arg: Uint8Array): Uint8Array;
  /** A hook threw: the session records the failure on the running frame. */
  fault(err: unknown): void;
}

export type DispatchResult =
  | { kind: "ok"; data: Uint8Array; gas: number; writes: Uint8Array | null }
  | { kind: "panic"; message: string; gas: number }
  /** An uncatchable engine error (interrupt backstop) or a broken prelude. */
  | { kind: "trap"; message: string };

/**
 * One contract's QuickJS runtime + context in one session. The contract code is evaluated once;
 * every call then costs one `callFunction` with an ArrayBuffer argument (no context per call).
 */
export class ContractInstance {
  private readonly rt: QuickJSRuntime;
  private readonly ctx: QuickJSContext;
  private readonly dispatchFn: QuickJSHandle;
  private readonly names = new Map<string, QuickJSHandle>();
  readonly functions: ReadonlySet<string>;
  /** Wall-clock backstop for the interrupt handler; the session sets it per top-level call. */
  deadline = Number.POSITIVE_INFINITY;
  private disposed = false;
  /** Set when the engine failed mid-call; such a runtime is leaked, not disposed. */
  broken = false;

  constructor(module: QuickJSWASMModule, code: string, hooks: HostHooks, label: string) {
    this.rt = module.newRuntime();
    this.rt.setMemoryLimit(MEMORY_LIMIT_BYTES);
    this.rt.setMaxStackSize(STACK_LIMIT_BYTES);
    this.rt.setInterruptHandler(() => Date.now() > this.deadline);
    this.ctx = this.rt.newContext({
      intrinsics: {
        BaseObjects: true,
        Date: false,
        Eval: true, // needed to load code; `eval` and the Function constructors are removed after
        StringNormalize: true,
        RegExp: true,
        JSON: true,
        Proxy: true,
        MapSet: true,
        TypedArrays: true,
        Promise: true,
        BigInt: true,
      },
    });
    try {
      this.deadline = Date.now() + 20_000;
      const exportsHandle = this.load(code, hooks, label);
      this.deadline = Number.POSITIVE_INFINITY;
      this.dispatchFn = this.ctx.getProp(exportsHandle, "dispatch");
      const fns = this.ctx.getProp(exportsHandle, "functions");
      const list = this.ctx.getString(fns);
      fns.dispose();
      exportsHandle.dispose();
      this.functions = new Set(list === "" ? [] : list.split(","));
    } catch (e) {
      this.ctx.dispose();
      this.rt.dispose();
      throw e;
    }
  }

  private load(code: string, hooks: HostHooks, label: string): QuickJSHandle {
    const ctx = this.ctx;
    const wrapper = ctx.evalCode(wrapContract(code), `${label}.js`);
    if (wrapper.error) {
      const msg = this.describe(wrapper.error);
      wrapper.error.dispose();
      throw new ArtifactError(`${label}: the sandbox could not evaluate the artifact: ${msg}`);
    }
    const host = ctx.newObject();
    const bytes = (h: QuickJSHandle) => readBytes(ctx, h);
    const optBytes = (h: QuickJSHandle | undefined) =>
      h === undefined || ctx.typeof(h) !== "object" ? null : bytes(h);
    const ab = (b: Uint8Array) => ctx.newArrayBuffer(ownBuffer(b));
    const optAb = (b: Uint8Array | null | undefined) =>
      b === null || b === undefined ? ctx.undefined : ab(b);
    const define = (name: string, fn: (...args: QuickJSHandle[]) => QuickJSHandle | undefined) => {
      const f = ctx.newFunction(name, (...args) => {
        try {
          return fn(...args);
        } catch (e) {
          hooks.fault(e);
          throw e;
        }
      });
      ctx.setProp(host, name, f);
      f.dispose();
    };
    define("oog", () => {
      hooks.oog();
      return undefined;
    });
    define("sget", (k) => optAb(hooks.sget(bytes(k))));
    define("tooBig", (w, n) => {
      hooks.tooBig(ctx.getString(w), ctx.getNumber(n));
      return undefined;
    });
    define("eget", (k) => optAb(hooks.eget(bytes(k))));
    define("eset", (k, v) => {
      hooks.eset(bytes(k), optBytes(v));
      return undefined;
    });
    define("selfId", () => ab(hooks.selfId()));
    define("caller", () => optAb(hooks.caller()));
    define("callstack", () => {
      const arr = ctx.newArray();
      hooks.callstack().forEach((id, i) => {
        const h = ab(id);
        ctx.setProp(arr, i, h);
        h.dispose();
      });
      return arr;
    });
    define("owner", (id) => optAb(hooks.owner(optBytes(id) ?? undefined)));
    define("meta", (k) => optAb(hooks.meta(ctx.getString(k))));
    define("emit", (t, d) => {
      hooks.emit(ctx.getString(t), bytes(d));
      return undefined;
    });
    define("feed", (d) => {
      hooks.feed(bytes(d));
      return undefined;
    });
    define("call", (id, fn, arg, limit, gas, writes) => {
      const r = hooks.call(
        bytes(id),
        ctx.getString(fn),
        bytes(arg),
        ctx.getNumber(limit),
        ctx.getNumber(gas),
        optBytes(writes),
      );
      // One buffer back: u8 code ‖ f64 charged ‖ f64 epoch ‖ return bytes or UTF-8 panic message.
      const payload =
        r.code === 0 ? r.data! : r.code === 1 ? Buffer.from(r.message!, "utf8") : undefined;
      const out = new Uint8Array(17 + (payload?.length ?? 0));
      const dv = new DataView(out.buffer);
      dv.setUint8(0, r.code);
      dv.setFloat64(1, r.charged, true);
      dv.setFloat64(9, r.epoch, true);
      if (payload !== undefined) out.set(payload, 17);
      return ctx.newArrayBuffer(out.buffer);
    });
    define("hqPrice", (n, a) => ctx.newNumber(hooks.hqPrice(ctx.getString(n), bytes(a))));
    define("hq", (n, a) => ab(hooks.hq(ctx.getString(n), bytes(a))));
    const result = ctx.callFunction(wrapper.value, ctx.undefined, host);
    wrapper.value.dispose();
    host.dispose();
    if (result.error) {
      const msg = this.describe(result.error);
      result.error.dispose();
      throw new ArtifactError(`${label}: loading the contract failed: ${msg}`);
    }
    return result.value;
  }

  private describe(h: QuickJSHandle): string {
    try {
      const d = this.ctx.dump(h) as { name?: string; message?: string } | string;
      if (typeof d === "object" && d !== null) {
        if (d.message !== undefined)
          return `${d.name ?? "Error"}: ${d.message}${(d as { stack?: string }).stack ? ` (${(d as { stack?: string }).stack!.split("\n")[0].trim()})` : ""}`;
        return JSON.stringify(d);
      }
      return String(d);
    } catch {
      return "unknown error";
    }
  }

  dispatch(fnName: string, arg: Uint8Array, gas: number, limit: number, epoch = 0): DispatchResult {
    const ctx = this.ctx;
    let name = this.names.get(fnName);
    if (name === undefined) {
      name = ctx.newString(fnName);
      this.names.set(fnName, name);
    }
    // One buffer: f64 gas ‖ f64 limit ‖ f64 state epoch ‖ argument (fewer handles per call).
    const packed = new Uint8Array(24 + arg.length);
    const head = new DataView(packed.buffer);
    head.setFloat64(0, gas, true);
    head.setFloat64(8, limit, true);
    head.setFloat64(16, epoch, true);
    packed.set(arg, 24);
    const argH = ctx.newArrayBuffer(packed.buffer);
    let r;
    try {
      r = ctx.callFunction(this.dispatchFn, ctx.undefined, name, argH);
    } catch (e) {
      // The host stack overflowed (or the engine aborted) inside the WASM module: this runtime's
      // internal state can no longer be trusted, so it is abandoned (never disposed, which could
      // assert) and the frame fails.
      this.broken = true;
      return {
        kind: "trap",
        message: e instanceof RangeError ? "stack overflow" : `engine failure: ${String(e)}`,
      };
    }
    argH.dispose();
    if (r.error) {
      const message = this.describe(r.error);
      r.error.dispose();
      return { kind: "trap", message };
    }
    const h = r.value;
    try {
      if (ctx.typeof(h) === "string") {
        const s = ctx.getString(h);
        const bar = s.indexOf("|");
        return { kind: "panic", gas: Number(s.slice(0, bar)), message: s.slice(bar + 1) };
      }
      // f64 gas ‖ u32 return length ‖ return ‖ pending state writes.
      const out = readBytes(ctx, h);
      const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
      const len = dv.getUint32(8, true);
      return {
        kind: "ok",
        gas: dv.getFloat64(0, true),
        data: out.subarray(12, 12 + len),
        writes: out.length > 12 + len ? out.subarray(12 + len) : null,
      };
    } finally {
      h.dispose();
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.broken) return;
    for (const h of this.names.values()) h.dispose();
    this.dispatchFn.dispose();
    this.ctx.dispose();
    this.rt.dispose();
  }
}

/** Copies an ArrayBuffer out of the sandbox (and frees the copy quickjs-emscripten made). */
function readBytes(ctx: QuickJSContext, h: QuickJSHandle): Uint8Array {
  let lt;
  try {
    lt = ctx.getArrayBuffer(h);
  } catch (e) {
    // quickjs-emscripten cannot "allocate" a copy of an empty buffer.
    const len = ctx.getProp(h, "byteLength");
    const n = ctx.getNumber(len);
    len.dispose();
    if (n === 0) return new Uint8Array(0);
    throw e;
  }
  try {
    return lt.value.slice();
  } finally {
    lt.dispose();
  }
}

/** An ArrayBuffer holding exactly `b`'s bytes (a Buffer's `slice` shares its pool, so copy). */
function ownBuffer(b: Uint8Array): ArrayBuffer {
  if (
    b.byteOffset === 0 &&
    b.byteLength === b.buffer.byteLength &&
    b.buffer instanceof ArrayBuffer
  ) {
    return b.buffer;
  }
  return new Uint8Array(b).buffer;
}
