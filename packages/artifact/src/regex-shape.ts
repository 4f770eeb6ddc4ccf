/**
 * What a RegExp pattern lets QuickJS's backtracking matcher (`lre_exec`, which has no step
 * budget) do, so that a match can be charged by an upper bound of its steps before it runs.
 *
 * - Refused: a repeating quantifier (`*`, `+`, `{n,m}` with m > 1) on a group that contains a
 *   quantifier with a choice (not an exact `{n}`) or an alternation (`(a+)+`, `(a|aa)*`: exponential backtracking), and
 *   backreferences (`\1`, `\k<name>`: matching them is not a regular language, and the
 *   engine's work is not bounded by a polynomial of the pattern's shape).
 * - Otherwise every attempt at one start position takes at most `alternatives × (L + 1)^k`
 *   steps (k unbounded quantifiers, each splitting the rest of the input at most L + 1 ways;
 *   alternatives: the product over the alternations and bounded quantifiers of their choices),
 *   and there are L + 1 start positions unless the pattern is anchored (`^` without `m`, or the
 *   `y` flag). That bound is what a match costs (see the `exec` wrapper in guest/meter/regexp.ts).
 */
export interface RegexShape {
  /** Unbounded quantifiers (`*`, `+`, `{n,}`). */
  readonly unbounded: number;
  /** Product of the choices of alternations and bounded quantifiers (≥ 1; may be Infinity). */
  readonly alternatives: number;
  /** The match can only start at one position. */
  readonly anchored: boolean;
}

/** A pattern the sandbox refuses, and why (with the offset in the pattern). */
export class RegexRefusal {
  constructor(
    readonly reason: string,
    readonly at: number,
  ) {}
}

interface Group {
  /** The group contains a quantifier with a choice (not an exact {n}) or an alternation. */
  complex: boolean;
  /** Alternatives of this group's alternation (1 + the number of `|`). */
  alts: number;
}

export function regexShape(pattern: string, flags: string): RegexShape | RegexRefusal {
  let unbounded = 0;
  let alternatives = 1;
  const stack: Group[] = [{ complex: false, alts: 1 }];
  /** What the last atom was: a group (with its complexity), another atom, or nothing. */
  let last: "none" | "atom" | "simple-group" | "complex-group" = "none";
  const n = pattern.length;
  let anchored = flags.includes("y") || (!flags.includes("m") && pattern.startsWith("^"));
  const unicode = flags.includes("u") || flags.includes("v");
  const quantified = (min: number, max: number, at: number): RegexRefusal | undefined => {
    if (last === "none") return undefined; // a syntax error the engine reports
    if (last === "complex-group" && max > 1) {
      return new RegexRefusal("a repeated group that contains a quantifier or an alternation", at);
    }
    if (max === Infinity) unbounded++;
    else alternatives *= max - min + 1;
    // An exact count ({2}) gives the matcher no choice.
    if (min !== max) stack[stack.length - 1].complex = true;
    last = "none";
    return undefined;
  };
  for (let i = 0; i < n; i++) {
    const c = pattern[i];
    if (c === "\\") {
      const d = pattern[i + 1] ?? "";
      if (/[1-9]/.test(d) || (d === "k" && (unicode || pattern.includes("(?<")))) {
        return new RegexRefusal("a backreference", i);
      }
      i++;
      last = "atom";
    } else if (c === "[") {
      // A character class: one atom (nested classes of the v flag included).
      let depth = 1;
      for (i++; i < n && depth > 0; i++) {
        if (pattern[i] === "\\") i++;
        else if (pattern[i] === "[" && flags.includes("v")) depth++;
        else if (pattern[i] === "]") depth--;
      }
      i--;
      last = "atom";
    } else if (c === "(") {
      stack.push({ complex: false, alts: 1 });
      if (pattern[i + 1] === "?") {
        // (?: (?= (?! (?<= (?<! (?<name>
        if (pattern[i + 2] === "<" && pattern[i + 3] !== "=" && pattern[i + 3] !== "!") {
          const close = pattern.indexOf(">", i);
          i = close < 0 ? n : close;
        } else i += pattern[i + 2] === "<" ? 3 : 2;
      }
      last = "none";
    } else if (c === ")") {
      const g = stack.length > 1 ? stack.pop()! : stack[0];
      alternatives *= g.alts;
      const complex = g.complex || g.alts > 1;
      if (complex) stack[stack.length - 1].complex = true;
      last = complex ? "complex-group" : "simple-group";
    } else if (c === "|") {
      stack[stack.length - 1].alts++;
      last = "none";
    } else if (c === "*" || c === "+" || c === "?") {
      const r = quantified(c === "+" ? 1 : 0, c === "?" ? 1 : Infinity, i);
      if (r) return r;
      if (pattern[i + 1] === "?") i++; // lazy
    } else if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
      if (m === null) {
        last = "atom"; // a literal brace (Annex B)
        continue;
      }
      const min = Number(m[1]);
      const max = m[2] === undefined ? min : m[3] === "" ? Infinity : Number(m[3]);
      const r = quantified(min, max, i);
      if (r) return r;
      i += m[0].length - 1;
      if (pattern[i + 1] === "?") i++;
    } else if (c === "^" || c === "$") {
      last = "none";
    } else {
      last = "atom";
    }
  }
  alternatives *= stack[0].alts;
  if (stack[0].alts > 1) anchored = flags.includes("y");
  return { unbounded, alternatives, anchored };
}

/**
 * Steps a match of a pattern of this shape may take on `length` characters from its start
 * position (an upper bound; Infinity when it does not fit a double).
 */
export function regexWork(shape: RegexShape, length: number): number {
  const l = length + 1;
  return (shape.anchored ? 1 : l) * shape.alternatives * l ** shape.unbounded;
}
