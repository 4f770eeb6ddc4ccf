import { oog } from "../gas";
import {
  AB,
  construct,
  defineProperty,
  descriptor,
  ownKeys,
  protoOf,
  setProtoOf,
  TE,
} from "../intrinsics";
import { by, el, int, len, nlogn, outLen, span } from "./charges";
import { all, gen, wrap } from "./wrap";

/** %TypedArray% and its prototype, and the accessors the wrappers read sizes with. */
export const TA = protoOf(Uint8Array) as typeof Uint8Array;
const TAP = TA.prototype;
export const taLen = descriptor(TAP, "length")!.get! as (this: unknown) => number;
const taBytes = descriptor(TAP, "byteLength")!.get! as (this: unknown) => number;
const abBytes = descriptor(ArrayBuffer.prototype, "byteLength")!.get! as (this: unknown) => number;

type Iterable = Record<symbol, unknown>;

/** Typed-array and `ArrayBuffer` methods: per byte (`NATIVE_BYTES_PER_GAS`) or per element. */
export function meterBinaryMethods(): void {
  const sIter = Symbol.iterator;
  const tBytes = (t: unknown) => taBytes.call(t);
  all(
    TAP,
    ["copyWithin", "reverse", "toReversed", "with", "includes", "indexOf", "lastIndexOf"],
    (t) => by(tBytes(t)),
  );
  all(
    TAP,
    [
      "every",
      "some",
      "forEach",
      "map",
      "filter",
      "find",
      "findIndex",
      "findLast",
      "findLastIndex",
      "reduce",
      "reduceRight",
      "keys",
      "entries",
    ],
    (t) => el(taLen.call(t)),
  );
  // for…of and spread over a typed array: charged for every step when the iterator is made.
  wrap(
    TAP,
    "values",
    (f) =>
      ({
        values(this: unknown) {
          if ((__sc_gas -= GAS.NATIVE_CALL + taLen.call(this) * GAS.NATIVE_ELEMENT) < 0) oog();
          __sc_gas |= 0; // a small integer again (see gas.ts)
          return f.call(this) as unknown;
        },
      }).values,
  );
  wrap(TAP, sIter, () => null);
  all(TAP, ["join", "toLocaleString"], (t) => el(taLen.call(t)), outLen);
  gen(TAP, "sort", (t) => el(nlogn(taLen.call(t))));
  gen(TAP, "toSorted", (t) => {
    const n = taLen.call(t);
    el(n + nlogn(n));
  });
  // fill(value, start, end): `gen`'s charge, written out (the archive writer fills on every
  // archive: no rest array, no cost closure, no `apply`). A start or end that is undefined or
  // missing means the same to the built-in, so both are passed on, coerced once.
  wrap(
    TAP,
    "fill",
    (f) =>
      ({
        fill(this: unknown, v: unknown, s: unknown, e: unknown) {
          const n = taLen.call(this);
          // span(n, s, e) and by(…) inlined.
          let from = 0;
          let to = n;
          if (s !== undefined) {
            const i = (s = int(s));
            from = i < 0 ? (i + n > 0 ? i + n : 0) : i < n ? i : n;
          }
          if (e !== undefined) {
            const i = (e = int(e));
            to = i < 0 ? (i + n > 0 ? i + n : 0) : i < n ? i : n;
          }
          let k = n === 0 || to <= from ? 0 : ((to - from) * taBytes.call(this)) / n;
          if (k > 0 && k !== Infinity) {
            k = k / GAS.NATIVE_BYTES_PER_GAS;
            k = k - (k % 1);
          } else k = 0;
          if ((__sc_gas -= GAS.NATIVE_CALL + k) < 0) oog();
          __sc_gas |= 0; // a small integer again (see gas.ts)
          return f.call(this, v, s, e) as unknown;
        },
      }).fill,
  );
  // slice allocates through species (the wrapper constructor charges that), but a typed array
  // whose `constructor` is overridden to undefined gets the engine's own constructor: so the
  // copy is charged here as well (an upper bound when the arguments are unusual).
  wrap(
    TAP,
    "slice",
    (f) =>
      ({
        slice(this: unknown, a: unknown, b: unknown) {
          const n = taLen.call(this);
          let k = n;
          if (typeof a === "number" && a >= 0 && a <= n) {
            if (b === undefined) k = n - a;
            else if (typeof b === "number" && b <= n) k = b > a ? b - a : 0;
          }
          k = n === 0 ? 0 : (k * taBytes.call(this)) / n / GAS.NATIVE_BYTES_PER_GAS;
          if ((__sc_gas -= GAS.NATIVE_CALL + k - (k % 1)) < 0) oog();
          __sc_gas |= 0; // a small integer again (see gas.ts)
          return f.call(this, a, b) as unknown;
        },
      }).slice,
  );
  wrap(
    TAP,
    "set",
    (f) =>
      ({
        set(this: unknown, src: unknown, offset: unknown) {
          let k;
          if (src instanceof TA) {
            k = taBytes.call(src) / GAS.NATIVE_BYTES_PER_GAS;
            k = k - (k % 1);
          } else k = src !== null && src !== undefined ? len(Object(src)) * GAS.NATIVE_ELEMENT : 0;
          if ((__sc_gas -= GAS.NATIVE_CALL + k) < 0) oog();
          __sc_gas |= 0; // a small integer again (see gas.ts)
          return f.call(this, src, offset) as unknown;
        },
      }).set,
  );
  gen(TA, "from", (t, a) => {
    const x = a[0];
    el(x !== null && x !== undefined && (x as Iterable)[sIter] == null ? len(Object(x)) : 0);
  });
  const ABP = ArrayBuffer.prototype;
  gen(ABP, "slice", (t, a) => {
    const n = abBytes.call(t);
    if (a.length > 0 && a[0] !== undefined) a[0] = int(a[0]);
    if (a.length > 1 && a[1] !== undefined) a[1] = int(a[1]);
    by(span(n, a[0], a[1]));
  });
  gen(ABP, "resize", (t, a) => {
    const n = (a[0] = int(a[0]));
    by(n);
  });
  all(ABP, ["transfer", "transferToFixedLength"], (t, a) => {
    if (a.length > 0 && a[0] !== undefined) a[0] = int(a[0]);
    by(a.length > 0 && a[0] !== undefined ? (a[0] as number) : abBytes.call(t));
  });
}

