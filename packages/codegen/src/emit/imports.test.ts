// Generated modules import a codec from the module that exports it instead of printing it again,
// and a project prints each small shape once, in shared.shapes.ts (issue 15 item 2). Read from the committed generated corpora (kept current by golden.test.ts,
// rust-types.test.ts and the template's codegen check) and from a fresh project.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import ts from "typescript";
import { generate } from "../pipeline";

/** A codec a module defines: `export const X: Codec<T, V> = { … name: "Rust", … }`. */
interface Defined {
  readonly module: string;
  readonly name: string;
  /** The Rust root name and the codec's TypeScript type: the type's identity. */
  readonly identity: string;
}

/** The codec objects a module defines (aliases, `export const A = B;`, define nothing). */
function definedCodecs(module: string, text: string): Defined[] {
  const sf = ts.createSourceFile(module, text, ts.ScriptTarget.ES2022, true);
  const out: Defined[] = [];
  const isCodecType = (t: ts.TypeNode): t is ts.TypeReferenceNode =>
    ts.isTypeReferenceNode(t) && t.typeName.getText(sf) === "Codec";
  // Long codec types are named first (`type X$Codec = Codec<…>`).
  const aliases = new Map<string, ts.TypeNode>();
  for (const st of sf.statements) {
    if (ts.isTypeAliasDeclaration(st) && isCodecType(st.type)) aliases.set(st.name.text, st.type);
  }
  for (const st of sf.statements) {
    if (!ts.isVariableStatement(st)) continue;
    for (const d of st.declarationList.declarations) {
      let type = d.type;
      if (type && ts.isTypeReferenceNode(type) && aliases.has(type.typeName.getText(sf))) {
        type = aliases.get(type.typeName.getText(sf));
      }
      if (!type || !isCodecType(type)) continue;
      let init = d.initializer;
      while (init && (ts.isAsExpression(init) || ts.isSatisfiesExpression(init))) {
        init = init.expression;
      }
      if (!init || !ts.isObjectLiteralExpression(init)) continue;
      const root = init.properties.find(
        (p): p is ts.PropertyAssignment =>
          ts.isPropertyAssignment(p) && p.name.getText(sf) === "name",
      );
      const rust = root && ts.isStringLiteral(root.initializer) ? root.initializer.text : "?";
      out.push({
        module,
        name: d.name.getText(sf),
        identity: `${rust} as ${type.getText(sf).replace(/\s+/g, " ")}`,
      });
    }
  }
  return out;
}

const isCodecModule = (m: string): boolean => m.endsWith(".codec.ts");
/** The project's shared shapes (issue 15 item 2: each small shape printed once per project). */
const isShared = (m: string): boolean => m.split("/").pop() === "shared.shapes.ts";

/**
 * What breaks the rule, as readable lines (empty when it holds). Over all the generated modules of
 * one project: a contract or metadata module defines no codec of a type a codec module exports;
 * no type's codec is defined twice (the shared shapes included); and only the shared shapes and
 * the entry glue (its state record) define codecs at all: calls modules alias the shared shapes,
 * call stubs, event emitters and metadata readers import.
 */
function violations(modules: ReadonlyMap<string, string>): string[] {
  // The shared shapes first: a copy elsewhere is reported as the copy.
  const defs = [...modules]
    .flatMap(([m, text]) => definedCodecs(m, text))
    .sort((a, b) => Number(isShared(b.module)) - Number(isShared(a.module)));
  const exported = new Map<string, Defined>();
  for (const d of defs) if (isCodecModule(d.module)) exported.set(d.identity, d);
  const bad: string[] = [];
  const seen = new Map<string, Defined>();
  for (const d of defs) {
    if (isCodecModule(d.module)) continue;
    const home = exported.get(d.identity);
    if (home) bad.push(`${d.module}: ${d.name} re-prints ${home.module}'s ${home.name}`);
    if (!isShared(d.module) && !d.module.endsWith(".entry.ts"))
      bad.push(`${d.module}: defines ${d.name}`);
    const first = seen.get(d.identity);
    if (first) bad.push(`${d.module}: ${d.name} re-prints ${first.module}'s ${first.name}`);
    else seen.set(d.identity, d);
  }
  return bad;
}

function corpus(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of readdirSync(dir).sort()) {
    if (f.endsWith(".ts")) out.set(f, readFileSync(join(dir, f), "utf8"));
  }
  return out;
}

const REPO = resolve(__dirname, "../../../..");
const CORPORA = [
  "packages/codegen/src/fixtures/__golden__/project",
  "templates/contract/src/generated",
  "packages/runtime/src/testing/rust-types/generated",
];

