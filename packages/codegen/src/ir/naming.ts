/**
 * Names derived from IR types and declarations: the Rust spelling of a type (error paths,
 * descriptors), the emitter's memo key, TypeScript identifiers for generated names, and the
 * typed emitters of event topics. The parser names declarations with them; emitters name
 * generated functions and types with them.
 */
import type { IrType } from "./types";

/** The Rust spelling of a type (`Vec<(u64, String)>`, `[u8; 32]`). */
export function rustName(t: IrType): string {
  switch (t.kind) {
    case "ref":
      return t.id;
    case "string":
      return "String";
    case "bytes":
      return `[u8; ${t.len}]`;
    case "array":
      return `[${rustName(t.element)}; ${t.len}]`;
    case "vec":
      return `Vec<${rustName(t.element)}>`;
    case "option":
      return `Option<${rustName(t.some)}>`;
    case "box":
      return `Box<${rustName(t.inner)}>`;
    case "tuple":
      return t.elements.length === 1
        ? `(${rustName(t.elements[0])},)`
        : `(${t.elements.map((e) => rustName(e)).join(", ")})`;
    case "unit":
      return "()";
    default:
      return t.kind;
  }
}

/**
 * A memo key: the Rust spelling, except that `[u8; N]` as `Bytes<N>` (a Uint8Array) and as
 * `FixedArray<u8, N>` (an array of numbers) must not share code.
 */
export function keyOf(t: IrType): string {
  switch (t.kind) {
    case "array":
      return `[${keyOf(t.element)} x ${t.len}]`;
    case "vec":
      return `Vec<${keyOf(t.element)}>`;
    case "option":
      return `Option<${keyOf(t.some)}>`;
    case "box":
      return `Box<${keyOf(t.inner)}>`;
    case "tuple":
      return `(${t.elements.map((e) => keyOf(e)).join(", ")},)`;
    default:
      return rustName(t);
  }
}

/** A TypeScript identifier from a Rust type name (`Wrapper<u32>` → `Wrapper_u32`). */
export function tsIdent(id: string): string {
  return id
    .replace(/[<>(),;[\]\s]+/g, "_")
    .replace(/_+/g, "_")
    .replace(/_$/, "");
}

/** The typed emitter of an event topic (`changed` → `emitChanged`). */
export function emitterName(topic: string): string {
  return `emit${topic.charAt(0).toUpperCase()}${topic.slice(1)}`;
}
