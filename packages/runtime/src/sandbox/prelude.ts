import { GAS } from "../session/gas";
import { MAX_VALUE_BYTES } from "../session/limits";
import { GAS_VAR, OOG_FN } from "@shortcrust/artifact";
import { METER } from "./meter";
import { FRAME_ABI } from "@shortcrust/sdk";

/**
 * The trusted code evaluated around a contract's (verified) code in its QuickJS context. It
 * receives the host bridge functions as `__sc_host`, keeps the gas counter in a closure variable
 * only charge expressions can touch, removes ambient authority, installs a UTF-8
 * TextEncoder/TextDecoder, exposes the contract-side bridge as a frozen `globalThis.__shortcrust`,
 * deep-freezes every intrinsic, then runs the contract in a nested function (so it cannot reach
 * `arguments` of the wrapper) and returns the dispatcher to the host.
 *
 * Every operation costs hundreds of nanoseconds in QuickJS-in-WASM, so the hot path (a call's
 * entry and exit, cached state reads and writes) is written for few operations: typed-array
 * headers instead of DataViews, one native call to turn a key into a string, entries shared
 * between the record cache and the frame's pending writes, no Map or iterator per frame.
 *
 * dispatch(fn, ab): `ab` is `f64 gas ‖ f64 limit ‖ f64 state epoch ‖ argument bytes` (LE). It
 * returns one ArrayBuffer (see `__sc_pack`): u32 words `gasLo, gasHi, retLen, n, (keyLen,
 * valueLen)×n` then the return bytes, then `(key ‖ value)×n`, the frame's pending state writes
 * (FRAME_ABI.DELETED deletes). A throw returns the header with n = FRAME_ABI.PANIC and leaves the
 * panic message for `panic()`.
 */
/** Gas available to a contract's top-level code while it is evaluated (not charged to anyone). */
const LOAD_GAS = 50_000_000;
/** Bytes of records a sandbox caches before it starts over (bounds memory; gas is unaffected). */
const CACHE_BYTES = 1024 * 1024;
/** Keys up to this many bytes become strings in one native call (QuickJS caps argument lists). */
const KEY_CHUNK = 8192;

/** The line of the evaluated file just before the contract's first line (stack frames → code lines). */
export function codeLineOffset(): number {
  const marker = "\u0000contract\u0000";
  const wrapped = wrapContract(marker);
  return wrapped.slice(0, wrapped.indexOf(marker)).split("\n").length - 1;
}

