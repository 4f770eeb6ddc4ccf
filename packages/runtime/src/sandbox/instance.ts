import type { QuickJSContext, QuickJSHandle, QuickJSRuntime } from "quickjs-emscripten";
import { FRAME_ABI, FRAME_LAYOUT, type CallCode } from "@shortcrust/sdk";
import { ArtifactError, RuntimeError } from "../errors";
import {
  INTERPRETER_ENTRY_STACK,
  INTERPRETER_STACK_BUDGET,
  MEMORY_LIMIT_BYTES,
  STACK_LIMIT_BYTES,
} from "../session/limits";
import {
  enterCallOut,
  HostStackOverflow,
  isHostStackOverflow,
  leaveCallOut,
  stackAtEntry,
} from "../wasm/meter/call-stack";
import { GUEST_HOST_FUNCTIONS, type GuestHost } from "./host-bridge";
import { wrapContract } from "./prelude";
import { RegexRefusal, regexShape } from "@shortcrust/artifact";
import type { Interpreter } from "./quickjs";
import { ENGINE_OPS_PER_GAS, frameGasLeft } from "../session/gas";
import { LIMITS } from "./guest-constants";
import { OUT_OF_GAS, STACK_EXHAUSTED } from "../wasm/meter/instrument";

/** What the host offers a contract's sandbox; the session implements it per contract instance. */
export interface HostHooks {
  /** The instance's gas ran out: mark the running frame OutOfGas (host-side, uncatchable). */
  oog(): void;
  sget(key: Uint8Array): Uint8Array | undefined;
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
  /** A debug line (piecrust's `hdebug`), already charged. */
  debug(message: string): void;
  /**
   * An inter-contract call; `charged` is what the caller pays (callee spent, or its whole limit).
   * `askedLimit` is floor(the limit the contract asked for), or -1 when it asked for none (or
   * for a limit that is not a positive number below 2^53); `writes` are the caller's pending
   * state writes, to apply before the callee runs.
   */
  call(
    id: Uint8Array,
    fnName: string,
    arg: Uint8Array,
    askedLimit: number,
    gasNow: number,
    writes: StateWrite[] | null,
  ): {
    code: CallCode;
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

/** A state write a frame sends back: the key and the value (null deletes). */
export type StateWrite = readonly [key: Uint8Array, value: Uint8Array | null];

export type DispatchResult =
  | { kind: "ok"; data: Uint8Array; gas: number; writes: StateWrite[] | null }
  /** `stack`: the thrown Error's QuickJS stack (`at fn (label.js:line:column)`), or "". */
  | { kind: "panic"; message: string; gas: number; stack: string }
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
  private readonly panicFn: QuickJSHandle;
  private readonly stackFn: QuickJSHandle;
  private readonly names = new Map<string, QuickJSHandle>();
  readonly functions: ReadonlySet<string>;
  /** Wall-clock backstop for the interrupt handler; the session sets it per top-level call. */
  deadline = Number.POSITIVE_INFINITY;
  private disposed = false;
  /** Set when the engine failed mid-call; such a runtime is leaked, not disposed. */
  broken = false;
  /** The context's FFI, for the per-call path (see `RawContext`). */
  private readonly raw: RawContext;
  /** Two argument slots in the WASM heap, reused by every dispatch. */
  private readonly argv: number;
  /**
   * The frame buffer (`FRAME_LAYOUT.BUFFER_*`): its bytes' address in the WASM heap, its size,
   * and the ArrayBuffer value the sandbox holds (made before the snapshot, so it is part of it).
   */
  private readonly framePtr: number;
  private readonly frameRoom = LIMITS.FRAME_BUFFER_BYTES - FRAME_LAYOUT.BUFFER_DATA_AT;
  private readonly frameValue: QuickJSHandle;
  private readonly undefinedPtr: number;
  private readonly ctxPtr: number;
  /** The host functions this sandbox's guest received, in order (`GuestHost`'s, checked). */
  readonly hostFunctions: readonly (keyof GuestHost)[];

  /** Engine operators the last frame's dispatch ran (children's charges included; bench, docs). */
  lastEngineOps = 0;

  /** Non-re-entrant frames start from the post-load heap; re-entrant ones share the outer's. */
  private depth = 0;
  /** The host hooks of the frame that holds this instance (the session binds them per frame). */
  private hooks: HostHooks;
  private readonly interp: Interpreter;

  constructor(interp: Interpreter, code: string, hooks: HostHooks, label: string) {
    this.interp = interp;
    this.hooks = hooks;
    const module = interp.quickjs;
    // Loading is not a frame: it runs on unlimited engine fuel (the schedule still applies).
    interp.fuel.value = IDLE_FUEL;
    interp.stack.value = INTERPRETER_STACK_BUDGET;
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
      this.raw = rawContext(this.ctx);
    } catch (e) {
      this.ctx.dispose();
      this.rt.dispose();
      throw e;
    }
    this.undefinedPtr = this.ctx.undefined.value as unknown as number;
    this.ctxPtr = this.raw.ctx.value;
    this.argv = this.raw.module._malloc(8);
    let frameValue: QuickJSHandle | undefined;
    try {
      this.deadline = Date.now() + 20_000;
      const installed: (keyof GuestHost)[] = [];
      this.hostFunctions = installed;
      const exportsHandle = this.load(code, label, installed);
      this.deadline = Number.POSITIVE_INFINITY;
      this.dispatchFn = this.ctx.getProp(exportsHandle, "dispatch");
      this.panicFn = this.ctx.getProp(exportsHandle, "panic");
      this.stackFn = this.ctx.getProp(exportsHandle, "stack");
      // The frame buffer, made once the contract has loaded (the heap it was laid out in is
      // then the same with or without it); the ArrayBuffer takes the block over.
      this.framePtr = this.raw.module._malloc(LIMITS.FRAME_BUFFER_BYTES);
      if (this.framePtr === 0) throw new ArtifactError(`${label}: no memory for the frame buffer`);
      frameValue = this.raw.memory.heapValueHandle(
        this.raw.ffi.QTS_NewArrayBuffer(this.ctxPtr, this.framePtr, LIMITS.FRAME_BUFFER_BYTES),
      );
      const attach = this.ctx.getProp(exportsHandle, "attach");
      const attached = this.ctx.callFunction(attach, this.ctx.undefined, frameValue);
      attach.dispose();
      if (attached.error) {
        const msg = this.describe(attached.error);
        attached.error.dispose();
        throw new ArtifactError(`${label}: the sandbox refused its frame buffer: ${msg}`);
      }
      attached.value.dispose();
      this.frameValue = frameValue;
      const fns = this.ctx.getProp(exportsHandle, "functions");
      const list = this.ctx.getString(fns);
      fns.dispose();
      exportsHandle.dispose();
      this.functions = new Set(list === "" ? [] : list.split(","));
      // Every handle the host keeps exists before the snapshot (handles made later would point
      // into memory the restore takes back).
      for (const f of this.functions) this.names.set(f, this.ctx.newString(f));
      interp.heap.snapshot();
    } catch (e) {
      // Node's stack ran out mid-load: the runtime is torn, and freeing it would trip QuickJS's
      // own assertions (an abort), so it goes to the garbage collector with its WASM instance.
      if (!isHostStackOverflow(e)) {
        this.raw.module._free(this.argv);
        frameValue?.dispose();
        this.ctx.dispose();
        this.rt.dispose();
      }
      throw e;
    }
  }

