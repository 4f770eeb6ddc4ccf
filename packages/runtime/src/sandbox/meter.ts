import { GAS } from "../session/gas";
import { GAS_VAR, OOG_FN } from "@shortcrust/artifact";

/**
 * Prelude code (evaluated inside the prelude's closure, after the ambient authority is removed
 * and before everything is frozen) that meters native built-ins: each built-in whose work grows
 * with a size the contract controls is replaced by a wrapper that charges `NATIVE_CALL` plus a
 * size term from `GAS` and then calls the original. The originals stay in this closure only.
 *
 * - The charge comes before the work wherever the size is known from the arguments (a string's
 *   length, a typed array's bytes, an array's length, a count); where only the result tells
 *   (`join`, `JSON.stringify`, `Object.keys`, regex matches, `split` pieces) the result is
 *   charged right after, so the work done before a charge is bounded by the heap limit.
 * - Sizes are read the way the built-in reads them; arguments the wrapper coerces (numbers,
 *   strings) are passed on coerced, so a `valueOf` / `toString` runs once.
 * - Wrappers keep the original's `name` and `length`, are non-enumerable methods (no
 *   `prototype`, not constructors) and are frozen with everything else. Functions that are the
 *   same object under two keys (`values` / `[Symbol.iterator]`, `trimLeft` / `trimStart`…) stay
 *   one object.
 * - Constructors whose allocation grows with an argument (the typed arrays, `ArrayBuffer`) are
 *   replaced by proxies with a `construct` trap; `X.prototype.constructor` points to the proxy,
 *   so species lookups (`slice`, `subarray`, `map` of typed arrays) construct through it too.
 * - Iteration is charged when a native iterator is created, for all its steps (an array's,
 *   typed array's, string's, Map's or Set's size): spread, destructuring, `Array.from`,
 *   `new Set(iterable)`, iterator helpers and `for…of` all create one. A `for…of` that breaks
 *   early has still paid for every element.
 * - Not wrapped (O(1) or bounded by what the contract already paid for): element access,
 *   `push` / `pop`, `at`, `charCodeAt`, `subarray` (a view), DataView accessors, `new Array(n)`
 *   (QuickJS only sets the length), `String.fromCharCode` and other variadic functions (their
 *   argument list is charged where it is built: `apply`, `Reflect.apply`, spread).
 *
 * The prelude's own bookkeeping calls the captured originals, so frames pay only the host
 * schedule for it.
 */
const E = GAS.NATIVE_ELEMENT;
const C = GAS.NATIVE_CALL;
const BYTES = GAS.NATIVE_BYTES_PER_GAS;
const CHARS = GAS.NATIVE_CHARS_PER_GAS;
const PARSE = GAS.NATIVE_PARSE_CHAR;
const ARGS = GAS.NATIVE_ARGS_PER_GAS;
const G = GAS_VAR;
const OOG = OOG_FN;

