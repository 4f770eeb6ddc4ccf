import { apply, defineProperty, descriptor } from "../intrinsics";

/**
 * Replacing a built-in by a metering wrapper. Wrappers keep the original's `name` and `length`
 * and its property attributes, are methods (no `prototype`, not constructors), and functions
 * that are the same object under two keys (`values` / `[Symbol.iterator]`, `trimLeft` /
 * `trimStart`…) stay one object. The originals stay in these closures only.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- any built-in's type
export type Native = Function;
/** Arguments as a wrapper sees them (a cost function may coerce them in place). */
export type Args = unknown[];
/**
 * Charges for a call before it runs; may coerce arguments in place, and returns the receiver
 * to use (a String.prototype method's coerced string), or undefined for `this`.
 */
export type Cost = (self: unknown, a: Args) => unknown;
/** Charges after the call, by its result. */
export type After = (result: unknown) => void;

const done = new Map<Native, Native>();

/**
 * Replaces obj[key] (a function) by make(original), keeping name, length and attributes. `make`
 * may return null for a key known to share an already wrapped function.
 */
export function wrap(obj: object, key: PropertyKey, make: (f: Native) => Native | null): void {
  const d = descriptor(obj, key)!;
  const f = d.value as Native;
  let w = done.get(f);
  if (w === undefined) {
    w = make(f)!;
    defineProperty(w, "length", { value: f.length });
    defineProperty(w, "name", { value: f.name });
    done.set(f, w);
  }
  defineProperty(obj, key, {
    value: w,
    writable: d.writable,
    enumerable: d.enumerable,
    configurable: d.configurable,
  });
}

/** A wrapper that charges `cost(this, args)` before and `after(result)` after the original. */
export function gen(obj: object, key: PropertyKey, cost: Cost, after?: After): void {
  wrap(
    obj,
    key,
    (f) =>
      ({
        m(this: unknown, ...a: Args) {
          const t = cost(this, a);
          const r: unknown = apply(f, t === undefined ? this : t, a);
          if (after !== undefined) after(r);
          return r;
        },
      }).m,
  );
}

/** `gen` for each of `names` that `obj` has. */
export function all(obj: object, names: PropertyKey[], cost: Cost, after?: After): void {
  for (let i = 0; i < names.length; i++) {
    if (descriptor(obj, names[i]) !== undefined) gen(obj, names[i], cost, after);
  }
}
