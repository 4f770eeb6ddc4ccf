/**
 * The bodies of composite types' functions: declarations (structs and tuple structs through
 * fields.ts, enums through enum.ts, unit structs) and anonymous tuples, Vecs, arrays, Options and
 * Boxes.
 */
import { layoutOf, type OptionLayout } from "@shortcrust/sdk";
import type { IrDecl, IrType } from "../../ir/types";
import type { CodecEmitter } from "./emitter";
import { enumBody } from "./enum";
import { fieldsBody } from "./fields";
import { at, q, type Base, type Bodies } from "./ops";
import { block, eachElement, lines, tryCatch } from "./statements";
import { inlineElementChecks, inlineElementReads, inlineElementResolves } from "./vec-loops";

/** The bodies of the functions of composite type `t` (`decl` when it is a declaration). */
export function bodies(em: CodecEmitter, t: IrType, decl: IrDecl | null, base: Base): Bodies {
  const sdk = (n: string): string => em.p.sdk(n);
  const fail = sdk("failValue");
  const describe = sdk("describeValue");
  const rethrow = sdk("rethrowAt");
  if (decl) {
    switch (decl.kind) {
      case "struct":
        return fieldsBody(
          em,
          decl.fields.map((f) => f.name),
          decl.fields.map((f) => f.type),
          layoutOf(em.lower(t)).offsets!,
          true,
          decl,
          (memo) =>
            lines(
              `if (${memo}) return ${memo};`,
              `const d = { kind: "struct" as const, name: ${q(decl.id)}, fields: [] as { name: string; type: ${em.p.sdkType("TypeDesc")} }[] };`,
              // Memoised before the fields are described, so a recursive type finds itself.
              `${memo} = d;`,
              ...decl.fields.map(
                (f) => `d.fields.push({ name: ${q(f.name)}, type: ${em.ops(f.type).desc()} });`,
              ),
              "return d;",
            ),
        );
      case "tupleStruct":
        return fieldsBody(
          em,
          decl.fields.map((_, i) => String(i)),
          decl.fields,
          layoutOf(em.lower(t)).offsets!,
          false,
          decl,
          (memo) =>
            lines(
              `if (${memo}) return ${memo};`,
              `const d = { kind: "tupleStruct" as const, name: ${q(decl.id)}, fields: [] as ${em.p.sdkType("TypeDesc")}[] };`,
              `${memo} = d;`,
              ...decl.fields.map((f) => `d.fields.push(${em.ops(f).desc()});`),
              "return d;",
            ),
        );
      case "unitStruct":
        return {
          valueType: "null",
          viewType: "null",
          viewClass: null,
          resolve: "",
          write: `if (v !== null && v !== undefined) ${fail}("null (unit)", ${describe}(v));`,
          check: "",
          read: "return null;",
          view: "return null;",
          toJson: "return null;",
          fromJson: lines(
            `if (j !== null) ${fail}("null (unit)", ${describe}(j));`,
            "return null;",
          ),
          desc: (memo) => `return (${memo} ??= { kind: "unitStruct", name: ${q(decl.id)} });`,
        };
      case "enum":
        return enumBody(em, decl, t);
      case "alias":
        throw new Error("aliases are transparent");
    }
  }
  switch (t.kind) {
    case "tuple":
      return fieldsBody(
        em,
        t.elements.map((_, i) => String(i)),
        t.elements,
        layoutOf(em.lower(t)).offsets!,
        false,
        null,
        (memo) =>
          `return (${memo} ??= { kind: "tuple", elements: [${t.elements.map((e) => em.ops(e).desc()).join(", ")}] });`,
      );
    case "vec": {
      const e = em.ops(t.element);
      const V = sdk("ArchivedVecView");
      return {
        valueType: "",
        viewType: "",
        viewClass: null,
        resolve: lines(
          `if (!Array.isArray(v)) ${fail}("an array", ${describe}(v));`,
          `const mark = w.rtop;`,
          `let i = 0;`,
          e.ool
            ? vecResolves(
                em,
                t.element,
                eachElement(rethrow, "; i < v.length; i++", e.resolve("v[i]")),
              )
            : "",
          `const at = w.reserve(v.length * ${e.size}, ${e.align});`,
          `const cur = w.rcur;`,
          `w.rcur = mark;`,
          eachElement(rethrow, "i = 0; i < v.length; i++", e.write(`at + i * ${e.size}`, "v[i]")),
          `w.rcur = cur;`,
          `w.rtop = mark;`,
          `w.pushResolver(at);`,
        ),
        write: lines(
          `w.view.setInt32(pos, w.nextResolver() - pos, true);`,
          `w.view.setUint32(pos + 4, v.length, true);`,
        ),
        check: lines(
          `const at = c.slice(pos, ${e.size}, ${e.align});`,
          `const len = c.view.getUint32(pos + 4, true);`,
          `const saved = c.push(at);`,
          e.trivial
            ? ""
            : (inlineElementChecks(em, t.element, e.size) ??
                lines(
                  "let i = 0;",
                  eachElement(rethrow, "; i < len; i++", e.check(`at + i * ${e.size}`)),
                )),
          `c.pop(at + len * ${e.size}, saved);`,
        ),
        read: lines(
          `const at = pos + s.view.getInt32(pos, true);`,
          `const len = s.view.getUint32(pos + 4, true);`,
          `const out = new Array<${e.ts}>(len);`,
          inlineElementReads(em, t.element, e.size) ??
            `for (let i = 0; i < len; i++) out[i] = ${e.read(`at + i * ${e.size}`)};`,
          `return out;`,
        ),
        view: `return new ${V}(s, pos + s.view.getInt32(pos, true), s.view.getUint32(pos + 4, true), ${e.size}, (s: ${em.p.sdkType("Source")}, pos: number) => ${e.view("pos")});`,
        toJson: `return v.map((x) => ${e.toJson("x")});`,
        fromJson: lines(
          `if (!Array.isArray(j)) ${fail}("an array", ${describe}(j));`,
          `const out = new Array<${e.ts}>(j.length);`,
          `let i = 0;`,
          tryCatch(
            `for (; i < j.length; i++) out[i] = ${e.fromJson("j[i]")};`,
            `${rethrow}(e, "[" + i + "]");`,
          ),
          `return out;`,
        ),
        desc: (memo) =>
          lines(
            `if (${memo}) return ${memo};`,
            `const d = { kind: "vec" as const, element: ${e.desc()} };`,
            `return (${memo} = d);`,
          ),
      };
    }
    case "array": {
      const e = em.ops(t.element);
      const n = t.len;
      const V = sdk("ArchivedVecView");
      const checkArr = (v: string): string =>
        lines(
          `if (!Array.isArray(${v})) ${fail}("an array of ${n}", ${describe}(${v}));`,
          `if (${v}.length !== ${n}) ${fail}("${n} elements", String(${v}.length));`,
        );
      return {
        valueType: "",
        viewType: "",
        viewClass: null,
        resolve: lines(
          checkArr("v"),
          "let i = 0;",
          eachElement(rethrow, `; i < ${n}; i++`, e.resolve("v[i]")),
        ),
        write: lines(
          checkArr("v"),
          "let i = 0;",
          eachElement(rethrow, `; i < ${n}; i++`, e.write(`pos + i * ${e.size}`, "v[i]")),
        ),
        check: e.trivial
          ? ""
          : lines(
              "let i = 0;",
              eachElement(rethrow, `; i < ${n}; i++`, e.check(`pos + i * ${e.size}`)),
            ),
        read: lines(
          `const out = new Array<${e.ts}>(${n});`,
          `for (let i = 0; i < ${n}; i++) out[i] = ${e.read(`pos + i * ${e.size}`)};`,
          "return out;",
        ),
        view: `return new ${V}(s, pos, ${n}, ${e.size}, (s: ${em.p.sdkType("Source")}, pos: number) => ${e.view("pos")});`,
        toJson: `return v.map((x) => ${e.toJson("x")});`,
        fromJson: lines(
          `if (!Array.isArray(j) || j.length !== ${n}) ${fail}("an array of ${n}", ${describe}(j));`,
          `const out = new Array<${e.ts}>(${n});`,
          "let i = 0;",
          tryCatch(
            `for (; i < ${n}; i++) out[i] = ${e.fromJson("j[i]")};`,
            `${rethrow}(e, "[" + i + "]");`,
          ),
          "return out;",
        ),
        desc: (memo) => `return (${memo} ??= { kind: "array", element: ${e.desc()}, len: ${n} });`,
      };
    }
    case "option": {
      const e = em.ops(t.some);
      const off = (layoutOf(em.lower(t)) as OptionLayout).payloadOffset;
      return {
        valueType: "",
        viewType: "",
        viewClass: null,
        resolve: e.ool
          ? lines(
              "if (v === null || v === undefined) return;",
              tryCatch(e.resolve("v"), `${rethrow}(e, ".some");`),
            )
          : "",
        write: lines(
          "if (v === null || v === undefined) return;",
          "w.buf[pos] = 1;",
          tryCatch(e.write(at("pos", off), "v"), `${rethrow}(e, ".some");`),
        ),
        check: lines(
          "if (c.tag(pos, 1, 2) === 0) return;",
          e.trivial ? "" : tryCatch(e.check(at("pos", off)), `${rethrow}(e, ".some");`),
        ),
        read: `return s.bytes[pos] === 0 ? null : ${e.read(at("pos", off))};`,
        view: `return s.bytes[pos] === 0 ? null : ${e.view(at("pos", off))};`,
        toJson: `return v === null || v === undefined ? null : ${e.toJson("v")};`,
        fromJson: lines(
          "if (j === null) return null;",
          tryCatch(`return ${e.fromJson("j")};`, `return ${rethrow}(e, ".some");`),
        ),
        desc: (memo) => `return (${memo} ??= { kind: "option", some: ${e.desc()} });`,
      };
    }
    case "box": {
      const e = em.ops(t.inner);
      return {
        valueType: "",
        viewType: "",
        viewClass: null,
        resolve: lines(
          `const mark = w.rtop;`,
          e.resolve("v"),
          `const at = w.reserve(${e.size}, ${e.align});`,
          `const cur = w.rcur;`,
          `w.rcur = mark;`,
          e.write("at", "v"),
          `w.rcur = cur;`,
          `w.rtop = mark;`,
          `w.pushResolver(at);`,
        ),
        write: lines("void v;", "w.view.setInt32(pos, w.nextResolver() - pos, true);"),
        check: lines(
          `const at = c.relPtr(pos, ${e.size}, ${e.align});`,
          "const saved = c.push(at);",
          e.check("at"),
          `c.pop(at + ${e.size}, saved);`,
        ),
        read: `return ${e.read("pos + s.view.getInt32(pos, true)")};`,
        view: `return ${e.view("pos + s.view.getInt32(pos, true)")};`,
        toJson: `return ${e.toJson("v")};`,
        fromJson: `return ${e.fromJson("j")};`,
        desc: (memo) =>
          lines(
            `if (${memo}) return ${memo};`,
            `const d = { kind: "box" as const, inner: null as unknown as ${em.p.sdkType("TypeDesc")} };`,
            `${memo} = d;`,
            `d.inner = ${e.desc()};`,
            "return d;",
          ),
      };
    }
  }
  throw new Error(`no composite body for ${base.rust}`);
}

/**
 * A Vec's element-by-element resolve `each`, after the one-encode resolve of its struct
 * elements' strings when there is one (vec-loops.ts): then only if that did not do it.
 */
function vecResolves(em: CodecEmitter, elem: IrType, each: string): string {
  const run = inlineElementResolves(em, elem);
  return run === null ? each : lines(run, block("if (!done)", each));
}
