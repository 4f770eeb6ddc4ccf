/**
 * The ts-morph reader: annotated TypeScript → descriptor IR. Types are read syntactically (a
 * field typed `u64` is a Rust `u64`), names are resolved through the file's own declarations and
 * its relative imports, so no type checker and no module resolution of `@shortcrust/sdk` is
 * needed: a file anywhere on disk works. Every problem becomes a diagnostic; all are reported at
 * once.
 */
import {
  Node,
  Project,
  SyntaxKind,
  type ClassDeclaration,
  type EnumDeclaration,
  type ImportDeclaration,
  type InterfaceDeclaration,
  type ParameterDeclaration,
  type PropertySignature,
  type SourceFile,
  type TypeAliasDeclaration,
  type TypeNode,
} from "ts-morph";
import { basename, dirname, resolve as resolvePath } from "node:path";
import leven from "leven";
import { existsSync } from "node:fs";
import type { Diagnostic } from "./diagnostics";
import { emitterName, rustName, tsIdent } from "./naming";
import { locOf, tagsNamed, tagsOf } from "./jsdoc";
import { COLLECTIONS, PRIMS, SDK_NAMES, TOPIC, UNSUPPORTED_REFS } from "./vocabulary";
import { GENERATED_MARK } from "../emit/printer";
import type {
  IrCollection,
  IrContract,
  IrDecl,
  IrEvent,
  IrField,
  IrFile,
  IrMetadata,
  IrMethod,
  IrProgram,
  IrType,
  IrVariant,
  SourceLoc,
} from "./types";

/** Where `@event` type expressions are parsed (one scratch file, replaced each time). */
const EVENT_SCRATCH = "/__shortcrust__/event-type.ts";
const EVENT_PREFIX = "type __EventType = ";

/** A generic declaration awaiting instantiation. */
interface Generic {
  readonly node: InterfaceDeclaration | TypeAliasDeclaration;
  readonly params: readonly string[];
}

interface Scope {
  readonly file: SourceFile;
  /** Type parameters in scope → their instantiation. */
  readonly params: ReadonlyMap<string, IrType>;
}

/** Options of a parse: where `@shortcrust/sdk` imports come from is irrelevant (syntactic). */
export interface ParseOptions {
  /** Reuse a project between runs (watch mode); files are refreshed from disk by the caller. */
  readonly project?: Project;
  /**
   * Where generated code lives: files under it are never read as input, even when a source
   * imports them (a client script importing a generated stub would otherwise feed the generated
   * declarations back in).
   */
  readonly generatedDir?: string;
}

export interface ParseResult {
  readonly program: IrProgram;
  readonly diagnostics: Diagnostic[];
  readonly project: Project;
}

export function createProject(): Project {
  return new Project({
    compilerOptions: { noResolve: true, noLib: true, allowJs: false },
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    skipLoadingLibFiles: true,
  });
}

/** Reads `files` (absolute paths) and every file they import relatively. */
export function parseFiles(files: readonly string[], options: ParseOptions = {}): ParseResult {
  const project = options.project ?? createProject();
  return new Reader(project, options.generatedDir).run(files);
}

class Reader {
  private readonly decls = new Map<string, IrDecl>();
  private readonly files = new Map<string, IrFile>();
  private readonly diagnostics: Diagnostic[] = [];
  /** Memo: a declaration node's id once read (or in progress). */
  private readonly declIds = new Map<Node, string>();
  private readonly generics = new Map<Node, Generic>();
  /** Memo of name lookups per file. */
  private readonly lookups = new Map<string, Node | null>();
  private readonly queue: string[] = [];
  /** While reading a method's parameter or return type: which (for collection diagnostics). */
  private crossing: string | null = null;
  /** `file\0name` of names imported from a module that is not there (reported at the import). */
  private readonly unresolved = new Set<string>();

  constructor(
    private readonly project: Project,
    private readonly generatedDir?: string,
  ) {}

  run(roots: readonly string[]): ParseResult {
    for (const f of roots) this.enqueue(resolvePath(f));
    for (let i = 0; i < this.queue.length; i++) this.readFile(this.queue[i]);
    this.checkMetadataKeys();
    return {
      program: { decls: this.decls, files: this.files },
      diagnostics: this.diagnostics,
      project: this.project,
    };
  }

  /**
   * A session has one value per metadata key, so two `@metadata` interfaces that give one key two
   * types would read the same bytes two ways (one of them failing its check): an error at the
   * second, naming the first.
   */
  private checkMetadataKeys(): void {
    const seen = new Map<string, { type: string; where: IrMetadata }>();
    for (const f of this.files.values()) {
      for (const m of f.metadata) {
        for (const field of m.fields) {
          const type = rustName(field.type);
          const first = seen.get(field.name);
          if (first === undefined) seen.set(field.name, { type, where: m });
          else if (first.type !== type) {
            const at = first.where.loc;
            this.diagnostics.push({
              loc: m.loc,
              message: `metadata key '${field.name}' is ${type} in ${m.name}, but ${first.type} in ${first.where.name} (${basename(at.file)}:${at.line}:${at.col})`,
              hint: "a session has one value per key: give both the same type, or use another key",
            });
          }
        }
      }
    }
  }

  private sourceFile(path: string): SourceFile {
    return this.project.getSourceFile(path) ?? this.project.addSourceFileAtPath(path);
  }

