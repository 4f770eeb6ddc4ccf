/**
 * The check of `len` consecutive struct or tuple elements from `at` (a Vec's or array's body)
 * in one loop, with no call per element: `bool` and `char` fields call the checker, string
 * fields take `CheckContext.string`'s fast paths inline (an inline string's bytes, a deferred
 * ASCII run extended in place), any other field calls its check. The claimed range and the
 * pending ASCII run live in locals (`st`, `en`, `pe`) and are synced with the context around
 * every call out. Used as the runtime specialiser's `checkMany` and as generated Vec checks.
 */
import { block, lines, type HelperRef } from "./code";

/** One checked field of the element. */
export interface CheckedField {
  /** Declaration index (the `f` of error paths). */
  readonly index: number;
  /** Byte offset inside the element. */
  readonly offset: number;
  /** `string`, `bool` or `char`; anything else needs `call`. */
  readonly kind: string;
  /** The field's check statement at a position, for kinds without an inline check. */
  readonly call?: (at: string) => string;
}

/** The claimed range and pending run, from the locals back into the context (before a call out). */
const SYNC = lines("c.start = st;", "c.pendingEnd = pe;");
/** And into the locals again (after one). */
const RELOAD = lines("st = c.start;", "en = c.end;", "pe = c.pendingEnd;");

/** The string check at `p` (its position already in `p`), inlined. */
function stringCheck(): string {
  return block(
    "if ((b7 & 0x80) === 0)",
    // Inline: all eight bytes ASCII (one OR of two words) proves the ≤ 7 data bytes are; only
    // else the byte loop (bytes past the length may be anything).
    block(
      "if (b7 > 7)",
      lines(SYNC, "c.string(p);"),
      ` ${block(
        "else if (((view.getInt32(p, true) | view.getInt32(p + 4, true)) & 0x80808080) !== 0)",
        block(
          "for (let j = 0; j < b7; j++)",
          block("if (bytes[p + j] >= 0x80)", lines(SYNC, "c.string(p);", RELOAD, "break;")),
        ),
      )}`,
    ),
    ` else ${block(
      "",
      lines(
        "const sl = view.getUint32(p, true), t = p + view.getInt32(p + 4, true);",
        block(
          "if (deferred && t >= st && t + sl <= en)",
          lines(
            block("if (t !== pe)", lines(SYNC, "c.flushAscii();", "c.pendingStart = t;")),
            "pe = t + sl;",
            "st = pe;",
          ),
          ` else ${block("", lines(SYNC, "c.string(p);", RELOAD))}`,
        ),
      ),
    )}`,
  );
}

/**
 * Statements that check `len` elements of `stride` bytes from `at` (locals of the caller, as
 * `c`), with `segs` (an expression) the element's field segments: a failure gets its field's
 * segment and then `[i]`.
 */
export function checkManyBody(
  fields: readonly CheckedField[],
  stride: number,
  segs: string,
  ref: HelperRef,
): string {
  const body = fields.map(({ index, offset, kind, call }) => {
    const at = offset === 0 ? "q" : `q + ${offset}`;
    if (kind === "bool") return lines(`f = ${index};`, `c.bool(${at});`);
    if (kind === "char") return lines(`f = ${index};`, `c.char(${at});`);
    if (kind === "string")
      return lines(`f = ${index};`, `p = ${at};`, "b7 = bytes[p + 7];", stringCheck());
    if (!call) throw new TypeError(`checkManyBody: field ${index} (${kind}) needs a call`);
    return lines(`f = ${index};`, SYNC, call(at), RELOAD);
  });
  return lines(
    `let f = 0, i = 0, p = 0, b7 = 0;`,
    `let st = c.start, en = c.end, pe = c.pendingEnd;`,
    `const bytes = c.bytes, view = c.view, deferred = c.deferAscii;`,
    block(
      "try",
      block("for (; i < len; i++)", lines(`const q = at + i * ${stride};`, ...body)),
      ` ${block("catch (e)", lines(`${ref("addSegment")}(e, ${segs}[f]);`, `${ref("rethrowAt")}(e, "[" + i + "]");`))}`,
    ),
    // Locals that not every element's checks read (so no unused-variable error).
    "void p;",
    "void b7;",
    "void en;",
    SYNC,
  );
}
