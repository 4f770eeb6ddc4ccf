import {
  create,
  defineProperties,
  descriptors,
  freeze,
  hasOwn,
  isFrozen,
  ownKeys,
  protoOf,
} from "./intrinsics";

/**
 * Removes ambient authority (clocks, randomness, weak references, shared memory, code from
 * strings) before the contract's code runs. `Date` is not installed at all (the host leaves the
 * intrinsic out); the rest is deleted or replaced here.
 */
export function removeAmbientAuthority(): void {
  const g = globalThis as unknown as Record<string, unknown>;
  delete g.eval;
  delete g.Date;
  delete (Math as { random?: unknown }).random;
  delete g.WeakRef;
  delete g.FinalizationRegistry;
  delete g.SharedArrayBuffer;
  delete g.Atomics;
  // The Function constructors (also reached as `(function () {}).constructor`, and through the
  // generator and async function prototypes) become stubs that throw.
  const noCode = function Function(): never {
    throw new TypeError("code generation from strings is not available in contracts");
  };
  const stub = (proto: object) => {
    const s = function () {
      return noCode();
    };
    Object.defineProperty(s, "prototype", { value: proto });
    Object.defineProperty(proto, "constructor", { value: s, writable: false, configurable: false });
    return s;
  };
  g.Function = stub(Function.prototype);
  stub(Object.getPrototypeOf(function* () {}));
  stub(Object.getPrototypeOf(async function () {}));
  stub(Object.getPrototypeOf(async function* () {}));
}

/**
 * The object contract code sees as `globalThis`: a frozen plain copy of the global object's
 * (frozen) properties, with `globalThis` naming itself. The real global object cannot be
 * sealed: QuickJS stores its data properties as variable references (so bytecode reaches
 * globals directly), and its `JS_DefineProperty` treats those as always writable, so
 * `Reflect.defineProperty(globalThis, "Math", { value })` replaces `Math` for every later
 * call even after `Object.freeze(globalThis)` (only module namespaces are protected). A plain
 * frozen object refuses it. Strict code (all contract code: no eval, no Function constructor)
 * has no other way to reach the real global object; its identifiers still resolve through it.
 */
export function sealedGlobal(): object {
  const sealed = create(protoOf(globalThis)) as object;
  const ds = descriptors(globalThis) as Record<string, PropertyDescriptor>;
  ds.globalThis = { value: sealed, writable: false, enumerable: false, configurable: false };
  defineProperties(sealed, ds);
  return freeze(sealed);
}

/**
 * Freezes everything reachable from globalThis (prototypes, accessors, functions and
 * `globalThis` itself). Methods (functions without their own prototype) are frozen but not
 * walked: their own properties are only name and length.
 */
export function freezeAll(): void {
  const todo: object[] = [globalThis];
  while (todo.length > 0) {
    const o = todo.pop()!;
    if (isFrozen(o)) continue;
    freeze(o);
    const proto = protoOf(o) as object | null;
    if (proto !== null) todo.push(proto);
    if (typeof o === "function" && !hasOwn.call(o, "prototype")) continue;
    const ds = descriptors(o) as Record<PropertyKey, PropertyDescriptor>;
    const ks = ownKeys(ds);
    for (let i = 0; i < ks.length; i++) {
      const d = ds[ks[i]];
      const v: unknown = d.value;
      if ((typeof v === "object" && v !== null) || typeof v === "function") todo.push(v);
      if (d.get !== undefined) todo.push(d.get);
      if (d.set !== undefined) todo.push(d.set);
    }
  }
}