/**
 * Replaces the constructor global `name` by a function that charges `cost(a)` (gas) and
 * constructs the original with the same new.target. It has the original's prototype object,
 * statics, name and length, and `X.prototype.constructor` is it, so species lookups (a typed
 * array's `slice`, `subarray`, `map`, `filter`; an ArrayBuffer's `slice`) construct through it
 * and pay for the allocation they make. (A function, not a Proxy: half the overhead.)
 */
function ctor(name: string, perUnit: number, cost: (a: unknown) => number): void {
  const g = globalThis as unknown as Record<string, new (...a: unknown[]) => object>;
  const O = g[name];
  const W = {
    [name]: function (a: unknown, b: unknown, c: unknown) {
      if (new.target === undefined) throw new TE("constructor " + name + " requires 'new'");
      let k;
      if (typeof a === "number") k = a > 0 && a < 9007199254740992 ? a * perUnit : 0;
      else if (a instanceof AB)
        k = 0; // a view
      else k = cost(a);
      k = k - (k % 1);
      if ((__sc_gas -= GAS.NATIVE_CALL + k) < 0) oog();
      __sc_gas |= 0; // a small integer again (see gas.ts)
      // Typed arrays take at most three arguments, ArrayBuffer two: passing undefined for a
      // missing one means the same.
      if (new.target === W) return new O(a, b, c);
      return construct(O, [a, b, c], new.target) as object;
    },
  }[name];
  const ks = ownKeys(O);
  for (let i = 0; i < ks.length; i++) {
    if (ks[i] !== "prototype") defineProperty(W, ks[i], descriptor(O, ks[i])!);
  }
  defineProperty(W, "prototype", {
    value: O.prototype,
    writable: false,
    enumerable: false,
    configurable: false,
  });
  setProtoOf(W, protoOf(O) as object);
  defineProperty(O.prototype, "constructor", {
    value: W,
    writable: true,
    enumerable: false,
    configurable: true,
  });
  defineProperty(globalThis, name, {
    value: W,
    writable: true,
    enumerable: false,
    configurable: true,
  });
}

/** The typed-array and ArrayBuffer constructors: per byte allocated (from an array: + per element). */
export function meterBinaryConstructors(): void {
  const sIter = Symbol.iterator;
  /** Gas (before the base) of a typed array construction, by its first argument. */
  const taCost = (bpe: number) => (x: unknown) => {
    if (x === null || x === undefined) return 0;
    if (typeof x !== "object" && typeof x !== "function") {
      const n = int(x);
      return n > 0 && n !== Infinity ? (n * bpe) / GAS.NATIVE_BYTES_PER_GAS : 0;
    }
    if (x instanceof TA) return (taBytes.call(x) + taLen.call(x) * bpe) / GAS.NATIVE_BYTES_PER_GAS;
    if ((x as Iterable)[sIter] != null) return 0; // an iterable: its iterator is charged per element
    const n = len(x);
    return n * GAS.NATIVE_ELEMENT + (n * bpe) / GAS.NATIVE_BYTES_PER_GAS;
  };
  const names = [
    "Int8Array",
    "Uint8Array",
    "Uint8ClampedArray",
    "Int16Array",
    "Uint16Array",
    "Int32Array",
    "Uint32Array",
    "Float16Array",
    "Float32Array",
    "Float64Array",
    "BigInt64Array",
    "BigUint64Array",
  ];
  type Ctor = { new (n: number): unknown; BYTES_PER_ELEMENT: number };
  const g = globalThis as unknown as Record<string, Ctor | undefined>;
  for (let i = 0; i < names.length; i++) {
    const c = g[names[i]];
    const bpe = typeof c === "function" ? c.BYTES_PER_ELEMENT : 0;
    if (bpe > 0) ctor(names[i], bpe / GAS.NATIVE_BYTES_PER_GAS, taCost(bpe));
  }
  ctor("ArrayBuffer", 1 / GAS.NATIVE_BYTES_PER_GAS, (x) => {
    const n = int(x);
    return n > 0 && n !== Infinity ? n / GAS.NATIVE_BYTES_PER_GAS : 0;
  });
}
