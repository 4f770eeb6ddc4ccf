import type { ContractEntry, SandboxBridge } from "@shortcrust/sdk";
import {
  AB,
  apply,
  defineProperty,
  descriptor,
  F64,
  fromCharCode,
  taLength,
  TE,
  u8Set,
  u8Slice,
  U32,
  U8,
} from "./intrinsics";
import { gasLeft, oog, outOfGas, setGas } from "./gas";
import { utf8Decode } from "./utf8";

/**
 * A sandbox's frames: entering and leaving them (`dispatch`), the record cache, the running
 * frame's pending state writes, and the bridge functions that touch them (state, calls out,
 * the gas limit). Everything here is on the hot path of every call (every operation costs
 * hundreds of nanoseconds in QuickJS-in-WASM), so it is written for few operations: typed-array
 * headers instead of DataViews, one native call to turn a key into a string, entries shared
 * between the record cache and the frame's pending writes, no Map or iterator per frame, and
 * the frame's variables as module-level bindings (closure variables, the cheapest access).
 *
 * The layouts are `FRAME_ABI`'s (`@shortcrust/sdk`): the dispatch argument `f64 gas ‖ f64 limit
 * ‖ f64 state epoch ‖ argument bytes`; the dispatch result (see `pack`) u32 words `gasLo, gasHi,
 * retLen, n, (keyLen, valueLen)×n` then the return bytes, then `(key ‖ value)×n` (`DELETED`
 * deletes); a throw returns the header with n = `PANIC` and leaves the message for `panic()`.
 */

/**
 * A cached record: `[key string, key bytes, value bytes or null, frame token]` (the token says
 * which frame's pending-write list holds it).
 */
type Entry = [ks: string, key: Uint8Array, value: Uint8Array | null, token: number];

/** A genuine Uint8Array's bytes as a string, one char per byte (the record cache's keys). */
function keyString(k: Uint8Array): string {
  const n = k.length;
  const chunk = LIMITS.KEY_CHUNK;
  if (n <= chunk) return apply(fromCharCode, null, k as unknown as number[]);
  let s = "";
  for (let i = 0; i < n; i += chunk) {
    const part = new U8(k.buffer, k.byteOffset + i, n - i < chunk ? n - i : chunk);
    s += apply(fromCharCode, null, part as unknown as number[]);
  }
  return s;
}

/** The gas limit of the running frame (the contract reads it as `limit()`). */
let limit = 0;
/** What the contract's code registered (`registerContract`), once. */
let entry: { dispatch: ContractEntry["dispatch"]; functions: string[] } | null = null;
/**
 * Records this contract wrote, as the host has them once pending writes are applied: key string
 * → entry (a read is not cached: see `fetch`). Only this contract writes its records, so the
 * cache stays right until the host rolls something back; the host then bumps its epoch, which
 * the sandbox checks on every entry and after every call out. Gas never depends on a hit or a
 * miss. Entries are private copies (made with `new Uint8Array`, which no species or proxy can
 * intercept); a read returns a fresh copy.
 */
const cache = new Map<string, Entry>();
let epoch = -1;
let cacheBytes = 0;
/**
 * The running frame's pending writes: cache entries in write order, each once (an entry's token
 * says which frame list holds it). Sent to the host when the frame returns or calls out.
 */
let wl: Entry[] | null = null;
let tok = 0;
let tokN = 0;
/**
 * The running frame's state view (generated glue: `[flush, invalidate]`), or null. A call out
 * flushes it first (so the callee, this contract re-entered included, sees the frame's writes),
 * and invalidates it afterwards if this contract was entered meanwhile (so the frame sees the
 * re-entrant frame's writes): piecrust's one shared memory, over records.
 */
let view: [flush: () => void, invalidate: () => void] | null = null;
/** Frames entered in this sandbox so far (a call out compares it to see a re-entry). */
let entries = 0;

function reset(): void {
  cache.clear();
  cacheBytes = 0;
  // Pending writes stay cached: the host does not have them yet.
  const w = wl;
  if (w !== null) for (let i = 0; i < w.length; i++) cache.set(w[i][0], w[i]);
}

function sync(e: number): void {
  epoch = e;
  reset();
}

/**
 * A record the cache does not hold, from the host: fresh bytes (the caller's to keep), or null.
 * Not cached: most frames read a record once (generated glue decodes it once per frame), and a
 * cache entry would cost a second copy of the value on every first read; a write caches it.
 */