  private enqueue(path: string): void {
    if (this.files.has(path) || this.queue.includes(path)) return;
    if (this.generatedDir && path.startsWith(this.generatedDir + "/")) return;
    this.queue.push(path);
  }

  private fileOf(path: string): IrFile {
    let f = this.files.get(path);
    if (!f) {
      f = { path, decls: [], contracts: [], metadata: [], exports: new Map() };
      this.files.set(path, f);
    }
    return f;
  }

  private error(node: Node, message: string, hint?: string): void {
    this.diagnostics.push({ loc: locOf(node), message, hint });
  }

  /**
   * An import whose module is not there: said once, at the import, and what it imports is not
   * reported again as an "unknown type" at every use.
   */
  private importNotFound(d: ImportDeclaration, path: string, hint: string): void {
    this.error(d.getModuleSpecifier(), `cannot find module '${d.getModuleSpecifierValue()}'`, hint);
    for (const n of d.getNamedImports()) {
      this.unresolved.add(`${path}\0${n.getAliasNode()?.getText() ?? n.getName()}`);
    }
  }

  private readFile(path: string): void {
    const sf = this.sourceFile(path);
    const file = this.fileOf(path);
    // A generated module a source imports (typed emitters, metadata readers): not an input.
    if (sf.getFullText().startsWith(GENERATED_MARK)) return;
    for (const d of sf.getImportDeclarations()) {
      const spec = d.getModuleSpecifierValue();
      const target = this.resolveImport(sf, spec);
      if (target) {
        this.enqueue(target);
        continue;
      }
      // A misspelt Shortcrust package would be found only by the bundler (or never, in a
      // type-only import): said here, at the import.
      const meant = misspeltPackage(spec);
      if (meant !== undefined) this.importNotFound(d, path, `did you mean '${meant}'?`);
      else if (spec.startsWith(".") && this.generatedDir !== undefined) {
        // A relative import of a file that is not there (deleted, moved, misspelt). (Generated
        // modules may not exist yet: codegen is about to write them.)
        const base = resolvePath(dirname(path), spec);
        if (!base.startsWith(this.generatedDir + "/") && !existsSync(base)) {
          this.importNotFound(
            d,
            path,
            "a relative import names a .ts file beside this one: was it moved, renamed or deleted?",
          );
        }
      }
    }
    for (const stmt of sf.getStatements()) {
      if (
        (Node.isInterfaceDeclaration(stmt) ||
          Node.isTypeAliasDeclaration(stmt) ||
          Node.isEnumDeclaration(stmt) ||
          Node.isClassDeclaration(stmt)) &&
        !tagsOf(stmt).has("contract")
      ) {
        for (const t of tagsNamed(stmt, "event")) {
          this.error(
            t,
            "@event outside a @contract",
            "declare events on the contract that emits them: /** @contract … @event changed Change */",
          );
        }
      }
      if (Node.isInterfaceDeclaration(stmt)) {
        const tags = tagsOf(stmt);
        if (tags.has("archive")) this.topDecl(stmt, file);
        else if (tags.has("contract")) this.contract(stmt, file, tags.get("contract") === "extern");
        else if (tags.has("metadata")) this.metadata(stmt, file);
      } else if (Node.isTypeAliasDeclaration(stmt)) {
        const tags = tagsOf(stmt);
        if (tags.has("archive") || stmt.isExported()) this.topDecl(stmt, file);
      } else if (Node.isEnumDeclaration(stmt)) {
        if (tagsOf(stmt).has("archive")) this.topDecl(stmt, file);
      } else if (Node.isClassDeclaration(stmt)) {
        const tags = tagsOf(stmt);
        if (tags.has("contract")) this.contract(stmt, file, false);
        else if (tags.has("archive") || tags.has("metadata")) {
          this.error(
            stmt,
            `@${tags.has("archive") ? "archive" : "metadata"} on a class`,
            "declare an interface instead (classes are contracts: /** @contract */)",
          );
        }
      }
    }
  }

  /** A top-level declaration: non-generic ones are read now; generic ones on use. */
  private topDecl(
    node: InterfaceDeclaration | TypeAliasDeclaration | EnumDeclaration,
    file: IrFile,
  ): void {
    const name = node.getName();
    if (!Node.isEnumDeclaration(node) && node.getTypeParameters().length > 0) {
      this.genericOf(node);
      return;
    }
    const t = this.declRef(node, new Map(), []);
    if (t && node.isExported()) file.exports.set(name, t);
  }

  private genericOf(node: InterfaceDeclaration | TypeAliasDeclaration): Generic {
    let g = this.generics.get(node);
    if (!g) {
      g = { node, params: node.getTypeParameters().map((p) => p.getName()) };
      this.generics.set(node, g);
    }
    return g;
  }

  private resolveImport(from: SourceFile, spec: string): string | null {
    if (!spec.startsWith(".")) return null;
    const base = resolvePath(dirname(from.getFilePath()), spec);
    const candidates = [base, `${base}.ts`, `${base}/index.ts`];
    if (base.endsWith(".js")) candidates.unshift(base.slice(0, -3) + ".ts");
    for (const c of candidates) if (c.endsWith(".ts") && existsSync(c)) return c;
    return null;
  }

