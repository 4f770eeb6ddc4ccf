/**
 * Code blocks are written with ts-morph's CodeBlockWriter (braces, indentation and line breaks
 * from the structure of the calls, not from string templates); the module formatter then only
 * has long lines to wrap.
 */
import { CodeBlockWriter } from "ts-morph";

export type { CodeBlockWriter };

/** A writer laid out as the generated modules are: two spaces, `\n`, double quotes. */
export function codeWriter(): CodeBlockWriter {
  return new CodeBlockWriter({ indentNumberOfSpaces: 2, newLine: "\n", useSingleQuote: false });
}

/**
 * `head {` … `}` followed by `tail` (`,` in an object literal) and a line break: a method, a
 * property whose value is a block, or an arrow function with a block body.
 */
export function member(w: CodeBlockWriter, head: string, body: () => void, tail = ","): void {
  w.write(head).space().inlineBlock(body).write(tail).newLine();
}
