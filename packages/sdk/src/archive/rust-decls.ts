/**
 * Rust declarations of type descriptors, the way piecrust declares its archived types: each
 * struct and enum reached from the roots, with `#[derive(Archive, Serialize, Deserialize)]` and
 * `#[archive_attr(derive(CheckBytes))]` (rkyv 0.7, bytecheck 0.6). The one home of how a
 * descriptor is spelled in Rust: the Rust oracle (`oracle/src/rust-source.ts`) compiles these
 * declarations, and codegen's Rust output (`shortcrust codegen` with `rust`) writes them.
 */
import type { TypeDesc, VariantDesc } from "./descriptor";
import { ShortcrustError } from "../errors";

/** A descriptor that has no Rust declaration (recursive, not an identifier, an empty enum). */
export class RustDeclError extends ShortcrustError {
  override name = "RustDeclError";
}

export function isRustDeclError(err: unknown): err is RustDeclError {
  return err instanceof RustDeclError;
}

/** A descriptor that Rust declares by name. */
export type NamedDesc = Extract<
  TypeDesc,
  { kind: "struct" | "tupleStruct" | "unitStruct" | "enum" }
>;

const KEYWORDS = new Set(
  (
    "as break const continue crate else enum extern false fn for if impl in let loop match mod move " +
    "mut pub ref return self Self static struct super trait true type unsafe use where while async " +
    "await dyn abstract become box do final macro override priv typeof unsized virtual yield try gen"
  ).split(" "),
);

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** A field or variant name as a Rust identifier (a raw identifier for keywords). */
export function rustIdent(name: string, where: string): string {
  if (!IDENT.test(name) || name === "_") {
    throw new RustDeclError(`${where}: '${name}' is not a Rust identifier`);
  }
  if (name === "self" || name === "Self" || name === "super" || name === "crate") {
    throw new RustDeclError(`${where}: '${name}' cannot be a raw identifier in Rust`);
  }
  return KEYWORDS.has(name) ? `r#${name}` : name;
}

/** rkyv 0.7 implements Archive for tuples of up to 12 elements. */
export const MAX_RUST_TUPLE = 12;

/** piecrust's derive pattern. */
export const PIECRUST_DERIVE =
  "#[derive(Archive, Serialize, Deserialize)]\n#[archive_attr(derive(CheckBytes))]";

export interface RustDeclOptions {
  /** The Rust name wanted for a named type (default: its descriptor name). */
  readonly nameOf?: (d: NamedDesc) => string;
  /** Names a declaration must not take (they get a numeric suffix like clashes do). */
  readonly reserved?: (name: string) => boolean;
  /** How `BTreeMap` is spelled (default `::std::collections::BTreeMap`). */
  readonly btreeMap?: string;
  /** Derives written on their own line before piecrust's (`["Debug", "Clone"]`). */
  readonly extraDerives?: readonly string[];
}

export interface RustDecls {
  /** Named types in dependency order (what a type contains comes before it). */
  readonly order: readonly NamedDesc[];
  /** The Rust name given to a named type. */
  name(d: NamedDesc): string;
  /** A type expression (`Vec<Point>`, `(u32, String,)`). */
  expr(d: TypeDesc): string;
  /** A named type's declaration: its derives and its `pub struct` / `pub enum` item. */
  declaration(d: NamedDesc): string;
}