function fetch(k: Uint8Array): Uint8Array | null {
  if (k.length > room) return received(__sc_host.sget(k.buffer as ArrayBuffer));
  fu8.set(k, FRAME_LAYOUT.BUFFER_DATA_AT);
  return fetchBuffered(k.length);
}

/** `fetch` of a key of `n` bytes already at the start of the frame buffer's data. */
function fetchBuffered(n: number): Uint8Array | null {
  // `received` inlined (this runs on every first read of a record in a frame).
  fu32[FRAME_LAYOUT.BUFFER_LEN_WORD] = n;
  const r = __sc_host.sget();
  if (r !== undefined) return new U8(r);
  const l = fu32[FRAME_LAYOUT.BUFFER_LEN_WORD];
  return l === FRAME_LAYOUT.BUFFER_ABSENT
    ? null
    : fu8.slice(FRAME_LAYOUT.BUFFER_DATA_AT, FRAME_LAYOUT.BUFFER_DATA_AT + l);
}

/**
 * Views of the frame buffer's first `n` data bytes, for n = 0…`LIMITS.KEY_VIEWS`, made by
 * `attach` (so they are in the snapshot): a key that short is copied into the frame buffer (where
 * `sget` reads it) and turned into its cache string from there, with no typed array made for it.
 * Empty before `attach`.
 */
let keyViews: Uint8Array[] = [];

/**
 * A typed array argument's element count, read by the engine's own getter: nothing the contract
 * defined runs, and anything but a typed array (a proxy, an object made from the prototype) is
 * refused. Copying it with the engine's `set` then copies exactly that many elements as bytes.
 */
function genuineLength(v: unknown, what: string): number {
  if (v instanceof U8) {
    try {
      return taLength.call(v);
    } catch {
      // Not a typed array after all: refused below.
    }
  }
  throw new TE(what + ": expected a Uint8Array");
}

/**
 * The frame buffer (`FRAME_LAYOUT.BUFFER_*`), shared with the host: set once by the dispatcher's
 * `attach`, after the contract loaded and before the sandbox's snapshot (so the heap the
 * contract's code was laid out in is the same with or without it). Frame messages and host replies that fit pass through it, so a frame
 * allocates no ArrayBuffer (and the host makes no value) to enter, return, read a record or
 * call out. `fu8` has an own `constructor` of undefined, so slicing it makes an engine
 * Uint8Array (species) without the metered constructor, and own `slice` and `set`, the engine's
 * (a direct call: one native call fewer than `u8Slice.call`).
 */
let fab: ArrayBuffer | null = null;
let fu8 = new U8(0);
let fu32 = new U32(0);
let ff64 = new F64(0);
/** Bytes a message may have to fit in the frame buffer. */
let room = 0;
/** The u32 view a packed message is in, and the word its header starts at. */
let pu = fu32;
let po = 0;
const DATA_WORD = FRAME_LAYOUT.BUFFER_DATA_AT / 4;

function attach(buf: ArrayBuffer): void {
  if (fab !== null || !(buf instanceof AB))
    throw new TypeError("attach: expected the frame buffer, once");
  fab = buf;
  fu8 = new U8(buf);
  defineProperty(fu8, "constructor", { value: undefined });
  defineProperty(fu8, "slice", { value: u8Slice });
  defineProperty(fu8, "set", { value: u8Set });
  fu32 = new U32(buf);
  ff64 = new F64(buf, FRAME_LAYOUT.BUFFER_DATA_AT, FRAME_ABI.DISPATCH_HEADER_BYTES / 8);
  room = buf.byteLength - FRAME_LAYOUT.BUFFER_DATA_AT;
  const views: Uint8Array[] = [];
  for (let n = 0; n <= LIMITS.KEY_VIEWS && n <= room; n++) {
    views[n] = new U8(buf, FRAME_LAYOUT.BUFFER_DATA_AT, n);
  }
  keyViews = views;
}

/** A host reply: its own ArrayBuffer, or (undefined) the frame buffer's message; null: none. */
function received(r: ArrayBuffer | undefined): Uint8Array | null {
  if (r !== undefined) return new U8(r);
  const n = fu32[FRAME_LAYOUT.BUFFER_LEN_WORD];
  if (n === FRAME_LAYOUT.BUFFER_ABSENT) return null;
  return fu8.slice(FRAME_LAYOUT.BUFFER_DATA_AT, FRAME_LAYOUT.BUFFER_DATA_AT + n);
}