export function wrapContract(code: string): string {
  return `(function (__sc_host) {
"use strict";
var ${GAS_VAR} = ${LOAD_GAS}; // var, not let: QuickJS checks the TDZ on every captured let access
var __sc_limit = 0;
var __sc_entry = null;
function ${OOG_FN}() { ${GAS_VAR} = -1; __sc_host.oog(); throw new RangeError("out of gas"); }
function __sc_charge(n) { if ((${GAS_VAR} -= n) < 0) ${OOG_FN}(); }
/**
 * for…in and object spread enumerate every key natively (for…in even when the loop breaks at
 * once), so the instrumenter routes their operand through these (build/gas-pattern.ts): each
 * charges NATIVE_ELEMENT per key before the enumeration and returns the operand unchanged.
 * for…in pays for the keys of every object on the prototype chain; a frozen object's count of
 * enumerable string keys cannot change, so it is computed once (the built-in prototypes: 0).
 */
const __sc_frozenKeys = new WeakMap();
function __sc_enumerable(o) {
  if (!__sc_isFrozen(o)) return __sc_ownKeys(o).length;
  let n = __sc_frozenKeys.get(o);
  if (n === undefined) {
    n = 0;
    const ks = __sc_ownKeys(o);
    for (let i = 0; i < ks.length; i++) {
      const d = typeof ks[i] === "string" ? __sc_desc(o, ks[i]) : undefined;
      if (d !== undefined && d.enumerable) n++;
    }
    __sc_frozenKeys.set(o, n);
  }
  return n;
}
function __sc_forin(o) {
  let n = 0;
  if (typeof o === "string") n = o.length;
  else if (o !== null && (typeof o === "object" || typeof o === "function")) {
    for (let p = o; p !== null; p = __sc_protoOf(p)) n += __sc_enumerable(p);
  }
  if ((${GAS_VAR} -= ${GAS.NATIVE_CALL} + ${GAS.NATIVE_ELEMENT} * n) < 0) ${OOG_FN}();
  return o;
}
function __sc_spread(o) {
  const n = typeof o === "string" ? o.length : o !== null && (typeof o === "object" || typeof o === "function") ? __sc_ownKeys(o).length : 0;
  if ((${GAS_VAR} -= ${GAS.NATIVE_CALL} + ${GAS.NATIVE_ELEMENT} * n) < 0) ${OOG_FN}();
  return o;
}
const __sc_U8 = Uint8Array;
const __sc_U32 = Uint32Array;
const __sc_F64 = Float64Array;
const __sc_AB = ArrayBuffer;
const __sc_apply = Reflect.apply;
const __sc_fcc = String.fromCharCode;
const __sc_fcp = String.fromCodePoint;
// Built-ins the prelude's own bookkeeping uses, as they are before meter.ts wraps them.
const __sc_tslice = Uint8Array.prototype.slice;
const __sc_tset = Uint8Array.prototype.set;
const __sc_freeze = Object.freeze;
const __sc_isFrozen = Object.isFrozen;
const __sc_protoOf = Object.getPrototypeOf;
const __sc_descs = Object.getOwnPropertyDescriptors;
const __sc_ownKeys = Reflect.ownKeys;
const __sc_desc = Object.getOwnPropertyDescriptor;
function __sc_ab(v, what) {
  if (!(v instanceof __sc_U8)) throw new TypeError(what + ": expected a Uint8Array");
  return v.byteOffset === 0 && v.byteLength === v.buffer.byteLength ? v.buffer : __sc_tslice.call(v).buffer;
}
function __sc_u8(ab) { return ab === undefined ? null : new __sc_U8(ab); }
/** A genuine Uint8Array's bytes as a string, one char per byte (the record cache's keys). */
function __sc_key(k) {
  const n = k.length;
  if (n <= ${KEY_CHUNK}) return __sc_apply(__sc_fcc, null, k);
  let s = "";
  for (let i = 0; i < n; i += ${KEY_CHUNK}) {
    s += __sc_apply(__sc_fcc, null, new __sc_U8(k.buffer, k.byteOffset + i, n - i < ${KEY_CHUNK} ? n - i : ${KEY_CHUNK}));
  }
  return s;
}
/**
 * Records this contract read or wrote, as the host has them once pending writes are applied:
 * key string → entry \`[key string, key bytes, value bytes or null, frame token]\`. Only this
 * contract writes its records, so the cache stays right until the host rolls something back; the
 * host then bumps its epoch, which the sandbox checks on every entry and after every call out.
 * Gas never depends on a hit or a miss. Entries are private copies (made with \`new Uint8Array\`,
 * which no species or proxy can intercept); a read returns a fresh copy.
 */
const __sc_cache = new Map();
var __sc_epoch = -1;
var __sc_cacheBytes = 0;
/**
 * The running frame's pending writes: cache entries in write order, each once (an entry's token
 * says which frame list holds it). Sent to the host when the frame returns or calls out.
 */
var __sc_wl = null;
var __sc_tok = 0;
var __sc_tokN = 0;
/**
 * The running frame's state view (generated glue: \`[flush, invalidate]\`), or null. A call out
 * flushes it first (so the callee, this contract re-entered included, sees the frame's writes),
 * and invalidates it afterwards if this contract was entered meanwhile (so the frame sees the
 * re-entrant frame's writes): piecrust's one shared memory, over records.
 */
var __sc_view = null;
/** Frames entered in this sandbox so far (a call out compares it to see a re-entry). */
var __sc_entries = 0;
function __sc_reset() {
  __sc_cache.clear();
  __sc_cacheBytes = 0;
  // Pending writes stay cached: the host does not have them yet.
  const wl = __sc_wl;
  if (wl !== null) for (let i = 0; i < wl.length; i++) __sc_cache.set(wl[i][0], wl[i]);
}
function __sc_sync(epoch) {
  __sc_epoch = epoch;
  __sc_reset();
}
function __sc_remember(e) {
  __sc_cacheBytes += e[0].length + (e[2] === null ? 0 : e[2].length);
  if (__sc_cacheBytes > ${CACHE_BYTES}) __sc_reset();
  __sc_cache.set(e[0], e);
}
function __sc_fetch(ks, k) {
  const r = __sc_host.sget(k.buffer);
  const e = [ks, k, r === undefined ? null : new __sc_U8(r), 0];
  __sc_remember(e);
  return e;
}
/**
 * Packs a frame's pending writes (and clears them) after \`hw\` header words and the bytes of
 * \`a\` and \`b\`: u32 words \`…hw, n, (keyLen, valueLen)×n\` ‖ a ‖ b ‖ \`(key ‖ value)×n\`.
 * Returns the u32 view; the caller fills its header words.
 */
function __sc_pack(hw, a, al, b, bl) {
  const wl = __sc_wl;
  const n = wl === null ? 0 : wl.length;
  const words = hw + 1 + 2 * n;
  let size = 4 * words + al + bl;
  for (let i = 0; i < n; i++) {
    const w = wl[i];
    size += w[1].length + (w[2] === null ? 0 : w[2].length);
  }
  const buf = new __sc_AB(size);
  const u = new __sc_U32(buf, 0, words);
  u[hw] = n;
  if (size > 4 * words) {
    const bytes = new __sc_U8(buf);
    let p = 4 * words;
    if (al > 0) { __sc_tset.call(bytes, a, p); p += al; }
    if (bl > 0) { __sc_tset.call(bytes, b, p); p += bl; }
    for (let i = 0; i < n; i++) {
      const w = wl[i];
      const k = w[1];
      const v = w[2];
      u[hw + 1 + 2 * i] = k.length;
      __sc_tset.call(bytes, k, p);
      p += k.length;
      if (v === null) u[hw + 2 + 2 * i] = ${FRAME_ABI.DELETED};
      else {
        u[hw + 2 + 2 * i] = v.length;
        __sc_tset.call(bytes, v, p);
        p += v.length;
      }
    }
  }
  __sc_wl = null;
  __sc_tok = ++__sc_tokN;
  return u;
}
function __sc_gasOut(u) {
  const g = ${GAS_VAR} < 0 ? 0 : ${GAS_VAR};
  const lo = g % 4294967296;
  u[0] = lo;
  u[1] = (g - lo) / 4294967296;
}
const __sc_api = {
  register(entry) {
    if (__sc_entry !== null) throw new Error("registerContract called twice");
    if (entry === null || typeof entry !== "object" || typeof entry.dispatch !== "function" || !Array.isArray(entry.functions)) {
      throw new TypeError("registerContract: expected { name, functions, dispatch }");
    }
    __sc_entry = { dispatch: entry.dispatch, functions: entry.functions.map(String) };
  },
  stateGet(key) {
    if (!(key instanceof __sc_U8)) throw new TypeError("stateGet: expected a Uint8Array");
    const k = new __sc_U8(key);
    if ((${GAS_VAR} -= ${GAS.STATE_READ_BASE} + ${GAS.STATE_READ_BYTE} * k.length) < 0) ${OOG_FN}();
    const ks = __sc_key(k);
    let e = __sc_cache.get(ks);
    if (e === undefined) e = __sc_fetch(ks, k);
    const v = e[2];
    if (v === null) return null;
    if ((${GAS_VAR} -= ${GAS.STATE_READ_BYTE} * v.length) < 0) ${OOG_FN}();
    return new __sc_U8(v);
  },
  stateSet(key, value) {
    if (!(key instanceof __sc_U8)) throw new TypeError("stateSet: expected a Uint8Array");
    let v = null;
    if (value !== null && value !== undefined) {
      if (!(value instanceof __sc_U8)) throw new TypeError("stateSet: expected a Uint8Array");
      v = new __sc_U8(value);
    }
    const k = new __sc_U8(key);
    const kl = k.length;
    const vl = v === null ? 0 : v.length;
    if ((${GAS_VAR} -= ${GAS.STATE_WRITE_BASE} + ${GAS.STATE_WRITE_BYTE} * (kl + vl)) < 0) ${OOG_FN}();
    if (kl > ${MAX_VALUE_BYTES} || vl > ${MAX_VALUE_BYTES}) __sc_host.tooBig("a state record", kl > vl ? kl : vl);
    if (__sc_tok === 0) throw new Error("stateSet: state cannot be written while the contract loads");
    // Written back when the frame returns (or before it calls out), so a call that fails never
    // reaches the host journal and a read-modify-write costs no crossing once the record is cached.
    const ks = __sc_key(k);
    let e = __sc_cache.get(ks);
    if (e === undefined) e = [ks, k, v, 0];
    else e[2] = v;
    if (e[3] !== __sc_tok) {
      e[3] = __sc_tok;
      if (__sc_wl === null) __sc_wl = [e];
      else __sc_wl.push(e);
    }
    // Pending first, then cached: a cache that starts over here keeps it.
    __sc_remember(e);
  },
  ephemeralGet(key) {
    const k = __sc_ab(key, "ephemeralGet");
    __sc_charge(${GAS.STATE_READ_BASE} + ${GAS.STATE_READ_BYTE} * k.byteLength);
    const r = __sc_host.eget(k);
    if (r !== undefined) __sc_charge(${GAS.STATE_READ_BYTE} * r.byteLength);
    return __sc_u8(r);
  },
  ephemeralSet(key, value) {
    const k = __sc_ab(key, "ephemeralSet");
    const v = value === null || value === undefined ? null : __sc_ab(value, "ephemeralSet");
    __sc_charge(${GAS.STATE_WRITE_BASE} + ${GAS.STATE_WRITE_BYTE} * (k.byteLength + (v === null ? 0 : v.byteLength)));
    __sc_host.eset(k, v === null ? undefined : v);
  },
  selfId() { __sc_charge(${GAS.CONTEXT_BASE}); return new __sc_U8(__sc_host.selfId()); },
  caller() { __sc_charge(${GAS.CONTEXT_BASE}); return __sc_u8(__sc_host.caller()); },
  callstack() {
    __sc_charge(${GAS.CONTEXT_BASE});
    const ids = __sc_host.callstack();
    const out = [];
    for (let i = 0; i < ids.length; i++) out[i] = new __sc_U8(ids[i]);
    return out;
  },
  owner(id) {
    __sc_charge(${GAS.CONTEXT_BASE});
    return __sc_u8(__sc_host.owner(id === undefined ? undefined : __sc_ab(id, "owner")));
  },
  limit() { return __sc_limit; },
  spent() { return __sc_limit - (${GAS_VAR} < 0 ? 0 : ${GAS_VAR}); },
  meta(key) {
    __sc_charge(${GAS.META_BASE});
    const r = __sc_host.meta(String(key));
    if (r !== undefined) __sc_charge(${GAS.META_BYTE} * r.byteLength);
    return __sc_u8(r);
  },
  emit(topic, data) {
    const t = String(topic);
    const d = __sc_ab(data, "emit");
    __sc_charge(${GAS.EVENT_BASE} + ${GAS.EVENT_BYTE} * (t.length + d.byteLength));
    __sc_host.emit(t, d);
  },
  feed(data) {
    const d = __sc_ab(data, "feed");
    __sc_charge(${GAS.FEED_BASE} + ${GAS.FEED_BYTE} * d.byteLength);
    __sc_host.feed(d);
  },
  frameState(flush, invalidate) {
    if (typeof flush !== "function" || typeof invalidate !== "function") throw new TypeError("frameState: expected two functions");
    if (__sc_tok === 0) throw new Error("frameState: no call frame is running");
    __sc_view = [flush, invalidate];
  },
  call(id, fn, arg, limit) {
    if (!(arg instanceof __sc_U8)) throw new TypeError("callRaw: expected a Uint8Array");
    const view = __sc_view;
    if (view !== null) {
      // (Not re-entrant: a flush that calls out does not flush again.)
      __sc_view = null;
      try { view[0](); } finally { __sc_view = view; }
    }
    const entries = __sc_entries;
    const a = new __sc_U8(arg);
    const al = a.length;
    if ((${GAS_VAR} -= ${GAS.ICC_BASE} + ${GAS.ICC_ARG_BYTE} * al) < 0) ${OOG_FN}();
    if (!(id instanceof __sc_U8)) throw new TypeError("callRaw: expected a Uint8Array");
    const i = new __sc_U8(id);
    const name = String(fn);
    // The asked limit as floor(asked) + 1, or 0 for "none" (the host's default child limit).
    let asked = +limit || 0;
    asked = asked > 0 && asked < 9007199254740991 ? asked - (asked % 1) + 1 : 0;
    // u32 askedLo, askedHi, gasLo, gasHi, idLen, argLen, n, (keyLen, valueLen)×n ‖ id ‖ arg ‖ writes.
    const u = __sc_pack(${FRAME_ABI.CALL_HEADER_WORDS}, i, i.length, a, al);
    const lo = asked % 4294967296;
    u[0] = lo;
    u[1] = (asked - lo) / 4294967296;
    const g = ${GAS_VAR} < 0 ? 0 : ${GAS_VAR};
    const glo = g % 4294967296;
    u[2] = glo;
    u[3] = (g - glo) / 4294967296;
    u[4] = i.length;
    u[5] = al;
    // u32 code, chargedLo, chargedHi, epochLo, epochHi ‖ return bytes or UTF-8 panic message.
    const r = __sc_host.call(u.buffer, name);
    const h = new __sc_U32(r, 0, ${FRAME_ABI.REPLY_HEADER_BYTES / 4});
    const code = h[0];
    const epoch = h[3] + h[4] * 4294967296;
    if (epoch !== __sc_epoch) __sc_sync(epoch);
    ${GAS_VAR} -= h[1] + h[2] * 4294967296;
    if (${GAS_VAR} < 0) ${OOG_FN}();
    if (view !== null && __sc_entries !== entries) view[1]();
    if (code === ${FRAME_ABI.CALL_OK}) return [code, new __sc_U8(r, ${FRAME_ABI.REPLY_HEADER_BYTES})];
    if (code === ${FRAME_ABI.CALL_PANIC}) return [code, __sc_utf8Decode(new __sc_U8(r, ${FRAME_ABI.REPLY_HEADER_BYTES}), false)];
    return [code];
  },
  debug(message) {
    const m = String(message);
    __sc_charge(${GAS.DEBUG_BASE} + ${GAS.DEBUG_CHAR} * m.length);
    if (m.length > ${MAX_VALUE_BYTES}) __sc_host.tooBig("a debug message", m.length);
    __sc_host.debug(m);
  },
  hostQuery(name, arg) {
    const n = String(name);
    const a = __sc_ab(arg, "hostQuery");
    __sc_charge(${GAS.HOST_QUERY_BASE});
    __sc_charge(__sc_host.hqPrice(n, a));
    return new __sc_U8(__sc_host.hq(n, a));
  },
};
${HARDEN}
${METER}
Object.defineProperty(globalThis, "__shortcrust", { value: Object.freeze(__sc_api), writable: false, enumerable: false, configurable: false });
__sc_freezeAll();
(function (globalThis) {
${code}
})(__sc_sealedGlobal());
if (__sc_entry === null) throw new Error("the artifact did not call registerContract");
const __sc_dispatch = __sc_entry.dispatch;
function __sc_message(e) {
  try {
    if (e instanceof Error) return String(e.message);
    return String(e);
  } catch (inner) {
    return "panic";
  }
}
var __sc_panic = "";
var __sc_stack = "";
/** An Error's own stack string (never a getter's result), for host-side error reports. */
function __sc_stackOf(e) {
  try {
    if (!(e instanceof Error)) return "";
    const d = __sc_desc(e, "stack");
    return d !== undefined && typeof d.value === "string" ? d.value : "";
  } catch (inner) {
    return "";
  }
}
return Object.freeze({
  functions: __sc_entry.functions.join(","),
  dispatch(fn, ab) {
    const savedGas = ${GAS_VAR};
    const savedLimit = __sc_limit;
    const savedWl = __sc_wl;
    const savedTok = __sc_tok;
    const savedView = __sc_view;
    __sc_view = null;
    __sc_entries++;
    const head = new __sc_F64(ab, 0, 3);
    ${GAS_VAR} = head[0];
    __sc_limit = head[1];
    __sc_wl = null;
    if (head[2] !== __sc_epoch) __sc_sync(head[2]);
    __sc_tok = ++__sc_tokN;
    try {
      const ret = __sc_dispatch(fn, new __sc_U8(ab, ${FRAME_ABI.DISPATCH_HEADER_BYTES}));
      if (!(ret instanceof __sc_U8)) throw new TypeError("the contract returned " + (ret === null ? "null" : typeof ret) + ", not a Uint8Array");
      const rl = ret.byteLength;
      const u = __sc_pack(${FRAME_ABI.RESULT_HEADER_WORDS}, ret, rl, null, 0);
      __sc_gasOut(u);
      u[2] = rl;
      return u.buffer;
    } catch (e) {
      __sc_panic = __sc_message(e);
      const u = new __sc_U32(${FRAME_ABI.RESULT_HEADER_WORDS + 1});
      __sc_gasOut(u);
      u[${FRAME_ABI.RESULT_HEADER_WORDS}] = ${FRAME_ABI.PANIC};
      __sc_stack = __sc_stackOf(e);
      return u.buffer;
    } finally {
      ${GAS_VAR} = savedGas;
      __sc_limit = savedLimit;
      __sc_wl = savedWl;
      __sc_tok = savedTok;
      __sc_view = savedView;
    }
  },
  /** The message of the last frame that threw (read once, right after its dispatch). */
  panic() {
    const m = __sc_panic;
    __sc_panic = "";
    return m;
  },
  /** The stack of the last frame that threw, when it threw an Error (read right after panic). */
  stack() {
    const s = __sc_stack;
    __sc_stack = "";
    return s;
  },
});
})`;
}

