import { oog } from "../gas";
import { construct, defineProperty, descriptor, ownKeys } from "../intrinsics";
import { arg, ch, el, outEl, outLen, pc, post } from "./charges";
import { gen, wrap } from "./wrap";

/**
 * RegExp: every match goes through `exec` (test, match, replace, split, search, matchAll). The
 * matcher backtracks without a step budget, so a match is charged before it runs by an upper
 * bound of its steps from the pattern's shape (`sandbox/regex-shape.ts`, asked of the host once
 * per pattern and flags); patterns whose backtracking has no polynomial bound are refused when
 * they are compiled and here.
 */
export function meterRegExp(): void {
  const RP = RegExp.prototype;
  const getter = (k: string) => descriptor(RP, k)!.get!;
  const reGlobal = getter("global");
  const reSticky = getter("sticky");
  const reFlags = getter("flags");
  const reSource = getter("source");
  const sMatch = Symbol.match;
  const shapes = new Map<string, [number, number, number] | string>();
  function shapeOf(re: RegExp): [number, number, number] {
    const key = reFlags.call(re) + "/" + reSource.call(re);
    let sh = shapes.get(key);
    if (sh === undefined) {
      sh = __sc_host.reShape(reSource.call(re), reFlags.call(re));
      shapes.set(key, sh);
    }
    if (typeof sh === "string") {
      throw new SyntaxError("regular expression /" + reSource.call(re) + "/: " + sh);
    }
    return sh;
  }
  wrap(
    RP,
    "exec",
    (f) =>
      ({
        exec(this: RegExp, input: unknown) {
          const s = arg(input);
          const n = s.length;
          const sh = shapeOf(this);
          const li = this.lastIndex;
          const g = reGlobal.call(this);
          const y = reSticky.call(this);
          let from = (g || y) && typeof li === "number" && li > 0 ? li - (li % 1) : 0;
          if (from > n) from = n;
          if (sh[0] === 0 && sh[1] <= 256) {
            // No unbounded quantifier and few choices: each start position costs at most its
            // alternatives, so the positions tried are charged after the match (bounded by the
            // heap, and linear when a global regex iterates, as replace / matchAll / split do).
            const r = f.call(this, s) as RegExpExecArray | null;
            const k = r === null ? (y ? 1 : n - from + 1) : r.index - from + 1;
            post(GAS.NATIVE_REGEX_EXEC + (k > 0 ? k : 1) * sh[1] * GAS.NATIVE_PARSE_CHAR);
            return r;
          }
          const l = n - from + 1;
          let work = (sh[2] ? 1 : l) * sh[1];
          for (let i = 0; i < sh[0]; i++) work *= l;
          if (!(work < 9007199254740991)) work = 9007199254740991;
          if ((__sc_gas -= GAS.NATIVE_REGEX_EXEC + work * GAS.NATIVE_REGEX_STEP) < 0) oog();
          __sc_gas |= 0; // a small integer again (see gas.ts)
          return f.call(this, s) as RegExpExecArray | null;
        },
      }).exec,
  );
  gen(RP, Symbol.replace, () => el(0), outLen);
  gen(RP, "toString", () => el(0), outLen);
  gen(
    RegExp,
    "escape",
    (t, a) => {
      a[0] = arg(a[0]);
      ch((a[0] as string).length);
    },
    outLen,
  );
  /** Code units of a pattern about to be compiled (a RegExp's source, else the string). */
  const patLen = (p: unknown) =>
    p instanceof RegExp ? reSource.call(p).length : typeof p === "string" ? p.length : 0;
  gen(
    RP,
    "compile",
    (t, a) => {
      if (a.length > 0 && a[0] !== undefined && !(a[0] instanceof RegExp)) a[0] = arg(a[0]);
      pc(patLen(a[0]));
    },
    (r) => {
      if (r instanceof RegExp) shapeOf(r);
    },
  );
  /** A new RegExp whose pattern the sandbox refuses throws when it is made. */
  function checked(r: RegExp): RegExp {
    shapeOf(r);
    return r;
  }
  // The RegExp constructor compiles its pattern: charged by the pattern's length. Callable
  // without new, as the original (which returns a RegExp argument itself when no flags are given).
  const O = RegExp;
  const W = {
    RegExp: function (p: unknown, fl?: string) {
      if (
        p !== null &&
        typeof p === "object" &&
        !(p instanceof O) &&
        (p as Record<symbol, unknown>)[sMatch] == null
      ) {
        p = arg(p);
      }
      pc(patLen(p));
      if (new.target === undefined) {
        if (p instanceof O && fl === undefined && p.constructor === W) return p;
        return checked(O(p as string, fl));
      }
      return checked(
        new.target === W ? new O(p as string, fl) : (construct(O, [p, fl], new.target) as RegExp),
      );
    },
  }.RegExp;
  const ks = ownKeys(O);
  for (let i = 0; i < ks.length; i++)
    if (ks[i] !== "prototype") defineProperty(W, ks[i], descriptor(O, ks[i])!);
  defineProperty(W, "prototype", {
    value: RP,
    writable: false,
    enumerable: false,
    configurable: false,
  });
  defineProperty(RP, "constructor", {
    value: W,
    writable: true,
    enumerable: false,
    configurable: true,
  });
  defineProperty(globalThis, "RegExp", {
    value: W,
    writable: true,
    enumerable: false,
    configurable: true,
  });
  gen(RP, Symbol.split, () => el(0), outEl);
  gen(RP, sMatch, () => el(0), outEl);
}