/** What a host function replied, for the bridge (see `received`). */
export const reply = received;

/**
 * Packs a frame's pending writes (and clears them) after `hw` header words and the bytes of
 * `a` and `b`: u32 words `…hw, n, (keyLen, valueLen)×n` ‖ a ‖ b ‖ `(key ‖ value)×n`, into the
 * frame buffer when it fits (its length word set), else into an ArrayBuffer of its own (the
 * length word then says `BUFFER_ELSEWHERE`). Sets `pu`/`po`: the u32 view and the word the
 * message starts at, for the caller to fill its header words; returns the own ArrayBuffer or
 * undefined.
 */
function pack(
  hw: number,
  a: Uint8Array | null,
  al: number,
  b: Uint8Array | null,
  bl: number,
): ArrayBuffer | undefined {
  const w = wl;
  const n = w === null ? 0 : w.length;
  const words = hw + 1 + 2 * n;
  let size = 4 * words + al + bl;
  for (let i = 0; i < n; i++) {
    const e = w![i];
    size += e[1].length + (e[2] === null ? 0 : e[2].length);
  }
  let own: ArrayBuffer | undefined;
  let bytes: Uint8Array;
  let p: number;
  if (size <= room) {
    fu32[FRAME_LAYOUT.BUFFER_LEN_WORD] = size;
    pu = fu32;
    po = DATA_WORD;
    bytes = fu8;
    p = FRAME_LAYOUT.BUFFER_DATA_AT + 4 * words;
  } else {
    fu32[FRAME_LAYOUT.BUFFER_LEN_WORD] = FRAME_LAYOUT.BUFFER_ELSEWHERE;
    own = new AB(size);
    pu = new U32(own, 0, words);
    po = 0;
    bytes = new U8(own);
    defineProperty(bytes, "set", { value: u8Set });
    p = 4 * words;
  }
  const u = pu;
  const o = po;
  u[o + hw] = n;
  // `bytes` has the engine's `set` as an own property (see `fu8`).
  if (al > 0) {
    bytes.set(a!, p);
    p += al;
  }
  if (bl > 0) {
    bytes.set(b!, p);
    p += bl;
  }
  for (let i = 0; i < n; i++) {
    const e = w![i];
    const k = e[1];
    const v = e[2];
    u[o + hw + 1 + 2 * i] = k.length;
    bytes.set(k, p);
    p += k.length;
    if (v === null) u[o + hw + 2 + 2 * i] = FRAME_ABI.DELETED;
    else {
      u[o + hw + 2 + 2 * i] = v.length;
      bytes.set(v, p);
      p += v.length;
    }
  }
  wl = null;
  tok = ++tokN;
  return own;
}

/** Writes the gas left into a dispatch result's header (lo, hi). */
function gasOut(u: Uint32Array, o: number): void {
  const g = gasLeft();
  const lo = g % 4294967296;
  u[o + FRAME_LAYOUT.RESULT_GAS_WORD] = lo;
  u[o + FRAME_LAYOUT.RESULT_GAS_WORD + 1] = (g - lo) / 4294967296;
}

/** The bridge functions that touch frames (the rest are in `bridge.ts`). */
export const frameBridge: Pick<
  SandboxBridge,
  "register" | "stateGet" | "stateSet" | "limit" | "spent" | "frameState" | "call"
