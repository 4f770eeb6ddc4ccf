import { parse, type Node } from "acorn";
import { ArtifactError } from "../errors";
import { children } from "./ast";
import { chargeCost, RESERVED_PREFIX } from "./gas-pattern";

const OPEN = '(function () {"use strict";\n';
const CLOSE = "\n})";

/**
 * Checks, at deploy, that artifact code is safe to splice into the sandbox wrapper: it parses as
 * exactly one strict function body, and the reserved gas identifiers appear only inside charge
 * expressions with non-negative integer costs (so a hand-made artifact cannot refill its gas or
 * reach the host bridge). Instrumentation coverage itself is not proven; the interrupt handler is
 * the backstop for code that skips charges.
 */
export function verifyCode(code: string, file = "artifact"): void {
  let ast: Node;
  try {
    ast = parse(OPEN + code + CLOSE, { ecmaVersion: 2022, sourceType: "script" });
  } catch (e) {
    throw new ArtifactError(
      `${file}: code does not parse as a strict function body: ${(e as Error).message}`,
      {
        cause: e,
      },
    );
  }
  const body = (
    ast as unknown as { body: { type: string; expression?: { type: string; end: number } }[] }
  ).body;
  if (
    body.length !== 1 ||
    body[0].type !== "ExpressionStatement" ||
    body[0].expression?.type !== "FunctionExpression" ||
    body[0].expression.end !== OPEN.length + code.length + CLOSE.length - 1
  ) {
    throw new ArtifactError(`${file}: code escapes its function body`);
  }
  const walk = (node: Node) => {
    if (chargeCost(node) >= 0) return;
    const n = node as unknown as { type: string; name?: string; start: number };
    if (n.type === "Identifier" && n.name!.startsWith(RESERVED_PREFIX)) {
      throw new ArtifactError(
        `${file}:${n.start - OPEN.length}: reserved identifier '${n.name}' outside a gas charge`,
      );
    }
    for (const c of children(node)) walk(c);
  };
  walk(ast);
}