  /** Finds the declaration a name refers to in `sf` (its own, or through a relative import). */
  private lookup(sf: SourceFile, name: string): Node | null {
    const key = `${sf.getFilePath()}\0${name}`;
    if (this.lookups.has(key)) return this.lookups.get(key)!;
    let found: Node | null =
      sf.getInterface(name) ??
      sf.getTypeAlias(name) ??
      sf.getEnum(name) ??
      sf.getClass(name) ??
      null;
    if (!found) {
      for (const imp of sf.getImportDeclarations()) {
        const spec = imp.getModuleSpecifierValue();
        for (const n of imp.getNamedImports()) {
          const local = n.getAliasNode()?.getText() ?? n.getName();
          if (local !== name) continue;
          if (spec === "@shortcrust/sdk") {
            found = null;
          } else {
            const target = this.resolveImport(sf, spec);
            if (target) found = this.lookup(this.sourceFile(target), n.getName());
          }
        }
      }
    }
    this.lookups.set(key, found);
    return found;
  }

  /** The IR type of a declaration (instantiated with `args` when generic). */
  private declRef(
    node: Node,
    outer: ReadonlyMap<string, IrType>,
    args: readonly IrType[],
  ): IrType | null {
    void outer;
    if (Node.isEnumDeclaration(node)) return this.enumDecl(node);
    if (!Node.isInterfaceDeclaration(node) && !Node.isTypeAliasDeclaration(node)) return null;
    const tags = tagsOf(node);
    const archived = tags.has("archive");
    const params = node.getTypeParameters().map((p) => p.getName());
    if (params.length !== args.length) {
      this.error(
        node,
        `${node.getName()} takes ${params.length} type argument(s), given ${args.length}`,
      );
      return null;
    }
    if (Node.isTypeAliasDeclaration(node) && !archived) {
      // A plain alias: transparent (a Rust tuple stays a tuple; a name stays that name).
      const scope: Scope = {
        file: node.getSourceFile(),
        params: new Map(params.map((p, i) => [p, args[i]])),
      };
      return this.typeOf(node.getTypeNodeOrThrow(), scope);
    }
    if (Node.isInterfaceDeclaration(node) && !archived) {
      const why = tags.has("contract")
        ? "a contract interface"
        : tags.has("metadata")
          ? "a metadata schema"
          : "an interface without /** @archive */";
      this.error(
        node,
        `${node.getName()} is ${why} and has no archived form`,
        "mark it /** @archive */ to use it as a data type",
      );
      return null;
    }
    const argNames = args.map((a) => rustName(a));
    const id = args.length ? `${node.getName()}<${argNames.join(", ")}>` : node.getName();
    const memo = this.declIds.get(node);
    if (memo === id || this.decls.has(id)) return { kind: "ref", id };
    if (args.length === 0) this.declIds.set(node, id);
    const scope: Scope = {
      file: node.getSourceFile(),
      params: new Map(params.map((p, i) => [p, args[i]])),
    };
    const file = this.fileOf(node.getSourceFile().getFilePath());
    const base = {
      id,
      tsName: tsIdent(id),
      file: file.path,
      loc: locOf(node),
      exported: node.isExported(),
    };
    // Register a placeholder first so recursive references (through Box/Vec) resolve.
    const placeholder = { ...base, kind: "unitStruct" } as IrDecl;
    this.decls.set(id, placeholder);
    file.decls.push(id);
    let decl: IrDecl | null;
    if (Node.isInterfaceDeclaration(node)) decl = this.structDecl(node, scope, base);
    else decl = this.aliasDecl(node, scope, base);
    if (!decl) {
      this.decls.delete(id);
      file.decls.splice(file.decls.indexOf(id), 1);
      return null;
    }
    this.decls.set(id, decl);
    return { kind: "ref", id };
  }

  private structDecl(node: InterfaceDeclaration, scope: Scope, base: DeclBase): IrDecl | null {
    if (node.getExtends().length > 0) {
      this.error(
        node.getExtends()[0],
        "interface inheritance is not supported in @archive types",
        "repeat the fields, or hold the other type as a field",
      );
    }
    const fields = this.members(node, scope);
    if (fields.length === 0) return { ...base, kind: "unitStruct" };
    return { ...base, kind: "struct", fields };
  }

  /** Property signatures of an interface or inline object type as fields. */
  private members(node: InterfaceDeclaration | Node, scope: Scope): IrField[] {
    const fields: IrField[] = [];
    const members =
      Node.isInterfaceDeclaration(node) || Node.isTypeLiteral(node) ? node.getMembers() : [];
    for (const m of members) {
      if (Node.isPropertySignature(m)) {
        if (m.hasQuestionToken()) {
          this.error(
            m,
            `optional property '${m.getName()}'`,
            `write ${m.getName()}: Option<T> (null is None)`,
          );
          continue;
        }
        const tn = m.getTypeNode();
        if (!tn) {
          this.error(
            m,
            `property '${m.getName()}' has no type`,
            "give every field a type such as u32 or string",
          );
          continue;
        }
        const t = this.typeOf(tn, scope);
        if (t) fields.push({ name: m.getName(), type: t });
      } else if (Node.isIndexSignatureDeclaration(m)) {
        this.error(m, "index signature", "declare the fields explicitly, or use Vec<[K, V]>");
      } else if (Node.isMethodSignature(m) || Node.isCallSignatureDeclaration(m)) {
        this.error(
          m,
          "methods have no archived form",
          "data types hold fields only; put functions in a @contract class",
        );
      } else {
        this.error(m, `unsupported member ${m.getKindName()}`);
      }
    }
    return fields;
  }

