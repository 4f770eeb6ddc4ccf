/**
 * The layout pass for code that is still spliced from strings rather than written through the
 * CodeBlockWriter: the contract entry glue and client (contract-module.ts), whose chunks reach
 * the printer through `ModulePrinter.add`. It guesses the layout from the tokens (statements on
 * lines of their own, blocks indented by two spaces per level, at most one blank line, none at
 * the start or end of a block); the formatter (format.ts) then wraps long lines as it does for
 * every module. Whitespace only, never a token. It goes away once those emitters write through
 * the writer as the codec emitters do.
 */
import { controlTail, OPEN, tokenize, type Token } from "./format";

/** Words after which `{` opens an object literal, a type or a destructuring, not a block. */
const NOT_BLOCK_AFTER = new Set([
  "const",
  "let",
  "var",
  "return",
  "typeof",
  "keyof",
  "import",
  "export",
  "type",
  "in",
  "of",
  "case",
  "yield",
  "await",
  "new",
  "throw",
  "delete",
  "instanceof",
  "as",
  "satisfies",
  "default",
  "extends",
]);
/** After a block's `}`, these continue the same line. */
const CONTINUES = new Set(["else", "catch", "finally", "while", ")", "]", ",", ";", ".", "?."]);

interface Open {
  readonly ch: string;
  readonly block: boolean;
  /** Indent of the line the bracket was opened on. */
  readonly indent: number;
}

interface Line {
  indent: number;
  tokens: Token[];
  /** Open brackets when the line started. */
  depth?: number;
  /** Levels it hangs under `if (…)` headers. */
  hang?: number;
}

/** The pseudo-bracket of a `case …:` clause (its statements are indented under it). */
const CASE = "case";

function isBlockOpen(
  prev: Token | undefined,
  top: Open | undefined,
  line: readonly Token[] | undefined,
): boolean {
  if (prev === undefined) return true;
  // `case 1: {` and `default: {`
  if (prev.text === ":" && line && (line[0].text === "case" || line[0].text === "default"))
    return top === undefined || top.block;
  if (prev.kind === "word") return !NOT_BLOCK_AFTER.has(prev.text);
  if (prev.kind !== "punct") return false;
  if (prev.text === ")" || prev.text === "=>" || prev.text === ">" || prev.text === "]")
    return true;
  // At the start of a statement.
  if (prev.text === ";" || prev.text === "}") return top === undefined || top.block;
  if (prev.text === "{") return top !== undefined && top.block;
  return false;
}

/** Splits the token stream into indented logical lines. */
function layout(tokens: readonly Token[]): (Line | null)[] {
  const lines: (Line | null)[] = []; // null: a blank line
  const stack: Open[] = [];
  let cur: Line | null = null;
  let blank = false;
  /** Lines before were `if (…)` without their statement: indent the statement under them. */
  let hanging = 0;
  let prev: Token | undefined;
  const top = (): Open | undefined => stack[stack.length - 1];
  const flush = (): void => {
    if (cur) {
      lines.push(cur);
      const ts = cur.tokens;
      const header =
        ts[ts.length - 1].text === ")" &&
        cur.depth === stack.length &&
        controlTail([...ts, { kind: "word", text: "x", space: true }]) === ts.length;
      hanging = header ? (cur.hang ?? 0) + 1 : 0;
    }
    cur = null;
  };
  const add = (t: Token, indent?: number): void => {
    if (!cur) {
      const last = lines[lines.length - 1];
      if (
        blank &&
        last &&
        !/^[{([]$/.test(last.tokens[last.tokens.length - 1].text) &&
        !/^[)\]}]/.test(t.text)
      ) {
        lines.push(null);
      }
      blank = false;
      // The next clause of a switch ends the previous one.
      if (top()?.ch === CASE && (t.text === "case" || t.text === "default")) stack.pop();
      const o = top();
      cur = {
        // A union's `| alternative` lines hang under their `type X =`.
        indent: indent ?? (o ? o.indent + 1 : 0) + hanging + (t.text === "|" ? 1 : 0),
        tokens: [],
        depth: stack.length,
        hang: hanging,
      };
      hanging = 0;
    }
    cur.tokens.push(t);
  };
  const next = (i: number): Token | undefined => {
    for (let j = i + 1; j < tokens.length; j++) if (tokens[j].kind !== "nl") return tokens[j];
    return undefined;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === "nl") {
      if (cur) flush();
      else if (lines.length && tokens[i - 1]?.kind === "nl") blank = true;
      continue;
    }
    if (t.kind === "line-comment") {
      add(t);
      flush();
      continue;
    }
    if (t.kind === "punct" && t.text in OPEN) {
      const block = t.text === "{" && isBlockOpen(prev, top(), (cur as Line | null)?.tokens);
      add(t);
      prev = t;
      const n = next(i);
      if (block && n?.text === "}") {
        // An empty block stays `{}`.
        while (tokens[i + 1] !== n) i++;
        i++;
        add(n);
        prev = n;
        const after = next(i);
        if (!after || !CONTINUES.has(after.text)) flush();
        continue;
      }
      stack.push({ ch: t.text, block, indent: cur!.indent });
      if (block) flush();
      continue;
    }
    if (t.kind === "punct" && (t.text === ")" || t.text === "]" || t.text === "}")) {
      if (t.text === "}" && top()?.ch === CASE) stack.pop();
      const o = stack.pop();
      if (!o || OPEN[o.ch] !== t.text) throw new Error(`format: unbalanced ${t.text}`);
      if (o.block) flush();
      add(t, o.indent);
      prev = t;
      if (o.block) {
        const n = next(i);
        if (!n || !CONTINUES.has(n.text)) flush();
      }
      continue;
    }
    add(t);
    if (t.kind !== "comment") prev = t;
    if (t.kind === "punct" && t.text === ";" && (top() === undefined || top()!.block)) flush();
    else if (t.kind === "punct" && t.text === ":") {
      const line = cur as Line | null;
      const first = line?.tokens[0].text;
      if (
        line &&
        (first === "case" || first === "default") &&
        line.depth === stack.length &&
        !line.tokens.slice(0, -1).some((x) => x.kind === "punct" && x.text === ":") &&
        (top() === undefined || top()!.block)
      ) {
        // `case x:` ends its line; its statements go under it (a `{` block stays on it).
        if (next(i)?.text !== "{") {
          stack.push({ ch: CASE, block: true, indent: line.indent });
          flush();
        }
      }
    }
  }
  flush();
  if (stack.length) throw new Error(`format: unclosed ${stack[stack.length - 1].ch}`);
  return lines;
}

/** A line's text; a block comment's inner lines (` * …`) are re-indented under its start. */
function render(tokens: readonly Token[], pad: string): string {
  let s = "";
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (i > 0 && t.space) s += " ";
    s += t.kind === "comment" ? t.text.replace(/\n[ \t]*\*/g, `\n${pad} *`) : t.text;
  }
  return s;
}

/** Lays out string-spliced code (see the module comment); long lines are left to the formatter. */
export function layoutCode(src: string): string {
  const out: string[] = [];
  for (const line of layout(tokenize(src))) {
    if (line === null) out.push("");
    else {
      const pad = "  ".repeat(line.indent);
      out.push(pad + render(line.tokens, pad));
    }
  }
  while (out.length && out[out.length - 1] === "") out.pop();
  return out.join("\n");
}
