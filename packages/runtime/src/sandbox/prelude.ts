import { GAS } from "../session/gas";
import { MAX_VALUE_BYTES } from "../session/limits";
import { GAS_VAR, OOG_FN } from "../build/gas-pattern";

/**
 * The trusted code evaluated around a contract's (verified) code in its QuickJS context. It
 * receives the host bridge functions as `__sc_host`, keeps the gas counter in a closure variable
 * only charge expressions can touch, removes ambient authority, installs a UTF-8
 * TextEncoder/TextDecoder, exposes the contract-side bridge as a frozen `globalThis.__shortcrust`,
 * deep-freezes every intrinsic, then runs the contract in a nested function (so it cannot reach
 * `arguments` of the wrapper) and returns the dispatcher to the host.
 *
 * dispatch(fn, argBuffer, gas, limit) returns an ArrayBuffer `f64 LE remaining gas ‖ return
 * bytes` on success, or a string `"<remaining gas>|<panic message>"` on a throw.
 */
/** Gas available to a contract's top-level code while it is evaluated (not charged to anyone). */
const LOAD_GAS = 50_000_000;
/** Bytes of records a sandbox caches before it starts over (bounds memory; gas is unaffected). */
const CACHE_BYTES = 1024 * 1024;

export function wrapContract(code: string): string {
  return `(function (__sc_host) {
"use strict";
var ${GAS_VAR} = ${LOAD_GAS}; // var, not let: QuickJS checks the TDZ on every captured let access
let __sc_limit = 0;
let __sc_entry = null;
function ${OOG_FN}() { ${GAS_VAR} = -1; __sc_host.oog(); throw new RangeError("out of gas"); }
function __sc_charge(n) { if ((${GAS_VAR} -= n) < 0) ${OOG_FN}(); }
const __sc_U8 = Uint8Array;
function __sc_ab(v, what) {
  if (!(v instanceof __sc_U8)) throw new TypeError(what + ": expected a Uint8Array");
  return v.byteOffset === 0 && v.byteLength === v.buffer.byteLength ? v.buffer : v.slice().buffer;
}
function __sc_u8(ab) { return ab === undefined ? null : new __sc_U8(ab); }
let __sc_writes = new Map();
/**
 * Records this contract read or wrote, as the host has them (pending writes included). Only this
 * contract writes its records, so the cache stays right until the host rolls something back; the
 * host then bumps its epoch, which the sandbox checks on every entry and after every call out.
 * Gas never depends on a hit or a miss.
 */
const __sc_cache = new Map();
var __sc_epoch = -1;
var __sc_cacheBytes = 0;
function __sc_sync(epoch) {
  if (epoch !== __sc_epoch) {
    __sc_cache.clear();
    __sc_cacheBytes = 0;
    __sc_epoch = epoch;
  }
}
function __sc_remember(ks, v) {
  __sc_cacheBytes += ks.length + (v === null ? 0 : v.byteLength);
  if (__sc_cacheBytes > ${CACHE_BYTES}) {
    __sc_cache.clear();
    __sc_cacheBytes = ks.length + (v === null ? 0 : v.byteLength);
  }
  __sc_cache.set(ks, v);
}
function __sc_str(ab) {
  const u = new __sc_U8(ab);
  let s = "";
  for (let i = 0; i < u.length; i++) s += String.fromCharCode(u[i]);
  return s;
}
/**
 * Encodes (and clears) the pending state writes after \`head\` bytes of room:
 * \`u32 count ‖ (u32 keyLen ‖ key ‖ i32 valueLen (-1 = delete) ‖ value)*\`; undefined when none.
 */
function __sc_flush(head) {
  if (__sc_writes.size === 0) return head === 0 ? undefined : null;
  let size = head + 4;
  for (const w of __sc_writes.values()) size += 8 + w[0].byteLength + (w[1] === null ? 0 : w[1].byteLength);
  const out = new __sc_U8(size);
  const dv = new DataView(out.buffer);
  let p = head;
  dv.setUint32(p, __sc_writes.size, true);
  p += 4;
  for (const w of __sc_writes.values()) {
    dv.setUint32(p, w[0].byteLength, true);
    out.set(new __sc_U8(w[0]), p + 4);
    p += 4 + w[0].byteLength;
    if (w[1] === null) {
      dv.setInt32(p, -1, true);
      p += 4;
    } else {
      dv.setInt32(p, w[1].byteLength, true);
      out.set(new __sc_U8(w[1]), p + 4);
      p += 4 + w[1].byteLength;
    }
  }
  __sc_writes = new Map();
  return head === 0 ? out.buffer : out;
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
    const k = __sc_ab(key, "stateGet");
    __sc_charge(${GAS.STATE_READ_BASE} + ${GAS.STATE_READ_BYTE} * k.byteLength);
    const ks = __sc_str(k);
    let v = __sc_cache.get(ks);
    if (v === undefined) {
      const r = __sc_host.sget(k);
      v = r === undefined ? null : r;
      __sc_remember(ks, v);
    }
    if (v === null) return null;
    __sc_charge(${GAS.STATE_READ_BYTE} * v.byteLength);
    return new __sc_U8(v.slice(0));
  },
  stateSet(key, value) {
    const k = __sc_ab(key, "stateSet");
    const v = value === null || value === undefined ? null : __sc_ab(value, "stateSet").slice(0);
    __sc_charge(${GAS.STATE_WRITE_BASE} + ${GAS.STATE_WRITE_BYTE} * (k.byteLength + (v === null ? 0 : v.byteLength)));
    if (k.byteLength > ${MAX_VALUE_BYTES} || (v !== null && v.byteLength > ${MAX_VALUE_BYTES})) __sc_host.tooBig("a state record", v === null ? k.byteLength : Math.max(k.byteLength, v.byteLength));
    // Written back when the frame returns (or before it calls out), so a call that fails never
    // reaches the host journal and a read-modify-write costs no crossing once the record is cached.
    const ks = __sc_str(k);
    __sc_writes.set(ks, [k.slice(0), v]);
    __sc_remember(ks, v);
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
  callstack() { __sc_charge(${GAS.CONTEXT_BASE}); return __sc_host.callstack().map((b) => new __sc_U8(b)); },
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
  call(id, fn, arg, limit) {
    const a = __sc_ab(arg, "callRaw");
    __sc_charge(${GAS.ICC_BASE} + ${GAS.ICC_ARG_BYTE} * a.byteLength);
    // u8 code ‖ f64 charged ‖ f64 epoch ‖ return bytes or UTF-8 panic message.
    const r = __sc_host.call(__sc_ab(id, "callRaw"), String(fn), a, +limit || 0, ${GAS_VAR}, __sc_flush(0));
    const dv = new DataView(r, 0, 17);
    const code = dv.getUint8(0);
    __sc_sync(dv.getFloat64(9, true));
    ${GAS_VAR} -= dv.getFloat64(1, true);
    if (${GAS_VAR} < 0) ${OOG_FN}();
    if (code === 0) return [0, new __sc_U8(r, 17)];
    if (code === 1) return [1, new TextDecoder().decode(new __sc_U8(r, 17))];
    return [code];
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
Object.defineProperty(globalThis, "__shortcrust", { value: Object.freeze(__sc_api), writable: false, enumerable: false, configurable: false });
__sc_freezeAll();
(function () {
${code}
})();
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
return Object.freeze({
  functions: __sc_entry.functions.join(","),
  dispatch(fn, ab) {
    // ab = f64 gas ‖ f64 limit ‖ f64 state epoch ‖ argument bytes.
    const savedGas = ${GAS_VAR};
    const savedLimit = __sc_limit;
    const savedWrites = __sc_writes;
    const head = new DataView(ab, 0, 24);
    ${GAS_VAR} = head.getFloat64(0, true);
    __sc_limit = head.getFloat64(8, true);
    __sc_sync(head.getFloat64(16, true));
    __sc_writes = new Map();
    try {
      const ret = __sc_dispatch(fn, new __sc_U8(ab, 24));
      if (!(ret instanceof __sc_U8)) throw new TypeError("the contract returned " + (ret === null ? "null" : typeof ret) + ", not a Uint8Array");
      // f64 gas ‖ u32 return length ‖ return bytes ‖ pending writes (see __sc_flush).
      const w = __sc_flush(12 + ret.byteLength);
      const out = w === null ? new __sc_U8(12 + ret.byteLength) : w;
      const dv = new DataView(out.buffer);
      dv.setFloat64(0, ${GAS_VAR} < 0 ? 0 : ${GAS_VAR}, true);
      dv.setUint32(8, ret.byteLength, true);
      out.set(ret, 12);
      return out.buffer;
    } catch (e) {
      const m = __sc_message(e);
      return (${GAS_VAR} < 0 ? 0 : ${GAS_VAR}) + "|" + m;
    } finally {
      ${GAS_VAR} = savedGas;
      __sc_limit = savedLimit;
      __sc_writes = savedWrites;
    }
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
class TextEncoder {
  get encoding() { return "utf-8"; }
  encode(s) {
    s = s === undefined ? "" : String(s);
    const out = new Uint8Array(s.length * 3);
    return out.slice(0, this.encodeInto(s, out).written);
  }
  encodeInto(s, d) {
    s = String(s);
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
    const b = input instanceof Uint8Array ? input : ArrayBuffer.isView(input) ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength) : new Uint8Array(input);
    const n = b.length;
    let out = "";
    let chunk = [];
    const bad = () => { if (this.fatal) throw new TypeError("The encoded data was not valid utf-8"); chunk.push(0xfffd); };
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
      if (chunk.length > 4096) { out += String.fromCodePoint.apply(null, chunk); chunk = []; }
    }
    return out + String.fromCodePoint.apply(null, chunk);
  }
}
Object.defineProperty(globalThis, "TextEncoder", { value: TextEncoder, writable: false, enumerable: false, configurable: false });
Object.defineProperty(globalThis, "TextDecoder", { value: TextDecoder, writable: false, enumerable: false, configurable: false });
function __sc_freezeAll() {
  // Freezes everything reachable from globalThis. Methods (functions without their own
  // prototype) are frozen but not walked: their own properties are only name and length.
  const todo = [globalThis];
  const own = Object.prototype.hasOwnProperty;
  while (todo.length > 0) {
    const o = todo.pop();
    if (Object.isFrozen(o)) continue;
    Object.freeze(o);
    const proto = Object.getPrototypeOf(o);
    if (proto !== null) todo.push(proto);
    if (typeof o === "function" && !own.call(o, "prototype")) continue;
    const ds = Object.getOwnPropertyDescriptors(o);
    for (const k of Reflect.ownKeys(ds)) {
      const d = ds[k];
      const v = d.value;
      if ((typeof v === "object" && v !== null) || typeof v === "function") todo.push(v);
      if (d.get !== undefined) todo.push(d.get);
      if (d.set !== undefined) todo.push(d.set);
    }
  }
}
`;