  private aliasDecl(node: TypeAliasDeclaration, scope: Scope, base: DeclBase): IrDecl | null {
    const tn = node.getTypeNodeOrThrow();
    if (Node.isTupleTypeNode(tn)) {
      const els = this.tupleElements(tn, scope);
      if (!els) return null;
      if (els.length === 0) return { ...base, kind: "unitStruct" };
      return { ...base, kind: "tupleStruct", fields: els };
    }
    if (Node.isUnionTypeNode(tn) || Node.isTypeLiteral(tn)) {
      const variants = this.variants(
        node,
        Node.isUnionTypeNode(tn) ? tn.getTypeNodes() : [tn],
        scope,
      );
      if (!variants) return null;
      return { ...base, kind: "enum", variants, fieldless: false };
    }
    this.error(
      tn,
      'an @archive type alias must be a tuple (a tuple struct) or a union of { case: "Name"; value?: … } (an enum)',
      "for a struct write /** @archive */ interface; for a plain name drop @archive",
    );
    return null;
  }

  private variants(
    alias: TypeAliasDeclaration,
    members: TypeNode[],
    scope: Scope,
  ): IrVariant[] | null {
    const out: IrVariant[] = [];
    const seen = new Set<string>();
    let ok = true;
    for (const m of members) {
      if (!Node.isTypeLiteral(m)) {
        this.error(
          m,
          `enum variant '${m.getText()}' is not an object type`,
          'write each variant as { case: "Name" } or { case: "Name"; value: T }',
        );
        ok = false;
        continue;
      }
      let name: string | null = null;
      let value: TypeNode | null = null;
      // Fields beside `case` and `value`: reported after the loop (a variant with no `case` at
      // all most likely named its discriminant otherwise, which one error says better).
      const strays: PropertySignature[] = [];
      for (const p of m.getMembers()) {
        if (!Node.isPropertySignature(p)) {
          this.error(p, "enum variants hold only `case` and `value`");
          ok = false;
          continue;
        }
        const tn = p.getTypeNode();
        if (p.getName() === "case") {
          if (tn && Node.isLiteralTypeNode(tn) && Node.isStringLiteral(tn.getLiteral())) {
            name = (tn.getLiteral() as unknown as { getLiteralValue(): string }).getLiteralValue();
          } else {
            this.error(p, "`case` must be a string literal", 'write case: "Name"');
            ok = false;
          }
        } else if (p.getName() === "value") {
          if (p.hasQuestionToken()) {
            this.error(
              p,
              "optional `value` in an enum variant",
              "declare two variants, or write value: Option<T>",
            );
            ok = false;
          }
          value = tn ?? null;
        } else strays.push(p);
      }
      if (name === null) {
        const tag = strays.find((p) => {
          const tn = p.getTypeNode();
          return (
            tn !== undefined && Node.isLiteralTypeNode(tn) && Node.isStringLiteral(tn.getLiteral())
          );
        });
        if (tag !== undefined) {
          this.error(
            m,
            `enum variant without \`case\` (its tag is named '${tag.getName()}')`,
            `the tag of an enum variant is named case: write { case: ${tag.getTypeNode()!.getText()} }`,
          );
        } else if (ok) this.error(m, "enum variant without `case`", 'write { case: "Name" }');
        ok = false;
        continue;
      }
      for (const p of strays) {
        this.error(
          p,
          `enum variant field '${p.getName()}' outside \`value\``,
          "put a struct variant's fields inside value: { … }",
        );
        ok = false;
      }
      if (seen.has(name)) {
        this.error(m, `duplicate enum variant '${name}'`);
        ok = false;
      }
      seen.add(name);
      if (value === null) out.push({ name, kind: "unit" });
      else if (Node.isTypeLiteral(value)) {
        out.push({ name, kind: "struct", fields: this.members(value, scope) });
      } else if (Node.isTupleTypeNode(value)) {
        const els = this.tupleElements(value, scope);
        if (els) out.push({ name, kind: "tuple", fields: els });
        else ok = false;
      } else {
        const t = this.typeOf(value, scope);
        if (t) out.push({ name, kind: "tuple", fields: [t] });
        else ok = false;
      }
    }
    if (out.length === 0 && ok) this.error(alias, "an enum needs at least one variant");
    return ok && out.length > 0 ? out : null;
  }

  private enumDecl(node: EnumDeclaration): IrType | null {
    const id = node.getName();
    if (this.decls.has(id)) return { kind: "ref", id };
    if (!tagsOf(node).has("archive")) {
      this.error(
        node,
        `enum ${id} is not marked /** @archive */`,
        "mark it /** @archive */ to archive it",
      );
      return null;
    }
    let ok = true;
    for (const m of node.getMembers()) {
      if (m.getInitializer()) {
        this.error(
          m,
          `explicit value for enum member '${m.getName()}'`,
          "rkyv numbers variants in declaration order; remove the initializer",
        );
        ok = false;
      }
    }
    if (node.getMembers().length === 0) {
      this.error(node, "an enum needs at least one variant");
      ok = false;
    }
    if (!ok) return null;
    const file = this.fileOf(node.getSourceFile().getFilePath());
    this.decls.set(id, {
      id,
      tsName: tsIdent(id),
      file: file.path,
      loc: locOf(node),
      exported: node.isExported(),
      kind: "enum",
      fieldless: true,
      variants: node.getMembers().map((m) => ({ name: m.getName(), kind: "unit" as const })),
    });
    file.decls.push(id);
    return { kind: "ref", id };
  }

