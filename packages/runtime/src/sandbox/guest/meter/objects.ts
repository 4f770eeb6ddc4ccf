import { oog } from "../gas";
import { apply, construct, defineProperty, isArray, Str } from "../intrinsics";
import { arg, el, keys, len, outEl, outLen, outParse, pc, per } from "./charges";
import { all, gen, wrap } from "./wrap";

/** `Object` and `Reflect`: per key listed, frozen, copied or defined. */
export function meterObjects(): void {
  all(
    Object,
    ["keys", "values", "entries", "getOwnPropertyNames", "getOwnPropertySymbols"],
    () => el(0),
    outEl,
  );
  gen(Reflect, "ownKeys", () => el(0), outEl);
  all(
    Object,
    ["getOwnPropertyDescriptors", "freeze", "seal", "preventExtensions", "isFrozen", "isSealed"],
    (t, a) => el(keys(a[0])),
  );
  gen(Object, "assign", (t, a) => {
    let n = 0;
    for (let i = 1; i < a.length; i++) n += keys(a[i]);
    el(n);
  });
  gen(Object, "defineProperties", (t, a) => el(keys(a[1])));
  gen(Object, "create", (t, a) => el(a.length > 1 && a[1] !== undefined ? keys(a[1]) : 0));
}

/** `Function.prototype` and `Reflect`: argument lists built from an array-like. */
export function meterFunctions(): void {
  const FP = Function.prototype;
  wrap(
    FP,
    "apply",
    () =>
      ({
        apply(this: () => unknown, t: unknown, list: ArrayLike<unknown> | null | undefined) {
          if (list === null || list === undefined) {
            if ((__sc_gas -= GAS.NATIVE_CALL) < 0) oog();
            return apply(this, t, []);
          }
          let n = list.length;
          n = n > 0 && n !== Infinity ? n / GAS.NATIVE_ARGS_PER_GAS : 0;
          if ((__sc_gas -= GAS.NATIVE_CALL + n - (n % 1)) < 0) oog();
          __sc_gas |= 0; // a small integer again (see gas.ts)
          return apply(this, t, list);
        },
      }).apply,
  );
  gen(Reflect, "apply", (t, a) =>
    per(a[2] !== null && typeof a[2] === "object" ? len(a[2]) : 0, GAS.NATIVE_ARGS_PER_GAS),
  );
  gen(Reflect, "construct", (t, a) =>
    per(a[1] !== null && typeof a[1] === "object" ? len(a[1]) : 0, GAS.NATIVE_ARGS_PER_GAS),
  );
  gen(FP, "toString", () => el(0), outLen);
  // A function bound with many arguments copies them on every call: such a bound function is
  // wrapped so that each call pays for the copy (up to 8 bound arguments the copy is left free).
  wrap(
    FP,
    "bind",
    (f) =>
      ({
        bind(this: () => unknown, t: unknown, ...a: unknown[]) {
          const n = a.length;
          if (
            (__sc_gas -=
              GAS.NATIVE_CALL + (n - (n % GAS.NATIVE_ARGS_PER_GAS)) / GAS.NATIVE_ARGS_PER_GAS) < 0
          )
            oog();
          __sc_gas |= 0; // a small integer again (see gas.ts)
          const list: unknown[] = [t];
          for (let i = 0; i < n; i++) list[i + 1] = a[i];
          const b = apply(f, this, list) as (...r: unknown[]) => unknown;
          if (n <= 8) return b;
          const k = GAS.NATIVE_CALL + (n - (n % GAS.NATIVE_ARGS_PER_GAS)) / GAS.NATIVE_ARGS_PER_GAS;
          const w = {
            [b.name]: function (this: unknown, ...r: unknown[]) {
              if ((__sc_gas -= k) < 0) oog();
              return new.target === undefined
                ? apply(b, this, r)
                : construct(b, r, new.target === w ? b : new.target);
            },
          }[b.name];
          defineProperty(w, "length", { value: b.length });
          return w;
        },
      }).bind,
  );
}

/** `JSON`: parse per char; stringify per property visited (through a replacer) and per char out. */
export function meterJson(): void {
  gen(JSON, "parse", (t, a) => {
    const s = (a[0] = arg(a[0]));
    pc(s.length);
  });
  wrap(
    JSON,
    "stringify",
    (f) =>
      ({
        stringify(value: unknown, replacer?: unknown, ...space: unknown[]) {
          el(0);
          let rep: (this: unknown, k: string, v: unknown) => unknown;
          if (typeof replacer === "function") {
            rep = function (k, v) {
              if ((__sc_gas -= GAS.NATIVE_ELEMENT) < 0) oog();
              return apply(replacer, this, [k, v]);
            };
          } else if (isArray(replacer)) {
            // A property list: emulated by a replacer that copies the listed properties (in the
            // list's order, integer-like keys first as objects order them), so every property
            // visited is charged.
            const n = len(replacer);
            el(n);
            const list: string[] = [];
            const seen = new Map<string, boolean>();
            for (let i = 0; i < n; i++) {
              const x: unknown = replacer[i];
              let k;
              if (typeof x === "string") k = x;
              else if (typeof x === "number" || x instanceof Number || x instanceof String) {
                k = Str(x);
              } else continue;
              if (!seen.has(k)) {
                seen.set(k, true);
                list.push(k);
              }
            }
            rep = function (k, v) {
              if ((__sc_gas -= GAS.NATIVE_ELEMENT) < 0) oog();
              if (
                v === null ||
                typeof v !== "object" ||
                isArray(v) ||
                v instanceof Number ||
                v instanceof String ||
                v instanceof Boolean ||
                v instanceof BigInt
              ) {
                return v;
              }
              el(list.length);
              const o: Record<string, unknown> = {};
              for (let i = 0; i < list.length; i++) {
                const x = (v as Record<string, unknown>)[list[i]];
                if (x !== undefined) o[list[i]] = x;
              }
              return o;
            };
          } else {
            rep = function (k, v) {
              if ((__sc_gas -= GAS.NATIVE_ELEMENT) < 0) oog();
              return v;
            };
          }
          const stringify = f as typeof JSON.stringify;
          // Called with as many arguments as it was given (a space argument of undefined
          // is not the same as none to a replacer-aware caller's `arguments`).
          const r =
            space.length > 0 ? stringify(value, rep, space[0] as string) : stringify(value, rep);
          outParse(r);
          return r;
        },
      }).stringify,
  );
}
