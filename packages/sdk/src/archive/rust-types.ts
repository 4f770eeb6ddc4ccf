/**
 * A small parser for the Rust types rkyv archives: type expressions (`Vec<(u32, String)>`,
 * `[u8; 64]`, `Option<Box<Point>>`) and `struct` / `enum` items of a Rust source file, giving
 * type descriptors. Attributes, `use`, visibility and comments are skipped; generics on items are
 * not supported.
 */
import type { FieldDesc, TypeDesc, VariantDesc } from "./descriptor";
import { ShortcrustError } from "../errors";

/** A Rust source or type expression that this parser does not understand. */
export class RustTypeError extends ShortcrustError {
  override name = "RustTypeError";
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(`${message} at character ${position}`);
  }
}

export function isRustTypeError(err: unknown): err is RustTypeError {
  return err instanceof RustTypeError;
}

const PRIMS = new Set([
  "u8",
  "u16",
  "u32",
  "u64",
  "u128",
  "i8",
  "i16",
  "i32",
  "i64",
  "i128",
  "usize",
  "isize",
  "f32",
  "f64",
  "bool",
  "char",
]);

interface Token {
  t: string;
  pos: number;
}

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
    } else if (src.startsWith("//", i)) {
      while (i < src.length && src[i] !== "\n") i++;
    } else if (src.startsWith("/*", i)) {
      const end = src.indexOf("*/", i + 2);
      i = end < 0 ? src.length : end + 2;
    } else if (/[A-Za-z_0-9]/.test(c)) {
      const start = i;
      while (i < src.length && /[A-Za-z_0-9]/.test(src[i])) i++;
      out.push({ t: src.slice(start, i), pos: start });
    } else if (src.startsWith("::", i)) {
      out.push({ t: "::", pos: i });
      i += 2;
    } else if (c === '"') {
      const start = i++;
      while (i < src.length && src[i] !== '"') i += src[i] === "\\" ? 2 : 1;
      i++;
      out.push({ t: src.slice(start, i), pos: start });
    } else {
      out.push({ t: c, pos: i });
      i++;
    }
  }
  return out;
}

class Parser {
  i = 0;
  constructor(
    readonly toks: Token[],
    readonly named: ReadonlyMap<string, TypeDesc>,
    readonly srcLen: number,
  ) {}

  peek(k = 0): string | undefined {
    return this.toks[this.i + k]?.t;
  }

  pos(): number {
    return this.toks[this.i]?.pos ?? this.srcLen;
  }

  next(): string {
    const t = this.toks[this.i++];
    if (!t) throw new RustTypeError("unexpected end of input", this.srcLen);
    return t.t;
  }

  expect(t: string): void {
    const p = this.pos();
    const got = this.next();
    if (got !== t) throw new RustTypeError(`expected '${t}', found '${got}'`, p);
  }

  /** Skips `#[…]` / `#![…]` attributes. */
  skipAttributes(): void {
    while (this.peek() === "#") {
      this.next();
      if (this.peek() === "!") this.next();
      this.skipGroup();
    }
  }

  /** Skips a balanced `[…]`, `(…)` or `{…}` group starting at the current token. */
  skipGroup(): void {
    const open = this.next();
    const close = { "[": "]", "(": ")", "{": "}" }[open];
    if (!close) throw new RustTypeError(`expected a group, found '${open}'`, this.pos());
    let depth = 1;
    while (depth > 0) {
      const t = this.next();
      if (t === "[" || t === "(" || t === "{") depth++;
      else if (t === "]" || t === ")" || t === "}") depth--;
    }
  }

  skipVisibility(): void {
    if (this.peek() === "pub") {
      this.next();
      if (this.peek() === "(") this.skipGroup();
    }
  }

  type(): TypeDesc {
    const p = this.pos();
    const t = this.next();
    if (t === "(") {
      const elems: TypeDesc[] = [];
      while (this.peek() !== ")") {
        elems.push(this.type());
        if (this.peek() === ",") this.next();
        else break;
      }
      this.expect(")");
      return elems.length === 0 ? { kind: "unit" } : { kind: "tuple", elements: elems };
    }
    if (t === "[") {
      const element = this.type();
      this.expect(";");
      const np = this.pos();
      const lenTok = this.next()
        .replace(/_/g, "")
        .replace(/usize$/, "");
      if (!/^[0-9]+$/.test(lenTok)) throw new RustTypeError("expected an array length", np);
      this.expect("]");
      const len = Number(lenTok);
      return element.kind === "u8" ? { kind: "bytes", len } : { kind: "array", element, len };
    }
    if (!/^[A-Za-z_]/.test(t)) throw new RustTypeError(`expected a type, found '${t}'`, p);
    // A path: keep its last segment (`alloc::string::String` is `String`).
    let name = t;
    while (this.peek() === "::") {
      this.next();
      name = this.next();
    }
    const args: TypeDesc[] = [];
    if (this.peek() === "<") {
      this.next();
      while (this.peek() !== ">") {
        args.push(this.type());
        if (this.peek() === ",") this.next();
        else break;
      }
      this.expect(">");
    }
    const arity = (n: number): void => {
      if (args.length !== n) {
        throw new RustTypeError(`${name} takes ${n} type argument(s), found ${args.length}`, p);
      }
    };
    if (PRIMS.has(name)) {
      arity(0);
      return { kind: name as "u8" };
    }
    switch (name) {
      case "String":
        arity(0);
        return { kind: "string" };
      case "Vec":
        arity(1);
        return { kind: "vec", element: args[0] };
      case "Option":
        arity(1);
        return { kind: "option", some: args[0] };
      case "Box":
        arity(1);
        return { kind: "box", inner: args[0] };
      case "BTreeMap":
        arity(2);
        return { kind: "map", key: args[0], value: args[1] };
    }
    const d = this.named.get(name);
    if (!d) throw new RustTypeError(`unknown type '${name}'`, p);
    arity(0);
    return d;
  }
}