  private tupleElements(tn: TypeNode, scope: Scope): IrType[] | null {
    if (!Node.isTupleTypeNode(tn)) return null;
    const out: IrType[] = [];
    let ok = true;
    for (const e of tn.getElements()) {
      let el: TypeNode = e;
      if (Node.isNamedTupleMember(e)) {
        if (e.hasQuestionToken() || e.getDotDotDotToken()) {
          this.error(
            e,
            "optional or rest tuple element",
            "write every element; use Option<T> for an optional one",
          );
          ok = false;
          continue;
        }
        el = e.getTypeNode();
      } else if (Node.isOptionalTypeNode(e) || Node.isRestTypeNode(e)) {
        this.error(
          e,
          "optional or rest tuple element",
          "write every element; use Option<T> or Vec<T>",
        );
        ok = false;
        continue;
      }
      const t = this.typeOf(el, scope);
      if (t) out.push(t);
      else ok = false;
    }
    return ok ? out : null;
  }

  private numberArg(node: TypeNode | undefined, what: string, at: Node): number | null {
    if (node && Node.isLiteralTypeNode(node) && Node.isNumericLiteral(node.getLiteral())) {
      const n = Number(node.getLiteral().getText());
      if (Number.isInteger(n) && n >= 0 && n <= 0x7fffffff) return n;
    }
    this.error(node ?? at, `${what} needs a length as a number literal`, `write ${what}<…, 32>`);
    return null;
  }

  /** The IR of one type node (null after reporting a diagnostic). */
  typeOf(tn: TypeNode, scope: Scope): IrType | null {
    switch (tn.getKind()) {
      case SyntaxKind.StringKeyword:
        return { kind: "string" };
      case SyntaxKind.BooleanKeyword:
        return { kind: "bool" };
      case SyntaxKind.NumberKeyword:
        this.error(
          tn,
          "unsupported type 'number'",
          "write a sized type: u8, u16, u32, i8, i16, i32, f32 or f64 (u64/i64 are bigint)",
        );
        return null;
      case SyntaxKind.BigIntKeyword:
        this.error(tn, "unsupported type 'bigint'", "write u64, i64, u128 or i128");
        return null;
      case SyntaxKind.AnyKeyword:
      case SyntaxKind.UnknownKeyword:
      case SyntaxKind.ObjectKeyword:
      case SyntaxKind.NeverKeyword:
      case SyntaxKind.SymbolKeyword:
      case SyntaxKind.UndefinedKeyword:
        this.error(
          tn,
          `unsupported type '${tn.getText()}'`,
          "every archived value needs a concrete type such as u32, string or an @archive interface",
        );
        return null;
      case SyntaxKind.VoidKeyword:
        return { kind: "unit" };
      case SyntaxKind.ParenthesizedType:
        return this.typeOf((tn as unknown as { getTypeNode(): TypeNode }).getTypeNode(), scope);
    }
    if (Node.isLiteralTypeNode(tn) && tn.getLiteral().getKind() === SyntaxKind.NullKeyword) {
      return { kind: "unit" };
    }
    if (Node.isTupleTypeNode(tn)) {
      const els = this.tupleElements(tn, scope);
      if (!els) return null;
      return els.length === 0 ? { kind: "unit" } : { kind: "tuple", elements: els };
    }
    if (Node.isArrayTypeNode(tn)) {
      this.error(
        tn,
        `unsupported type '${tn.getText()}'`,
        `write Vec<${tn.getElementTypeNode().getText()}> (or FixedArray<T, N>)`,
      );
      return null;
    }
    if (Node.isFunctionTypeNode(tn) || Node.isConstructorTypeNode(tn)) {
      this.error(
        tn,
        "function types have no archived form",
        "store data only; contract functions are methods of a @contract class",
      );
      return null;
    }
    if (Node.isUnionTypeNode(tn)) {
      const parts = tn.getTypeNodes().map((p) => p.getText());
      const hint =
        parts.includes("null") && parts.length === 2
          ? `write Option<${parts.find((p) => p !== "null")}>`
          : 'declare an enum: /** @archive */ type E = { case: "A"; value: T } | { case: "B" }';
      this.error(tn, `unsupported union '${tn.getText()}'`, hint);
      return null;
    }
    if (Node.isTypeLiteral(tn)) {
      this.error(
        tn,
        "inline object type",
        "declare it as a /** @archive */ interface and use its name",
      );
      return null;
    }
    if (Node.isTypeReference(tn)) return this.reference(tn, scope);
    this.error(
      tn,
      `unsupported type '${tn.getText()}'`,
      "use the types of @shortcrust/sdk (u8 … u128, i8 … i128, f32, f64, bool, char, string, Bytes<N>, FixedArray<T, N>, Vec<T>, Option<T>, Box<T>), tuples and @archive types",
    );
    return null;
  }