> = {
  register(e) {
    if (entry !== null) throw new Error("registerContract called twice");
    if (
      e === null ||
      typeof e !== "object" ||
      typeof e.dispatch !== "function" ||
      !Array.isArray(e.functions)
    ) {
      throw new TypeError("registerContract: expected { name, functions, dispatch }");
    }
    entry = { dispatch: e.dispatch, functions: e.functions.map(String) };
  },
  stateGet(key) {
    if (!(key instanceof U8)) throw new TypeError("stateGet: expected a Uint8Array");
    // `genuineLength` inlined.
    let n: number;
    try {
      n = taLength.call(key);
    } catch {
      throw new TypeError("stateGet: expected a Uint8Array");
    }
    if ((__sc_gas -= GAS.STATE_READ_BASE + GAS.STATE_READ_BYTE * n) < 0) oog();
    // A short key goes into the frame buffer, where the host reads it on a miss; a long one is
    // copied first.
    let k: Uint8Array | null = null;
    let ks: string;
    if (n < keyViews.length) {
      fu8.set(key, FRAME_LAYOUT.BUFFER_DATA_AT);
      ks = apply(fromCharCode, null, keyViews[n] as unknown as number[]);
    } else {
      k = new U8(key);
      ks =
        n <= LIMITS.KEY_CHUNK ? apply(fromCharCode, null, k as unknown as number[]) : keyString(k);
    }
    const e = cache.get(ks);
    if (e === undefined) {
      const f = k === null ? fetchBuffered(n) : fetch(k);
      if (f === null) return null;
      if ((__sc_gas -= GAS.STATE_READ_BYTE * f.length) < 0) oog();
      return f;
    }
    const v = e[2];
    if (v === null) return null;
    if ((__sc_gas -= GAS.STATE_READ_BYTE * v.length) < 0) oog();
    return new U8(v);
  },
  stateSet(key, value) {
    if (!(key instanceof U8)) throw new TypeError("stateSet: expected a Uint8Array");
    let v: Uint8Array | null = null;
    if (value !== null && value !== undefined) {
      if (!(value instanceof U8)) throw new TypeError("stateSet: expected a Uint8Array");
      v = new U8(value);
    }
    // The key is copied whatever it is (a new record's entry keeps the copy).
    const k = new U8(key);
    const kl = k.length;
    const vl = v === null ? 0 : v.length;
    if ((__sc_gas -= GAS.STATE_WRITE_BASE + GAS.STATE_WRITE_BYTE * (kl + vl)) < 0) oog();
    if (kl > LIMITS.MAX_VALUE_BYTES || vl > LIMITS.MAX_VALUE_BYTES) {
      __sc_host.tooBig("a state record", kl > vl ? kl : vl);
    }
    if (tok === 0) throw new Error("stateSet: state cannot be written while the contract loads");
    // Written back when the frame returns (or before it calls out), so a call that fails never
    // reaches the host journal and a read-modify-write costs no crossing once the record is cached.
    const ks =
      kl <= LIMITS.KEY_CHUNK ? apply(fromCharCode, null, k as unknown as number[]) : keyString(k);
    let e = cache.get(ks);
    if (e === undefined) e = [ks, k, v, 0];
    else e[2] = v;
    if (e[3] !== tok) {
      e[3] = tok;
      if (wl === null) wl = [e];
      else wl.push(e);
    }
    // Pending first, then cached: a cache that starts over here keeps it.
    cacheBytes += ks.length + vl;
    if (cacheBytes > LIMITS.CACHE_BYTES) reset();
    cache.set(ks, e);
  },
  limit() {
    return limit;
  },
  spent() {
    return limit - gasLeft();
  },
  frameState(flush, invalidate) {
    if (typeof flush !== "function" || typeof invalidate !== "function") {
      throw new TypeError("frameState: expected two functions");
    }
    if (tok === 0) throw new Error("frameState: no call frame is running");
    view = [flush, invalidate];
  },
  call(id, fn, arg, asked) {
    if (!(arg instanceof U8)) throw new TypeError("callRaw: expected a Uint8Array");
    const v = view;
    if (v !== null) {
      // (Not re-entrant: a flush that calls out does not flush again.)
      view = null;
      try {
        v[0]();
      } finally {
        view = v;
      }
    }
    const entered = entries;
    // The name and the asked limit first: converting them can run the contract's code, and from
    // the lengths below to `pack`'s copies nothing else may (so the engine copies exactly them).
    const name = String(fn);
    // The asked limit as floor(asked) + 1, or 0 for "none" (the host's default child limit).
    let l = +asked || 0;
    l = l > 0 && l < 9007199254740991 ? l - (l % 1) + 1 : 0;
    const al = genuineLength(arg, "callRaw");
    if ((__sc_gas -= GAS.ICC_BASE + GAS.ICC_ARG_BYTE * al) < 0) oog();
    const il = genuineLength(id, "callRaw");
    if (il !== FRAME_ABI.CONTRACT_ID_BYTES) {
      // As the host says it: a malformed id is the caller's mistake, not a missing contract.
      throw new TE("callRaw: contract id: expected 32 bytes, found " + il);
    }
    // u32 askedLo, askedHi, gasLo, gasHi, idLen, argLen, n, (keyLen, valueLen)×n ‖ id ‖ arg ‖ writes.
    const own = pack(FRAME_ABI.CALL_HEADER_WORDS, id, il, arg, al);
    const u = pu;
    const o = po;
    const lo = l % 4294967296;
    u[o + FRAME_LAYOUT.CALL_ASKED_WORD] = lo;
    u[o + FRAME_LAYOUT.CALL_ASKED_WORD + 1] = (l - lo) / 4294967296;
    const g = gasLeft();
    const glo = g % 4294967296;
    u[o + FRAME_LAYOUT.CALL_GAS_WORD] = glo;
    u[o + FRAME_LAYOUT.CALL_GAS_WORD + 1] = (g - glo) / 4294967296;
    u[o + FRAME_LAYOUT.CALL_ID_LEN_WORD] = il;
    u[o + FRAME_LAYOUT.CALL_ARG_LEN_WORD] = al;
    // u32 code, chargedLo, chargedHi, epochLo, epochHi ‖ return bytes or UTF-8 panic message.
    const r = own === undefined ? __sc_host.call(name) : __sc_host.call(name, own);
    // The reply's header and payload, copied out before anything else can use the buffer.
    const h = r === undefined ? fu32 : new U32(r, 0, FRAME_ABI.REPLY_HEADER_BYTES / 4);
    const ho = r === undefined ? DATA_WORD : 0;
    const code = h[ho + FRAME_LAYOUT.REPLY_CODE_WORD];
    const e =
      h[ho + FRAME_LAYOUT.REPLY_EPOCH_WORD] +
      h[ho + FRAME_LAYOUT.REPLY_EPOCH_WORD + 1] * 4294967296;
    const charged =
      h[ho + FRAME_LAYOUT.REPLY_CHARGED_WORD] +
      h[ho + FRAME_LAYOUT.REPLY_CHARGED_WORD + 1] * 4294967296;
    const data =
      code !== FRAME_ABI.CALL_OK && code !== FRAME_ABI.CALL_PANIC
        ? null
        : r === undefined
          ? fu8.slice(
              FRAME_LAYOUT.BUFFER_DATA_AT + FRAME_ABI.REPLY_HEADER_BYTES,
              FRAME_LAYOUT.BUFFER_DATA_AT + fu32[FRAME_LAYOUT.BUFFER_LEN_WORD],
            )
          : new U8(r, FRAME_ABI.REPLY_HEADER_BYTES);
    if (e !== epoch) sync(e);
    // Less what the call charged (a double: through `setGas`, see gas.ts).
    const left = gasLeft() - charged;
    if (left < 0) outOfGas();
    setGas(left);
    if (v !== null && entries !== entered) v[1]();
    if (code === FRAME_ABI.CALL_OK) return [FRAME_ABI.CALL_OK, data!];
    if (code === FRAME_ABI.CALL_PANIC) return [FRAME_ABI.CALL_PANIC, utf8Decode(data!, false)];
    return [code] as [2] | [3] | [4];
  },
};

