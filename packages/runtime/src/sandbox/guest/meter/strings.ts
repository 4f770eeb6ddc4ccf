import { arg, ch, el, int, len, outEl, outLen, pat, pc, rel, span, str } from "./charges";
import { all, gen } from "./wrap";

/**
 * `String.prototype` and `String.raw`: the cost functions return the coerced receiver. Charged
 * per char read or written (`NATIVE_CHARS_PER_GAS`), searches by length × pattern length.
 */
export function meterStrings(): void {
  const SP = String.prototype;
  const sMatch = Symbol.match;
  const sReplace = Symbol.replace;
  const sSplit = Symbol.split;
  all(
    SP,
    [
      "toLowerCase",
      "toUpperCase",
      "toLocaleLowerCase",
      "toLocaleUpperCase",
      "trim",
      "trimStart",
      "trimEnd",
      "trimLeft",
      "trimRight",
      "isWellFormed",
      "toWellFormed",
    ],
    (t) => {
      const s = str(t);
      ch(s.length);
      return s;
    },
  );
  all(
    SP,
    [
      "anchor",
      "big",
      "blink",
      "bold",
      "fixed",
      "fontcolor",
      "fontsize",
      "italics",
      "link",
      "small",
      "strike",
      "sub",
      "sup",
    ],
    (t, a) => {
      const s = str(t);
      if (a.length > 0) a[0] = arg(a[0]);
      ch(s.length + (a.length > 0 ? (a[0] as string).length * 6 : 0));
      return s;
    },
  );
  gen(SP, "normalize", (t) => {
    const s = str(t);
    pc(s.length);
    return s;
  });
  gen(SP, "localeCompare", (t, a) => {
    const s = str(t);
    a[0] = arg(a[0]);
    ch(s.length + (a[0] as string).length);
    return s;
  });
  gen(SP, "concat", (t, a) => {
    const s = str(t);
    let n = s.length;
    for (let i = 0; i < a.length; i++) {
      a[i] = arg(a[i]);
      n += (a[i] as string).length;
    }
    ch(n);
    return s;
  });
  // Searches: the naive matcher is O(length × pattern length) at worst. A RegExp argument hands
  // over to its Symbol method (metered through exec); a string pattern's scan is charged here.
  const scan = (s: string, p: unknown) =>
    ch(typeof p === "string" ? s.length * (p.length > 1 ? p.length : 1) : 0);
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
  all(
    SP,
    ["replace", "replaceAll"],
    (t, a) => {
      const s = str(t);
      a[0] = pat(a[0], sReplace);
      if (typeof a[0] === "string" && typeof a[1] !== "function") a[1] = arg(a[1]);
      scan(s, a[0]);
      return s;
    },
    outLen,
  );
  gen(
    SP,
    "split",
    (t, a) => {
      const s = str(t);
      if (a[0] !== undefined) a[0] = pat(a[0], sSplit);
      scan(s, a[0]);
      return s;
    },
    outEl,
  );
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
    const clamp = (x: number) => (x < 0 ? 0 : x > n ? n : x);
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
  gen(SP, Symbol.iterator, (t) => {
    const s = str(t);
    el(s.length);
    return s;
  });
  gen(
    String,
    "raw",
    (t, a) => {
      const c = a[0] as { raw?: unknown } | null | undefined;
      el(c !== null && c !== undefined && c.raw !== null && c.raw !== undefined ? len(c.raw) : 0);
    },
    outLen,
  );
}
