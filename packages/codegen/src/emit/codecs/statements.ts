/**
 * Statement layout for function bodies: one statement a line, blocks opened at the end of a line
 * and closed on a line of their own, as a person writes them (the formatter indents them and
 * wraps what is too long).
 */

/** Statements, one a line (an empty one, such as a check with nothing to check, is left out). */
export const lines = (...ls: readonly string[]): string => ls.filter((l) => l !== "").join("\n");

/** `try { body } catch (e) { handler }`. */
export function tryCatch(body: string, handler: string): string {
  return lines("try {", body, "} catch (e) {", handler, "}");
}

/** `try { for (head) { body } }`, an error located at the element (`[i]`) by `rethrow`. */
export function eachElement(rethrow: string, head: string, body: string): string {
  return tryCatch(lines(`for (${head}) {`, body, "}"), `${rethrow}(e, "[" + i + "]");`);
}
