/**
 * Leaves: ints, floats, bool, char, unit, String, `[u8; N]` and `Vec<u8>`. Their code is inlined
 * into the composite functions that use them (no functions of their own). The reads, writes and
 * checks are the format's code shapes from `@shortcrust/sdk/shapes` (which the SDK's runtime
 * specialiser builds from too): change a shape there, not here.
 */
import type { TypeDesc } from "@shortcrust/sdk";
import type { IrType } from "../../ir/types";
import type { CodecEmitter } from "./emitter";
import { literal, q, type Base, type Ops } from "./ops";
import { block, lines } from "./statements";
import { SMALL_INTS, flatRead, leafCheck, leafWrite, sourceRead } from "@shortcrust/sdk/shapes";

/** A leaf's write (the shape's code; block-local names that cannot shadow `pos` or `v`). */
function writeOf(em: CodecEmitter, kind: string, len = 0): (pos: string, v: string) => string {
  return (pos, v) => leafWrite(kind, pos, v, () => em.fresh("x"), em.ref, true, len)!;
}

/** The Ops of a leaf type (`Vec<u8>` aside: vecU8Ops), or null for a composite one. */
export function leafOps(em: CodecEmitter, t: IrType, base: Base): Ops | null {
  const sdk = (n: string): string => em.p.sdk(n);
  switch (t.kind) {
    case "u8":
    case "u16":
    case "u32":
    case "usize":
    case "i8":
    case "i16":
    case "i32":
    case "isize": {
      const { bits, signed } = SMALL_INTS[t.kind];
      const check = sdk("checkSmallInt");
      return leaf(em, base, "number", {
        write: writeOf(em, t.kind),
        read: (pos) => sourceRead(t.kind, pos, em.ref)!,
        readFlat: (pos) => flatRead(t.kind, pos, em.ref, "at-run-time")!,
        fromJson: (j) => `${check}(${j}, ${bits}, ${signed}, ${q(t.kind)})`,
      });
    }
    case "u64":
    case "i64": {
      return leaf(em, base, "bigint", {
        write: writeOf(em, t.kind),
        read: (pos) => sourceRead(t.kind, pos, em.ref)!,
        readFlat: (pos) => flatRead(t.kind, pos, em.ref, "at-run-time")!,
        toJson: (v) => `${sdk("bigIntToJson")}(${v})`,
        fromJson: (j) => `${sdk("bigIntFromJson")}(${j}, ${q(t.kind)})`,
      });
    }
    case "u128":
    case "i128": {
      return leaf(em, base, "bigint", {
        write: writeOf(em, t.kind),
        read: (pos) => sourceRead(t.kind, pos, em.ref)!,
        toJson: (v) => `${sdk("bigIntToJson")}(${v})`,
        fromJson: (j) => `${sdk("bigIntFromJson")}(${j}, ${q(t.kind)})`,
      });
    }
    case "f32":
    case "f64": {
      const bits = t.kind === "f32" ? 32 : 64;
      return leaf(em, base, "number", {
        write: writeOf(em, t.kind),
        read: (pos) => sourceRead(t.kind, pos, em.ref)!,
        readFlat: (pos) => flatRead(t.kind, pos, em.ref, "at-run-time")!,
        toJson: (v) => `${sdk(bits === 32 ? "f32ToJson" : "floatToJson")}(${v})`,
        fromJson: (j) => `${sdk("floatFromJson")}(${j}, ${q(t.kind)})`,
      });
    }
    case "bool":
      return leaf(em, { ...base, trivial: false }, "boolean", {
        write: writeOf(em, t.kind),
        check: (pos) => leafCheck("bool", pos)!,
        read: (pos) => sourceRead("bool", pos, em.ref)!,
        readFlat: (pos) => flatRead("bool", pos, em.ref, "at-run-time")!,
        fromJson: (j) => `${sdk("checkBool")}(${j})`,
      });
    case "char":
      return leaf(em, { ...base, trivial: false }, "string", {
        write: writeOf(em, t.kind),
        check: (pos) => leafCheck("char", pos)!,
        read: (pos) => sourceRead("char", pos, em.ref)!,
        fromJson: (j) => `(${sdk("charCode")}(${j}), ${j} as string)`,
      });
    case "unit":
      return leaf(em, base, "null", {
        write: writeOf(em, t.kind),
        read: () => "null",
        fromJson: (j) =>
          `(${j} === null ? null : ${sdk("failValue")}("null (unit)", ${sdk("describeValue")}(${j})))`,
      });
    case "string":
      return leaf(em, { ...base, trivial: false, ool: true }, "string", {
        resolve: (v) => `w.resolveString(${v});`,
        write: writeOf(em, t.kind),
        check: (pos) => leafCheck("string", pos)!,
        read: (pos) => sourceRead("string", pos, em.ref)!,
        fromJson: (j) =>
          `(typeof ${j} === "string" ? ${j} : ${sdk("failValue")}("a string", ${sdk("describeValue")}(${j})))`,
      });
    case "bytes":
      return leaf(em, base, "Uint8Array", {
        write: writeOf(em, "bytes", t.len),
        read: (pos) => sourceRead("bytes", pos, em.ref, t.len)!,
        // Past V8's on-heap size, arrays the pool serves are carved from it (as the composed
        // codecs do; the sizes are the SDK's, read at run time).
        readFlat: (pos) => flatRead("bytes", pos, em.ref, "at-run-time", t.len)!,
        view: (pos) => `s.bytes.subarray(${pos}, ${pos} + ${t.len})`,
        toJson: (v) => `${sdk("bytesToJson")}(${v})`,
        fromJson: (j) => `${sdk("bytesFromJson")}(${j}, ${t.len})`,
      });
    default:
      return null;
  }
}

