import { oog } from "../gas";
import { isArray } from "../intrinsics";
import { by, el, int, len, nlogn, outEl, outLen, span } from "./charges";
import { all, gen, wrap } from "./wrap";

/**
 * `Array.prototype` and `Array.from`: per element (`NATIVE_ELEMENT`). Iteration (`for…of`,
 * spread, destructuring) is charged for every step when the array's iterator is made.
 */
export function meterArrays(): void {
  const AP = Array.prototype;
  const sSpread = Symbol.isConcatSpreadable;
  const sIter = Symbol.iterator;
  all(
    AP,
    [
      "copyWithin",
      "reduce",
      "reduceRight",
      "lastIndexOf",
      "reverse",
      "toReversed",
      "with",
      "keys",
      "entries",
    ],
    (t) => el(len(t)),
  );
  // The common per-element methods, without a rest array: their second argument may be passed
  // as undefined without changing what they do.
  const common = [
    "every",
    "some",
    "forEach",
    "map",
    "filter",
    "find",
    "findIndex",
    "findLast",
    "findLastIndex",
    "includes",
    "indexOf",
    "join",
  ];
  for (let i = 0; i < common.length; i++) {
    const joins = common[i] === "join";
    wrap(
      AP,
      common[i],
      (f) =>
        ({
          m(this: { length: unknown }, x: unknown, y: unknown) {
            let n = this.length as number;
            if (typeof n !== "number" || n % 1 !== 0) n = len(this);
            if ((__sc_gas -= GAS.NATIVE_CALL + (n > 0 ? n * GAS.NATIVE_ELEMENT : 0)) < 0) oog();
            const r: unknown = f.call(this, x, y);
            if (joins) outLen(r);
            return r;
          },
        }).m,
    );
  }
  // for…of, spread and destructuring over an array: charged for every step when the iterator is made.
  wrap(
    AP,
    "values",
    (f) =>
      ({
        values(this: { length: unknown }) {
          let n = this.length as number;
          if (typeof n !== "number" || n % 1 !== 0) n = len(this);
          if ((__sc_gas -= GAS.NATIVE_CALL + (n > 0 ? n * GAS.NATIVE_ELEMENT : 0)) < 0) oog();
          return f.call(this) as unknown;
        },
      }).values,
  );
  wrap(AP, sIter, () => null);
  gen(AP, "toLocaleString", (t) => el(len(t)), outLen);
  all(AP, ["flat", "flatMap"], (t) => el(len(t)), outEl);
  all(AP, ["shift", "unshift"], (t, a) => by(len(t) * 16 + a.length * 16));
  gen(AP, "fill", (t, a) => {
    const n = len(t);
    if (a.length > 1 && a[1] !== undefined) a[1] = int(a[1]);
    if (a.length > 2 && a[2] !== undefined) a[2] = int(a[2]);
    el(span(n, a[1], a[2]));
  });
  gen(AP, "slice", (t, a) => {
    const n = len(t);
    if (a.length > 0 && a[0] !== undefined) a[0] = int(a[0]);
    if (a.length > 1 && a[1] !== undefined) a[1] = int(a[1]);
    el(span(n, a[0], a[1]));
  });
  all(AP, ["splice", "toSpliced"], (t, a) => el(len(t) + (a.length > 2 ? a.length - 2 : 0)));
  gen(AP, "sort", (t) => el(nlogn(len(t))));
  gen(AP, "toSorted", (t) => {
    const n = len(t);
    el(n + nlogn(n));
  });
  gen(AP, "concat", (t, a) => {
    let n =
      t !== null &&
      t !== undefined &&
      (isArray(t) || (typeof t === "object" && (t as Record<symbol, unknown>)[sSpread]))
        ? len(t)
        : 1;
    for (let i = 0; i < a.length; i++) {
      const x = a[i];
      n +=
        x !== null &&
        typeof x === "object" &&
        (isArray(x) || (x as Record<symbol, unknown>)[sSpread])
          ? len(x)
          : 1;
    }
    el(n);
  });
  gen(Array, "from", (t, a) => {
    const x = a[0];
    el(
      x !== null && x !== undefined && (x as Record<symbol, unknown>)[sIter] == null
        ? len(Object(x))
        : 0,
    );
  });
}
