import { OutOfGasError, type RuntimeError } from "../errors";
import { GAS } from "../session/gas";
import type { StateWrite } from "../sandbox/instance";
import type { EngineHooks, EngineInstance, EngineResult, MemoryState } from "../session/engine";
import {
  ARGBUF_LEN,
  CALL_DOES_NOT_EXIST,
  CALL_OUT_OF_GAS,
  CALL_PANIC,
  CALL_UNKNOWN,
  EVENT_BYTE_GAS,
  PAGE_SIZE,
} from "./abi";
import { globalExport, MEMORY_IMPORT, type CompiledContract } from "./compile";
import { WasmTrapError } from "./errors";
import {
  GAS_EXPORT,
  OOG_EXPORT,
  OUT_OF_GAS,
  STACK_EXHAUSTED,
  STACK_EXPORT,
} from "./meter/instrument";
import {
  enterCallOut,
  HostStackOverflow,
  isHostStackOverflow,
  leaveCallOut,
  stackAtEntry,
} from "./meter/call-stack";
import { STACK_BUDGET } from "./meter/costs";
import { LENGTH_KEY, pageKey, readLength } from "./pages";

/** Thrown by the `panic` import through the contract's frames. */
class PanicSignal {
  constructor(readonly message: string) {}
}

/** The image token: restore to what the state holds. */
const IMAGE = Symbol("image");
interface Copy {
  readonly bytes: Uint8Array;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });
const utf8Lossy = new TextDecoder("utf-8");
const ZERO_PAGE = Buffer.alloc(PAGE_SIZE);

/**
 * A piecrust-ABI contract in one session: one WebAssembly instance over a host-owned memory that
 * is the contract's state (loaded from its page records, journaled per frame, written back as
 * changed pages after each successful top-level call).
 */
export class WasmInstance implements EngineInstance, MemoryState {
  readonly functions: ReadonlySet<string>;
  deadline = Number.POSITIVE_INFINITY;
  readonly memory: MemoryState = this;
  private mem: WebAssembly.Memory;
  private fns = new Map<string, (n: number) => number>();
  private gas!: WebAssembly.Global;
  private oog!: WebAssembly.Global;
  private stack!: WebAssembly.Global;
  private globals: [WebAssembly.Global, unknown][] = [];
  /** The memory as the state holds it (what `settle` diffs against). */
  private image: Uint8Array;
  /** Pages in the state's length record; -1 while the memory is new. */
  private imagePages: number;
  private dirty: boolean;
  /** Frames of this contract on the call stack (re-entrancy shares the instance). */
  private running = 0;
  private frameLimit = 0;
  private readonly argbuf: number;
  private readonly imports: WebAssembly.Imports;

  constructor(
    private readonly compiled: CompiledContract,
    private readonly hooks: EngineHooks,
    private readonly label: string,
    load: (key: Uint8Array) => Uint8Array | undefined,
  ) {
    const shape = compiled.shape;
    this.functions = shape.functions;
    this.argbuf = shape.argbuf;
    const stored = readLength(load(LENGTH_KEY));
    const pages = stored ?? shape.initialPages;
    this.mem = this.newMemory(pages);
    const view = new Uint8Array(this.mem.buffer);
    if (stored === undefined) {
      for (const seg of shape.data) view.set(seg.bytes, seg.offset);
      this.image = new Uint8Array(pages * PAGE_SIZE);
      this.imagePages = -1;
      this.dirty = true;
    } else {
      for (let p = 0; p < pages; p++) {
        const page = load(pageKey(p));
        if (page !== undefined) view.set(page, p * PAGE_SIZE);
      }
      this.image = view.slice();
      this.imagePages = pages;
      this.dirty = false;
    }
    this.imports = { env: this.envImports(), [MEMORY_IMPORT.module]: {} };
    this.instantiate();
  }

  frameCost(): number {
    return 0; // piecrust charges a frame only for the operators it runs
  }