export const METER = `
(function () {
const apply = __sc_apply;
const gopd = Object.getOwnPropertyDescriptor;
const dp = Object.defineProperty;
const ownKeys = Reflect.ownKeys;
const construct = Reflect.construct;
const isArray = Array.isArray;
const AB = ArrayBuffer;
const TA = Object.getPrototypeOf(Uint8Array);
const TAP = TA.prototype;
const taLen = gopd(TAP, "length").get;
const taBytes = gopd(TAP, "byteLength").get;
const abBytes = gopd(ArrayBuffer.prototype, "byteLength").get;
const mapSize = gopd(Map.prototype, "size").get;
const setSize = gopd(Set.prototype, "size").get;
const reGlobal = gopd(RegExp.prototype, "global").get;
const reSticky = gopd(RegExp.prototype, "sticky").get;
const clz = Math.clz32;
const Str = String;
const TE = TypeError;
const PX = Proxy;
const sIter = Symbol.iterator;
const sMatch = Symbol.match;
const sReplace = Symbol.replace;
const sSplit = Symbol.split;
const sSpread = Symbol.isConcatSpreadable;
const done = new Map();

/** Charges NATIVE_CALL + units (≥ 0; NaN and ±Infinity, which the built-in refuses, count 0). */
function el(n) {
  const c = ${C} + (n > 0 && n !== Infinity ? n * ${E} : 0);
  if ((${G} -= c) < 0) ${OOG}();
}
function per(n, k) {
  if (!(n > 0 && n !== Infinity)) n = 0;
  else { n = n / k; n = n - (n % 1); }
  if ((${G} -= ${C} + n) < 0) ${OOG}();
}
function ch(n) { per(n, ${CHARS}); }
function by(n) { per(n, ${BYTES}); }
function pc(n) {
  if ((${G} -= ${C} + (n > 0 && n !== Infinity ? n * ${PARSE} : 0)) < 0) ${OOG}();
}
/** Charges after the work (the result's size), without the call base. */
function post(n) { if (n > 0 && (${G} -= n) < 0) ${OOG}(); }

/** ToLength(o.length). */
function len(o) {
  let n = o.length;
  if (typeof n !== "number") n = +n;
  return n > 0 ? (n === Infinity ? 9007199254740991 : n - (n % 1)) : 0;
}
/** ToIntegerOrInfinity. */
function int(x) {
  x = +x;
  return x !== x ? 0 : x === Infinity || x === -Infinity ? x : x - (x % 1);
}
/** A relative index (slice, fill…) clamped to [0, n]; \`d\` when x is undefined. */
function rel(x, n, d) {
  if (x === undefined) return d;
  x = int(x);
  return x < 0 ? (x + n > 0 ? x + n : 0) : x < n ? x : n;
}
function span(n, a, b) {
  const s = rel(a, n, 0);
  const e = rel(b, n, n);
  return e > s ? e - s : 0;
}
/** n·⌈log2 n⌉ comparisons. */
function nlogn(n) {
  return n < 2 ? n : n > 4294967295 ? n * 32 : n * (32 - clz(n - 1));
}
/** ToString for a String.prototype receiver. */
function str(v) {
  if (typeof v === "string") return v;
  if (v === null || v === undefined) throw new TE("String.prototype method called on null or undefined");
  if (typeof v === "symbol") throw new TE("cannot convert a Symbol to a string");
  return Str(v);
}
/** ToString of an argument. */
function arg(v) {
  if (typeof v === "string") return v;
  if (typeof v === "symbol") throw new TE("cannot convert a Symbol to a string");
  return Str(v);
}
/** An argument a built-in may hand to a Symbol method (a RegExp): left as is; else ToString. */
function pat(v, sym) {
  if (v !== null && (typeof v === "object" || typeof v === "function") && v[sym] != null) return v;
  return arg(v);
}
/** Own keys of an object (0 for primitives: the built-ins box or refuse them). */
function keys(o) {
  return o !== null && (typeof o === "object" || typeof o === "function") ? ownKeys(o).length : typeof o === "string" ? o.length : 0;
}

/** Replaces obj[key] (a function) by make(original), keeping name, length and attributes. */
function wrap(obj, key, make) {
  const d = gopd(obj, key);
  const f = d.value;
  let w = done.get(f);
  if (w === undefined) {
    // (make may return null for a key that is known to share an already wrapped function.)
    w = make(f);
    dp(w, "length", { value: f.length });
    dp(w, "name", { value: f.name });
    done.set(f, w);
  }
  dp(obj, key, { value: w, writable: d.writable, enumerable: d.enumerable, configurable: d.configurable });
}
/**
 * A wrapper that charges \`cost(this, args)\` before and \`after(result)\` after the original.
 * \`cost\` may coerce arguments in place (so a valueOf runs once) and returns the receiver to
 * use (a String.prototype method's coerced string), or undefined for \`this\`.
 */
function gen(obj, key, cost, after) {
  wrap(obj, key, (f) => ({
    m(...a) {
      const t = cost(this, a);
      const r = apply(f, t === undefined ? this : t, a);
      if (after !== undefined) after(r);
      return r;
    },
  }).m);
}
function all(obj, names, cost, after) {
  for (let i = 0; i < names.length; i++) if (gopd(obj, names[i]) !== undefined) gen(obj, names[i], cost, after);
}
const outLen = (r) => { if (typeof r === "string") { const k = r.length / ${CHARS}; post(k - (k % 1)); } };
const outEl = (r) => { if (r !== null && typeof r === "object") post(len(r) * ${E}); };
const outParse = (r) => { if (typeof r === "string") post(r.length * ${PARSE}); };

// ---- String.prototype (the cost functions return the coerced receiver) ----
const SP = String.prototype;
all(SP, ["toLowerCase", "toUpperCase", "toLocaleLowerCase", "toLocaleUpperCase", "trim", "trimStart", "trimEnd", "trimLeft", "trimRight", "isWellFormed", "toWellFormed"], (t) => {
  const s = str(t);
  ch(s.length);
  return s;
});
all(SP, ["anchor", "big", "blink", "bold", "fixed", "fontcolor", "fontsize", "italics", "link", "small", "strike", "sub", "sup"], (t, a) => {
  const s = str(t);
  if (a.length > 0) a[0] = arg(a[0]);
  ch(s.length + (a.length > 0 ? a[0].length * 6 : 0));
  return s;
});
gen(SP, "normalize", (t) => {
  const s = str(t);
  pc(s.length);
  return s;
});
gen(SP, "localeCompare", (t, a) => {
  const s = str(t);
  a[0] = arg(a[0]);
  ch(s.length + a[0].length);
  return s;
});
gen(SP, "concat", (t, a) => {
  const s = str(t);
  let n = s.length;
  for (let i = 0; i < a.length; i++) { a[i] = arg(a[i]); n += a[i].length; }
  ch(n);
  return s;
});
// Searches: the naive matcher is O(length × pattern length) at worst. A RegExp argument hands
// over to its Symbol method (metered through exec); a string pattern's scan is charged here.
const scan = (s, p) => ch(typeof p === "string" ? s.length * (p.length > 1 ? p.length : 1) : 0);
all(SP, ["indexOf", "lastIndexOf"], (t, a) => {
  const s = str(t);
  a[0] = arg(a[0]);
  if (a.length > 1 && a[1] !== undefined) a[1] = int(a[1]);
  scan(s, a[0]);
  return s;
});
gen(SP, "includes", (t, a) => {
  const s = str(t);
  a[0] = pat(a[0], sMatch);
  if (a.length > 1 && a[1] !== undefined) a[1] = int(a[1]);
  scan(s, a[0]);
  return s;
});
all(SP, ["startsWith", "endsWith"], (t, a) => {
  const s = str(t);
  const p = (a[0] = pat(a[0], sMatch));
  if (a.length > 1 && a[1] !== undefined) a[1] = int(a[1]);
  ch(typeof p === "string" ? p.length : 0);
  return s;
});
all(SP, ["match", "matchAll", "search"], (t, a) => {
  const s = str(t);
  if (a[0] !== undefined) a[0] = pat(a[0], sMatch);
  // A string pattern is compiled into a RegExp (by the engine's own constructor).
  pc(typeof a[0] === "string" ? a[0].length : 0);
  return s;
});
all(SP, ["replace", "replaceAll"], (t, a) => {
  const s = str(t);
  a[0] = pat(a[0], sReplace);
  if (typeof a[0] === "string" && typeof a[1] !== "function") a[1] = arg(a[1]);
  scan(s, a[0]);
  return s;
}, outLen);
gen(SP, "split", (t, a) => {
  const s = str(t);
  if (a[0] !== undefined) a[0] = pat(a[0], sSplit);
  scan(s, a[0]);
  return s;
}, outEl);
gen(SP, "repeat", (t, a) => {
  const s = str(t);
  const k = (a[0] = int(a[0]));
  ch(k >= 0 ? s.length * k : 0);
  return s;
});
all(SP, ["padStart", "padEnd"], (t, a) => {
  const s = str(t);
  const m = (a[0] = int(a[0]));
  if (a.length > 1 && a[1] !== undefined) a[1] = arg(a[1]);
  ch(m > s.length ? m : 0);
  return s;
});
gen(SP, "slice", (t, a) => {
  const s = str(t);
  if (a.length > 0 && a[0] !== undefined) a[0] = int(a[0]);
  if (a.length > 1 && a[1] !== undefined) a[1] = int(a[1]);
  ch(span(s.length, a[0], a[1]));
  return s;
});
gen(SP, "substring", (t, a) => {
  const s = str(t);
  const n = s.length;
  const clamp = (x) => (x < 0 ? 0 : x > n ? n : x);
  const b = clamp((a[0] = int(a[0])));
  let e = n;
  if (a.length > 1 && a[1] !== undefined) e = clamp((a[1] = int(a[1])));
  ch(e > b ? e - b : b - e);
  return s;
});
gen(SP, "substr", (t, a) => {
  const s = str(t);
  const n = s.length;
  const b = rel((a[0] = int(a[0])), n, 0);
  let k = n - b;
  if (a.length > 1 && a[1] !== undefined) {
    const m = (a[1] = int(a[1]));
    if (m < k) k = m > 0 ? m : 0;
  }
  ch(k);
  return s;
});
gen(SP, sIter, (t) => {
  const s = str(t);
  el(s.length);
  return s;
});
gen(String, "raw", (t, a) => {
  const c = a[0];
  el(c !== null && c !== undefined && c.raw !== null && c.raw !== undefined ? len(c.raw) : 0);
}, outLen);

// ---- Array.prototype and Array ----
const AP = Array.prototype;
const aLen = len;
all(AP, ["copyWithin", "reduce", "reduceRight", "lastIndexOf", "reverse", "toReversed", "with", "keys", "entries"], (t) => el(aLen(t)));
// The common per-element methods, without a rest array: their second argument may be passed as
// undefined without changing what they do.
for (const key of ["every", "some", "forEach", "map", "filter", "find", "findIndex", "findLast", "findLastIndex", "includes", "indexOf", "join"]) {
  const joins = key === "join";
  wrap(AP, key, (f) => ({
    m(x, y) {
      let n = this.length;
      if (typeof n !== "number" || n % 1 !== 0) n = len(this);
      if ((${G} -= ${C} + (n > 0 ? n * ${E} : 0)) < 0) ${OOG}();
      const r = f.call(this, x, y);
      if (joins) outLen(r);
      return r;
    },
  }).m);
}
// for…of, spread and destructuring over an array: charged for every step when the iterator is made.
wrap(AP, "values", (f) => ({
  values() {
    let n = this.length;
    if (typeof n !== "number" || n % 1 !== 0) n = len(this);
    if ((${G} -= ${C} + (n > 0 ? n * ${E} : 0)) < 0) ${OOG}();
    return f.call(this);
  },
}).values);
wrap(AP, sIter, () => null);
gen(AP, "toLocaleString", (t) => el(aLen(t)), outLen);
all(AP, ["flat", "flatMap"], (t) => el(aLen(t)), outEl);
all(AP, ["shift", "unshift"], (t, a) => by(aLen(t) * 16 + a.length * 16));
gen(AP, "fill", (t, a) => {
  const n = aLen(t);
  if (a.length > 1 && a[1] !== undefined) a[1] = int(a[1]);
  if (a.length > 2 && a[2] !== undefined) a[2] = int(a[2]);
  el(span(n, a[1], a[2]));
});
gen(AP, "slice", (t, a) => {
  const n = aLen(t);
  if (a.length > 0 && a[0] !== undefined) a[0] = int(a[0]);
  if (a.length > 1 && a[1] !== undefined) a[1] = int(a[1]);
  el(span(n, a[0], a[1]));
});
all(AP, ["splice", "toSpliced"], (t, a) => el(aLen(t) + (a.length > 2 ? a.length - 2 : 0)));
gen(AP, "sort", (t) => el(nlogn(aLen(t))));
gen(AP, "toSorted", (t) => { const n = aLen(t); el(n + nlogn(n)); });
gen(AP, "concat", (t, a) => {
  let n = t !== null && t !== undefined && (isArray(t) || (typeof t === "object" && t[sSpread])) ? aLen(t) : 1;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    n += x !== null && typeof x === "object" && (isArray(x) || x[sSpread]) ? len(x) : 1;
  }
  el(n);
});
gen(Array, "from", (t, a) => {
  const x = a[0];
  el(x !== null && x !== undefined && x[sIter] == null ? len(Object(x)) : 0);
});

// ---- Object and Reflect ----
all(Object, ["keys", "values", "entries", "getOwnPropertyNames", "getOwnPropertySymbols"], () => el(0), outEl);
gen(Reflect, "ownKeys", () => el(0), outEl);
all(Object, ["getOwnPropertyDescriptors", "freeze", "seal", "preventExtensions", "isFrozen", "isSealed"], (t, a) => el(keys(a[0])));
gen(Object, "assign", (t, a) => {
  let n = 0;
  for (let i = 1; i < a.length; i++) n += keys(a[i]);
  el(n);
});
gen(Object, "defineProperties", (t, a) => el(keys(a[1])));
gen(Object, "create", (t, a) => el(a.length > 1 && a[1] !== undefined ? keys(a[1]) : 0));

// ---- Function.prototype / Reflect: argument lists built from an array-like ----
const FP = Function.prototype;
wrap(FP, "apply", (f) => ({
  apply(t, list) {
    if (list === null || list === undefined) {
      if ((${G} -= ${C}) < 0) ${OOG}();
      return apply(this, t, []);
    }
    let n = list.length;
    n = n > 0 && n !== Infinity ? n / ${ARGS} : 0;
    if ((${G} -= ${C} + n - (n % 1)) < 0) ${OOG}();
    return apply(this, t, list);
  },
}).apply);
gen(Reflect, "apply", (t, a) => per(a[2] !== null && typeof a[2] === "object" ? len(a[2]) : 0, ${ARGS}));
gen(Reflect, "construct", (t, a) => per(a[1] !== null && typeof a[1] === "object" ? len(a[1]) : 0, ${ARGS}));
gen(FP, "toString", () => el(0), outLen);
// A function bound with many arguments copies them on every call: such a bound function is
// wrapped so that each call pays for the copy (up to 8 bound arguments the copy is left free).
wrap(FP, "bind", (f) => ({
  bind(t, ...a) {
    const n = a.length;
    if ((${G} -= ${C} + (n - (n % ${ARGS})) / ${ARGS}) < 0) ${OOG}();
    const list = [t];
    for (let i = 0; i < n; i++) list[i + 1] = a[i];
    const b = apply(f, this, list);
    if (n <= 8) return b;
    const k = ${C} + (n - (n % ${ARGS})) / ${ARGS};
    const w = {
      [b.name]: function (...r) {
        if ((${G} -= k) < 0) ${OOG}();
        return new.target === undefined ? apply(b, this, r) : construct(b, r, new.target === w ? b : new.target);
      },
    }[b.name];
    dp(w, "length", { value: b.length });
    return w;
  },
}).bind);

// ---- JSON ----
gen(JSON, "parse", (t, a) => { const s = a[0] = arg(a[0]); pc(s.length); });
wrap(JSON, "stringify", (f) => ({
  stringify(value, replacer, space) {
    el(0);
    let rep;
    if (typeof replacer === "function") {
      rep = function (k, v) {
        if ((${G} -= ${E}) < 0) ${OOG}();
        return apply(replacer, this, [k, v]);
      };
    } else if (isArray(replacer)) {
      // A property list: emulated by a replacer that copies the listed properties (in the
      // list's order, integer-like keys first as objects order them), so every property
      // visited is charged.
      const n = len(replacer);
      el(n);
      const list = [];
      const seen = new Map();
      for (let i = 0; i < n; i++) {
        const x = replacer[i];
        let k;
        if (typeof x === "string") k = x;
        else if (typeof x === "number" || x instanceof Number || x instanceof String) k = Str(x);
        else continue;
        if (!seen.has(k)) { seen.set(k, true); list.push(k); }
      }
      rep = function (k, v) {
        if ((${G} -= ${E}) < 0) ${OOG}();
        if (v === null || typeof v !== "object" || isArray(v) || v instanceof Number || v instanceof String || v instanceof Boolean || v instanceof BigInt) return v;
        el(list.length);
        const o = {};
        for (let i = 0; i < list.length; i++) {
          const x = v[list[i]];
          if (x !== undefined) o[list[i]] = x;
        }
        return o;
      };
    } else {
      rep = function (k, v) {
        if ((${G} -= ${E}) < 0) ${OOG}();
        return v;
      };
    }
    const r = arguments.length > 2 ? f(value, rep, space) : f(value, rep);
    outParse(r);
    return r;
  },
}).stringify);

// ---- RegExp: every match goes through exec (test, match, replace, split, search, matchAll) ----
const RP = RegExp.prototype;
// The matcher backtracks without a step budget, so a match is charged before it runs by an
// upper bound of its steps from the pattern's shape (packages/artifact/src/regex-shape.ts, asked of the
// host once per pattern and flags); patterns whose backtracking has no polynomial bound are
// refused when they are compiled and here.
const reFlags = gopd(RP, "flags").get;
const shapes = new Map();
function shapeOf(re) {
  const key = reFlags.call(re) + "/" + reSource.call(re);
  let sh = shapes.get(key);
  if (sh === undefined) {
    sh = __sc_host.reShape(reSource.call(re), reFlags.call(re));
    shapes.set(key, sh);
  }
  if (typeof sh === "string") throw new SyntaxError("regular expression /" + reSource.call(re) + "/: " + sh);
  return sh;
}
wrap(RP, "exec", (f) => ({
  exec(s) {
    s = arg(s);
    const n = s.length;
    const sh = shapeOf(this);
    const li = this.lastIndex;
    const g = reGlobal.call(this);
    const y = reSticky.call(this);
    let from = (g || y) && typeof li === "number" && li > 0 ? li - (li % 1) : 0;
    if (from > n) from = n;
    if (sh[0] === 0 && sh[1] <= 256) {
      // No unbounded quantifier and few choices: each start position costs at most its
      // alternatives, so the positions tried are charged after the match (bounded by the heap,
      // and linear when a global regex iterates, as replace / matchAll / split do).
      const r = f.call(this, s);
      const k = r === null ? (y ? 1 : n - from + 1) : r.index - from + 1;
      post(${GAS.NATIVE_REGEX_EXEC} + (k > 0 ? k : 1) * sh[1] * ${PARSE});
      return r;
    }
    const l = n - from + 1;
    let work = (sh[2] ? 1 : l) * sh[1];
    for (let i = 0; i < sh[0]; i++) work *= l;
    if (!(work < 9007199254740991)) work = 9007199254740991;
    if ((${G} -= ${GAS.NATIVE_REGEX_EXEC} + work * ${GAS.NATIVE_REGEX_STEP}) < 0) ${OOG}();
    return f.call(this, s);
  },
}).exec);
gen(RP, sReplace, () => el(0), outLen);
gen(RP, "toString", () => el(0), outLen);
gen(RegExp, "escape", (t, a) => { a[0] = arg(a[0]); ch(a[0].length); }, outLen);
const reSource = gopd(RP, "source").get;
/** Code units of a pattern about to be compiled (a RegExp's source, else the string). */
const patLen = (p) => (p instanceof RegExp ? reSource.call(p).length : typeof p === "string" ? p.length : 0);
gen(RP, "compile", (t, a) => {
  if (a.length > 0 && a[0] !== undefined && !(a[0] instanceof RegExp)) a[0] = arg(a[0]);
  pc(patLen(a[0]));
}, (r) => { if (r instanceof RegExp) shapeOf(r); });
/** A new RegExp whose pattern the sandbox refuses throws when it is made. */
function checked(r) {
  shapeOf(r);
  return r;
}
{
  // The RegExp constructor compiles its pattern: charged by the pattern's length. Callable
  // without new, as the original (which returns a RegExp argument itself when no flags are given).
  const O = RegExp;
  const W = {
    RegExp: function (p, fl) {
      if (p !== null && typeof p === "object" && !(p instanceof O) && p[sMatch] == null) p = arg(p);
      pc(patLen(p));
      if (new.target === undefined) {
        if (p instanceof O && fl === undefined && p.constructor === W) return p;
        return checked(O(p, fl));
      }
      return checked(new.target === W ? new O(p, fl) : construct(O, [p, fl], new.target));
    },
  }.RegExp;
  const ks = ownKeys(O);
  for (let i = 0; i < ks.length; i++) if (ks[i] !== "prototype") dp(W, ks[i], gopd(O, ks[i]));
  dp(W, "prototype", { value: RP, writable: false, enumerable: false, configurable: false });
  dp(RP, "constructor", { value: W, writable: true, enumerable: false, configurable: true });
  dp(globalThis, "RegExp", { value: W, writable: true, enumerable: false, configurable: true });
}
gen(RP, sSplit, () => el(0), outEl);
gen(RP, sMatch, () => el(0), outEl);

// ---- Map and Set ----
const MP = Map.prototype;
const SeP = Set.prototype;
all(MP, ["forEach", "keys", "values", "entries", sIter], (t) => el(mapSize.call(t)));
all(SeP, ["forEach", "keys", "values", "entries", sIter], (t) => el(setSize.call(t)));
all(SeP, ["union", "intersection", "difference", "symmetricDifference", "isSubsetOf", "isSupersetOf", "isDisjointFrom"], (t, a) => {
  const o = a[0];
  const m = o !== null && typeof o === "object" ? +o.size : 0;
  el(setSize.call(t) + (m > 0 ? m : 0));
});

// ---- Typed arrays and ArrayBuffer ----
const tBytes = (t) => taBytes.call(t);
all(TAP, ["copyWithin", "reverse", "toReversed", "with", "includes", "indexOf", "lastIndexOf"], (t) => by(tBytes(t)));
all(TAP, ["every", "some", "forEach", "map", "filter", "find", "findIndex", "findLast", "findLastIndex", "reduce", "reduceRight", "keys", "entries"], (t) => el(taLen.call(t)));
// for…of and spread over a typed array: charged for every step when the iterator is made.
wrap(TAP, "values", (f) => ({
  values() {
    if ((${G} -= ${C} + taLen.call(this) * ${E}) < 0) ${OOG}();
    return f.call(this);
  },
}).values);
wrap(TAP, sIter, () => null);
all(TAP, ["join", "toLocaleString"], (t) => el(taLen.call(t)), outLen);
gen(TAP, "sort", (t) => el(nlogn(taLen.call(t))));
gen(TAP, "toSorted", (t) => { const n = taLen.call(t); el(n + nlogn(n)); });
gen(TAP, "fill", (t, a) => {
  const n = taLen.call(t);
  if (a.length > 1 && a[1] !== undefined) a[1] = int(a[1]);
  if (a.length > 2 && a[2] !== undefined) a[2] = int(a[2]);
  by(n === 0 ? 0 : (span(n, a[1], a[2]) * taBytes.call(t)) / n);
});
// slice allocates through species (the wrapper constructor charges that), but a typed array
// whose \`constructor\` is overridden to undefined gets the engine's own constructor: so the
// copy is charged here as well (an upper bound when the arguments are unusual).
wrap(TAP, "slice", (f) => ({
  slice(a, b) {
    const n = taLen.call(this);
    let k = n;
    if (typeof a === "number" && a >= 0 && a <= n) {
      if (b === undefined) k = n - a;
      else if (typeof b === "number" && b <= n) k = b > a ? b - a : 0;
    }
    k = n === 0 ? 0 : (k * taBytes.call(this)) / n / ${BYTES};
    if ((${G} -= ${C} + k - (k % 1)) < 0) ${OOG}();
    return f.call(this, a, b);
  },
}).slice);
wrap(TAP, "set", (f) => ({
  set(src, offset) {
    let k;
    if (src instanceof TA) {
      k = taBytes.call(src) / ${BYTES};
      k = k - (k % 1);
    } else k = src !== null && src !== undefined ? len(Object(src)) * ${E} : 0;
    if ((${G} -= ${C} + k) < 0) ${OOG}();
    return f.call(this, src, offset);
  },
}).set);
gen(TA, "from", (t, a) => {
  const x = a[0];
  el(x !== null && x !== undefined && x[sIter] == null ? len(Object(x)) : 0);
});
const ABP = ArrayBuffer.prototype;
gen(ABP, "slice", (t, a) => {
  const n = abBytes.call(t);
  if (a.length > 0 && a[0] !== undefined) a[0] = int(a[0]);
  if (a.length > 1 && a[1] !== undefined) a[1] = int(a[1]);
  by(span(n, a[0], a[1]));
});
gen(ABP, "resize", (t, a) => { const n = a[0] = int(a[0]); by(n); });
all(ABP, ["transfer", "transferToFixedLength"], (t, a) => {
  if (a.length > 0 && a[0] !== undefined) a[0] = int(a[0]);
  by(a.length > 0 && a[0] !== undefined ? a[0] : abBytes.call(t));
});

/**
 * Replaces the constructor global \`name\` by a function that charges \`cost(a, b)\` (gas) and
 * constructs the original with the same new.target. It has the original's prototype object,
 * statics, name and length, and \`X.prototype.constructor\` is it, so species lookups (a typed
 * array's \`slice\`, \`subarray\`, \`map\`, \`filter\`; an ArrayBuffer's \`slice\`) construct
 * through it and pay for the allocation they make. (A function, not a Proxy: half the overhead.)
 */
function ctor(name, perUnit, cost) {
  const O = globalThis[name];
  const W = {
    [name]: function (a, b, c) {
      if (new.target === undefined) throw new TE("constructor " + name + " requires 'new'");
      let k;
      if (typeof a === "number") k = a > 0 && a < 9007199254740992 ? a * perUnit : 0;
      else if (a instanceof AB) k = 0; // a view
      else k = cost(a);
      k = k - (k % 1);
      if ((${G} -= ${C} + k) < 0) ${OOG}();
      // Typed arrays take at most three arguments, ArrayBuffer two: passing undefined for a
      // missing one means the same.
      if (new.target === W) return new O(a, b, c);
      return construct(O, [a, b, c], new.target);
    },
  }[name];
  const ks = ownKeys(O);
  for (let i = 0; i < ks.length; i++) if (ks[i] !== "prototype") dp(W, ks[i], gopd(O, ks[i]));
  dp(W, "prototype", { value: O.prototype, writable: false, enumerable: false, configurable: false });
  Object.setPrototypeOf(W, Object.getPrototypeOf(O));
  dp(O.prototype, "constructor", { value: W, writable: true, enumerable: false, configurable: true });
  dp(globalThis, name, { value: W, writable: true, enumerable: false, configurable: true });
}
/** Gas (before the base) of a typed array construction, by its first argument. */
const taCost = (bpe) => (x) => {
  if (x === null || x === undefined) return 0;
  if (typeof x !== "object" && typeof x !== "function") {
    const n = int(x);
    return n > 0 && n !== Infinity ? (n * bpe) / ${BYTES} : 0;
  }
  if (x instanceof TA) return (taBytes.call(x) + taLen.call(x) * bpe) / ${BYTES};
  if (x[sIter] != null) return 0; // an iterable: its iterator is charged per element
  const n = len(x);
  return n * ${E} + (n * bpe) / ${BYTES};
};
for (const name of ["Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array", "Uint32Array", "Float16Array", "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array"]) {
  const bpe = typeof globalThis[name] === "function" ? globalThis[name].BYTES_PER_ELEMENT : 0;
  if (bpe > 0) ctor(name, bpe / ${BYTES}, taCost(bpe));
}
ctor("ArrayBuffer", 1 / ${BYTES}, (x) => {
  const n = int(x);
  return n > 0 && n !== Infinity ? n / ${BYTES} : 0;
});

// ---- Promise combinators: each element costs a promise, a then and closures. The count is
// known for arrays, typed arrays, Maps and Sets; other iterables pay through their own next. ----
const MapC = Map;
const SetC = Set;
all(Promise, ["all", "allSettled", "any", "race"], (t, a) => {
  const x = a[0];
  let n = 0;
  if (x !== null && typeof x === "object") {
    if (isArray(x)) n = len(x);
    else if (x instanceof TA) n = taLen.call(x);
    else if (x instanceof MapC) n = mapSize.call(x);
    else if (x instanceof SetC) n = setSize.call(x);
  } else if (typeof x === "string") n = x.length;
  el((n * ${GAS.NATIVE_PROMISE_ELEMENT}) / ${E});
});

// ---- URI codecs ----
all(globalThis, ["encodeURI", "encodeURIComponent", "decodeURI", "decodeURIComponent", "escape", "unescape"], (t, a) => {
  const s = a[0] = arg(a[0]);
  ch(s.length);
}, outLen);
})();
`;
