/**
 * The formatter of generated code: it only wraps. The emitters lay their code out as they write
 * it (ts-morph's CodeBlockWriter: one statement a line, blocks indented by two spaces, blank
 * lines where they belong), so what is left is a line longer than the print width: it is broken
 * at the commas (or semicolons) of a bracket group that has several items, one item per line
 * with a trailing comma, as prettier prints such lists; `if (…) stmt;` puts the statement on the
 * next line. Every other line is kept as written (its indentation included); runs of blank lines
 * become one. It changes whitespace only (and adds the trailing commas of what it breaks), never
 * a token, in linear time, so generated files stay deterministic and cheap to print.
 *
 * A newline is only ever put after `(`, `[`, `{` or `,`/`;`, or before a closing bracket or the
 * statement of an `if (…)`, where it cannot change the meaning of the code.
 */

export const PRINT_WIDTH = 100;
/** Columns a broken line's items are indented by. */
const INDENT = 2;

export type Kind = "word" | "str" | "tpl" | "regex" | "comment" | "line-comment" | "punct" | "nl";

export interface Token {
  readonly kind: Kind;
  readonly text: string;
  /** Whitespace stood before it on the same line of the input. */
  readonly space: boolean;
  /** The columns of whitespace before it when it starts a line of the input, else -1. */
  readonly indent?: number;
}

const WORD = /[A-Za-z0-9_$\u0080-\uffff]/;
const PUNCT3 = new Set(["===", "!==", "**=", "<<=", ">>=", ">>>", "...", "??=", "||=", "&&="]);
const PUNCT2 = new Set([
  "=>",
  "==",
  "!=",
  "<=",
  ">=",
  "&&",
  "||",
  "??",
  "?.",
  "++",
  "--",
  "+=",
  "-=",
  "*=",
  "/=",
  "%=",
  "&=",
  "|=",
  "^=",
  "<<",
  ">>",
  "**",
]);
/** Words after which `/` starts a regular expression. */
const REGEX_AFTER_WORD = new Set([
  "return",
  "typeof",
  "instanceof",
  "in",
  "of",
  "new",
  "delete",
  "void",
  "throw",
  "case",
  "do",
  "else",
  "yield",
  "await",
]);

/** The end of the string literal that starts at `i` (its quote). */
function skipString(src: string, i: number): number {
  const q = src[i];
  for (let j = i + 1; j < src.length; j++) {
    const c = src[j];
    if (c === "\\") j++;
    else if (c === q) return j + 1;
    else if (c === "\n") break;
  }
  throw new Error(`format: unterminated string at ${i}`);
}

/** The end of the template literal that starts at `i` (its backquote), nesting included. */
function skipTemplate(src: string, i: number): number {
  for (let j = i + 1; j < src.length; j++) {
    const c = src[j];
    if (c === "\\") j++;
    else if (c === "`") return j + 1;
    else if (c === "$" && src[j + 1] === "{") j = skipBraces(src, j + 1) - 1;
  }
  throw new Error(`format: unterminated template at ${i}`);
}

/** The end of the `{…}` that starts at `i` (inside a template substitution). */
function skipBraces(src: string, i: number): number {
  let depth = 0;
  for (let j = i; j < src.length; j++) {
    const c = src[j];
    if (c === '"' || c === "'") j = skipString(src, j) - 1;
    else if (c === "`") j = skipTemplate(src, j) - 1;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return j + 1;
  }
  throw new Error(`format: unterminated substitution at ${i}`);
}

function skipRegex(src: string, i: number): number {
  let inClass = false;
  for (let j = i + 1; j < src.length; j++) {
    const c = src[j];
    if (c === "\\") j++;
    else if (c === "[") inClass = true;
    else if (c === "]") inClass = false;
    else if (c === "/" && !inClass) {
      let k = j + 1;
      while (k < src.length && /[a-z]/.test(src[k])) k++;
      return k;
    } else if (c === "\n") break;
  }
  throw new Error(`format: unterminated regular expression at ${i}`);
}

