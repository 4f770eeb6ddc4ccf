/**
 * Test scaffolds: one jest test file per contract that builds it, deploys it in a fresh session
 * and calls each function with sample arguments, under a modest gas limit. Written next to the
 * source only when missing (the CLI never overwrites a test a user has edited).
 *
 * A scaffold must pass out of the box, so a function whose call needs setup the generator cannot
 * make up (a real signature, another deployed contract, session metadata, a host query of the
 * embedder's) gets a `test.todo` that says what it needs, and a function that can panic (its
 * body panics, throws, or subtracts: an unsigned value may leave its range) is only required to
 * answer: return, or refuse with a panic, but never run out of gas or fail otherwise.
 * What a function does is read from its body (and the bodies of the class's own methods it
 * calls), syntactically.
 */
import { dirname, join } from "node:path";
import { Node, SyntaxKind, type Project } from "ts-morph";
import { BUILTIN_HOST_QUERIES } from "@shortcrust/sdk";
import type { IrContract, IrMethod, IrProgram, IrType } from "../ir/types";
import { outputPath, specifier, type OutputLayout } from "./layout";

/**
 * The scaffolds' gas limit: ten times what a typical call costs, small enough that a runaway loop
 * runs out of gas in a fraction of a second (a tight metered loop runs ≈ 8 ns per gas).
 */
export const SCAFFOLD_GAS_LIMIT = "10_000_000n";

/** A TypeScript expression of a sample value of `t`. */
export function sample(program: IrProgram, t: IrType, depth = 0): string {
  switch (t.kind) {
    case "u64":
    case "u128":
    case "i64":
    case "i128":
      return "1n";
    case "f32":
    case "f64":
      return "1.5";
    case "bool":
      return "true";
    case "char":
      return '"a"';
    case "unit":
      return "null";
    case "string":
      return '"sample"';
    case "bytes":
      return `new Uint8Array(${t.len}).fill(1)`;
    case "vec":
      return t.element.kind === "u8"
        ? "new Uint8Array([1, 2, 3])"
        : `[${sample(program, t.element, depth + 1)}]`;
    case "array":
      return `[${Array.from({ length: t.len }, () => sample(program, t.element, depth + 1)).join(", ")}]`;
    case "option":
      return "null";
    case "box":
      return sample(program, t.inner, depth);
    case "tuple":
      return `[${t.elements.map((e) => sample(program, e, depth + 1)).join(", ")}]`;
    case "ref": {
      const d = program.decls.get(t.id)!;
      if (depth > 4) return "null";
      switch (d.kind) {
        case "struct":
          return `{ ${d.fields.map((f) => `${f.name}: ${sample(program, f.type, depth + 1)}`).join(", ")} }`;
        case "tupleStruct":
          return `[${d.fields.map((f) => sample(program, f, depth + 1)).join(", ")}]`;
        case "unitStruct":
          return "null";
        case "alias":
          return sample(program, d.target, depth);
        case "enum": {
          if (d.fieldless) return "0";
          const v = d.variants.find((x) => x.kind === "unit") ?? d.variants[0];
          if (v.kind === "unit") return `{ case: ${JSON.stringify(v.name)} as const }`;
          const value =
            v.kind === "tuple"
              ? v.fields.length === 1
                ? sample(program, v.fields[0], depth + 1)
                : `[${v.fields.map((f) => sample(program, f, depth + 1)).join(", ")}]`
              : `{ ${v.fields.map((f) => `${f.name}: ${sample(program, f.type, depth + 1)}`).join(", ")} }`;
          return `{ case: ${JSON.stringify(v.name)} as const, value: ${value} }`;
        }
      }
    }
    // falls through
    default:
      return "1";
  }
}

/** Whether a value of `t` holds a field named like a signature (`signature`, `sig`, `*_sig`). */
function holdsSignature(program: IrProgram, t: IrType, seen = new Set<string>()): boolean {
  const named = (n: string) => /^(signature|sig)$|_(signature|sig)$/i.test(n);
  switch (t.kind) {
    case "vec":
    case "array":
      return holdsSignature(program, t.element, seen);
    case "option":
      return holdsSignature(program, t.some, seen);
    case "box":
      return holdsSignature(program, t.inner, seen);
    case "tuple":
      return t.elements.some((e) => holdsSignature(program, e, seen));
    case "ref": {
      if (seen.has(t.id)) return false;
      seen.add(t.id);
      const d = program.decls.get(t.id)!;
      switch (d.kind) {
        case "struct":
          return d.fields.some((f) => named(f.name) || holdsSignature(program, f.type, seen));
        case "tupleStruct":
          return d.fields.some((f) => holdsSignature(program, f, seen));
        case "alias":
          return holdsSignature(program, d.target, seen);
        case "enum":
          return d.variants.some((v) =>
            v.kind === "unit"
              ? false
              : v.kind === "tuple"
                ? v.fields.some((f) => holdsSignature(program, f, seen))
                : v.fields.some((f) => named(f.name) || holdsSignature(program, f.type, seen)),
          );
        default:
          return false;
      }
    }
    default:
      return false;
  }
}

