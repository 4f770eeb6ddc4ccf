import type { Node } from "acorn";

/** The only identifiers of this prefix a contract may contain are inside charge expressions. */
export const RESERVED_PREFIX = "__sc_";
export const GAS_VAR = "__sc_gas";
export const OOG_FN = "__sc_oog";
/**
 * Operands whose enumeration is native work of their size: the instrumenter wraps a `for…in`
 * loop's object as `__sc_forin(o)` and an object spread's argument as `__sc_spread(o)`; the
 * prelude's functions charge per key and return the operand unchanged.
 */
export const FORIN_FN = "__sc_forin";
export const SPREAD_FN = "__sc_spread";

/** `node` is exactly `fnName(x)` with one plain argument. */
export function isMeteredOperand(node: Node, fnName: string): boolean {
  const n = node as unknown as N;
  if (n.type !== "CallExpression" || n.optional === true) return false;
  const callee = n.callee as N;
  const args = n.arguments as N[];
  return (
    callee.type === "Identifier" &&
    callee.name === fnName &&
    args.length === 1 &&
    args[0].type !== "SpreadElement"
  );
}

/** The charge expression the instrumenter inserts: `((__sc_gas -= N) < 0 && __sc_oog())`. */
export function chargeText(cost: number): string {
  return `((${GAS_VAR} -= ${cost}) < 0 && ${OOG_FN}())`;
}

interface N {
  type: string;
  [k: string]: unknown;
}

/** The cost (≥ 1) of a charge expression node, or -1 when `node` is not exactly one. */
export function chargeCost(node: Node): number {
  const n = node as unknown as N;
  if (n.type !== "LogicalExpression" || n.operator !== "&&") return -1;
  const left = n.left as N;
  const right = n.right as N;
  if (left.type !== "BinaryExpression" || left.operator !== "<") return -1;
  const zero = left.right as N;
  if (zero.type !== "Literal" || zero.value !== 0) return -1;
  const assign = left.left as N;
  if (assign.type !== "AssignmentExpression" || assign.operator !== "-=") return -1;
  const target = assign.left as N;
  const amount = assign.right as N;
  if (target.type !== "Identifier" || target.name !== GAS_VAR) return -1;
  if (amount.type !== "Literal" || typeof amount.value !== "number") return -1;
  if (!Number.isSafeInteger(amount.value) || amount.value < 1) return -1;
  if (right.type !== "CallExpression" || (right.arguments as unknown[]).length !== 0) return -1;
  const callee = right.callee as N;
  if (callee.type !== "Identifier" || callee.name !== OOG_FN) return -1;
  return amount.value;
}