export function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let space = false;
  let lineStart = 0; // where the current line of the input starts
  let prev: Token | undefined; // the previous token that is not a comment or newline
  const push = (kind: Kind, text: string): void => {
    const first = out.length === 0 || out[out.length - 1].kind === "nl";
    const t: Token = { kind, text, space, indent: first && kind !== "nl" ? i - lineStart : -1 };
    out.push(t);
    if (kind !== "comment" && kind !== "line-comment" && kind !== "nl") prev = t;
    space = false;
  };
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === "\n") {
      push("nl", "\n");
      i++;
      lineStart = i;
    } else if (c === " " || c === "\t" || c === "\r") {
      space = true;
      i++;
    } else if (c === "/" && src[i + 1] === "/") {
      let j = src.indexOf("\n", i);
      if (j < 0) j = src.length;
      push("line-comment", src.slice(i, j).trimEnd());
      i = j;
    } else if (c === "/" && src[i + 1] === "*") {
      const j = src.indexOf("*/", i + 2);
      if (j < 0) throw new Error(`format: unterminated comment at ${i}`);
      push("comment", src.slice(i, j + 2));
      i = j + 2;
    } else if (c === '"' || c === "'") {
      const j = skipString(src, i);
      push("str", src.slice(i, j));
      i = j;
    } else if (c === "`") {
      const j = skipTemplate(src, i);
      push("tpl", src.slice(i, j));
      i = j;
    } else if (WORD.test(c)) {
      let j = i + 1;
      while (j < src.length && WORD.test(src[j])) j++;
      // A number's fraction or exponent sign (1.5, 1e-7) stays in the word.
      while (
        /[0-9]/.test(c) &&
        j < src.length &&
        (src[j] === "." || ((src[j] === "-" || src[j] === "+") && /[eE]/.test(src[j - 1])))
      ) {
        j++;
        while (j < src.length && WORD.test(src[j])) j++;
      }
      push("word", src.slice(i, j));
      i = j;
    } else if (
      c === "/" &&
      (prev === undefined ||
        (prev.kind === "punct" && !/^[)\]}]$/.test(prev.text)) ||
        (prev.kind === "word" && REGEX_AFTER_WORD.has(prev.text)))
    ) {
      const j = skipRegex(src, i);
      push("regex", src.slice(i, j));
      i = j;
    } else {
      const three = src.slice(i, i + 3);
      const two = src.slice(i, i + 2);
      const p = src.startsWith(">>>=", i)
        ? ">>>="
        : PUNCT3.has(three)
          ? three
          : PUNCT2.has(two)
            ? two
            : c;
      push("punct", p);
      i += p.length;
    }
  }
  return out;
}

const OPEN: Record<string, string> = { "(": ")", "[": "]", "{": "}" };
interface Line {
  /** Columns of indentation. */
  readonly indent: number;
  readonly tokens: readonly Token[];
}

/** A line's text (its tokens, a space where the input had whitespace). */
function render(tokens: readonly Token[]): string {
  let s = "";
  for (let i = 0; i < tokens.length; i++) {
    if (i > 0 && tokens[i].space) s += " ";
    s += tokens[i].text;
  }
  return s;
}

/** Words before `(` that make it a call or parameter list (where a trailing comma is allowed). */
const NOT_CALL = new Set([
  "if",
  "for",
  "while",
  "switch",
  "catch",
  "return",
  "typeof",
  "void",
  "await",
  "in",
  "of",
  "case",
  "throw",
  "yield",
  "delete",
  "instanceof",
]);

/** A `<` or `>` of type arguments (no space before it, right after a name or `>`). */
function angle(ts: readonly Token[], i: number): number {
  const t = ts[i];
  if (t.kind !== "punct" || t.space) return 0;
  if (t.text === "<") {
    const b = ts[i - 1];
    return b && (b.kind === "word" || b.text === ".") ? 1 : 0;
  }
  if (t.text === ">") return -1;
  if (t.text === ">>") return -2;
  if (t.text === ">>>") return -3;
  return 0;
}

/** `if (…) x;`, `for (…) x;`, `while (…) x;` without a block: the index where `x` starts. */
function controlTail(ts: readonly Token[]): number {
  const head = ts[0].kind === "word" && ts[0].text === "else" ? 1 : 0;
  const kw = ts[head];
  if (
    kw?.kind !== "word" ||
    !["if", "for", "while"].includes(kw.text) ||
    ts[head + 1]?.text !== "("
  )
    return 0;
  let depth = 0;
  for (let i = head + 1; i < ts.length; i++) {
    const t = ts[i];
    if (t.kind !== "punct") continue;
    if (t.text in OPEN) depth++;
    else if (t.text === ")" || t.text === "]" || t.text === "}") {
      if (--depth === 0) {
        const last = ts[ts.length - 1];
        return i + 1 < ts.length && last.text !== "{" ? i + 1 : 0;
      }
    }
  }
  return 0;
}

/**
 * `ts[from, to)` split at the separators `isSep` accepts outside brackets and type arguments
 * (`isSep` is asked about every such punctuation token: true splits there, false keeps the token,
 * null gives up and makes the result null).
 */
function splitTopLevel(
  ts: readonly Token[],
  from: number,
  to: number,
  isSep: (t: Token) => boolean | null,
): Token[][] | null {
  const items: Token[][] = [[]];
  let depth = 0;
  let angles = 0;
  for (let i = from; i < to; i++) {
    const t = ts[i];
    if (t.kind === "punct") {
      if (t.text in OPEN) depth++;
      else if (t.text === ")" || t.text === "]" || t.text === "}") depth--;
      else if (depth === 0) {
        angles = Math.max(0, angles + angle(ts, i));
        if (angles === 0) {
          const split = isSep(t);
          if (split === null) return null;
          if (split) {
            items.push([]);
            continue;
          }
        }
      }
    }
    items[items.length - 1].push(t);
  }
  return items;
}

/**
 * Breaks a too long line at the items of a bracket group that has several: the outermost such
 * group, the first of them.
 */