  private reference(tn: TypeNode, scope: Scope): IrType | null {
    if (!Node.isTypeReference(tn)) return null;
    const name = tn.getTypeName().getText();
    const args = tn.getTypeArguments();
    const param = scope.params.get(name);
    if (param) return param;
    const sf = scope.file;
    const declared = name.includes(".") ? null : this.lookup(sf, name);
    if (!declared && SDK_NAMES.has(name)) {
      const arg = (i: number): IrType | null => (args[i] ? this.typeOf(args[i], scope) : null);
      const want = (n: number): boolean => {
        if (args.length === n) return true;
        this.error(tn, `${name} takes ${n} type argument(s)`);
        return false;
      };
      if (PRIMS[name]) return want(0) ? PRIMS[name] : null;
      switch (name) {
        case "ContractId":
          return want(0) ? { kind: "bytes", len: 32 } : null;
        case "Bytes": {
          if (!want(1)) return null;
          const len = this.numberArg(args[0], "Bytes", tn);
          return len === null ? null : { kind: "bytes", len };
        }
        case "FixedArray": {
          if (!want(2)) return null;
          const e = arg(0);
          const len = this.numberArg(args[1], "FixedArray", tn);
          return e && len !== null ? { kind: "array", element: e, len } : null;
        }
        case "Vec": {
          if (!want(1)) return null;
          const e = arg(0);
          return e ? { kind: "vec", element: e } : null;
        }
        case "Option": {
          if (!want(1)) return null;
          const e = arg(0);
          return e ? { kind: "option", some: e } : null;
        }
        case "Box": {
          if (!want(1)) return null;
          const e = arg(0);
          return e ? { kind: "box", inner: e } : null;
        }
      }
    }
    if (!declared && COLLECTIONS[name] !== undefined) {
      if (this.crossing) {
        this.error(
          tn,
          `${name} in ${this.crossing}: a collection lives in the contract's storage and cannot cross a call`,
          name === "StateMap"
            ? "pass or return keys and values instead (K, V, Option<V>, Vec<[K, V]>)"
            : "pass or return elements instead (T, Option<T>, Vec<T>)",
        );
      } else {
        this.error(
          tn,
          `${name} inside another type`,
          `a ${name} can only be the type of a @contract class field, written directly on the field (not in Vec, Option, a tuple, an alias, an @archive type or an event)`,
        );
      }
      return null;
    }
    if (!declared) {
      const hint = UNSUPPORTED_REFS[name];
      if (this.unresolved.has(`${sf.getFilePath()}\0${name}`)) return null;
      if (hint) this.error(tn, `unsupported type '${name}'`, hint);
      else if (importedFromSdk(sf, name))
        this.error(
          tn,
          `@shortcrust/sdk has no type '${name}'`,
          `the types it has for archives: ${[...SDK_NAMES, ...Object.keys(COLLECTIONS)].join(", ")}`,
        );
      else
        this.error(
          tn,
          `unknown type '${name}'`,
          `declare it with /** @archive */ (in this file or a relatively imported one), or import it from @shortcrust/sdk`,
        );
      return null;
    }
    if (Node.isClassDeclaration(declared)) {
      this.error(
        tn,
        `'${name}' is a class`,
        "classes have no archived form; declare an @archive interface",
      );
      return null;
    }
    const argTypes: IrType[] = [];
    for (const a of args) {
      const t = this.typeOf(a, scope);
      if (!t) return null;
      argTypes.push(t);
    }
    return this.declRef(declared, scope.params, argTypes);
  }

  // ------------------------------------------------------------------ contracts, metadata

  private contract(
    node: ClassDeclaration | InterfaceDeclaration,
    file: IrFile,
    extern: boolean,
  ): void {
    const name = node.getName() ?? "Contract";
    const scope: Scope = { file: node.getSourceFile(), params: new Map() };
    const state: IrField[] = [];
    const collections: IrCollection[] = [];
    const methods: IrMethod[] = [];
    if (Node.isClassDeclaration(node)) {
      if (node.getTypeParameters().length > 0)
        this.error(node, "a contract class cannot be generic");
      if (!node.isExported()) {
        this.error(
          node,
          `contract class ${name} is not exported`,
          "write export class …; the generated entry glue imports it",
        );
      }
      for (const p of node.getProperties()) {
        if (p.isStatic()) continue;
        if (p.getName().startsWith("#")) {
          // The entry glue reads and writes every field from outside the class.
          this.error(
            p,
            `state field '${p.getName()}' is #private, which the generated entry glue cannot reach`,
            `write private ${p.getName().slice(1)}: … (TypeScript's private: still state, not a function clients call)`,
          );
          continue;
        }
        const tn = p.getTypeNode();
        if (!tn) {
          this.error(
            p,
            `state field '${p.getName()}' has no type annotation`,
            `write ${p.getName()}: u64 = 0n (state fields are archived)`,
          );
          continue;
        }
        if (p.hasQuestionToken()) {
          this.error(
            p,
            `optional state field '${p.getName()}'`,
            `write ${p.getName()}: Option<T> = null`,
          );
          continue;
        }
        const coll = this.collection(p.getName(), tn, scope);
        if (coll !== undefined) {
          const init = p.getInitializer();
          if (init) {
            this.error(
              init,
              `collection field '${p.getName()}' has an initializer`,
              `write ${p.isReadonly() ? "readonly " : ""}${p.getName()}!: ${tn.getText()}; (the entry glue gives every instance the collection, built with the generated codecs)`,
            );
          } else if (coll) collections.push(coll);
          continue;
        }
        const t = this.typeOf(tn, scope);
        if (t) state.push({ name: p.getName(), type: t });
      }
      for (const m of node.getMethods()) {
        if (
          m.isStatic() ||
          m.hasModifier(SyntaxKind.PrivateKeyword) ||
          m.hasModifier(SyntaxKind.ProtectedKeyword) ||
          m.getName().startsWith("#")
        )
          continue;
        const ir = this.method(m.getName(), m.getParameters(), m.getReturnTypeNode(), m, scope);
        if (ir) methods.push(ir);
      }
    } else {
      for (const m of node.getMembers()) {
        if (Node.isMethodSignature(m)) {
          const ir = this.method(m.getName(), m.getParameters(), m.getReturnTypeNode(), m, scope);
          if (ir) methods.push(ir);
        } else {
          this.error(m, "a @contract extern interface lists methods only");
        }
      }
    }
    const init = extern ? null : (methods.find((m) => m.name === "init") ?? null);
    file.contracts.push({
      name,
      file: file.path,
      loc: locOf(node),
      extern,
      state,
      collections,
      methods: methods.filter((m) => m !== init),
      init,
      events: this.events(node, scope),
    });
  }