/** Removes ambient authority and installs the UTF-8 codecs, then defines `__sc_freezeAll`. */
const HARDEN = `
delete globalThis.eval;
delete globalThis.Date;
delete Math.random;
delete globalThis.WeakRef;
delete globalThis.FinalizationRegistry;
delete globalThis.SharedArrayBuffer;
delete globalThis.Atomics;
(function () {
  const noCode = function Function() { throw new TypeError("code generation from strings is not available in contracts"); };
  const stub = (proto) => {
    const s = function () { return noCode(); };
    Object.defineProperty(s, "prototype", { value: proto });
    Object.defineProperty(proto, "constructor", { value: s, writable: false, configurable: false });
    return s;
  };
  globalThis.Function = stub(Function.prototype);
  stub(Object.getPrototypeOf(function* () {}));
  stub(Object.getPrototypeOf(async function () {}));
  stub(Object.getPrototypeOf(async function* () {}));
})();
/** UTF-8 encoding of \`s\` into \`d\` (the codecs' work, unmetered: the classes charge for it). */
function __sc_utf8Into(s, d) {
  const n = s.length;
  let p = 0, i = 0;
  for (; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const e = s.charCodeAt(i + 1);
      if (e >= 0xdc00 && e <= 0xdfff) { c = 0x10000 + ((c - 0xd800) << 10) + (e - 0xdc00); }
      else c = 0xfffd;
    } else if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    const need = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    if (p + need > d.length) break;
    if (need === 1) d[p++] = c;
    else if (need === 2) { d[p++] = 0xc0 | (c >> 6); d[p++] = 0x80 | (c & 63); }
    else if (need === 3) { d[p++] = 0xe0 | (c >> 12); d[p++] = 0x80 | ((c >> 6) & 63); d[p++] = 0x80 | (c & 63); }
    else { d[p++] = 0xf0 | (c >> 18); d[p++] = 0x80 | ((c >> 12) & 63); d[p++] = 0x80 | ((c >> 6) & 63); d[p++] = 0x80 | (c & 63); i++; }
  }
  return { read: i, written: p };
}
function __sc_utf8Decode(b, fatal) {
  const n = b.length;
  let out = "";
  let chunk = [];
  const bad = () => { if (fatal) throw new TypeError("The encoded data was not valid utf-8"); chunk.push(0xfffd); };
  for (let i = 0; i < n; ) {
    const c = b[i];
    let cp = -1, len = 1;
    if (c < 0x80) cp = c;
    else if (c >= 0xc2 && c <= 0xdf) len = 2;
    else if (c >= 0xe0 && c <= 0xef) len = 3;
    else if (c >= 0xf0 && c <= 0xf4) len = 4;
    else len = 0;
    if (len === 0) { bad(); i++; }
    else if (cp >= 0) { chunk.push(cp); i++; }
    else {
      let v = c & (len === 2 ? 0x1f : len === 3 ? 0x0f : 0x07);
      let j = 1;
      for (; j < len; j++) {
        const d = b[i + j];
        if (i + j >= n || (d & 0xc0) !== 0x80) break;
        if (j === 1 && ((c === 0xe0 && d < 0xa0) || (c === 0xed && d > 0x9f) || (c === 0xf0 && d < 0x90) || (c === 0xf4 && d > 0x8f))) break;
        v = (v << 6) | (d & 0x3f);
      }
      if (j < len) { bad(); i += j === 0 ? 1 : j; }
      else { chunk.push(v); i += len; }
    }
    if (chunk.length > 4096) { out += __sc_apply(__sc_fcp, null, chunk); chunk = []; }
  }
  return out + __sc_apply(__sc_fcp, null, chunk);
}
// The codecs are prelude code (not instrumented), so they charge for their loops up front:
// UTF8_UNIT per UTF-16 unit encoded or byte decoded.
class TextEncoder {
  get encoding() { return "utf-8"; }
  encode(s) {
    s = s === undefined ? "" : String(s);
    __sc_charge(${GAS.NATIVE_CALL} + ${GAS.UTF8_UNIT} * s.length);
    const out = new __sc_U8(s.length * 3);
    return __sc_tslice.call(out, 0, __sc_utf8Into(s, out).written);
  }
  encodeInto(s, d) {
    s = String(s);
    const room = d.length;
    __sc_charge(${GAS.NATIVE_CALL} + ${GAS.UTF8_UNIT} * (room < s.length ? room : s.length));
    return __sc_utf8Into(s, d);
  }
}
class TextDecoder {
  constructor(label, options) {
    const l = label === undefined ? "utf-8" : String(label).toLowerCase();
    if (l !== "utf-8" && l !== "utf8") throw new RangeError("TextDecoder: only utf-8 is supported");
    this.fatal = !!(options && options.fatal);
  }
  get encoding() { return "utf-8"; }
  decode(input) {
    if (input === undefined) return "";
    const b = input instanceof __sc_U8 ? input : ArrayBuffer.isView(input) ? new __sc_U8(input.buffer, input.byteOffset, input.byteLength) : new __sc_U8(input);
    __sc_charge(${GAS.NATIVE_CALL} + ${GAS.UTF8_UNIT} * b.length);
    return __sc_utf8Decode(b, this.fatal);
  }
}
Object.defineProperty(globalThis, "TextEncoder", { value: TextEncoder, writable: false, enumerable: false, configurable: false });
Object.defineProperty(globalThis, "TextDecoder", { value: TextDecoder, writable: false, enumerable: false, configurable: false });
/**
 * The object contract code sees as \`globalThis\`: a frozen plain copy of the global object's
 * (frozen) properties, with \`globalThis\` naming itself. The real global object cannot be
 * sealed: QuickJS stores its data properties as variable references (so bytecode reaches globals
 * directly), and its \`JS_DefineProperty\` treats those as always writable, so
 * \`Reflect.defineProperty(globalThis, "Math", { value })\` replaces \`Math\` for every later
 * call even after \`Object.freeze(globalThis)\` (only module namespaces are protected). A plain
 * frozen object refuses it. Strict code (all contract code: no eval, no Function constructor)
 * has no other way to reach the real global object; its identifiers still resolve through it.
 */
function __sc_sealedGlobal() {
  const sealed = Object.create(__sc_protoOf(globalThis));
  const ds = __sc_descs(globalThis);
  ds.globalThis = { value: sealed, writable: false, enumerable: false, configurable: false };
  Object.defineProperties(sealed, ds);
  return __sc_freeze(sealed);
}
function __sc_freezeAll() {
  // Freezes everything reachable from globalThis. Methods (functions without their own
  // prototype) are frozen but not walked: their own properties are only name and length.
  const todo = [globalThis];
  const own = Object.prototype.hasOwnProperty;
  while (todo.length > 0) {
    const o = todo.pop();
    if (__sc_isFrozen(o)) continue;
    __sc_freeze(o);
    const proto = __sc_protoOf(o);
    if (proto !== null) todo.push(proto);
    if (typeof o === "function" && !own.call(o, "prototype")) continue;
    const ds = __sc_descs(o);
    const ks = __sc_ownKeys(ds);
    for (let i = 0; i < ks.length; i++) {
      const k = ks[i];
      const d = ds[k];
      const v = d.value;
      if ((typeof v === "object" && v !== null) || typeof v === "function") todo.push(v);
      if (d.get !== undefined) todo.push(d.get);
      if (d.set !== undefined) todo.push(d.set);
    }
  }
}
`;
