/**
 * Leaves: ints, floats, bool, char, unit, String, `[u8; N]` and `Vec<u8>`. Their code is inlined
 * into the composite functions that use them (no functions of their own).
 */
import type { TypeDesc } from "@shortcrust/sdk";
import type { IrType } from "../../ir/types";
import type { CodecEmitter } from "./emitter";
import { literal, q, type Base, type Ops } from "./ops";

const SMALL: Record<string, { bits: number; signed: boolean }> = {
  u8: { bits: 8, signed: false },
  u16: { bits: 16, signed: false },
  u32: { bits: 32, signed: false },
  usize: { bits: 32, signed: false },
  i8: { bits: 8, signed: true },
  i16: { bits: 16, signed: true },
  i32: { bits: 32, signed: true },
  isize: { bits: 32, signed: true },
};

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
      const { bits, signed } = SMALL[t.kind];
      // `x` in range for the kind: normalising it to the kind's width leaves it unchanged.
      const norm = (x: string): string =>
        bits === 32
          ? signed
            ? `${x} | 0`
            : `${x} >>> 0`
          : signed
            ? `(${x} << ${32 - bits}) >> ${32 - bits}`
            : `${x} & ${(1 << bits) - 1}`;
      const set = (pos: string, x: string): string =>
        bits === 8
          ? `w.buf[${pos}] = ${x};`
          : `w.view.set${signed ? "Int" : "Uint"}${bits}(${pos}, ${x}, true);`;
      // 8 bits: a byte (sign-extended for i8); else a little-endian DataView read.
      const byte = (bytes: string, pos: string): string =>
        signed ? `((${bytes}[${pos}] << 24) >> 24)` : `${bytes}[${pos}]`;
      const get = (pos: string): string =>
        bits === 8
          ? byte("s.bytes", pos)
          : `s.view.get${signed ? "Int" : "Uint"}${bits}(${pos}, true)`;
      const check = sdk("checkSmallInt");
      const word = (p: string): string =>
        `(b[${p}] | (b[${p} + 1] << 8) | (b[${p} + 2] << 16) | (b[${p} + 3] << 24))`;
      // From the bytes alone: the little-endian bytes combined (sign-extended where signed).
      const flat = (p: string): string =>
        bits === 8
          ? byte("b", p)
          : bits === 16
            ? signed
              ? `(((b[${p}] | (b[${p} + 1] << 8)) << 16) >> 16)`
              : `(b[${p}] | (b[${p} + 1] << 8))`
            : signed
              ? word(p)
              : `(${word(p)} >>> 0)`;
      return leaf(em, base, "number", {
        write: (pos, v) => {
          // A block-local name that cannot shadow anything in `pos` or `v`.
          const x = em.fresh("x");
          return `{ const ${x} = ${v}; if (typeof ${x} !== "number" || (${norm(x)}) !== ${x}) ${check}(${x}, ${bits}, ${signed}, ${q(t.kind)}); ${set(pos, x)} }`;
        },
        read: get,
        readFlat: flat,
        fromJson: (j) => `${check}(${j}, ${bits}, ${signed}, ${q(t.kind)})`,
      });
    }
    case "u64":
    case "i64": {
      const signed = t.kind === "i64";
      const cb = sdk("checkBigInt");
      return leaf(em, base, "bigint", {
        write: (pos, v) =>
          `w.view.setBig${signed ? "Int" : "Uint"}64(${pos}, ${cb}(${v}, 64, ${signed}, ${q(t.kind)}), true);`,
        read: (pos) => `s.view.getBig${signed ? "Int" : "Uint"}64(${pos}, true)`,
        readFlat: (pos) => `${sdk(signed ? "flatI64" : "flatU64")}(b, ${pos})`,
        toJson: (v) => `${sdk("bigIntToJson")}(${v})`,
        fromJson: (j) => `${sdk("bigIntFromJson")}(${j}, ${q(t.kind)})`,
      });
    }
    case "u128":
    case "i128": {
      const signed = t.kind === "i128";
      return leaf(em, base, "bigint", {
        write: (pos, v) =>
          `${sdk("writeU128")}(w.view, ${pos}, ${sdk("checkBigInt")}(${v}, 128, ${signed}, ${q(t.kind)}));`,
        read: (pos) => `${sdk(signed ? "readI128" : "readU128")}(s.view, ${pos})`,
        toJson: (v) => `${sdk("bigIntToJson")}(${v})`,
        fromJson: (j) => `${sdk("bigIntFromJson")}(${j}, ${q(t.kind)})`,
      });
    }
    case "f32":
    case "f64": {
      const bits = t.kind === "f32" ? 32 : 64;
      return leaf(em, base, "number", {
        write: (pos, v) =>
          `w.view.setFloat${bits}(${pos}, ${sdk("checkFloat")}(${v}, ${q(t.kind)}), true);`,
        read: (pos) => `s.view.getFloat${bits}(${pos}, true)`,
        readFlat: (pos) => `${sdk(bits === 32 ? "flatF32" : "flatF64")}(b, ${pos})`,
        toJson: (v) => `${sdk(bits === 32 ? "f32ToJson" : "floatToJson")}(${v})`,
        fromJson: (j) => `${sdk("floatFromJson")}(${j}, ${q(t.kind)})`,
      });
    }
    case "bool":
      return leaf(em, { ...base, trivial: false }, "boolean", {
        write: (pos, v) => `w.buf[${pos}] = ${sdk("checkBool")}(${v}) ? 1 : 0;`,
        check: (pos) => `c.bool(${pos});`,
        read: (pos) => `s.bytes[${pos}] === 1`,
        readFlat: (pos) => `b[${pos}] === 1`,
        fromJson: (j) => `${sdk("checkBool")}(${j})`,
      });
    case "char":
      return leaf(em, { ...base, trivial: false }, "string", {
        write: (pos, v) => `w.view.setUint32(${pos}, ${sdk("charCode")}(${v}), true);`,
        check: (pos) => `c.char(${pos});`,
        read: (pos) => `String.fromCodePoint(s.view.getUint32(${pos}, true))`,
        fromJson: (j) => `(${sdk("charCode")}(${j}), ${j} as string)`,
      });
    case "unit":
      return leaf(em, base, "null", {
        write: (_pos, v) => {
          const x = em.fresh("x");
          return `{ const ${x}: unknown = ${v}; if (${x} !== null && ${x} !== undefined) ${sdk("failValue")}("null (unit)", ${sdk("describeValue")}(${x})); }`;
        },
        read: () => "null",
        fromJson: (j) =>
          `(${j} === null ? null : ${sdk("failValue")}("null (unit)", ${sdk("describeValue")}(${j})))`,
      });
    case "string":
      return leaf(em, { ...base, trivial: false, ool: true }, "string", {
        resolve: (v) => `w.resolveString(${v});`,
        write: (pos, v) => `w.writeString(${pos}, ${v});`,
        check: (pos) => `c.string(${pos});`,
        read: (pos) => `${sdk("readString")}(s, ${pos})`,
        fromJson: (j) =>
          `(typeof ${j} === "string" ? ${j} : ${sdk("failValue")}("a string", ${sdk("describeValue")}(${j})))`,
      });
    case "bytes":
      return leaf(em, base, "Uint8Array", {
        write: (pos, v) => `w.buf.set(${sdk("checkBytes")}(${v}, ${t.len}), ${pos});`,
        read: (pos) => `s.bytes.slice(${pos}, ${pos} + ${t.len})`,
        // Past V8's on-heap size (64 bytes), arrays the pool serves are carved from it (as
        // the composed codecs do; the sizes are the SDK's, read at run time).
        readFlat: (pos) =>
          t.len > 64
            ? `(${t.len} > ${sdk("HEAP_MAX")} && ${t.len} <= ${sdk("POOL_MAX")} ? ${sdk("copyBytes")}(b, ${pos}, ${pos} + ${t.len}) : b.slice(${pos}, ${pos} + ${t.len}))`
            : `b.slice(${pos}, ${pos} + ${t.len})`,
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
      `w.view.setInt32(${pos}, w.nextResolver() - (${pos}), true); w.view.setUint32(${pos} + 4, (${v} as Uint8Array).length, true);`,
    check: (pos) => {
      const at = em.fresh("at");
      const saved = em.fresh("saved");
      return `{ const ${at} = c.slice(${pos}, 1, 1); const ${saved} = c.push(${at}); c.pop(${at} + c.view.getUint32(${pos} + 4, true), ${saved}); }`;
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