  /**
   * `@event <topic> [Type]` tags of a contract (one line each; no type: the event carries unit,
   * i.e. no data). The type is any type of the input language, resolved in the contract's file.
   */
  private events(node: ClassDeclaration | InterfaceDeclaration, scope: Scope): IrEvent[] {
    const sf = node.getSourceFile();
    const text = sf.getFullText();
    const at = (pos: number): SourceLoc => {
      const { line, column } = sf.getLineAndColumnAtPos(pos);
      return { file: sf.getFilePath(), line, col: column };
    };
    const out: IrEvent[] = [];
    const topics = new Map<string, string>();
    for (const tag of tagsNamed(node, "event")) {
      const start = tag.getStart();
      let end = text.indexOf("\n", start);
      if (end < 0) end = text.length;
      const line = text.slice(start, end).replace(/\*\/.*$/, "");
      const m = /^@event(\s+)(\S+)?(\s*)(.*?)\s*$/.exec(line);
      const topic = m?.[2];
      if (!m || !topic) {
        this.error(
          tag,
          "@event needs a topic",
          "write @event <topic> <Type>, e.g. @event changed Change (no type: an event without data)",
        );
        continue;
      }
      const topicPos = start + "@event".length + m[1].length;
      if (!TOPIC.test(topic)) {
        this.diagnostics.push({
          loc: at(topicPos),
          message: `event topic '${topic}' is not an identifier`,
          hint: "topics name typed emitters (emitChanged); use letters, digits and _",
        });
        continue;
      }
      if (topics.has(topic)) {
        this.diagnostics.push({
          loc: at(topicPos),
          message: `duplicate event topic '${topic}'`,
          hint: "each topic is declared once, with one type",
        });
        continue;
      }
      const emitter = emitterName(topic);
      const clash = [...topics].find(([, e]) => e === emitter)?.[0];
      if (clash) {
        this.diagnostics.push({
          loc: at(topicPos),
          message: `event topics '${clash}' and '${topic}' would both be emitted by ${emitter}`,
          hint: "rename one of them",
        });
        continue;
      }
      topics.set(topic, emitter);
      const typeText = m[4];
      let type: IrType | null = { kind: "unit" };
      if (typeText) {
        const typePos = topicPos + topic.length + m[3].length;
        type = this.scratchType(typeText, scope, (offset) => at(typePos + offset));
      }
      if (type) out.push({ topic, type, loc: at(start) });
    }
    return out;
  }

  /**
   * The IR of a type written as text (an `@event` tag), resolved in `scope.file`; diagnostics
   * inside it are moved to where the text sits (`locate(offset into the text)`).
   */
  private scratchType(
    text: string,
    scope: Scope,
    locate: (offset: number) => SourceLoc,
  ): IrType | null {
    const sf = this.project.createSourceFile(EVENT_SCRATCH, `${EVENT_PREFIX}${text};\n`, {
      overwrite: true,
    });
    const before = this.diagnostics.length;
    try {
      const alias = sf.getTypeAliasOrThrow("__EventType");
      const tn = alias.getTypeNodeOrThrow();
      const end = tn.getEnd() - EVENT_PREFIX.length;
      if (end !== text.length) {
        this.diagnostics.push({
          loc: locate(end + (text.slice(end).length - text.slice(end).trimStart().length)),
          message: `'${text}' is not one type`,
          hint: "write @event <topic> <Type> with the type on the tag's line",
        });
        return null;
      }
      return this.typeOf(tn, scope);
    } finally {
      for (let i = before; i < this.diagnostics.length; i++) {
        const d = this.diagnostics[i];
        if (d.loc.file === EVENT_SCRATCH && d.loc.line === 1) {
          this.diagnostics[i] = { ...d, loc: locate(d.loc.col - 1 - EVENT_PREFIX.length) };
        }
      }
      this.project.removeSourceFile(sf);
    }
  }