  private newMemory(pages: number): WebAssembly.Memory {
    return new WebAssembly.Memory({ initial: pages, maximum: this.compiled.shape.maxPages });
  }

  private instantiate(): void {
    (this.imports[MEMORY_IMPORT.module] as Record<string, unknown>)[MEMORY_IMPORT.name] = this.mem;
    const inst = new WebAssembly.Instance(this.compiled.module, this.imports);
    const ex = inst.exports;
    this.fns = new Map();
    for (const name of this.functions) this.fns.set(name, ex[name] as (n: number) => number);
    this.gas = ex[GAS_EXPORT] as WebAssembly.Global;
    this.oog = ex[OOG_EXPORT] as WebAssembly.Global;
    this.stack = ex[STACK_EXPORT] as WebAssembly.Global;
    this.globals = this.compiled.shape.mutableGlobals.map((i) => {
      const g = ex[globalExport(i)] as WebAssembly.Global;
      return [g, g.value];
    });
  }

  dispatch(fnName: string, arg: Uint8Array, gas: number, limit: number): EngineResult {
    if (this.running === 0) {
      if (this.compiled.shape.needsFreshInstance) this.instantiate();
      else for (const [g, v] of this.globals) g.value = v;
    }
    const fn = this.fns.get(fnName)!;
    this.gas.value = BigInt(gas);
    this.oog.value = 0;
    this.stack.value = stackAtEntry(STACK_BUDGET);
    this.frameLimit = limit;
    new Uint8Array(this.mem.buffer).set(arg, this.argbuf);
    this.running++;
    this.dirty = true;
    let len: number;
    try {
      len = fn(arg.length) >>> 0;
    } catch (e) {
      return this.failure(e, fnName, limit);
    } finally {
      this.running--;
    }
    const left = Math.max(0, Number(this.gas.value));
    if (len > ARGBUF_LEN) {
      return this.error(
        new WasmTrapError(`returned length ${len} exceeds the argument buffer`, this.where(fnName)),
      );
    }
    const data = new Uint8Array(this.mem.buffer, this.argbuf, len).slice();
    return { kind: "ok", data, gas: left, writes: null };
  }

  private where(fnName: string): string {
    return `${fnName} of ${this.label}`;
  }

  private error(error: RuntimeError): EngineResult {
    return { kind: "error", error };
  }

  private failure(e: unknown, fnName: string, limit: number): EngineResult {
    // Node's stack ran out (the budget's model fell short): not this frame's result; the session
    // fails the whole call (call-stack.ts).
    if (isHostStackOverflow(e)) {
      this.hooks.fault(new HostStackOverflow(e));
      return { kind: "trap", message: "the host's native stack ran out" };
    }
    // No sandbox stack: a WASM panic has no source positions to map.
    if (e instanceof PanicSignal) return { kind: "panic", message: e.message, gas: 0, stack: "" };
    if (this.oog.value === OUT_OF_GAS) {
      return this.error(new OutOfGasError(this.where(fnName), BigInt(limit)));
    }
    if (this.oog.value === STACK_EXHAUSTED) {
      return this.error(new WasmTrapError("call stack exhausted", this.where(fnName)));
    }
    if (e instanceof WebAssembly.RuntimeError)
      return this.error(new WasmTrapError(e.message, this.where(fnName)));
    if (e instanceof RangeError)
      return this.error(new WasmTrapError("call stack exhausted", this.where(fnName)));
    // A host hook failed: it recorded the typed fault on the frame.
    return { kind: "trap", message: e instanceof Error ? e.message : String(e) };
  }

  // --- memory as state ------------------------------------------------------------------------

  snapshot(): unknown {
    if (!this.dirty) return IMAGE;
    return { bytes: new Uint8Array(this.mem.buffer).slice() } satisfies Copy;
  }

