/**
 * The read of `len` consecutive struct or tuple elements from `at` (a Vec's body) into `out`,
 * in one loop with no call per element: each string field takes `readString`'s paths inline
 * (source.ts), with the source's decoded ASCII window (`win` over `[ws, we)`) held in locals and
 * reloaded only after a call out opened a new one; each element is one object (or array)
 * literal, the struct's fixed shape. Used by the runtime specialiser's `readMany` and by
 * generated Vec reads.
 */
import { block, lines, literal, type HelperRef } from "./code";

/** One field of the element: a string (read inline) or any other read at a position. */
export interface ReadField {
  /** Property name (structs) or index (tuples). */
  readonly key: string;
  /** Byte offset inside the element. */
  readonly offset: number;
  /** The field's read at a position from the `Source` `s`; null for a string (read inline). */
  readonly read: ((at: string) => string) | null;
}

/**
 * Statements that read `len` elements of `stride` bytes from `at` into the array `out` (locals
 * of the caller, as the `Source` `s`). `typed`: declare the string locals with their TypeScript
 * type (generated files) or not (`new Function` code).
 */
export function readManyBody(
  fields: readonly ReadField[],
  named: boolean,
  stride: number,
  ref: HelperRef,
  typed: boolean,
): string {
  const body: string[] = [];
  const parts = fields.map(({ offset, read }, i) => {
    const at = offset === 0 ? "q" : `q + ${offset}`;
    if (read) return read(at);
    body.push(
      `let x${i}${typed ? ": string" : ""};`,
      `p = ${at};`,
      "b7 = bytes[p + 7];",
      `if (b7 < 0x80) x${i} = ${ref("utf8Read")}(bytes, p, b7);`,
      `else ${block(
        "",
        lines(
          "n = view.getUint32(p, true);",
          "t = p + view.getInt32(p + 4, true);",
          `if (t >= ws && t + n <= we) x${i} = win.slice(t - ws, t - ws + n);`,
          `else ${block(
            "",
            lines(
              `x${i} = ${ref("readString")}(s, p);`,
              "win = s.win;",
              "ws = s.winStart;",
              "we = s.winEnd;",
            ),
          )}`,
        ),
      )}`,
    );
    return `x${i}`;
  });
  const keys = fields.map((f) => f.key);
  return lines(
    `const bytes = s.bytes, view = s.view;`,
    `let win = s.win, ws = s.winStart, we = s.winEnd, p = 0, b7 = 0, n = 0, t = 0;`,
    block(
      `for (let i = 0, q = at; i < len; i++, q += ${stride})`,
      lines(...body, `out[i] = ${literal(named, keys, parts)};`),
    ),
  );
}