/**
 * The body of a method and, if `transitive`, of every method of its class it calls
 * (`this.name(`), transitively; none when the source is not at hand.
 */
function bodiesOf(
  project: Project | undefined,
  c: IrContract,
  method: string,
  transitive: boolean,
): Node[] {
  const cls = project?.getSourceFile(c.file)?.getClass(c.name);
  if (!cls) return [];
  const seen = new Set<string>();
  const todo = [method];
  const out: Node[] = [];
  while (todo.length) {
    const name = todo.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const body = cls.getMethod(name)?.getBody();
    if (body) out.push(body);
    if (!transitive) break;
    for (const m of (body?.getText() ?? "").matchAll(/\bthis\.([A-Za-z_$][\w$]*)\s*\(/g)) {
      todo.push(m[1]);
    }
  }
  return out;
}

/** The text of `bodies`, a line each. */
const textOf = (bodies: Node[]): string => bodies.map((b) => `${b.getText()}\n`).join("");

/**
 * Whether `bodies` subtract or negate: on a fresh deploy an unsigned value can then leave its
 * range (`0n - 1n` in a u64 field), and the archive check panics where the source says nothing
 * about panicking.
 */
function subtracts(bodies: Node[]): boolean {
  return bodies.some((body) =>
    body.getDescendants().some((n) => {
      if (Node.isBinaryExpression(n)) {
        const op = n.getOperatorToken().getKind();
        return op === SyntaxKind.MinusToken || op === SyntaxKind.MinusEqualsToken;
      }
      if (Node.isPrefixUnaryExpression(n) || Node.isPostfixUnaryExpression(n)) {
        const op = n.getOperatorToken();
        return op === SyntaxKind.MinusToken || op === SyntaxKind.MinusMinusToken;
      }
      return false;
    }),
  );
}

type Plan = { kind: "call" } | { kind: "answer" } | { kind: "todo"; why: string };

/**
 * What the scaffold does with `m`, from its body (`own`) and that plus the bodies of the class
 * methods it calls (`all`).
 */
function planFor(
  program: IrProgram,
  m: IrMethod,
  own: string,
  all: string,
  underflows: boolean,
): Plan {
  const needs: string[] = [];
  if (
    m.params.some((p) => /^(signature|sig)$/i.test(p.name) || holdsSignature(program, p.type)) ||
    /\bverify(Ed25519|Bls)\s*\(/.test(all)
  ) {
    needs.push(
      "a real signature (sign what the contract verifies with the key it checks, e.g. with @noble/curves)",
    );
  }
  if (/\bcallRaw\s*\(|\b[a-z]\w*Contract\s*\(/.test(all)) {
    needs.push("another contract deployed in the same session (pass its id)");
  }
  const fails = underflows || /\bpanic\s*\(|\bthrow\b/.test(all);
  if (/\bpanic\s*\(|\bthrow\b/.test(own) && /\bmetaData\s*\./.test(own)) {
    needs.push(
      "session metadata (open the session with `metadata: build<Schema>({ … })` from the generated metadata module)",
    );
  }
  // A host query the VM does not register itself (a literal name; any other name is unknown).
  const queries = new Set<string>();
  for (const q of all.matchAll(/\bhostQuery\s*\(\s*(?:(["'`])([^"'`]*)\1)?/g)) {
    const name = q[2];
    if (name === undefined) queries.add("");
    else if (!Object.hasOwn(BUILTIN_HOST_QUERIES, name)) queries.add(name);
  }
  for (const name of queries) {
    needs.push(
      `${name === "" ? "the host queries it calls" : `the host query '${name}'`} registered on the VM (\`VM.ephemeral({ hostQueries })\`, see docs/host-queries.md)`,
    );
  }
  if (needs.length) return { kind: "todo", why: `its call needs ${needs.join("; and ")}` };
  return fails ? { kind: "answer" } : { kind: "call" };
}

export function scaffoldFor(
  program: IrProgram,
  layout: OutputLayout,
  file: string,
  project?: Project,
): [string, string][] {
  const out: [string, string][] = [];
  for (const c of program.files.get(file)?.contracts ?? []) {
    if (c.extern) continue;
    const path = join(dirname(file), `${c.name}.test.ts`);
    const entry = outputPath(layout, file, `${c.name}.entry`);
    const client = specifier(path, outputPath(layout, file, `${c.name}.client`));
    const lower = c.name.charAt(0).toLowerCase() + c.name.slice(1);
    const initArg = c.init?.params.length
      ? [
          `      initArg: ${lower}InitArg(${c.init.params.map((p) => sample(program, p.type)).join(", ")}),`,
        ]
      : [];
    const plans = c.methods.map((m) => {
      const reached = bodiesOf(project, c, m.name, true);
      const own = textOf(reached.slice(0, 1));
      return [m, planFor(program, m, own, textOf(reached), subtracts(reached))] as const;
    });
    const answers = plans.some(([, p]) => p.kind === "answer");
    const events = c.events.length > 0;
    const imports = [
      `${lower}Client`,
      ...(c.init && c.init.params.length ? [`${lower}InitArg`] : []),
      ...(events ? [`decode${c.name}Events`] : []),
    ];
    const call = (m: IrMethod) =>
      `${lower}.${m.name}(${m.params.map((p) => sample(program, p.type)).join(", ")})`;
    // Every successful call: it spent gas, and its events (if the contract declares any) decode.
    const checked = (receipt: string) => [
      `      expect(${receipt}.gasSpent).toBeGreaterThan(0n);`,
      ...(events ? [`      decode${c.name}Events(${receipt}.events, contractId);`] : []),
    ];
    const fresh = events ? `${lower}, contractId` : lower;
    const tests: string[] = [
      "",
      `  it("deploys in a fresh session", () => {`,
      `    expect(deploy().contractId).toHaveLength(32);`,
      `  });`,
    ];
    for (const [m, plan] of plans) {
      tests.push("");
      if (plan.kind === "todo") {
        tests.push(`  test.todo(`, `    ${JSON.stringify(`${m.name}: ${plan.why}`)},`, `  );`);
      } else if (plan.kind === "call") {
        tests.push(
          `  it(${JSON.stringify(`${m.name} answers sample arguments`)}, () => {`,
          `    const { ${fresh} } = deploy();`,
          `    const r = ${call(m)};`,
          ...checked("r").map((l) => l.slice(2)),
          `  });`,
        );
      } else {
        tests.push(
          `  // It can panic: on a fresh deploy its precondition may not hold. Set that up, then`,
          `  // assert what it returns.`,
          `  it(${JSON.stringify(`${m.name} returns or panics, within the gas limit`)}, () => {`,
          `    const { ${fresh} } = deploy();`,
          `    try {`,
          `      const r = ${call(m)};`,
          ...checked("r"),
          `    } catch (e) {`,
          `      if (!isPanicError(e)) throw e;`,
          `    }`,
          `  });`,
        );
      }
    }
    const lines: string[] = [
      `// Scaffold written by shortcrust codegen (once): edit freely, it is never overwritten.`,
      `import { join } from "node:path";`,
      `import { buildArtifact } from "@shortcrust/bundler";`,
      `import { VM${answers ? ", isPanicError" : ""} } from "@shortcrust/runtime";`,
      ...importLine(imports, client),
      "",
      `/** Gas per call: a runaway loop runs out of it in a fraction of a second. */`,
      `const LIMIT = ${SCAFFOLD_GAS_LIMIT};`,
      "",
      `describe("${c.name}", () => {`,
      `  let vm: VM;`,
      `  let artifact: Uint8Array;`,
      `  beforeAll(async () => {`,
      `    vm = await VM.ephemeral();`,
      `    artifact = await buildArtifact({ entry: join(__dirname, ${JSON.stringify(specifier(path, entry).replace(/^\.\//, ""))}) });`,
      `  });`,
      `  afterAll(() => vm.close());`,
      "",
      `  /** A fresh session with the contract deployed (sessions never see each other's changes). */`,
      `  function deploy() {`,
      `    const session = vm.session();`,
      `    const { contractId } = session.deploy(artifact, {`,
      `      owner: new Uint8Array(32),`,
      `      gasLimit: LIMIT,`,
      ...initArg,
      `    });`,
      `    return { session, contractId, ${lower}: ${lower}Client(session, contractId, LIMIT) };`,
      `  }`,
      ...tests,
      `});`,
      "",
    ];
    out.push([path, lines.join("\n")]);
  }
  return out;
}

/** An import of `names` from `from`, on one line or one name per line (as prettier would). */
function importLine(names: readonly string[], from: string): string[] {
  const one = `import { ${names.join(", ")} } from "${from}";`;
  return one.length <= 100
    ? [one]
    : ["import {", ...names.map((n) => `  ${n},`), `} from "${from}";`];
}
