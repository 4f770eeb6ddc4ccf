import type { TypeDesc } from "./descriptor";

/** The Rust spelling of a type (`Vec<(u32, String)>`, `[u8; 64]`), used at the root of paths. */
export function rustName(desc: TypeDesc): string {
  switch (desc.kind) {
    case "bytes":
      return `[u8; ${desc.len}]`;
    case "array":
      return `[${rustName(desc.element)}; ${desc.len}]`;
    case "vec":
      return `Vec<${rustName(desc.element)}>`;
    case "string":
      return "String";
    case "option":
      return `Option<${rustName(desc.some)}>`;
    case "box":
      return `Box<${rustName(desc.inner)}>`;
    case "tuple":
      return desc.elements.length === 1
        ? `(${rustName(desc.elements[0])},)`
        : `(${desc.elements.map(rustName).join(", ")})`;
    case "struct":
    case "tupleStruct":
    case "unitStruct":
    case "enum":
      return desc.name;
    case "map":
      return `BTreeMap<${rustName(desc.key)}, ${rustName(desc.value)}>`;
    case "unit":
      return "()";
    default:
      return desc.kind;
  }
}