  private load(code: string, label: string, installed: (keyof GuestHost)[]): QuickJSHandle {
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
    /** Registered host functions by the implementation object quickjs-emscripten holds. */
    const fastFns = new Map<unknown, { fn: (argv: number, argc: number) => number }>();
    const define = (
      name: keyof GuestHost,
      fn: (...args: QuickJSHandle[]) => QuickJSHandle | undefined,
    ) => {
      installed.push(name);
      const impl = (...args: QuickJSHandle[]) => {
        try {
          return fn(...args);
        } catch (e) {
          if (this.interp.oog.value === 0) this.hooks.fault(e);
          throw e;
        }
      };
      const f = ctx.newFunction(name, impl);
      ctx.setProp(host, name, f);
      f.dispose();
      return impl;
    };
    /**
     * A host function on the hot path: `body` gets its arguments decoded (`kinds`: a string, or
     * bytes from an ArrayBuffer or, when the sandbox passed none, the frame buffer's message) and
     * returns bytes (an ArrayBuffer for the sandbox), null or undefined (a buffered reply is
     * written by the body: see `buffered`). It is reached through the raw callback
     * (`fastCallbacks`), with the library's handle-based path as the fallback; both run the
     * same body.
     */
    const defineHot = (
      name: keyof GuestHost,
      kinds: readonly ("bytes" | "string")[],
      body: (...args: (Uint8Array & string)[]) => Uint8Array | null | undefined | void,
    ) => {
      const impl = define(name, (...hs) => {
        const r = body(
          ...(kinds.map((k, i) =>
            k === "bytes"
              ? hs[i] === undefined
                ? this.frameMessage()
                : bytes(hs[i])
              : ctx.getString(hs[i]),
          ) as (Uint8Array & string)[]),
        );
        return r === null || r === undefined ? undefined : ab(r);
      });
      const raw = this.raw;
      fastFns.set(impl, {
        fn: (argv, argc) => {
          try {
            const args = kinds.map((k, i) => {
              if (i >= argc) {
                if (k === "bytes") return this.frameMessage();
                throw new TypeError(`${name}: expected ${kinds.length} arguments`);
              }
              const ptr = raw.ffi.QTS_ArgvGetJSValueConstPointer(argv, i);
              return k === "bytes" ? this.rawBytes(ptr) : this.rawString(ptr);
            }) as (Uint8Array & string)[];
            const r = body(...args);
            return r === null || r === undefined ? 0 : this.rawArrayBuffer(r);
          } catch (e) {
            // The engine trapped below this callback (out of fuel or stack): the C code it
            // returns to traps again at its next function entry.
            if (this.interp.oog.value !== 0) return 0;
            this.hooks.fault(e);
            const err =
              e instanceof Error
                ? ctx.newError({ name: e.name, message: e.message })
                : ctx.newError(String(e));
            try {
              return raw.ffi.QTS_Throw(this.ctxPtr, err.value as unknown as number);
            } finally {
              err.dispose();
            }
          }
        },
      });
      return impl;
    };
    define("oog", () => {
      this.hooks.oog();
      return undefined;
    });
    defineHot("sget", ["bytes"], (k) => this.buffered(this.hooks.sget(k)));
    define("tooBig", (w, n) => {
      this.hooks.tooBig(ctx.getString(w), ctx.getNumber(n));
      return undefined;
    });
    define("eget", (k) => optAb(this.hooks.eget(bytes(k))));
    define("eset", (k, v) => {
      this.hooks.eset(bytes(k), optBytes(v));
      return undefined;
    });
    defineHot("selfId", [], () => this.buffered(this.hooks.selfId()));
    defineHot("caller", [], () => this.buffered(this.hooks.caller() ?? undefined));
    define("callstack", () => {
      const arr = ctx.newArray();
      this.hooks.callstack().forEach((id, i) => {
        const h = ab(id);
        ctx.setProp(arr, i, h);
        h.dispose();
      });
      return arr;
    });
    define("owner", (id) => optAb(this.hooks.owner(optBytes(id) ?? undefined)));
    defineHot("meta", ["string"], (k) => this.buffered(this.hooks.meta(k)));
    defineHot("emit", ["string", "bytes"], (t, d) => this.hooks.emit(t, d));
    define("feed", (d) => {
      this.hooks.feed(bytes(d));
      return undefined;
    });
    defineHot("call", ["string", "bytes"], (fn, b) => {
      // u32 askedLo, askedHi, gasLo, gasHi, idLen, argLen, n, (keyLen, valueLen)×n ‖ id ‖ arg ‖
      // writes (see `pack` in guest/frame.ts).
      const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
      const asked = u64(dv, 4 * FRAME_LAYOUT.CALL_ASKED_WORD);
      const idLen = dv.getUint32(4 * FRAME_LAYOUT.CALL_ID_LEN_WORD, true);
      const argLen = dv.getUint32(4 * FRAME_LAYOUT.CALL_ARG_LEN_WORD, true);
      const n = dv.getUint32(CALL_COUNT_AT, true);
      let p = CALL_COUNT_AT + 4 + 8 * n;
      const id = b.subarray(p, p + idLen);
      p += idLen;
      const arg = b.subarray(p, p + argLen);
      p += argLen;
      // The callee (this instance too, when re-entered) runs on its own fuel; this frame's
      // continues from here less what the call charged it.
      const { fuel, stack } = this.interp;
      const fuel0 = fuel.value as bigint;
      const stack0 = stack.value as number;
      const outerCallOut = enterCallOut(stack0);
      let r;
      try {
        r = this.hooks.call(
          id,
          fn,
          arg,
          asked - 1,
          u64(dv, 4 * FRAME_LAYOUT.CALL_GAS_WORD),
          n === 0 ? null : readWrites(b, dv, CALL_COUNT_AT, p),
        );
      } finally {
        leaveCallOut(outerCallOut);
      }
      fuel.value = fuel0 - BigInt(r.charged) * BigInt(ENGINE_OPS_PER_GAS);
      stack.value = stack0;
      // One buffer back: u32 code, chargedLo, chargedHi, epochLo, epochHi ‖ return bytes or the
      // UTF-8 panic message.
      const payload =
        r.code === FRAME_ABI.CALL_OK
          ? r.data!
          : r.code === FRAME_ABI.CALL_PANIC
            ? Buffer.from(r.message!, "utf8")
            : undefined;
      const size = FRAME_ABI.REPLY_HEADER_BYTES + (payload?.length ?? 0);
      // Into the frame buffer when it fits (written in place), else an ArrayBuffer of its own.
      const inBuffer = size <= this.frameRoom;
      const heap = this.raw.module.HEAPU8;
      const out = inBuffer
        ? heap.subarray(
            this.framePtr + FRAME_LAYOUT.BUFFER_DATA_AT,
            this.framePtr + FRAME_LAYOUT.BUFFER_DATA_AT + size,
          )
        : new Uint8Array(size);
      const odv = new DataView(out.buffer, out.byteOffset, size);
      odv.setUint32(4 * FRAME_LAYOUT.REPLY_CODE_WORD, r.code, true);
      setU64(odv, 4 * FRAME_LAYOUT.REPLY_CHARGED_WORD, r.charged);
      setU64(odv, 4 * FRAME_LAYOUT.REPLY_EPOCH_WORD, r.epoch);
      if (payload !== undefined) out.set(payload, FRAME_ABI.REPLY_HEADER_BYTES);
      if (!inBuffer) return out;
      this.frameLength(size);
      return undefined;
    });
    // A pattern's shape for the exec wrapper's charge: [unbounded, alternatives, anchored], or
    // why it is refused (a string).
    define("reShape", (src, flags) => {
      const sh = regexShape(ctx.getString(src), ctx.getString(flags));
      if (sh instanceof RegexRefusal) return ctx.newString(`${sh.reason} (at ${sh.at})`);
      const arr = ctx.newArray();
      [sh.unbounded, sh.alternatives, sh.anchored ? 1 : 0].forEach((v, i) => {
        const h = ctx.newNumber(v);
        ctx.setProp(arr, i, h);
        h.dispose();
      });
      return arr;
    });
    define("debug", (m) => {
      this.hooks.debug(ctx.getString(m));
      return undefined;
    });
    define("hqPrice", (n, a) => ctx.newNumber(this.hooks.hqPrice(ctx.getString(n), bytes(a))));
    define("hq", (n, a) => ab(this.hooks.hq(ctx.getString(n), bytes(a))));
    if (installed.join() !== GUEST_HOST_FUNCTIONS.join()) {
      wrapper.value.dispose();
      host.dispose();
      throw new RuntimeError("the sandbox host functions differ from the guest bridge", {
        details: `installed ${installed.join(", ")}; GuestHost declares ${GUEST_HOST_FUNCTIONS.join(", ")}`,
        hint: "src/sandbox/host-bridge.ts is the one list: install exactly its functions, in its order",
      });
    }
    this.installFastCallbacks(fastFns);
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

  /** Binds the host hooks of the session frame about to run (a pooled instance moves). */
  bind(hooks: HostHooks): void {
    this.hooks = hooks;
  }

  /** True while a frame of this instance runs (a frame entering it now is a re-entry). */
  get busy(): boolean {
    return this.depth > 0;
  }

  /** The heap (snapshot, restore, dirty pages): for tests and the bench. */
  get heap(): Interpreter["heap"] {
    return this.interp.heap;
  }

  /**
   * One frame. A frame that is not a re-entry leaves the heap at its post-load snapshot when it
   * ends, whatever happened (so module-level state is its load-time value at every frame's
   * start, and a failed frame leaves no trace); a failed re-entrant frame rolls the heap back
   * to its entry. Gas: the schedule's, or the engine's WASM operators / ENGINE_OPS_PER_GAS when
   * more (enforced as the interpreter's fuel: (gas left) × ENGINE_OPS_PER_GAS).
   */
  dispatch(fnName: string, arg: Uint8Array, gas: number, limit: number, epoch = 0): DispatchResult {
    const outer = this.depth === 0;
    // The tree's stack budget (see call-stack.ts), less the host frames between the caller's
    // call-out and this frame's first WASM function; none left fails the frame as a stack overflow.
    const stack = stackAtEntry(INTERPRETER_STACK_BUDGET) - INTERPRETER_ENTRY_STACK;
    if (stack <= 0) return trap("stack overflow");
    const checkpoint = outer ? undefined : this.interp.heap.checkpoint();
    this.interp.stack.value = stack;
    this.depth++;
    let r: DispatchResult | undefined;
    try {
      r = this.run(fnName, arg, gas, limit, epoch);
    } finally {
      this.depth--;
      if (outer) this.interp.heap.restore();
      else if (r?.kind !== "ok") this.interp.heap.rollback(checkpoint!);
    }
    return r;
  }

  private run(fnName: string, arg: Uint8Array, gas: number, limit: number, epoch: number) {
    const ctx = this.ctx;
    const name = this.names.get(fnName);
    if (name === undefined) return trap(`no function '${fnName}'`);
    // The dispatch argument, f64 gas ‖ f64 limit ‖ f64 state epoch ‖ argument, in the frame
    // buffer; one that does not fit is built straight in the WASM heap and handed to
    // QTS_NewArrayBuffer, which takes it over.
    const { ffi, module } = this.raw;
    const ctxPtr = this.ctxPtr;
    const { fuel, oog } = this.interp;
    fuel.value = IDLE_FUEL;
    const H = FRAME_ABI.DISPATCH_HEADER_BYTES;
    const len = H + arg.length;
    const inBuffer = len <= this.frameRoom;
    const bufPtr = inBuffer ? this.framePtr + FRAME_LAYOUT.BUFFER_DATA_AT : module._malloc(len);
    if (bufPtr === 0) return trap("out of memory passing the argument");
    const head = this.heapView();
    head.setFloat64(bufPtr + 8 * FRAME_LAYOUT.DISPATCH_GAS, gas, true);
    head.setFloat64(bufPtr + 8 * FRAME_LAYOUT.DISPATCH_LIMIT, limit, true);
    head.setFloat64(bufPtr + 8 * FRAME_LAYOUT.DISPATCH_EPOCH, epoch, true);
    module.HEAPU8.set(arg, bufPtr + H);
    let argPtr: number;
    if (inBuffer) {
      this.frameLength(len);
      argPtr = this.frameValue.value as unknown as number;
    } else {
      argPtr = ffi.QTS_NewArrayBuffer(ctxPtr, bufPtr, len);
    }
    // Re-read the heap: creating the value may have grown (and so replaced) the WASM memory.
    const argv = this.heapView();
    this.interp.heap.mark(this.argv, 8);
    argv.setInt32(this.argv, name.value, true);
    argv.setInt32(this.argv + 4, argPtr, true);
    const budget = fuelFor(limit);
    fuel.value = budget;
    oog.value = 0;
    let resPtr: number;
    try {
      resPtr = ffi.QTS_Call(ctxPtr, this.dispatchFn.value, this.undefinedPtr, 2, this.argv);
    } catch (e) {
      if (oog.value === OUT_OF_GAS) {
        this.hooks.oog();
        return trap("out of gas (engine)");
      }
      if (oog.value === STACK_EXHAUSTED) return trap("stack overflow");
      // The host stack overflowed (here or in a frame below), or the engine aborted, inside the
      // WASM module: the heap is restored, but the library's JS-side state may not be, so the
      // instance is not reused. A host stack overflow is not this frame's result: the session fails
      // the whole call (call-stack.ts).
      this.broken = true;
      if (isHostStackOverflow(e)) {
        this.hooks.fault(new HostStackOverflow(e));
        return trap("the host's native stack ran out");
      }
      return trap(`engine failure: ${String(e)}`);
    }
    // What the engine spent on this frame, as gas (children's charges included, see `call`).
    this.lastEngineOps = Number(budget - (fuel.value as bigint));
    const engineSpent = Math.ceil(this.lastEngineOps / ENGINE_OPS_PER_GAS);
    fuel.value = IDLE_FUEL;
    if (!inBuffer) ffi.QTS_FreeValuePointer(ctxPtr, argPtr);
    const errPtr = ffi.QTS_ResolveException(ctxPtr, resPtr);
    if (errPtr !== 0) {
      ffi.QTS_FreeValuePointer(ctxPtr, resPtr);
      return trap(this.describeOwned(errPtr));
    }
    // u32 gasLo, gasHi, retLen, n, (keyLen, valueLen)×n ‖ return ‖ writes; n = 0xFFFFFFFF: a
    // panic, whose message the sandbox hands over separately. In the frame buffer, or returned.
    let out: Uint8Array;
    const resultLen = this.frameLengthRead();
    if (resultLen !== FRAME_LAYOUT.BUFFER_ELSEWHERE) {
      ffi.QTS_FreeValuePointer(ctxPtr, resPtr);
      if (resultLen < RESULT_COUNT_AT + 4 || resultLen > this.frameRoom) {
        return trap("the sandbox returned no result");
      }
      out = this.frameMessage(resultLen);
    } else {
      const outLen = ffi.QTS_GetArrayBufferLength(ctxPtr, resPtr);
      const outPtr = outLen >= RESULT_COUNT_AT + 4 ? ffi.QTS_GetArrayBuffer(ctxPtr, resPtr) : 0;
      ffi.QTS_FreeValuePointer(ctxPtr, resPtr);
      if (outPtr === 0) return trap("the sandbox returned no result buffer");
      out = module.HEAPU8.slice(outPtr, outPtr + outLen);
      module._free(outPtr);
    }
    const dv = new DataView(out.buffer);
    const gasLeft = frameGasLeft(u64(dv, 4 * FRAME_LAYOUT.RESULT_GAS_WORD), limit, engineSpent);
    const n = dv.getUint32(RESULT_COUNT_AT, true);
    if (n === FRAME_ABI.PANIC) {
      const m = ctx.callFunction(this.panicFn, ctx.undefined);
      if (m.error) {
        const message = this.describe(m.error);
        m.error.dispose();
        return trap(message);
      }
      const message = ctx.getString(m.value);
      m.value.dispose();
      const st = ctx.callFunction(this.stackFn, ctx.undefined);
      let stack = "";
      if (st.error) st.error.dispose();
      else {
        stack = ctx.getString(st.value);
        st.value.dispose();
      }
      return { kind: "panic", gas: gasLeft, message, stack } as const;
    }
    if (gasLeft < 0) {
      this.hooks.oog();
      return trap("out of gas (engine)");
    }
    const start = RESULT_COUNT_AT + 4 + 8 * n;
    const end = start + dv.getUint32(4 * FRAME_LAYOUT.RESULT_RET_LEN_WORD, true);
    return {
      kind: "ok",
      gas: gasLeft,
      data: out.subarray(start, end),
      writes: n === 0 ? null : readWrites(out, dv, RESULT_COUNT_AT, end),
    } as const;
  }

  /**
   * Routes the sandbox's calls of hot host functions around quickjs-emscripten's generic callback
   * path (a generator, a scope and a lifetime per argument: ≈ 4 µs a call) to raw readers of the
   * argument pointers. Everything else, and every call if the library's internals are not as
   * expected, takes the library's path.
   */
  private installFastCallbacks(
    fast: ReadonlyMap<unknown, { fn: (argv: number, argc: number) => number }>,
  ): void {
    type CallFunction = (
      ctx: number,
      thisPtr: number,
      argc: number,
      argv: number,
      fnId: number,
    ) => number;
    const callbacks = (
      this.rt as unknown as {
        callbacks?: { setContextCallbacks?(ctx: number, cb: { callFunction: CallFunction }): void };
      }
    ).callbacks;
    const ctx = this.ctx as unknown as {
      cToHostCallbacks?: { callFunction?: CallFunction };
      getFunction?(fnId: number): unknown;
    };
    const original = ctx.cToHostCallbacks?.callFunction;
    const getFunction = ctx.getFunction;
    if (
      typeof callbacks?.setContextCallbacks !== "function" ||
      typeof original !== "function" ||
      typeof getFunction !== "function" ||
      typeof this.raw.ffi.QTS_ArgvGetJSValueConstPointer !== "function" ||
      typeof this.raw.ffi.QTS_Throw !== "function"
    ) {
      return;
    }
    callbacks.setContextCallbacks(this.ctxPtr, {
      callFunction: (c, thisPtr, argc, argv, fnId) => {
        const f = fast.get(getFunction.call(ctx, fnId));
        if (f !== undefined && c === this.ctxPtr) return f.fn(argv, argc);
        try {
          return original(c, thisPtr, argc, argv, fnId);
        } catch (e) {
          if (this.interp.oog.value !== 0) return 0; // see the fast path
          throw e;
        }
      },
    });
  }

  /** A DataView over the WASM heap, made again when the memory grew (its buffer was replaced). */
  private heapView(): DataView {
    const buf = this.raw.module.HEAPU8.buffer;
    if (this.view === undefined || this.view.buffer !== buf) this.view = new DataView(buf);
    return this.view;
  }
  private view: DataView | undefined;

  /** The frame buffer's length word. */
  private frameLengthRead(): number {
    return this.heapView().getUint32(this.framePtr + 4 * FRAME_LAYOUT.BUFFER_LEN_WORD, true);
  }

  /** Sets the frame buffer's length word (the host's writes are marked for the heap restore). */
  private frameLength(n: number): void {
    this.heapView().setUint32(this.framePtr + 4 * FRAME_LAYOUT.BUFFER_LEN_WORD, n, true);
    this.interp.heap.mark(
      this.framePtr,
      FRAME_LAYOUT.BUFFER_DATA_AT + (n > this.frameRoom ? 0 : n),
    );
  }

  /** A copy of the frame buffer's message (`n` bytes, or as many as its length word says). */
  private frameMessage(n = this.frameLengthRead()): Uint8Array {
    if (n > this.frameRoom)
      throw new RuntimeError("the frame buffer's length word is out of range");
    const at = this.framePtr + FRAME_LAYOUT.BUFFER_DATA_AT;
    return this.raw.module.HEAPU8.slice(at, at + n);
  }

  /**
   * A buffered reply: `b` into the frame buffer (undefined: length `BUFFER_ABSENT`), or, when it
   * does not fit, `b` itself for an ArrayBuffer of its own.
   */
  private buffered(b: Uint8Array | undefined): Uint8Array | undefined {
    if (b === undefined) {
      this.frameLength(FRAME_LAYOUT.BUFFER_ABSENT);
      return undefined;
    }
    if (b.length > this.frameRoom) return b;
    this.raw.module.HEAPU8.set(b, this.framePtr + FRAME_LAYOUT.BUFFER_DATA_AT);
    this.frameLength(b.length);
    return undefined;
  }

  /** The bytes of an ArrayBuffer argument (copied out of the WASM heap). */
  private rawBytes(ptr: number): Uint8Array {
    const { ffi, module } = this.raw;
    const len = ffi.QTS_GetArrayBufferLength(this.ctxPtr, ptr);
    if (len === 0) return new Uint8Array(0);
    const p = ffi.QTS_GetArrayBuffer(this.ctxPtr, ptr);
    if (p === 0) throw new Error("could not read an ArrayBuffer argument");
    const out = module.HEAPU8.slice(p, p + len);
    module._free(p);
    return out;
  }

  private rawString(ptr: number): string {
    const { ffi, module } = this.raw;
    const p = ffi.QTS_GetString(this.ctxPtr, ptr);
    const s = module.UTF8ToString(p);
    ffi.QTS_FreeCString(this.ctxPtr, p);
    return s;
  }

  /** A new ArrayBuffer value holding `b`, as a pointer the caller hands over. */
  private rawArrayBuffer(b: Uint8Array): number {
    const { ffi, module } = this.raw;
    const p = module._malloc(b.length);
    module.HEAPU8.set(b, p);
    return ffi.QTS_NewArrayBuffer(this.ctxPtr, p, b.length);
  }

  /** Describes (and frees) an exception value the host owns a pointer to. */
  private describeOwned(ptr: number): string {
    const h = this.raw.memory.heapValueHandle(ptr);
    try {
      return this.describe(h);
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
    this.panicFn.dispose();
    this.stackFn.dispose();
    this.raw.module._free(this.argv);
    this.frameValue.dispose();
    this.ctx.dispose();
    this.rt.dispose();
  }
}

/**
 * What quickjs-emscripten's QuickJSContext keeps internally (present in 0.32; the type only says
 * which parts the per-call path uses). Its public `callFunction`, `newArrayBuffer` and
 * `getArrayBuffer` wrap every value in lifetimes and copy argument arrays, which cost about 1.5 µs
 * of the ≈ 2.2 µs a minimal round trip takes; a dispatch makes the same FFI calls directly.
 */
interface RawContext {
  readonly ctx: { readonly value: number };
  readonly module: {
    _malloc(n: number): number;
    _free(p: number): void;
    HEAPU8: Uint8Array;
    UTF8ToString(p: number): string;
  };
  readonly ffi: {
    QTS_ArgvGetJSValueConstPointer(argv: number, i: number): number;
    QTS_GetString(ctx: number, value: number): number;
    QTS_FreeCString(ctx: number, p: number): void;
    QTS_Throw(ctx: number, error: number): number;
    QTS_NewArrayBuffer(ctx: number, buf: number, len: number): number;
    QTS_Call(ctx: number, fn: number, thisVal: number, argc: number, argv: number): number;
    QTS_ResolveException(ctx: number, value: number): number;
    QTS_FreeValuePointer(ctx: number, value: number): void;
    QTS_GetArrayBufferLength(ctx: number, value: number): number;
    QTS_GetArrayBuffer(ctx: number, value: number): number;
  };
  readonly memory: { heapValueHandle(ptr: number): QuickJSHandle };
}

/** The context's internals, checked: a quickjs-emscripten whose internals moved fails loudly. */
function rawContext(ctx: QuickJSContext): RawContext {
  const raw = ctx as unknown as Partial<RawContext>;
  const fns = [
    "QTS_NewArrayBuffer",
    "QTS_Call",
    "QTS_ResolveException",
    "QTS_FreeValuePointer",
    "QTS_GetArrayBufferLength",
    "QTS_GetArrayBuffer",
  ] as const;
  if (
    typeof raw.ctx?.value !== "number" ||
    typeof raw.module?._malloc !== "function" ||
    typeof raw.module._free !== "function" ||
    !(raw.module.HEAPU8 instanceof Uint8Array) ||
    typeof raw.memory?.heapValueHandle !== "function" ||
    fns.some((f) => typeof raw.ffi?.[f] !== "function")
  ) {
    throw new RuntimeError("this quickjs-emscripten does not have the internals the sandbox uses", {
      hint: "the runtime is written against quickjs-emscripten 0.32.0 (see RawContext in src/sandbox/instance.ts)",
    });
  }
  return raw as RawContext;
}

function trap(message: string): DispatchResult {
  return { kind: "trap", message };
}

/** A frame's engine fuel for its limit (clamped to the i64 global); the last one is kept. */
function fuelFor(limit: number): bigint {
  if (limit === lastLimit) return lastFuel;
  const f = BigInt(Math.max(0, Math.floor(limit))) * BigInt(ENGINE_OPS_PER_GAS);
  lastFuel = f > MAX_FUEL ? MAX_FUEL : f;
  lastLimit = limit;
  return lastFuel;
}
const MAX_FUEL = 2n ** 62n;
let lastLimit = -1;
let lastFuel = 0n;
/** The fuel between frames (loading, host-side allocations): not a frame's limit. */
const IDLE_FUEL = BigInt(Number.MAX_SAFE_INTEGER);

/** Byte offsets of the write counts in a dispatch result and a call out (see FRAME_ABI). */
const RESULT_COUNT_AT = 4 * FRAME_ABI.RESULT_HEADER_WORDS;
const CALL_COUNT_AT = 4 * FRAME_ABI.CALL_HEADER_WORDS;
const TWO_32 = 2 ** 32;

function u64(dv: DataView, at: number): number {
  return dv.getUint32(at, true) + dv.getUint32(at + 4, true) * TWO_32;
}

function setU64(dv: DataView, at: number, v: number): void {
  const lo = v % TWO_32;
  dv.setUint32(at, lo, true);
  dv.setUint32(at + 4, (v - lo) / TWO_32, true);
}

/**
 * The pending writes in `b` (see `pack` in guest/frame.ts): the count at byte `countAt`, then
 * (keyLen, valueLen) pairs; the bytes start at `p`. Subarrays of `b`, which the caller owns.
 */
function readWrites(b: Uint8Array, dv: DataView, countAt: number, p: number): StateWrite[] {
  const n = dv.getUint32(countAt, true);
  const out = new Array<StateWrite>(n);
  for (let i = 0; i < n; i++) {
    const kl = dv.getUint32(countAt + 4 + 8 * i, true);
    const vl = dv.getUint32(countAt + 8 + 8 * i, true);
    const key = b.subarray(p, p + kl);
    p += kl;
    if (vl === FRAME_ABI.DELETED) out[i] = [key, null];
    else {
      out[i] = [key, b.subarray(p, p + vl)];
      p += vl;
    }
  }
  return out;
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