/** Parses one Rust type expression; `named` resolves struct/enum names. */
export function parseRustType(
  src: string,
  named: ReadonlyMap<string, TypeDesc> = new Map(),
): TypeDesc {
  const p = new Parser(tokenize(src), named, src.length);
  const d = p.type();
  if (p.peek() !== undefined) throw new RustTypeError(`unexpected '${p.peek()}'`, p.pos());
  return d;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * Parses the `struct` and `enum` items of a Rust source file into descriptors by name. Items may
 * refer to each other in any order, and recursively through `Box`/`Vec` (the descriptors are
 * then cyclic). `extra` supplies names defined elsewhere.
 */
export function parseRustTypes(
  source: string,
  extra: ReadonlyMap<string, TypeDesc> = new Map(),
): Map<string, TypeDesc> {
  const toks = tokenize(source);
  const named = new Map<string, TypeDesc>(extra);
  const p = new Parser(toks, named, source.length);
  // Pass 1: find the items and create their (empty) descriptors, so references resolve.
  const items: { kind: "struct" | "enum"; name: string; body: number }[] = [];
  while (p.peek() !== undefined) {
    p.skipAttributes();
    p.skipVisibility();
    const t = p.peek();
    if (t === "struct" || t === "enum") {
      p.next();
      const name = p.next();
      if (p.peek() === "<")
        throw new RustTypeError(`generic item '${name}' is not supported`, p.pos());
      items.push({ kind: t, name, body: p.i });
      named.set(
        name,
        t === "enum" ? { kind: "enum", name, variants: [] } : { kind: "struct", name, fields: [] },
      );
      if (p.peek() === ";") p.next();
      else {
        if (p.peek() === "(") p.skipGroup();
        if (p.peek() === "{") p.skipGroup();
        if (p.peek() === ";") p.next();
      }
    } else if (t === "impl" || t === "fn" || t === "mod" || t === "trait") {
      while (p.peek() !== "{" && p.peek() !== ";") p.next();
      if (p.peek() === "{") p.skipGroup();
      else p.next();
    } else if (t !== undefined) {
      // use …; const …; type …; and anything else up to its `;`.
      while (p.peek() !== undefined && p.peek() !== ";") {
        if (p.peek() === "{") p.skipGroup();
        else p.next();
      }
      p.next();
    }
  }
  // Pass 2: fill them in.
  for (const item of items) {
    p.i = item.body;
    const d = named.get(item.name) as Mutable<TypeDesc & { kind: "struct" | "enum" }>;
    if (item.kind === "struct") {
      if (p.peek() === ";") {
        Object.assign(d, { kind: "unitStruct", fields: undefined });
        delete (d as { fields?: unknown }).fields;
      } else if (p.peek() === "(") {
        Object.assign(d, { kind: "tupleStruct", fields: tupleFields(p) });
      } else {
        Object.assign(d, { fields: namedFields(p) });
      }
    } else {
      p.expect("{");
      const variants: VariantDesc[] = [];
      while (p.peek() !== "}") {
        p.skipAttributes();
        const name = p.next();
        if (p.peek() === "(") variants.push({ name, kind: "tuple", fields: tupleFields(p) });
        else if (p.peek() === "{") variants.push({ name, kind: "struct", fields: namedFields(p) });
        else variants.push({ name, kind: "unit" });
        if (p.peek() === "=") {
          // Explicit discriminants are ignored by rkyv 0.7 (tags are declaration indices).
          p.next();
          while (p.peek() !== "," && p.peek() !== "}") p.next();
        }
        if (p.peek() === ",") p.next();
      }
      p.expect("}");
      Object.assign(d, { variants });
    }
  }
  for (const k of extra.keys()) named.delete(k);
  return named;
}

function tupleFields(p: Parser): TypeDesc[] {
  p.expect("(");
  const out: TypeDesc[] = [];
  while (p.peek() !== ")") {
    p.skipAttributes();
    p.skipVisibility();
    out.push(p.type());
    if (p.peek() === ",") p.next();
  }
  p.expect(")");
  return out;
}

function namedFields(p: Parser): FieldDesc[] {
  p.expect("{");
  const out: FieldDesc[] = [];
  while (p.peek() !== "}") {
    p.skipAttributes();
    p.skipVisibility();
    const name = p.next();
    p.expect(":");
    out.push({ name, type: p.type() });
    if (p.peek() === ",") p.next();
  }
  p.expect("}");
  return out;
}