  restore(token: unknown): void {
    const target = token === IMAGE ? this.image : (token as Copy).bytes;
    const size = this.mem.buffer.byteLength;
    if (size > target.length && this.running === 0) {
      // Memory cannot shrink: a new one of the old length, and an instance over it.
      this.mem = this.newMemory(target.length / PAGE_SIZE);
      new Uint8Array(this.mem.buffer).set(target);
      this.instantiate();
    } else {
      const view = new Uint8Array(this.mem.buffer);
      view.set(target);
      // A contract still running further up the stack keeps the larger length (zeroed).
      if (size > target.length) view.fill(0, target.length);
    }
    if (token === IMAGE && this.imagePages >= 0) this.dirty = false;
  }

  settle(): StateWrite[] | null {
    if (!this.dirty) return null;
    const buf = this.mem.buffer;
    const pages = buf.byteLength / PAGE_SIZE;
    if (this.image.length < buf.byteLength) {
      const grown = new Uint8Array(buf.byteLength);
      grown.set(this.image);
      this.image = grown;
    }
    const writes: StateWrite[] = [];
    const img = Buffer.from(this.image.buffer, this.image.byteOffset, this.image.byteLength);
    for (let p = 0; p < pages; p++) {
      const at = p * PAGE_SIZE;
      const now = Buffer.from(buf, at, PAGE_SIZE);
      if (now.equals(img.subarray(at, at + PAGE_SIZE))) continue;
      img.set(now, at);
      // A view: the state copies what it keeps.
      writes.push([pageKey(p), now.equals(ZERO_PAGE) ? null : new Uint8Array(buf, at, PAGE_SIZE)]);
    }
    if (pages !== this.imagePages) {
      const len = new Uint8Array(4);
      new DataView(len.buffer).setUint32(0, pages, true);
      writes.push([LENGTH_KEY, len]);
      this.imagePages = pages;
    }
    this.dirty = false;
    return writes.length === 0 ? null : writes;
  }

  dispose(): void {
    this.fns.clear();
  }

  // --- imports --------------------------------------------------------------------------------

  private trap(msg: string): never {
    const err = new WasmTrapError(msg, this.label);
    this.hooks.fault(err);
    throw err;
  }

  private view(ptr: number, len: number, what: string): Uint8Array {
    const p = ptr >>> 0;
    const n = len >>> 0;
    const size = this.mem.buffer.byteLength;
    if (p + n > size)
      this.trap(`${what}: bytes ${p}..${p + n} are outside the memory (${size} bytes)`);
    return new Uint8Array(this.mem.buffer, p, n);
  }

  private argbufCopy(len: number, what: string): Uint8Array {
    if (len >>> 0 > ARGBUF_LEN)
      this.trap(`${what}: length ${len >>> 0} exceeds the argument buffer`);
    return this.view(this.argbuf, len, what).slice();
  }

  private put(bytes: Uint8Array, what: string): number {
    if (bytes.length > ARGBUF_LEN)
      this.trap(`${what}: ${bytes.length} bytes do not fit the argument buffer`);
    new Uint8Array(this.mem.buffer).set(bytes, this.argbuf);
    return bytes.length;
  }

  private text(bytes: Uint8Array, what: string): string {
    try {
      return utf8.decode(bytes);
    } catch {
      return this.trap(`${what} is not valid UTF-8`);
    }
  }

  /** Host-side work priced in gas: out of gas when it costs more than remains. */
  private charge(cost: number, what: string): void {
    const left = Number(this.gas.value) - cost;
    if (left < 0) {
      this.gas.value = 0n;
      const err = new OutOfGasError(`${what} in ${this.label}`, BigInt(this.frameLimit));
      this.hooks.fault(err);
      throw err;
    }
    this.gas.value = BigInt(left);
  }

