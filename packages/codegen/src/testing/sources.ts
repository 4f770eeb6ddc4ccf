/**
 * Test support: annotated TypeScript (the input language) for a set of runtime TypeDescs, so
 * random types can go through the real codegen path (source text → ts-morph reader → IR →
 * emitters) and the generated codecs be checked against Rust. Named types get one declaration per
 * descriptor object (`S_0`, `E_3`, …); root `i` is the plain alias `export type Root<i> = …`.
 */
import type { TypeDesc } from "@shortcrust/sdk";

type Named = Extract<TypeDesc, { kind: "struct" | "tupleStruct" | "unitStruct" | "enum" }>;

export interface ArchiveSource {
  /** The whole `.ts` file. */
  readonly text: string;
  /** The exported alias of each root, in order (`Root0`, `Root1`, …). */
  readonly roots: readonly string[];
}

const SDK_TYPES =
  "u8, u16, u32, u64, u128, i8, i16, i32, i64, i128, usize, isize, f32, f64, bool, char, " +
  "Bytes, FixedArray, Vec, Option, Box";

/**
 * The input-language source declaring `roots`. Maps are not in the input language (throws), and
 * a struct without fields cannot be told from a unit struct in it (an empty interface is a unit
 * struct): such types are rejected here too, so callers filter with `expressible`.
 */
export function archiveSource(roots: readonly TypeDesc[]): ArchiveSource {
  const names = new Map<Named, string>();
  const decls: string[] = [];
  const ts = (d: TypeDesc): string => {
    switch (d.kind) {
      case "unit":
        return "[]";
      case "string":
        return "string";
      case "bytes":
        return `Bytes<${d.len}>`;
      case "array":
        return `FixedArray<${ts(d.element)}, ${d.len}>`;
      case "vec":
        return `Vec<${ts(d.element)}>`;
      case "option":
        return `Option<${ts(d.some)}>`;
      case "box":
        return `Box<${ts(d.inner)}>`;
      case "tuple":
        return `[${d.elements.map(ts).join(", ")}]`;
      case "map":
        throw new Error("BTreeMap is not in the input language");
      case "struct":
      case "tupleStruct":
      case "unitStruct":
      case "enum":
        return named(d);
      default:
        return d.kind;
    }
  };
  const named = (d: Named): string => {
    let name = names.get(d);
    if (name) return name;
    name = `${d.name.replace(/[^A-Za-z0-9_]/g, "_")}_${names.size}`;
    names.set(d, name);
    switch (d.kind) {
      case "struct":
        if (d.fields.length === 0) throw new Error(`struct ${d.name} has no fields`);
        decls.push(
          `/** @archive */\nexport interface ${name} {\n${d.fields.map((f) => `  ${f.name}: ${ts(f.type)};`).join("\n")}\n}`,
        );
        break;
      case "tupleStruct":
        decls.push(`/** @archive */\nexport type ${name} = [${d.fields.map(ts).join(", ")}];`);
        break;
      case "unitStruct":
        decls.push(`/** @archive */\nexport interface ${name} {}`);
        break;
      case "enum": {
        const variants = d.variants.map((v) =>
          v.kind === "unit"
            ? `{ case: ${JSON.stringify(v.name)} }`
            : v.kind === "tuple"
              ? `{ case: ${JSON.stringify(v.name)}; value: [${v.fields.map(ts).join(", ")}] }`
              : `{ case: ${JSON.stringify(v.name)}; value: { ${v.fields.map((f) => `${f.name}: ${ts(f.type)}`).join("; ")} } }`,
        );
        decls.push(`/** @archive */\nexport type ${name} =\n  | ${variants.join("\n  | ")};`);
        break;
      }
    }
    return name;
  };
  const aliases = roots.map((d, i) => `export type Root${i} = ${ts(d)};`);
  const text = [
    `import type { ${SDK_TYPES} } from "@shortcrust/sdk";`,
    "",
    ...decls.flatMap((d) => [d, ""]),
    ...aliases,
    "",
  ].join("\n");
  return { text, roots: roots.map((_, i) => `Root${i}`) };
}

/** Whether `archiveSource` can declare `d`: no maps, no structs without fields. */
export function expressible(d: TypeDesc, seen = new Set<TypeDesc>()): boolean {
  if (seen.has(d)) return true;
  seen.add(d);
  const all = (ds: readonly TypeDesc[]): boolean => ds.every((x) => expressible(x, seen));
  switch (d.kind) {
    case "map":
      return false;
    case "vec":
    case "array":
      return expressible(d.element, seen);
    case "option":
      return expressible(d.some, seen);
    case "box":
      return expressible(d.inner, seen);
    case "tuple":
      return all(d.elements);
    case "tupleStruct":
      return all(d.fields);
    case "struct":
      return d.fields.length > 0 && all(d.fields.map((f) => f.type));
    case "enum":
      return d.variants.every(
        (v) =>
          v.kind === "unit" || all(v.kind === "tuple" ? v.fields : v.fields.map((f) => f.type)),
      );
    default:
      return true;
  }
}
