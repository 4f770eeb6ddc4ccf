/**
 * Test scaffolds: one jest test per contract that builds it, deploys it in a fresh session and
 * calls every function with sample arguments. Written next to the source only when missing (the
 * CLI never overwrites a test a user has edited).
 */
import { dirname, join } from "node:path";
import type { IrProgram, IrType } from "../ir/types";
import { outputPath, specifier, type OutputLayout } from "./layout";

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
      return `new Uint8Array(${t.len})`;
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

export function scaffoldFor(
  program: IrProgram,
  layout: OutputLayout,
  file: string,
): [string, string][] {
  const out: [string, string][] = [];
  for (const c of program.files.get(file)?.contracts ?? []) {
    if (c.extern) continue;
    const path = join(dirname(file), `${c.name}.test.ts`);
    const entry = outputPath(layout, file, `${c.name}.entry`);
    const client = specifier(path, outputPath(layout, file, `${c.name}.client`));
    const lower = c.name.charAt(0).toLowerCase() + c.name.slice(1);
    const initArg = c.init
      ? c.init.params.length === 0
        ? ""
        : `, initArg: ${lower}InitArg(${c.init.params.map((p) => sample(program, p.type)).join(", ")})`
      : "";
    const lines: string[] = [
      `// Scaffold written by shortcrust codegen (once): edit freely, it is never overwritten.`,
      `import { join } from "node:path";`,
      `import { VM, buildArtifact } from "@shortcrust/runtime";`,
      `import { ${lower}Client${c.init && c.init.params.length ? `, ${lower}InitArg` : ""} } from "${client}";`,
      "",
      `const LIMIT = 1_000_000_000n;`,
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
      `  it("deploys in a fresh session and answers every function", () => {`,
      `    const session = vm.session();`,
      `    const { contractId } = session.deploy(artifact, { owner: new Uint8Array(32), gasLimit: LIMIT${initArg} });`,
      `    const ${lower} = ${lower}Client(session, contractId, LIMIT);`,
      ...c.methods.map(
        (m) =>
          `    expect(${lower}.${m.name}(${m.params.map((p) => sample(program, p.type)).join(", ")}).gasSpent).toBeGreaterThan(0n);`,
      ),
      `  });`,
      `});`,
      "",
    ];
    out.push([path, lines.join("\n")]);
  }
  return out;
}
