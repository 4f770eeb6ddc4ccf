import { parse, type Node } from "acorn";
import { ArtifactFormatError } from "./errors";
import { children, FUNCTION_TYPES, LOOP_TYPES } from "./ast";
import { chargeCost, FORIN_FN, isMeteredOperand, RESERVED_PREFIX, SPREAD_FN } from "./gas-pattern";
import { RegexRefusal, regexShape } from "./regex-shape";

const OPEN = '(function () {"use strict";\n';
/** Nodes whose non-computed \`key\` is a property name. */
const NAMED = new Set(["Property", "MethodDefinition", "PropertyDefinition"]);
const CLOSE = "\n})";

/**
 * Checks, at deploy, that artifact code is safe to splice into the sandbox wrapper: it parses as
 * exactly one strict function body, and the reserved gas identifiers appear only inside charge
 * expressions with non-negative integer costs (so a hand-made artifact cannot refill its gas or
 * reach the host bridge). With `metered`, it also proves coverage: every function body, loop body
 * and catch clause starts with a charge, exactly where the instrumenter puts them, so no code
 * path can loop or recurse without paying.
 */
export function verifyCode(code: string, file = "artifact", metered = false): void {
  let ast: Node;
  try {
    ast = parse(OPEN + code + CLOSE, { ecmaVersion: 2022, sourceType: "script" });
  } catch (e) {
    throw new ArtifactFormatError(
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
    throw new ArtifactFormatError(`${file}: code escapes its function body`);
  }
  const wrapper = body[0].expression as unknown as Node;
  const uncharged = (what: string, at: number) =>
    new ArtifactFormatError(
      `${file}:${at - OPEN.length}: ${what} does not start with a gas charge`,
      {
        hint: "build artifacts with buildArtifact (shortcrust build); they are metered at build time",
      },
    );
  const unmetered = (what: string, at: number) =>
    new ArtifactFormatError(`${file}:${at - OPEN.length}: ${what}`, {
      hint: "build artifacts with buildArtifact (shortcrust build); they are metered at build time",
    });
  /** Wrapper calls in their one allowed place: only their argument is walked. */
  const operands = new Set<Node>();
  const walk = (node: Node) => {
    if (chargeCost(node) >= 0) return;
    if (operands.has(node)) {
      walk((node as unknown as { arguments: Node[] }).arguments[0]);
      return;
    }
    const n = node as unknown as { type: string; name?: string; start: number };
    if (n.type === "ForInStatement") {
      const right = (node as unknown as { right: Node }).right;
      if (isMeteredOperand(right, FORIN_FN)) operands.add(right);
      else if (metered) throw unmetered(`a for…in loop's object is not ${FORIN_FN}(…)`, n.start);
    } else if (n.type === "ObjectExpression") {
      for (const p of (node as unknown as { properties: Node[] }).properties) {
        if (p.type !== "SpreadElement") continue;
        const arg = (p as unknown as { argument: Node }).argument;
        if (isMeteredOperand(arg, SPREAD_FN)) operands.add(arg);
        else if (metered)
          throw unmetered(`an object spread's argument is not ${SPREAD_FN}(…)`, p.start);
      }
    }
    if (metered && node !== wrapper) {
      const x = node as unknown as Record<string, unknown>;
      if (FUNCTION_TYPES.has(n.type)) {
        const b = x.body as Node & Record<string, unknown>;
        const ok =
          b.type === "BlockStatement"
            ? startsWithCharge(b)
            : b.type === "SequenceExpression" && chargeCost((b.expressions as Node[])[0]) >= 0;
        if (!ok) throw uncharged("a function", n.start);
      } else if (LOOP_TYPES.has(n.type)) {
        const b = x.body as Node & Record<string, unknown>;
        if (b.type !== "BlockStatement" || !startsWithCharge(b))
          throw uncharged("a loop body", n.start);
      } else if (n.type === "CatchClause") {
        if (!startsWithCharge(x.body as Node & Record<string, unknown>)) {
          throw uncharged("a catch clause", n.start);
        }
      }
    }
    if (n.type === "Identifier" && n.name!.startsWith(RESERVED_PREFIX)) {
      throw new ArtifactFormatError(
        `${file}:${n.start - OPEN.length}: reserved identifier '${n.name}' outside a gas charge`,
      );
    }
    const re = (node as unknown as { regex?: { pattern: string; flags: string } }).regex;
    if (n.type === "Literal" && re !== undefined) {
      const shape = regexShape(re.pattern, re.flags);
      if (shape instanceof RegexRefusal) {
        throw new ArtifactFormatError(
          `${file}:${n.start - OPEN.length}: regular expression /${re.pattern}/${re.flags}: ${shape.reason} (at ${shape.at}) is not available in contracts`,
          {
            hint: "QuickJS's matcher backtracks without a step budget, so such a pattern could run exponentially long; rewrite it without nesting (e.g. a character class)",
          },
        );
      }
    }
    if (n.type === "Identifier" && n.name === "arguments") {
      // An arguments object's [Symbol.iterator] is the engine's own Array.prototype.values,
      // not the metered one the sandbox installs, so it would iterate any array for free.
      throw new ArtifactFormatError(
        `${file}:${n.start - OPEN.length}: 'arguments' is not available in contracts`,
        { hint: "use rest parameters (...args)" },
      );
    }
    // A property name is not a reference (x.arguments, { arguments: 1 }).
    const x = node as unknown as {
      computed?: boolean;
      shorthand?: boolean;
      property?: Node;
      key?: Node;
    };
    const name =
      x.computed === true || x.shorthand === true
        ? undefined
        : n.type === "MemberExpression"
          ? x.property
          : NAMED.has(n.type)
            ? x.key
            : undefined;
    for (const c of children(node)) {
      if (c === name && (c as unknown as { type: string }).type === "Identifier") {
        const id = c as unknown as { name: string; start: number };
        if (id.name.startsWith(RESERVED_PREFIX)) walk(c);
        continue;
      }
      walk(c);
    }
  };
  walk(ast);
}

/** The first statement after the directive prologue is a charge expression statement. */
function startsWithCharge(block: Node & Record<string, unknown>): boolean {
  for (const st of block.body as (Node & Record<string, unknown>)[]) {
    if (st.type === "ExpressionStatement" && typeof st.directive === "string") continue;
    return st.type === "ExpressionStatement" && chargeCost(st.expression as Node) >= 0;
  }
  return false;
}
