/**
 * The out-of-line strings of a Vec's struct elements resolved in one encode: one loop validates
 * each element and string, pushes inline strings' resolvers as usual and the others' as
 * `(length, -2)` while concatenating them, and `ArchiveWriter.resolveAsciiRun` writes the
 * concatenation at once if it is all ASCII, filling in the positions. Anything else (a bad
 * value, a non-ASCII string) truncates the resolvers and leaves `done` false, and the caller's
 * element-by-element resolve runs as before and reports it. The bytes are the same either way;
 * only the per-character encode loop is skipped. Needs a TextEncoder (`ASCII_RUNS`).
 * Used by the runtime specialiser's `resolveMany` and generated Vec resolves.
 */
import { block, lines, propKey, type HelperRef } from "./code";

/** Leaf kinds with no out-of-line data (they are written by the element's `write` alone). */
const INLINE_LEAVES: ReadonlySet<string> = new Set([
  "u8",
  "u16",
  "u32",
  "usize",
  "u64",
  "u128",
  "i8",
  "i16",
  "i32",
  "isize",
  "i64",
  "i128",
  "f32",
  "f64",
  "bool",
  "char",
  "unit",
  "bytes",
]);

/**
 * Whether a struct with fields of these kinds may be resolved as one ASCII run: strings must be
 * its only out-of-line data (every other field an inline leaf: a `Vec<u8>` or a nested type
 * would be skipped) and it needs at least one string.
 */
export function asciiRunFits(kinds: readonly string[]): boolean {
  return (
    kinds.some((k) => k === "string") && kinds.every((k) => k === "string" || INLINE_LEAVES.has(k))
  );
}

/**
 * Statements that try the one-encode resolve of the struct elements of `v` (an array; `w`,
 * `mark` = `w.rtop` before the elements, and `let i = 0` are the caller's) and leave `done`:
 * true when every element's strings were written, else false with the resolvers truncated to
 * `mark` and `i` back at 0. `strings`: the string fields' keys with their declaration index.
 * `typed`: TypeScript casts (generated files) or none (`new Function` code).
 */
export function asciiRunResolve(
  strings: readonly { readonly key: string; readonly index: number }[],
  ref: HelperRef,
  typed: boolean,
): string {
  const body: string[] = [];
  for (const { key, index: i } of strings) {
    const get = propKey(key) === key ? `x.${key}` : `x[${JSON.stringify(key)}]`;
    body.push(
      `const s${i} = ${get}${typed ? " as unknown" : ""};`,
      `if (typeof s${i} !== "string") break;`,
      block(
        `if (s${i}.length > 7)`,
        lines(`joined += s${i};`, `w.pushResolver(s${i}.length);`, "w.pushResolver(-2);"),
        ` ${block(
          `else if ((n = ${ref("utf8Length")}(s${i})) >= 0 && n <= 7)`,
          lines("w.pushResolver(n);", "w.pushResolver(-1);"),
          " else break;",
        )}`,
      ),
    );
  }
  return lines(
    `let done = false;`,
    block(
      `if (${ref("ASCII_RUNS")})`,
      lines(
        `let joined = "", n = 0;`,
        block(
          "for (; i < v.length; i++)",
          lines(
            `const x = v[i]${typed ? " as unknown as Record<string, unknown> | null" : ""};`,
            `if (typeof x !== "object" || x === null) break;`,
            ...body,
          ),
        ),
        `done = i === v.length && w.resolveAsciiRun(joined, mark);`,
        block("if (!done)", lines("w.rtop = mark;", "i = 0;")),
      ),
    ),
  );
}
