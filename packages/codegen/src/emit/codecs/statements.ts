/**
 * Statement layout for function bodies, as a person writes them: one statement a line, a block
 * opened at the end of its head's line, its body indented by the CodeBlockWriter, closed on a
 * line of its own. Snippets are laid out relative to their first line, so a snippet written
 * into a block (by the writer, or by `block` here) is indented with it.
 */
import { codeWriter } from "./writer";

/** Statements, one a line (an empty one, such as a check with nothing to check, is left out). */
export const lines = (...ls: readonly string[]): string => ls.filter((l) => l !== "").join("\n");

/** `head {` body `}` (then `tail`), the body indented; an empty body gives `head {}`. */
export function block(head: string, body: string, tail = ""): string {
  if (body === "") return `${head}${head ? " " : ""}{}${tail}`;
  const w = codeWriter();
  if (head) w.write(head).space();
  w.inlineBlock(() => w.write(body));
  return w.write(tail).toString();
}

/** `try { body } catch (e) { handler }`. */
export function tryCatch(body: string, handler: string): string {
  return block("try", body, ` ${block("catch (e)", handler)}`);
}

/** `try { for (head) { body } }`, an error located at the element (`[i]`) by `rethrow`. */
export function eachElement(rethrow: string, head: string, body: string): string {
  return tryCatch(block(`for (${head})`, body), `${rethrow}(e, "[" + i + "]");`);
}

/** A `case …:` (or `default:`) clause, its statements indented under it. */
export function clause(label: string, body: string): string {
  const w = codeWriter();
  w.writeLine(label).indent(() => w.write(body));
  return w.toString();
}
