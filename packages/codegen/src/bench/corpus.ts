/**
 * A generated input corpus for the codegen bench: `files` files of `perFile` @archive types each
 * (structs, tuple structs, enums; fields reference types of earlier files) plus `contracts`
 * contract classes using them.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const SCALARS = ["u8", "u16", "u32", "u64", "i32", "i64", "bool", "string", "Bytes<32>", "f64"];

export function writeCorpus(root: string, files = 50, perFile = 10, contracts = 20): void {
  const src = join(root, "src");
  mkdirSync(src, { recursive: true });
  const header = `import type { u8, u16, u32, u64, i32, i64, f64, bool, Bytes, Vec, Option, Box } from "@shortcrust/sdk";\n`;
  for (let f = 0; f < files; f++) {
    const lines = [header];
    // Each file imports two types of an earlier file.
    if (f > 0) lines.push(`import type { S${f - 1}_0, E${f - 1}_1 } from "./t${f - 1}";`);
    for (let t = 0; t < perFile; t++) {
      const name = `${t % 3 === 1 ? "E" : t % 3 === 2 ? "T" : "S"}${f}_${t}`;
      const s = (k: number) => SCALARS[(f * 7 + t * 3 + k) % SCALARS.length];
      const ref = f > 0 ? (t % 2 ? `Vec<S${f - 1}_0>` : `Option<E${f - 1}_1>`) : "Vec<u8>";
      if (t % 3 === 1) {
        lines.push(
          `/** @archive */\nexport type ${name} =\n  | { case: "A" }\n  | { case: "B"; value: ${s(0)} }\n  | { case: "C"; value: { x: ${s(1)}; y: ${ref} } }\n  | { case: "D"; value: [${s(2)}, ${s(3)}] };`,
        );
      } else if (t % 3 === 2) {
        lines.push(`/** @archive */\nexport type ${name} = [${s(0)}, ${s(1)}, Box<${s(2)}>];`);
      } else {
        lines.push(
          `/** @archive */\nexport interface ${name} {\n  a: ${s(0)};\n  b: ${s(1)};\n  c: Vec<${s(2)}>;\n  d: Option<${s(3)}>;\n  e: ${ref};\n  f: ${s(4)};\n}`,
        );
      }
    }
    writeFileSync(join(src, `t${f}.ts`), lines.join("\n\n") + "\n");
  }
  for (let c = 0; c < contracts; c++) {
    const f = (c * 3) % files;
    writeFileSync(
      join(src, `c${c}.ts`),
      [
        `import type { u32, u64, Vec } from "@shortcrust/sdk";`,
        `import type { S${f}_0, E${f}_1, T${f}_2 } from "./t${f}";`,
        ``,
        `/** @contract */`,
        `export class C${c} {`,
        `  count: u64 = 0n;`,
        `  items: Vec<S${f}_0> = [];`,
        `  add(item: S${f}_0): u32 {`,
        `    this.items.push(item);`,
        `    return this.items.length;`,
        `  }`,
        `  get(i: u32): S${f}_0 {`,
        `    return this.items[i];`,
        `  }`,
        `  pick(e: E${f}_1, t: T${f}_2): u64 {`,
        `    void e;`,
        `    void t;`,
        `    return this.count;`,
        `  }`,
        `}`,
        ``,
      ].join("\n"),
    );
  }
}