/** A leaf: inline code everywhere; defaults for the parts a leaf does not need. */
function leaf(
  em: CodecEmitter,
  base: Base & { trivial?: boolean; ool?: boolean },
  ts: string,
  parts: {
    resolve?: (v: string) => string;
    write: (pos: string, v: string) => string;
    check?: (pos: string) => string;
    read: (pos: string) => string;
    readFlat?: (pos: string) => string;
    view?: (pos: string) => string;
    toJson?: (v: string) => string;
    fromJson: (j: string) => string;
  },
): Ops {
  const d = `(${literal(descOfLeaf(base.rust))} as ${em.p.sdkType("TypeDesc")})`;
  return {
    size: base.size,
    align: base.align,
    rust: base.rust,
    ool: base.ool ?? false,
    trivial: base.trivial ?? true,
    ts,
    viewTs: ts,
    resolve: parts.resolve ?? (() => ""),
    write: parts.write,
    check: parts.check ?? (() => ""),
    read: parts.read,
    readFlat: parts.readFlat,
    view: parts.view ?? parts.read,
    toJson: parts.toJson ?? ((v) => v),
    fromJson: parts.fromJson,
    desc: () => d,
  };
}

function descOfLeaf(rust: string): TypeDesc {
  if (rust === "String") return { kind: "string" };
  if (rust === "()") return { kind: "unit" };
  const m = /^\[u8; (\d+)\]$/.exec(rust);
  if (m) return { kind: "bytes", len: Number(m[1]) };
  return { kind: rust } as TypeDesc;
}

/** `Vec<u8>`: a Uint8Array, its bytes out of line. */
export function vecU8Ops(em: CodecEmitter, base: Base): Ops {
  const sdk = (n: string): string => em.p.sdk(n);
  return {
    ...base,
    ool: true,
    trivial: false,
    ts: "Uint8Array",
    viewTs: "Uint8Array",
    resolve: (v) => `w.pushResolver(w.writeBytes(${sdk("checkBytes")}(${v}, -1)));`,
    write: (pos, v) =>
      lines(
        `w.view.setInt32(${pos}, w.nextResolver() - (${pos}), true);`,
        `w.view.setUint32(${pos} + 4, (${v} as Uint8Array).length, true);`,
      ),
    check: (pos) => {
      const at = em.fresh("at");
      const saved = em.fresh("saved");
      return block(
        "",
        lines(
          `const ${at} = c.slice(${pos}, 1, 1);`,
          `const ${saved} = c.push(${at});`,
          `c.pop(${at} + c.view.getUint32(${pos} + 4, true), ${saved});`,
        ),
      );
    },
    read: (pos) =>
      `s.bytes.slice(${pos} + s.view.getInt32(${pos}, true), ${pos} + s.view.getInt32(${pos}, true) + s.view.getUint32(${pos} + 4, true))`,
    view: (pos) =>
      `s.bytes.subarray(${pos} + s.view.getInt32(${pos}, true), ${pos} + s.view.getInt32(${pos}, true) + s.view.getUint32(${pos} + 4, true))`,
    toJson: (v) => `${sdk("bytesToJson")}(${v})`,
    fromJson: (j) => `${sdk("bytesFromJson")}(${j}, -1)`,
    desc: () => `({ kind: "vec", element: { kind: "u8" } } as ${em.p.sdkType("TypeDesc")})`,
  };
}