export function rustDeclarations(
  roots: readonly TypeDesc[],
  options: RustDeclOptions = {},
): RustDecls {
  const names = new Map<NamedDesc, string>();
  const taken = new Set<string>();
  const order: NamedDesc[] = [];
  const visiting = new Set<TypeDesc>();
  const btreeMap = options.btreeMap ?? "::std::collections::BTreeMap";

  // Named types get a Rust name per descriptor object, in first-reached order; clashing
  // names (two different shapes both called `Point`) get a numeric suffix.
  function collect(d: TypeDesc): void {
    if (visiting.has(d)) {
      throw new RustDeclError(
        `cannot declare recursive types (${"name" in d ? d.name : d.kind} contains itself)`,
        { hint: "rkyv's derive needs #[omit_bounds] for recursion, which is not generated" },
      );
    }
    switch (d.kind) {
      case "array":
      case "vec":
        return collect(d.element);
      case "option":
        return collect(d.some);
      case "box":
        return collect(d.inner);
      case "tuple":
        if (d.elements.length > MAX_RUST_TUPLE) {
          throw new RustDeclError(`rkyv 0.7 archives tuples of at most ${MAX_RUST_TUPLE} elements`);
        }
        return d.elements.forEach(collect);
      case "map":
        collect(d.key);
        return collect(d.value);
      case "struct":
      case "tupleStruct":
      case "unitStruct":
      case "enum": {
        if (names.has(d)) return;
        visiting.add(d);
        if (d.kind === "struct") d.fields.forEach((f) => collect(f.type));
        if (d.kind === "tupleStruct") d.fields.forEach(collect);
        if (d.kind === "enum") {
          if (d.variants.length === 0) throw new RustDeclError(`enum ${d.name} has no variants`);
          for (const v of d.variants) {
            if (v.kind === "tuple") v.fields.forEach(collect);
            if (v.kind === "struct") v.fields.forEach((f) => collect(f.type));
          }
        }
        visiting.delete(d);
        const wanted = options.nameOf ? options.nameOf(d) : d.name;
        const base = IDENT.test(wanted) && !KEYWORDS.has(wanted) ? wanted : "Type";
        let name = base;
        for (
          let i = 2;
          taken.has(name) || name.startsWith("Archived") || options.reserved?.(name);
          i++
        ) {
          name = `${base}_${i}`;
        }
        taken.add(name);
        names.set(d, name);
        order.push(d);
        return;
      }
      default:
        return;
    }
  }
  roots.forEach(collect);

  const expr = (d: TypeDesc): string => {
    switch (d.kind) {
      case "unit":
        return "()";
      case "bytes":
        return `[u8; ${d.len}]`;
      case "array":
        return `[${expr(d.element)}; ${d.len}]`;
      case "vec":
        return `Vec<${expr(d.element)}>`;
      case "string":
        return "String";
      case "option":
        return `Option<${expr(d.some)}>`;
      case "box":
        return `Box<${expr(d.inner)}>`;
      case "tuple":
        return d.elements.length === 0 ? "()" : `(${d.elements.map(expr).join(", ")},)`;
      case "map":
        return `${btreeMap}<${expr(d.key)}, ${expr(d.value)}>`;
      case "struct":
      case "tupleStruct":
      case "unitStruct":
      case "enum": {
        const n = names.get(d);
        if (n === undefined) throw new RustDeclError(`${d.name} is not among the declared roots`);
        return n;
      }
      default:
        return d.kind;
    }
  };

  const derive = options.extraDerives?.length
    ? `#[derive(${options.extraDerives.join(", ")})]\n${PIECRUST_DERIVE}`
    : PIECRUST_DERIVE;

  const declaration = (d: NamedDesc): string => {
    const name = names.get(d);
    if (name === undefined) throw new RustDeclError(`${d.name} is not among the declared roots`);
    switch (d.kind) {
      case "unitStruct":
        return `${derive}\npub struct ${name};`;
      case "struct":
        return [
          `${derive}\npub struct ${name} {`,
          ...d.fields.map(
            (f) => `    pub ${rustIdent(f.name, `${d.name}.${f.name}`)}: ${expr(f.type)},`,
          ),
          `}`,
        ].join("\n");
      case "tupleStruct":
        return `${derive}\npub struct ${name}(${d.fields.map((f) => `pub ${expr(f)}`).join(", ")});`;
      case "enum":
        return [
          `${derive}\npub enum ${name} {`,
          ...d.variants.map((v: VariantDesc) => {
            const vn = rustIdent(v.name, `${d.name}::${v.name}`);
            if (v.kind === "unit") return `    ${vn},`;
            if (v.kind === "tuple") return `    ${vn}(${v.fields.map(expr).join(", ")}),`;
            const fs = v.fields.map(
              (f) => `${rustIdent(f.name, `${d.name}::${v.name}.${f.name}`)}: ${expr(f.type)}`,
            );
            return `    ${vn} { ${fs.join(", ")} },`;
          }),
          `}`,
        ].join("\n");
    }
  };

  return {
    order,
    name: (d) => {
      const n = names.get(d);
      if (n === undefined) throw new RustDeclError(`${d.name} is not among the declared roots`);
      return n;
    },
    expr,
    declaration,
  };
}