  /**
   * A contract field's collection (`StateMap<K, V>` / `StateVec<T>` of the SDK, not shadowed by a
   * declaration of the file): undefined if the field is not a collection, null after a
   * diagnostic. K, V and T are any types of the input language (collections not among them).
   */
  private collection(name: string, tn: TypeNode, scope: Scope): IrCollection | null | undefined {
    if (!Node.isTypeReference(tn)) return undefined;
    const kind = tn.getTypeName().getText();
    const arity = COLLECTIONS[kind];
    if (arity === undefined || this.lookup(scope.file, kind)) return undefined;
    const args = tn.getTypeArguments();
    if (args.length !== arity) {
      this.error(tn, `${kind} takes ${arity} type argument(s)`);
      return null;
    }
    if (!TOPIC.test(name)) {
      this.error(
        tn.getParent() ?? tn,
        `collection field '${name}' is not an identifier`,
        "its name is part of the collection's storage keys; use letters, digits and _",
      );
      return null;
    }
    const types = args.map((a) => this.typeOf(a, scope));
    if (types.some((t) => t === null)) return null;
    const loc = locOf(tn);
    return kind === "StateMap"
      ? { name, kind: "map", key: types[0]!, value: types[1]!, loc }
      : { name, kind: "vec", element: types[0]!, loc };
  }

  private method(
    name: string,
    params: readonly ParameterDeclaration[],
    ret: TypeNode | undefined,
    node: Node,
    scope: Scope,
  ): IrMethod | null {
    if (Node.isTypeParametered(node) && node.getTypeParameters().length > 0) {
      // Its arguments and return are archived: each needs one concrete type.
      this.error(
        node.getTypeParameters()[0],
        `contract function '${name}' is generic`,
        "give each parameter and the return a concrete type (a generic @archive type instantiated, such as Pair<u8, u64>, is fine)",
      );
      return null;
    }
    let ok = true;
    const ps: IrField[] = [];
    for (const p of params) {
      const tn = p.getTypeNode();
      const what = `parameter '${p.getName()}' of ${name}`;
      const refused: [string, string] | null = p.isRestParameter()
        ? [`${what} is a rest parameter`, `take one Vec: ${p.getName()}: Vec<…>`]
        : p.hasQuestionToken()
          ? [
              `${what} is optional`,
              `every argument is archived: write ${p.getName()}: Option<${tn?.getText() ?? "T"}> (callers pass null for none)`,
            ]
          : !tn
            ? [`${what} needs a type`, `write ${p.getName()}: u64 (or another archived type)`]
            : null;
      if (refused !== null || !tn) {
        if (refused !== null) this.error(p, ...refused);
        ok = false;
        continue;
      }
      this.crossing = `parameter '${p.getName()}' of ${name}`;
      const t = this.typeOf(tn, scope);
      this.crossing = null;
      if (t) ps.push({ name: p.getName(), type: t });
      else ok = false;
    }
    // An async method's `Promise<…>` is not a second problem: the sandbox-globals pass reports
    // the `async` itself, once, with what to do.
    if (Node.isMethodDeclaration(node) && node.isAsync()) return null;
    let returns: IrType | null = { kind: "unit" };
    if (!ret) {
      this.error(
        node,
        `method ${name} needs a return type annotation`,
        "write (): void or (): u64 …",
      );
      ok = false;
    } else {
      this.crossing = `the return type of ${name}`;
      returns = this.typeOf(ret, scope);
      this.crossing = null;
    }
    if (!ok || !returns) return null;
    return { name, params: ps, returns, loc: locOf(node) };
  }

  private metadata(node: InterfaceDeclaration, file: IrFile): void {
    const scope: Scope = { file: node.getSourceFile(), params: new Map() };
    const fields = this.members(node, scope);
    file.metadata.push({
      name: node.getName(),
      file: file.path,
      loc: locOf(node),
      fields,
    } as IrMetadata);
  }
}

type DeclBase = Pick<IrDecl, "id" | "tsName" | "file" | "loc" | "exported">;

export type { IrContract };

/** Whether `sf` imports `name` from the SDK (where it is not a type codegen knows). */
function importedFromSdk(sf: SourceFile, name: string): boolean {
  return sf
    .getImportDeclarations()
    .some(
      (d) =>
        d.getModuleSpecifierValue() === "@shortcrust/sdk" &&
        d.getNamedImports().some((n) => (n.getAliasNode() ?? n.getNameNode()).getText() === name),
    );
}

/** Shortcrust's packages (a source imports the SDK; tests and hosts the others). */
const PACKAGES = [
  "@shortcrust/sdk",
  "@shortcrust/runtime",
  "@shortcrust/codegen",
  "@shortcrust/bundler",
  "@shortcrust/artifact",
];

/** For an import of a `@shortcrust/` package that does not exist: the nearest one. */
function misspeltPackage(spec: string): string | undefined {
  if (!spec.startsWith("@shortcrust/")) return undefined;
  const name = spec.split("/").slice(0, 2).join("/");
  if (PACKAGES.includes(name)) return undefined;
  return [...PACKAGES].sort((a, b) => leven(a, name) - leven(b, name))[0];
}