describe("generated contract modules import codecs other generated modules export", () => {
  it.each(CORPORA)("%s: no codec is printed twice", (dir) => {
    const modules = corpus(join(REPO, dir));
    // The scan sees every codec object (each ends in `} satisfies Omit<…, "desc">`).
    for (const [m, text] of modules) {
      expect([m, definedCodecs(m, text).length]).toEqual([
        m,
        text.split("} satisfies Omit<").length - 1,
      ]);
    }
    expect(violations(modules)).toEqual([]);
  });

  it("the check sees a re-printed codec (a client that defines the codec module's Entry)", () => {
    const golden = corpus(join(REPO, CORPORA[0]));
    const codec = golden.get("types.codec.ts")!;
    const start = codec.indexOf("export const Entry: Codec<");
    const end = codec.indexOf(";\n", codec.indexOf("as unknown as Codec<", start)) + 2;
    expect(start).toBeGreaterThan(0);
    const copy = codec.slice(start, end).replace("export const Entry:", "export const $codec0:");
    const broken = new Map(golden);
    broken.set(
      "registry.Registry.client.ts",
      `${golden.get("registry.Registry.client.ts")}\n${copy}`,
    );
    expect(violations(broken)).toEqual([
      "registry.Registry.client.ts: $codec0 re-prints types.codec.ts's Entry",
      "registry.Registry.client.ts: defines $codec0",
    ]);
  });

  it("the check sees a shared shape printed again (in another contract's glue, or twice)", () => {
    const template = corpus(join(REPO, CORPORA[1]));
    const shared = template.get("shared.shapes.ts")!;
    const start = shared.indexOf("export const $u64: Codec<");
    const end = shared.indexOf(";\n", shared.indexOf("as unknown as Codec<", start)) + 2;
    expect(start).toBeGreaterThan(0);
    const copy = shared.slice(start, end).replace("export const $u64:", "export const Relay$n:");
    const inGlue = new Map(template);
    inGlue.set("relay.Relay.entry.ts", `${template.get("relay.Relay.entry.ts")}\n${copy}`);
    expect(violations(inGlue)).toEqual([
      "relay.Relay.entry.ts: Relay$n re-prints shared.shapes.ts's $u64",
    ]);
    // A calls module that defines its own copy instead of aliasing the shared shape.
    const inCalls = new Map(template);
    inCalls.set("counter.Counter.calls.ts", `${template.get("counter.Counter.calls.ts")}\n${copy}`);
    expect(violations(inCalls)).toEqual([
      "counter.Counter.calls.ts: defines Relay$n",
      "counter.Counter.calls.ts: Relay$n re-prints shared.shapes.ts's $u64",
    ]);
  });

  it("a fresh project: arguments, returns and events once, declarations imported", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sc-imports-"));
    writeFileSync(
      join(dir, "types.ts"),
      `import type { u32, u64 } from "@shortcrust/sdk";\n` +
        `/** @archive */ export interface Move { from: u32; by: u64 }\n` +
        `export type Pair = [u32, u64];\n`,
    );
    writeFileSync(
      join(dir, "c.ts"),
      `import type { u32, u64 } from "@shortcrust/sdk";\nimport type { Move } from "./types";\n` +
        `/**\n * @contract\n * @event moved Move\n * @event pair [u32, u64]\n */\n` +
        `export class A { n: u64 = 0n;\n` +
        `  go(m: Move): u64 { return m.by; }\n  two(a: u32, b: u64): u64 { return b; }\n` +
        `  three(a: u32, b: u64): Move { return { from: a, by: b }; }\n}\n` +
        `/** @contract */ export class B { lift(a: u32, b: u64): u64 { return b; } }\n`,
    );
    const r = await generate({
      root: dir,
      srcDir: ".",
      outDir: "gen",
      files: ["types.ts", "c.ts"],
      scaffolds: false,
    });
    expect(r.diagnostics).toEqual([]);
    const modules = new Map(
      [...r.files].map(([path, text]) => [path.slice(join(dir, "gen").length + 1), text]),
    );
    expect(violations(modules)).toEqual([]);
    // Each shape once, in the project's shared shapes; one a codec module exports (`Pair`) is an
    // alias of that codec there. The calls modules give them stable names.
    const shared = modules.get("shared.shapes.ts")!;
    expect(definedCodecs("shared.shapes.ts", shared).map((d) => d.name)).toEqual(["$u64"]);
    expect(shared).toContain("export const $Tuple2_u32_u64 = Pair;");
    expect(shared).toContain('import { Pair } from "./types.codec";');
    const calls = modules.get("c.A.calls.ts")!;
    expect(definedCodecs("c.A.calls.ts", calls)).toEqual([]);
    expect(calls).toContain("export const A$go$ret = $u64;");
    expect(calls).toContain("export const A$two$args = $Tuple2_u32_u64;");
    expect(calls).toContain("export const A$two$ret = $u64;");
    expect(calls).toContain("export const A$event$pair = $Tuple2_u32_u64;");
    // `B`'s `lift` has the shape of `A`'s `two`: the same shared codec under `B`'s own name.
    expect(modules.get("c.B.calls.ts")).toContain("export const B$lift$args = $Tuple2_u32_u64;");
    expect(modules.get("c.B.entry.ts")).toContain(
      'import { B$lift$args, B$lift$ret } from "./c.B.calls";',
    );
    expect(modules.get("c.A.entry.ts")).toMatch(
      /import \{[^}]*\bMove\b[^}]*\} from "\.\/types\.codec";/,
    );
  });
});
