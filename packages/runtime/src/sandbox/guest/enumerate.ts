import { descriptor, isFrozen, ownKeys, protoOf } from "./intrinsics";
import { oog } from "./gas";

/**
 * for…in and object spread enumerate every key natively (for…in even when the loop breaks at
 * once), so the instrumenter routes their operand through these (`@shortcrust/artifact`'s gas-pattern.ts: the
 * contract reaches them as `__sc_forin` / `__sc_spread`): each charges `NATIVE_ELEMENT` per key
 * before the enumeration and returns the operand unchanged. for…in pays for the keys of every
 * object on the prototype chain; a frozen object's count of enumerable string keys cannot
 * change, so it is computed once (the built-in prototypes: 0).
 */
const frozenKeys = new WeakMap<object, number>();

function enumerable(o: object): number {
  if (!isFrozen(o)) return ownKeys(o).length;
  let n = frozenKeys.get(o);
  if (n === undefined) {
    n = 0;
    const ks = ownKeys(o);
    for (let i = 0; i < ks.length; i++) {
      const d = typeof ks[i] === "string" ? descriptor(o, ks[i]) : undefined;
      if (d !== undefined && d.enumerable) n++;
    }
    frozenKeys.set(o, n);
  }
  return n;
}

export function forin<T>(o: T): T {
  let n = 0;
  if (typeof o === "string") n = o.length;
  else if (o !== null && (typeof o === "object" || typeof o === "function")) {
    for (let p: object | null = o as object; p !== null; p = protoOf(p) as object | null) {
      n += enumerable(p);
    }
  }
  if ((__sc_gas -= GAS.NATIVE_CALL + GAS.NATIVE_ELEMENT * n) < 0) oog();
  return o;
}

export function spread<T>(o: T): T {
  const n =
    typeof o === "string"
      ? o.length
      : o !== null && (typeof o === "object" || typeof o === "function")
        ? ownKeys(o as object).length
        : 0;
  if ((__sc_gas -= GAS.NATIVE_CALL + GAS.NATIVE_ELEMENT * n) < 0) oog();
  return o;
}