function breakLine(line: Line, out: string[]): void {
  const text = " ".repeat(line.indent) + render(line.tokens);
  if (text.length <= PRINT_WIDTH || line.tokens.some((t) => t.text.includes("\n"))) {
    out.push(text);
    return;
  }
  const ts = line.tokens;
  const tail = controlTail(ts);
  if (tail > 0) {
    // `if (…) stmt;`: the statement goes on the next line.
    breakLine({ indent: line.indent, tokens: ts.slice(0, tail) }, out);
    breakLine(
      {
        indent: line.indent + INDENT,
        tokens: [{ ...ts[tail], space: false }, ...ts.slice(tail + 1)],
      },
      out,
    );
    return;
  }
  // Bracket groups opened and closed on this line (not inside type arguments): a group that ends
  // the line (only closing punctuation after it) first, outermost first, then the others.
  const groups: { depth: number; open: number; close: number; trailing: boolean }[] = [];
  const opens: number[] = [];
  let angles = 0;
  for (let i = 0; i < ts.length; i++) {
    const t = ts[i];
    if (t.kind !== "punct") continue;
    if (opens.length === 0) angles = Math.max(0, angles + angle(ts, i));
    // Inside type arguments only an object type (`{ a: A; b: B }`) is broken, at its members.
    if (t.text in OPEN) opens.push(angles > 0 && t.text !== "{" ? -1 - i : i);
    else if (t.text === ")" || t.text === "]" || t.text === "}") {
      // A bracket opened on an earlier line closes here: only groups after it count.
      if (opens.length === 0) groups.length = 0;
      else {
        const open = opens.pop()!;
        if (open < 0) continue;
        const trailing = ts
          .slice(i + 1)
          .every((x) => x.kind === "punct" && /^[)\]};,]$/.test(x.text));
        groups.push({ depth: opens.length, open, close: i, trailing });
      }
    }
  }
  groups.sort(
    (a, b) => Number(b.trailing) - Number(a.trailing) || a.depth - b.depth || a.open - b.open,
  );
  for (const { open, close } of groups) {
    const items = splitItems(ts, open, close);
    if (items) {
      emitBroken(line, open, close, items, out);
      return;
    }
  }
  out.push(text);
}

/** The items of the group `ts[open..close]`, or null when it has fewer than two or cannot be broken. */
function splitItems(
  ts: readonly Token[],
  open: number,
  close: number,
): { items: Token[][]; sep: string } | null {
  const o = ts[open].text;
  if (o === "(") {
    const before = ts[open - 1];
    const after = ts[close + 1];
    const call =
      before &&
      ((before.kind === "word" && !NOT_CALL.has(before.text)) ||
        (before.kind === "punct" && /^[)\]>]$/.test(before.text)));
    const arrow = after && after.kind === "punct" && (after.text === "=>" || after.text === ":");
    if (!call && !arrow) return null;
  }
  let sep = "";
  const items = splitTopLevel(ts, open + 1, close, (t) => {
    if (t.text !== "," && t.text !== ";") return false;
    if (sep && sep !== t.text) return null;
    if (t.text === ";" && o !== "{") return null; // for (;;)
    sep = t.text;
    return true;
  });
  if (items === null) return null;
  if (items[items.length - 1].length === 0) items.pop();
  if (items.length < 2 || items.some((it) => it.length === 0)) return null;
  return { items, sep };
}

function emitBroken(
  line: Line,
  open: number,
  close: number,
  { items, sep }: { items: Token[][]; sep: string },
  out: string[],
): void {
  const ts = line.tokens;
  breakLine({ indent: line.indent, tokens: ts.slice(0, open + 1) }, out);
  items.forEach((item, k) => {
    const last = k === items.length - 1;
    // No trailing comma after a rest parameter or element.
    const trail = !last || sep === ";" || item[0].text !== "...";
    const tokens = [{ ...item[0], space: false }, ...item.slice(1)];
    if (trail) tokens.push({ kind: "punct", text: sep, space: false });
    breakLine({ indent: line.indent + INDENT, tokens }, out);
  });
  breakLine(
    { indent: line.indent, tokens: [{ ...ts[close], space: false }, ...ts.slice(close + 1)] },
    out,
  );
}

/** The input's lines (a multi-line comment or template is part of the line it starts on). */
function inputLines(tokens: readonly Token[]): (Line | null)[] {
  const out: (Line | null)[] = []; // null: a blank line
  let cur: Token[] = [];
  let indent = 0;
  for (const t of tokens) {
    if (t.kind !== "nl") {
      if (cur.length === 0) indent = t.indent ?? 0;
      cur.push(t);
    } else if (cur.length) {
      out.push({ indent, tokens: cur });
      cur = [];
    } else out.push(null);
  }
  if (cur.length) out.push({ indent, tokens: cur });
  return out;
}

/** Formats generated TypeScript (see the module comment): wraps the lines that are too long. */
export function formatCode(src: string): string {
  const out: string[] = [];
  for (const line of inputLines(tokenize(src))) {
    if (line !== null) breakLine(line, out);
    else if (out.length && out[out.length - 1] !== "") out.push("");
  }
  while (out.length && out[out.length - 1] === "") out.pop();
  return out.join("\n") + "\n";
}
