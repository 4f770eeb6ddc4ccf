import { isArray, MapC, SetC } from "../intrinsics";
import { arg, ch, el, len, outLen } from "./charges";
import { all } from "./wrap";
import { TA, taLen } from "./binary";

const mapSize = Object.getOwnPropertyDescriptor(Map.prototype, "size")!.get!;
const setSize = Object.getOwnPropertyDescriptor(Set.prototype, "size")!.get!;

/** `Map` and `Set`: iteration and set algebra per element. */
export function meterCollections(): void {
  const sIter = Symbol.iterator;
  const MP = Map.prototype;
  const SeP = Set.prototype;
  all(MP, ["forEach", "keys", "values", "entries", sIter], (t) => el(mapSize.call(t)));
  all(SeP, ["forEach", "keys", "values", "entries", sIter], (t) => el(setSize.call(t)));
  all(
    SeP,
    [
      "union",
      "intersection",
      "difference",
      "symmetricDifference",
      "isSubsetOf",
      "isSupersetOf",
      "isDisjointFrom",
    ],
    (t, a) => {
      const o = a[0] as { size?: unknown } | null;
      const m = o !== null && typeof o === "object" ? +(o.size as number) : 0;
      el(setSize.call(t) + (m > 0 ? m : 0));
    },
  );
}

/**
 * Promise combinators: each element costs a promise, a then and closures. The count is known
 * for arrays, typed arrays, Maps and Sets; other iterables pay through their own next.
 */
export function meterPromises(): void {
  all(Promise, ["all", "allSettled", "any", "race"], (t, a) => {
    const x = a[0];
    let n = 0;
    if (x !== null && typeof x === "object") {
      if (isArray(x)) n = len(x);
      else if (x instanceof TA) n = taLen.call(x);
      else if (x instanceof MapC) n = mapSize.call(x);
      else if (x instanceof SetC) n = setSize.call(x);
    } else if (typeof x === "string") n = x.length;
    el((n * GAS.NATIVE_PROMISE_ELEMENT) / GAS.NATIVE_ELEMENT);
  });
}

/** The URI codecs and `escape` / `unescape`: per char in and out. */
export function meterUri(): void {
  all(
    globalThis,
    ["encodeURI", "encodeURIComponent", "decodeURI", "decodeURIComponent", "escape", "unescape"],
    (t, a) => {
      const s = (a[0] = arg(a[0]));
      ch(s.length);
    },
    outLen,
  );
}
