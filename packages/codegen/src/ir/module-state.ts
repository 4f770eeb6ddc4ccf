/**
 * A contract's sandbox starts every call from its module as it was loaded (docs/architecture.md,
 * "Module-level state"), so a module-level `let` or `var` that a function assigns does not keep
 * its value from one call to the next. That is legal (a scratch value within one call), but a
 * counter kept there counts to 1 on every call without a word: codegen warns, once per binding,
 * at the first assignment.
 */
import { Node, SyntaxKind, type Project, type SourceFile } from "ts-morph";
import type { Diagnostic } from "./diagnostics";
import type { IrProgram } from "./types";
import { contractFiles } from "./sandbox-globals";

/** `=` and every compound assignment (`+=` … `??=`): TypeScript numbers them as one range. */
function isAssignment(kind: SyntaxKind): boolean {
  return kind >= SyntaxKind.FirstAssignment && kind <= SyntaxKind.LastAssignment;
}

/** The warnings of the contracts' files (of those in `only`, when given: a watch step's). */
export function moduleStateWarnings(
  project: Project,
  program: IrProgram,
  only?: ReadonlySet<string>,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const sf of contractFiles(project, program)) {
    if (only === undefined || only.has(sf.getFilePath())) out.push(...fileWarnings(sf));
  }
  return out;
}

function fileWarnings(sf: SourceFile): Diagnostic[] {
  // The module's own mutable bindings (`let x`, `var y`; destructuring aside).
  const bindings = new Map<Node, string>();
  for (const stmt of sf.getVariableStatements()) {
    if (stmt.getDeclarationKind() === "const") continue;
    for (const d of stmt.getDeclarations()) {
      const name = d.getNameNode();
      if (Node.isIdentifier(name)) bindings.set(d, name.getText());
    }
  }
  if (bindings.size === 0) return [];
  const warned = new Set<Node>();
  const out: Diagnostic[] = [];
  sf.forEachDescendant((node) => {
    let target: Node | undefined;
    if (Node.isBinaryExpression(node) && isAssignment(node.getOperatorToken().getKind())) {
      target = node.getLeft();
    } else if (
      (Node.isPrefixUnaryExpression(node) || Node.isPostfixUnaryExpression(node)) &&
      (node.getOperatorToken() === SyntaxKind.PlusPlusToken ||
        node.getOperatorToken() === SyntaxKind.MinusMinusToken)
    ) {
      target = node.getOperand();
    }
    if (target === undefined || !Node.isIdentifier(target)) return;
    // At the module's top level it runs once, at load: that is the loaded module.
    if (node.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a)) === undefined) return;
    const decl = target
      .getSymbol()
      ?.getDeclarations()
      .find((d) => bindings.has(d));
    if (decl === undefined || warned.has(decl)) return;
    warned.add(decl);
    const { line, column } = sf.getLineAndColumnAtPos(target.getStart());
    out.push({
      loc: { file: sf.getFilePath(), line, col: column },
      message: `module-level '${bindings.get(decl)}' is assigned in a function, but every call starts from the module as loaded: its value does not last to the next call`,
      hint: "keep what must last in a field of the contract (its state); a value for one call belongs in a local",
    });
  });
  return out;
}
