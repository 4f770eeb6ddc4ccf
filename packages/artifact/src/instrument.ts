import { parse, type Node } from "acorn";
import { ArtifactFormatError } from "./errors";
import { children, FUNCTION_TYPES, LOOP_TYPES } from "./ast";
import { chargeText, FORIN_FN, RESERVED_PREFIX, SPREAD_FN } from "./gas-pattern";

interface Edit {
  pos: number;
  /** 0 = closing text, 1 = opening text; closings go first at one position. */
  kind: 0 | 1;
  depth: number;
  text: string;
}

type AnyNode = Node & Record<string, unknown>;

/**
 * Gas instrumentation: a charge at every function entry, loop iteration (start of the body) and
 * catch-clause entry. A charge costs 1 + the number of AST nodes the block executes before the
 * next charge point (nested functions and loops charge for themselves), so gas is proportional
 * to the work of the basic block. Edits are spliced into the source text by position, so the
 * output is the input plus charges, byte for byte otherwise. `insertions`, when given, receives
 * `[position in the input, inserted length]` in order (none contains a newline), so positions
 * can be mapped back (source-map.ts).
 */
export function instrument(
  code: string,
  file = "contract",
  insertions?: [pos: number, length: number][],
): string {
  let ast: Node;
  try {
    ast = parse(code, {
      ecmaVersion: 2022,
      sourceType: "script",
      allowReturnOutsideFunction: false,
    });
  } catch (e) {
    throw new ArtifactFormatError(`${file}: cannot parse bundled code: ${(e as Error).message}`, {
      cause: e,
    });
  }
  const edits: Edit[] = [];
  const visit = (node: AnyNode, depth: number) => {
    if (node.type === "Identifier" && String(node.name).startsWith(RESERVED_PREFIX)) {
      throw new ArtifactFormatError(
        `${file}:${node.start}: identifier '${String(node.name)}' uses the reserved prefix '${RESERVED_PREFIX}'`,
        { hint: "rename it; the prefix belongs to the sandbox's gas metering" },
      );
    }
    if (FUNCTION_TYPES.has(node.type)) {
      chargeBody(node.body as AnyNode, blockCost(node.body as AnyNode), depth, edits, true);
    } else if (LOOP_TYPES.has(node.type)) {
      const cost =
        1 +
        ["test", "update", "right"].reduce(
          (s, k) => s + (node[k] ? blockCost(node[k] as AnyNode) : 0),
          0,
        ) +
        blockCost(node.body as AnyNode);
      chargeBody(node.body as AnyNode, cost, depth, edits, false);
    } else if (node.type === "CatchClause") {
      chargeBody(node.body as AnyNode, blockCost(node.body as AnyNode), depth, edits, false);
    }
    // Enumerating an object's keys is native work of its size: for…in and object spread pay
    // per key through the prelude (see gas-pattern.ts).
    if (node.type === "ForInStatement") {
      wrapOperand(node.right as AnyNode, FORIN_FN, depth + 1, edits);
    } else if (node.type === "ObjectExpression") {
      for (const p of node.properties as AnyNode[]) {
        if (p.type === "SpreadElement")
          wrapOperand(p.argument as AnyNode, SPREAD_FN, depth + 1, edits);
      }
    }
    for (const c of children(node)) visit(c as AnyNode, depth + 1);
  };
  visit(ast as AnyNode, 0);
  edits.sort(
    (a, b) =>
      a.pos - b.pos || a.kind - b.kind || (a.kind === 1 ? a.depth - b.depth : b.depth - a.depth),
  );
  let out = "";
  let last = 0;
  for (const e of edits) {
    out += code.slice(last, e.pos) + e.text;
    last = e.pos;
    insertions?.push([e.pos, e.text.length]);
  }
  return out + code.slice(last);
}

function wrapOperand(node: AnyNode, fnName: string, depth: number, edits: Edit[]): void {
  edits.push({ pos: node.start, kind: 1, depth, text: `${fnName}(` });
  edits.push({ pos: node.end, kind: 0, depth, text: `)` });
}

function chargeBody(body: AnyNode, cost: number, depth: number, edits: Edit[], fn: boolean) {
  const charge = chargeText(Math.max(1, cost));
  if (body.type === "BlockStatement") {
    // After any directive prologue ("use strict"), which must stay first.
    const stmts = body.body as AnyNode[];
    let pos = body.start + 1;
    for (const s of stmts) {
      if (s.type === "ExpressionStatement" && typeof s.directive === "string") pos = s.end;
      else break;
    }
    edits.push({ pos, kind: 1, depth, text: `${charge};` });
  } else if (fn) {
    // An arrow function's expression body.
    edits.push({ pos: body.start, kind: 1, depth, text: `(${charge}, ` });
    edits.push({ pos: body.end, kind: 0, depth, text: `)` });
  } else {
    // A loop body that is a single statement.
    edits.push({ pos: body.start, kind: 1, depth, text: `{${charge};` });
    edits.push({ pos: body.end, kind: 0, depth, text: `}` });
  }
}

/** Nodes executed in a block, not descending into nested functions or loops. */
function blockCost(node: AnyNode): number {
  let n = 1;
  for (const c of children(node)) {
    if (FUNCTION_TYPES.has(c.type) || LOOP_TYPES.has(c.type)) n += 1;
    else n += blockCost(c as AnyNode);
  }
  return n;
}
