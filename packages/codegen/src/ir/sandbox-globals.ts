/**
 * Contract code that names a global the sandbox does not have (`Date`, `Math.random`,
 * `setTimeout`, `process`, …) would fail only when called (`'Date' is not defined`). This finds
 * such names in the contracts' sources and the files they import, at codegen, with the place and
 * what to do instead. The list of what exists is the artifact format's (`SANDBOX_GLOBALS` of @shortcrust/artifact).
 *
 * The project has no lib files (`noLib`), so a name the checker cannot resolve to a declaration
 * of the user's own files is a global.
 *
 * The same walk finds regular expression literals that build and deploy refuse (the artifact
 * format's `regexShape`: patterns without a polynomial bound), so they are reported here at their
 * place in the source rather than at an offset of the bundle.
 */
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { Node, type Identifier, type Project, type SourceFile } from "ts-morph";
import {
  REMOVED_MEMBERS,
  RegexRefusal,
  UNUSABLE_GLOBALS,
  regexShape,
  sandboxGlobalProblem,
} from "@shortcrust/artifact";
import type { Diagnostic } from "./diagnostics";
import type { IrProgram } from "./types";

export function sandboxGlobalDiagnostics(project: Project, program: IrProgram): Diagnostic[] {
  const files = contractFiles(project, program);
  if (files.length === 0) return [];
  const checker = project.getTypeChecker();
  const out: Diagnostic[] = [];
  for (const sf of files) {
    sf.forEachDescendant((node, traversal) => {
      if (
        Node.isTypeNode(node) ||
        Node.isInterfaceDeclaration(node) ||
        Node.isTypeAliasDeclaration(node) ||
        Node.isImportDeclaration(node) ||
        Node.isExportDeclaration(node)
      ) {
        traversal.skip();
        return;
      }
      if (Node.isAsyncable(node) && node.isAsync()) {
        const { line, column } = sf.getLineAndColumnAtPos(node.getStart());
        out.push({
          loc: { file: sf.getFilePath(), line, col: column },
          message:
            "an async function cannot finish in contracts: no job queue runs, so nothing after its first await would",
          hint: UNUSABLE_GLOBALS.Promise.hint,
        });
      }
      if (Node.isRegularExpressionLiteral(node)) {
        const text = node.getLiteralText();
        const end = text.lastIndexOf("/");
        const pattern = text.slice(1, end);
        const flags = text.slice(end + 1);
        const shape = regexShape(pattern, flags);
        if (shape instanceof RegexRefusal) {
          const { line, column } = sf.getLineAndColumnAtPos(node.getStart());
          out.push({
            loc: { file: sf.getFilePath(), line, col: column },
            message: `regular expression ${text}: ${shape.reason} (at ${shape.at}) is not available in contracts`,
            hint: "QuickJS's matcher backtracks without a step budget, so such a pattern could run exponentially long; rewrite it without nesting (e.g. a character class)",
          });
        }
        return;
      }
      if (!Node.isIdentifier(node) || !isReference(node)) return;
      const name = node.getText();
      // (The checker knows globalThis even without lib files.)
      const declared = checker.compilerObject.getSymbolAtLocation(node.compilerNode);
      if (declared !== undefined && (name !== "globalThis" || declared.declarations?.length)) {
        return;
      }
      const parent = node.getParent();
      // `Math.random`, `globalThis.Date`: a member of a global.
      let member: string | undefined;
      if (Node.isPropertyAccessExpression(parent) && parent.getExpression() === node) {
        const prop = parent.getName();
        if (name === "globalThis" || REMOVED_MEMBERS[name]?.includes(prop)) {
          member = name === "globalThis" ? prop : `${name}.${prop}`;
        }
      }
      const what = member ?? name;
      // `Promise` as a value, `Function` called or constructed: there, but of no use.
      const unusable =
        member === undefined && Object.hasOwn(UNUSABLE_GLOBALS, name)
          ? name !== "Function" ||
            ((Node.isCallExpression(parent) || Node.isNewExpression(parent)) &&
              parent.getExpression() === node)
          : false;
      const problem = unusable ? UNUSABLE_GLOBALS[name] : sandboxGlobalProblem(what);
      if (!problem) return;
      const at = member && name !== "globalThis" ? parent! : node;
      const { line, column } = sf.getLineAndColumnAtPos(at.getStart());
      out.push({
        loc: { file: sf.getFilePath(), line, col: column },
        message: `'${member && name === "globalThis" ? `globalThis.${what}` : what}' ${problem.message}`,
        hint: problem.hint,
      });
    });
  }
  return out;
}

/** An identifier that reads a variable (not a declared name, a property name or a label). */
function isReference(id: Identifier): boolean {
  const p = id.getParent();
  if (!p) return false;
  if (Node.isPropertyAccessExpression(p) && p.getNameNode() === id) return false;
  if (Node.isQualifiedName(p)) return false;
  if (
    (Node.isPropertyAssignment(p) ||
      Node.isMethodDeclaration(p) ||
      Node.isPropertyDeclaration(p) ||
      Node.isGetAccessorDeclaration(p) ||
      Node.isSetAccessorDeclaration(p) ||
      Node.isEnumMember(p) ||
      Node.isPropertySignature(p) ||
      Node.isMethodSignature(p)) &&
    p.getNameNode() === id
  ) {
    return false;
  }
  if (
    (Node.isVariableDeclaration(p) ||
      Node.isFunctionDeclaration(p) ||
      Node.isFunctionExpression(p) ||
      Node.isClassDeclaration(p) ||
      Node.isClassExpression(p) ||
      Node.isParameterDeclaration(p) ||
      Node.isBindingElement(p) ||
      Node.isEnumDeclaration(p)) &&
    p.getNameNode() === id
  ) {
    return false;
  }
  if (Node.isBindingElement(p) && p.getPropertyNameNode() === id) return false;
  if (Node.isLabeledStatement(p) || Node.isBreakStatement(p) || Node.isContinueStatement(p)) {
    return false;
  }
  return true;
}

/** Files with a (non-extern) contract, and every file they import relatively. */
export function contractFiles(project: Project, program: IrProgram): SourceFile[] {
  const todo = [...program.files.values()]
    .filter((f) => f.contracts.some((c) => !c.extern))
    .map((f) => f.path);
  const seen = new Set(todo);
  for (let i = 0; i < todo.length; i++) {
    const sf = project.getSourceFile(todo[i]);
    if (!sf) continue;
    for (const d of sf.getImportDeclarations()) {
      if (d.isTypeOnly()) continue;
      const spec = d.getModuleSpecifierValue();
      if (!spec.startsWith(".")) continue;
      const base = resolve(dirname(todo[i]), spec);
      const file = [`${base}.ts`, `${base}/index.ts`, base].find(
        (f) => f.endsWith(".ts") && existsSync(f),
      );
      if (file && !seen.has(file) && program.files.has(file)) {
        seen.add(file);
        todo.push(file);
      }
    }
  }
  return todo.map((f) => project.getSourceFile(f)).filter((sf): sf is SourceFile => !!sf);
}