  private envImports(): Record<string, (...args: never[]) => unknown> {
    const hooks = this.hooks;
    return {
      c: (idPtr: number, namePtr: number, nameLen: number, argLen: number, gasLimit: bigint) => {
        const id = this.view(idPtr, 32, "c: callee id").slice();
        const name = this.text(this.view(namePtr, nameLen, "c: function name"), "c: function name");
        const arg = this.argbufCopy(argLen, "c: argument");
        const remaining = Math.max(0, Number(this.gas.value));
        const asked = BigInt.asUintN(64, gasLimit);
        const askedLimit = asked === 0n || asked >= BigInt(remaining) ? -1 : Number(asked);
        const limit = this.frameLimit;
        const stack = this.stack.value as number;
        const outer = enterCallOut(stack);
        let r;
        try {
          r = hooks.call(id, name, arg, askedLimit, remaining, null);
        } finally {
          leaveCallOut(outer);
        }
        this.frameLimit = limit;
        this.stack.value = stack;
        this.oog.value = 0;
        this.gas.value = BigInt(remaining - r.charged);
        switch (r.code) {
          case 0:
            return this.put(r.data!, "c: the callee's return");
          case 1: {
            let msg = Buffer.from(r.message!, "utf8");
            if (msg.length > ARGBUF_LEN - 4) msg = Buffer.from("PANIC INFO TOO LONG");
            const out = new Uint8Array(4 + msg.length);
            new DataView(out.buffer).setUint32(0, msg.length, true);
            out.set(msg, 4);
            this.put(out, "c: panic message");
            return CALL_PANIC;
          }
          case 2:
            return CALL_OUT_OF_GAS;
          case 3:
            return CALL_DOES_NOT_EXIST;
          default:
            return CALL_UNKNOWN;
        }
      },
      hq: (namePtr: number, nameLen: number, argLen: number) => {
        const name = this.text(this.view(namePtr, nameLen, "hq: query name"), "hq: query name");
        const arg = this.argbufCopy(argLen, "hq: argument");
        this.charge(hooks.hqPrice(name, arg), `host query ${name}`);
        return this.put(hooks.hq(name, arg), `hq: result of ${name}`);
      },
      hd: (namePtr: number, nameLen: number) => {
        const name = this.text(this.view(namePtr, nameLen, "hd: key"), "hd: key");
        const v = hooks.meta(name);
        return v === undefined ? 0 : this.put(v, `hd: metadata ${name}`);
      },
      emit: (topicPtr: number, topicLen: number, argLen: number) => {
        const topic = this.text(this.view(topicPtr, topicLen, "emit: topic"), "emit: topic");
        const data = this.argbufCopy(argLen, "emit: data");
        this.charge(EVENT_BYTE_GAS * ((topicLen >>> 0) + data.length), "emit");
        hooks.emit(topic, data);
      },
      feed: (argLen: number) => {
        hooks.feed(this.argbufCopy(argLen, "feed"));
      },
      caller: () => {
        const c = hooks.caller();
        if (c === null) return 0;
        this.put(c, "caller");
        return 1;
      },
      callstack: () => {
        const ids = hooks.callstack();
        const out = new Uint8Array(32 * ids.length);
        ids.forEach((id, i) => out.set(id, 32 * i));
        this.put(out, "callstack");
        return ids.length;
      },
      limit: () => BigInt(this.frameLimit),
      spent: () => BigInt(this.frameLimit - Number(this.gas.value)),
      owner: (idPtr: number) => {
        const id = idPtr === 0 ? undefined : this.view(idPtr, 32, "owner: contract id").slice();
        const o = hooks.owner(id);
        return o === null ? 0 : this.put(o, "owner");
      },
      self_id: () => {
        this.put(hooks.selfId(), "self_id");
      },
      panic: (msgLen: number) => {
        throw new PanicSignal(this.text(this.argbufCopy(msgLen, "panic"), "panic message"));
      },
      hdebug: (msgLen: number) => {
        const line = utf8Lossy.decode(this.argbufCopy(msgLen, "hdebug"));
        this.charge(GAS.DEBUG_BASE + GAS.DEBUG_CHAR * line.length, "hdebug");
        hooks.debug(line);
      },
    };
  }
}