function message(e: unknown): string {
  try {
    if (e instanceof Error) return String(e.message);
    return String(e);
  } catch {
    return "panic";
  }
}

/** An Error's own stack string (never a getter's result), for host-side error reports. */
function stackOf(e: unknown): string {
  try {
    if (!(e instanceof Error)) return "";
    const d = descriptor(e, "stack");
    return d !== undefined && typeof d.value === "string" ? d.value : "";
  } catch {
    return "";
  }
}

let lastPanic = "";
let lastStack = "";

/** What the host holds once the contract has loaded (see `instance.ts`). */
export interface Dispatcher {
  /** The registered function names, comma-separated. */
  readonly functions: string;
  /**
   * Runs one frame: `ab` is the dispatch argument (or the frame buffer, holding it); the result
   * is the dispatch result layout, in the frame buffer (undefined) or its own ArrayBuffer.
   */
  dispatch(fn: string, ab: ArrayBuffer): ArrayBuffer | undefined;
  /** Hands the sandbox its frame buffer (once, before the first frame). */
  attach(buf: ArrayBuffer): void;
  /** The message of the last frame that threw (read once, right after its dispatch). */
  panic(): string;
  /** The stack of the last frame that threw, when it threw an Error (read right after panic). */
  stack(): string;
}

/** The dispatcher over what the contract registered while it loaded (it must have). */
export function dispatcher(): Dispatcher {
  if (entry === null) throw new Error("the artifact did not call registerContract");
  const run = entry.dispatch;
  return Object.freeze({
    functions: entry.functions.join(","),
    dispatch(fn: string, ab: ArrayBuffer): ArrayBuffer | undefined {
      const savedGas = gasLeft();
      const savedLimit = limit;
      const savedWl = wl;
      const savedTok = tok;
      const savedView = view;
      view = null;
      entries++;
      // The argument in the frame buffer (copied out: the buffer carries the frame's next
      // message), or an ArrayBuffer of its own.
      let head = ff64;
      let arg: Uint8Array;
      if (ab === fab) {
        const H = FRAME_LAYOUT.BUFFER_DATA_AT + FRAME_ABI.DISPATCH_HEADER_BYTES;
        arg = fu8.slice(H, FRAME_LAYOUT.BUFFER_DATA_AT + fu32[FRAME_LAYOUT.BUFFER_LEN_WORD]);
      } else {
        head = new F64(ab, 0, FRAME_ABI.DISPATCH_HEADER_BYTES / 8);
        arg = new U8(ab, FRAME_ABI.DISPATCH_HEADER_BYTES);
      }
      setGas(head[FRAME_LAYOUT.DISPATCH_GAS]);
      limit = head[FRAME_LAYOUT.DISPATCH_LIMIT];
      const at = head[FRAME_LAYOUT.DISPATCH_EPOCH];
      wl = null;
      if (at !== epoch) {
        // `sync` inlined (no pending writes to keep: `wl` is null).
        epoch = at;
        cache.clear();
        cacheBytes = 0;
      }
      tok = ++tokN;
      try {
        const ret: unknown = run(fn, arg);
        if (!(ret instanceof U8)) {
          throw new TypeError(
            "the contract returned " + (ret === null ? "null" : typeof ret) + ", not a Uint8Array",
          );
        }
        const rl = ret.byteLength;
        if (wl === null && rl <= room - 4 * (FRAME_ABI.RESULT_HEADER_WORDS + 1)) {
          // No pending writes and it fits (most frames): `pack` and `gasOut` inlined.
          const u = fu32;
          u[FRAME_LAYOUT.BUFFER_LEN_WORD] = 4 * (FRAME_ABI.RESULT_HEADER_WORDS + 1) + rl;
          const g = gasLeft();
          const lo = g % 4294967296;
          u[DATA_WORD + FRAME_LAYOUT.RESULT_GAS_WORD] = lo;
          u[DATA_WORD + FRAME_LAYOUT.RESULT_GAS_WORD + 1] = (g - lo) / 4294967296;
          u[DATA_WORD + FRAME_LAYOUT.RESULT_RET_LEN_WORD] = rl;
          u[DATA_WORD + FRAME_ABI.RESULT_HEADER_WORDS] = 0;
          if (rl > 0) {
            fu8.set(ret, FRAME_LAYOUT.BUFFER_DATA_AT + 4 * (FRAME_ABI.RESULT_HEADER_WORDS + 1));
          }
          return undefined;
        }
        const own = pack(FRAME_ABI.RESULT_HEADER_WORDS, ret, rl, null, 0);
        gasOut(pu, po);
        pu[po + FRAME_LAYOUT.RESULT_RET_LEN_WORD] = rl;
        return own;
      } catch (e) {
        lastPanic = message(e);
        // The header only (it always fits): gas, then n = PANIC.
        fu32[FRAME_LAYOUT.BUFFER_LEN_WORD] = 4 * (FRAME_ABI.RESULT_HEADER_WORDS + 1);
        gasOut(fu32, DATA_WORD);
        fu32[DATA_WORD + FRAME_ABI.RESULT_HEADER_WORDS] = FRAME_ABI.PANIC;
        lastStack = stackOf(e);
        return undefined;
      } finally {
        setGas(savedGas);
        limit = savedLimit;
        wl = savedWl;
        tok = savedTok;
        view = savedView;
      }
    },
    attach,
    panic() {
      const m = lastPanic;
      lastPanic = "";
      return m;
    },
    stack() {
      const s = lastStack;
      lastStack = "";
      return s;
    },
  });
}
