/**
 * Enums: a fieldless enum is a TypeScript `enum` (its values are numbers); a data enum's values
 * are `{ case, value }`, each variant's fields at their repr(C) offsets inside the enum.
 */
import { layoutOf, type EnumLayout } from "@shortcrust/sdk";
import type { IrDecl, IrType } from "../../ir/types";
import type { CodecEmitter } from "./emitter";
import { at, key, q, type Bodies, type Ops } from "./ops";
import { block, clause, lines, tryCatch } from "./statements";
import { jsonFieldGiven, jsonNoOtherFields } from "./fields";
import { segments, tryFields } from "@shortcrust/sdk/shapes";
import { enumJsonExpected } from "@shortcrust/sdk/codegen-v1";

export function enumBody(
  em: CodecEmitter,
  decl: Extract<IrDecl, { kind: "enum" }>,
  t: IrType,
): Bodies {
  const sdk = (n: string): string => em.p.sdk(n);
  const fail = sdk("failValue");
  const describe = sdk("describeValue");
  const rethrow = sdk("rethrowAt");
  const lay = layoutOf(em.lower(t)) as EnumLayout;
  const tagSize = lay.tagSize;
  const count = decl.variants.length;
  const names = decl.variants.map((v) => v.name);
  const setTag = tagSize === 1 ? "w.buf[pos] = t;" : `w.view.setUint${tagSize * 8}(pos, t, true);`;
  const getTag = tagSize === 1 ? "s.bytes[pos]" : `s.view.getUint${tagSize * 8}(pos, true)`;
  const caseList = `${decl.id} (${names.join(", ")})`;
  // The variant index of a value: a fieldless enum's number, or { case } / the case name.
  const tagOf = block(
    `function ${decl.tsName}$tagOf(v: unknown): number`,
    lines(
      decl.fieldless
        ? `if (typeof v === "number" && Number.isInteger(v) && v >= 0 && v < ${count}) return v;`
        : "",
      // A case name, or the `case` of an object (anything else matches no case below).
      `const c = typeof v === "object" && v !== null ? (v as { case?: unknown }).case : v;`,
      block("switch (c)", lines(...names.map((n, i) => clause(`case ${q(n)}:`, `return ${i};`)))),
      `return ${fail}(${q(`a case of ${caseList}`)}, ${describe}(c ?? v));`,
    ),
  );
  const V = em.p.sdkType("EnumValue");
  if (decl.fieldless) {
    return {
      valueType: names.map((_n, i) => String(i)),
      viewType: "",
      viewClass: `export type ${decl.tsName}View = ${decl.tsName};\n${tagOf}`,
      resolve: "",
      write: lines(`const t = ${decl.tsName}$tagOf(v);`, setTag),
      check: `c.tag(pos, ${tagSize}, ${count});`,
      read: `return ${getTag} as ${decl.tsName};`,
      view: `return ${getTag} as ${decl.tsName};`,
      toJson: `return [${names.map(q).join(", ")}][${decl.tsName}$tagOf(v)];`,
      fromJson: lines(
        block("switch (j)", lines(...names.map((n, i) => clause(`case ${q(n)}:`, `return ${i};`)))),
        `return ${fail}(${q(
          enumJsonExpected(
            decl.id,
            names.map((name) => ({ name, unit: true })),
          ),
        )}, ${describe}(j));`,
      ),
      desc: (memo: string) =>
        `return (${memo} ??= { kind: "enum", name: ${q(decl.id)}, variants: [${names.map((n) => `{ name: ${q(n)}, kind: "unit" }`).join(", ")}] });`,
    };
  }
  // Data enums: each variant's fields at their repr(C) offsets inside the enum.
  type VInfo = {
    name: string;
    keys: string[];
    ops: Ops[];
    offs: readonly number[];
    named: boolean;
    single: boolean;
    kind: string;
  };
  const vs: VInfo[] = decl.variants.map((v, i) => {
    const types =
      v.kind === "unit" ? [] : v.kind === "tuple" ? v.fields : v.fields.map((f) => f.type);
    const keys =
      v.kind === "struct" ? v.fields.map((f) => f.name) : types.map((_x, j) => String(j));
    return {
      name: v.name,
      keys,
      ops: types.map((x) => em.ops(x)),
      offs: lay.variantOffsets[i],
      named: v.kind === "struct",
      single: v.kind === "tuple" && types.length === 1,
      kind: v.kind,
    };
  });
  const valueOf = (v: VInfo): string =>
    v.kind === "unit"
      ? `{ case: ${q(v.name)} }`
      : `{ case: ${q(v.name)}; value: ${
          v.single
            ? v.ops[0].ts
            : v.named
              ? `{ ${v.keys.map((k, j) => `${k}: ${v.ops[j].ts}`).join("; ")} }`
              : `[${v.ops.map((o) => o.ts).join(", ")}]`
        } }`;
  const fieldAcc = (v: VInfo, j: number, x: string): string =>
    v.single ? x : v.named ? `${x}.${v.keys[j]}` : `${x}[${j}]`;
  const seg = (v: VInfo, j: number): string => q(`::${v.name}.${v.keys[j]}`);
  const perVariant = (build: (v: VInfo) => string): string =>
    block("switch (t)", lines(...vs.map((v, i) => block(`case ${i}:`, lines(build(v), "break;")))));
  const guardPayload = (v: VInfo, x: string): string =>
    v.single
      ? ""
      : v.named
        ? `if (typeof ${x} !== "object" || ${x} === null) ${fail}("an object", ${describe}(${x}));`
        : `if (!Array.isArray(${x}) || ${x}.length !== ${v.ops.length}) ${fail}(${q(`an array of ${v.ops.length}`)}, ${describe}(${x}));`;
  const fieldsTry = (v: VInfo, stmts: string[]): string =>
    tryFields(stmts, segments(v.keys, `::${v.name}`), em.ref);
  const payloadRead = (v: VInfo, how: "read" | "view"): string => {
    const parts = v.ops.map((o, j) => o[how](at("pos", v.offs[j])));
    if (v.kind === "unit") return `return { case: ${q(v.name)} };`;
    if (v.single) return `return { case: ${q(v.name)}, value: ${parts[0]} };`;
    if (v.named)
      return `return { case: ${q(v.name)}, value: { ${v.keys.map((k, j) => `${k}: ${parts[j]}`).join(", ")} } };`;
    return `return { case: ${q(v.name)}, value: [${parts.join(", ")}] };`;
  };
  // The value of a checked archive from its tag (reading, or viewing, each variant's fields).
  const payloadSwitch = (how: "read" | "view"): string =>
    lines(
      block(
        `switch (${getTag})`,
        lines(...vs.map((v, i) => block(`case ${i}:`, payloadRead(v, how)))),
      ),
      `return ${fail}("a checked archive", "an invalid tag");`,
    );
  // The payload, checked per variant below (so `any` here), after a lint pragma of its own line.
  const payload = lines(
    "// eslint-disable-next-line @typescript-eslint/no-explicit-any",
    "const pv = (v as { value?: unknown }).value as any;",
  );
  const expected = enumJsonExpected(
    decl.id,
    vs.map((v) => ({ name: v.name, unit: v.kind === "unit" })),
  );
  return {
    valueType: vs.map(valueOf),
    viewType: "",
    viewClass: `export type ${decl.tsName}View = ${V};\n${tagOf}`,
    resolve: lines(
      `const t = ${decl.tsName}$tagOf(v);`,
      payload,
      perVariant((v) => {
        const st = v.ops.flatMap((o, j) =>
          o.ool ? [lines(`f = ${j};`, o.resolve(fieldAcc(v, j, "pv")))] : [],
        );
        return st.length ? lines(guardPayload(v, "pv"), fieldsTry(v, st)) : "";
      }),
    ),
    write: lines(
      `const t = ${decl.tsName}$tagOf(v);`,
      setTag,
      payload,
      perVariant((v) =>
        v.ops.length
          ? lines(
              guardPayload(v, "pv"),
              fieldsTry(
                v,
                v.ops.map((o, j) =>
                  lines(`f = ${j};`, o.write(at("pos", v.offs[j]), fieldAcc(v, j, "pv"))),
                ),
              ),
            )
          : "",
      ),
    ),
    check: lines(
      `const t = c.tag(pos, ${tagSize}, ${count});`,
      perVariant((v) =>
        fieldsTry(
          v,
          v.ops.flatMap((o, j) =>
            o.trivial ? [] : [lines(`f = ${j};`, o.check(at("pos", v.offs[j])))],
          ),
        ),
      ),
    ),
    read: payloadSwitch("read"),
    view: payloadSwitch("view"),
    toJson: lines(
      `const t = ${decl.tsName}$tagOf(v);`,
      payload,
      block(
        "switch (t)",
        lines(
          ...vs.map((v, i) => {
            const ret = (value: string): string => clause(`case ${i}:`, `return ${value};`);
            if (v.kind === "unit") return ret(q(v.name));
            if (v.single) return ret(`{ ${key(v.name)}: ${v.ops[0].toJson("pv")} }`);
            if (v.named)
              return ret(
                `{ ${key(v.name)}: { ${v.keys.map((k, j) => `${key(k)}: ${v.ops[j].toJson(`pv.${k}`)}`).join(", ")} } }`,
              );
            return ret(
              `{ ${key(v.name)}: [${v.ops.map((o, j) => o.toJson(`pv[${j}]`)).join(", ")}] }`,
            );
          }),
        ),
      ),
      "return null;",
    ),
    fromJson: lines(
      block(
        `if (typeof j === "string")`,
        lines(
          block(
            "switch (j)",
            lines(
              ...vs
                .filter((v) => v.kind === "unit")
                .map((v) => clause(`case ${q(v.name)}:`, `return { case: ${q(v.name)} };`)),
            ),
          ),
          `${fail}(${q(expected)}, ${describe}(j));`,
        ),
      ),
      `const keys = typeof j === "object" && j !== null && !Array.isArray(j) ? Object.keys(j) : [];`,
      `const inner = keys.length === 1 ? (j as Record<string, unknown>)[keys[0]] : undefined;`,
      block(
        "switch (keys.length === 1 ? keys[0] : undefined)",
        lines(
          ...vs
            .filter((v) => v.kind !== "unit")
            .map((v) => {
              if (v.single)
                return block(
                  `case ${q(v.name)}:`,
                  lines(
                    "let f = 0;",
                    tryCatch(
                      `return { case: ${q(v.name)}, value: ${v.ops[0].fromJson("inner")} };`,
                      `return ${rethrow}(e, [${seg(v, 0)}][f]);`,
                    ),
                  ),
                );
              const check = v.named
                ? `if (typeof inner !== "object" || inner === null || Array.isArray(inner)) ${fail}("an object", ${describe}(inner));`
                : `if (!Array.isArray(inner) || inner.length !== ${v.ops.length}) ${fail}(${q(`an array of ${v.ops.length}`)}, ${describe}(inner));`;
              // A const of its own (not `(inner as …)[k]` at each use): TypeScript narrows `o[k]`
              // in a leaf's `typeof o[k] === "string" ? o[k] : …`, not an expression's element.
              const o = "o";
              const bind = `const o = inner as ${v.named ? "Record<string, unknown>" : "unknown[]"};`;
              const decls = v.ops.map((op, j) => `let x${j}: ${op.ts};`);
              // A struct variant's fields as a struct's: each one given, no other.
              const assigns = v.ops.map((op, j) =>
                lines(
                  `f = ${j};`,
                  ...(v.named ? [jsonFieldGiven(fail, o, v.keys[j])] : []),
                  `x${j} = ${op.fromJson(v.named ? `${o}[${q(v.keys[j])}]` : `${o}[${j}]`)};`,
                ),
              );
              const extra = v.named ? [jsonNoOtherFields(fail, o, v.keys)] : [];
              const value = v.named
                ? `{ ${v.keys.map((k, j) => `${k}: x${j}`).join(", ")} }`
                : `[${v.keys.map((_k, j) => `x${j}`).join(", ")}]`;
              return block(
                `case ${q(v.name)}:`,
                lines(
                  check,
                  bind,
                  ...decls,
                  "let f = 0;",
                  tryCatch(
                    lines(...assigns),
                    `${rethrow}(e, [${v.keys.map((_k, j) => seg(v, j)).join(", ")}][f]);`,
                  ),
                  ...extra,
                  `return { case: ${q(v.name)}, value: ${value} };`,
                ),
              );
            }),
        ),
      ),
      `return ${fail}(${q(expected)}, ${describe}(j));`,
    ),
    desc: (memo: string) =>
      lines(
        `if (${memo}) return ${memo};`,
        // Set before the variants' descriptors are built: a recursive one refers back to it.
        `const d = { kind: "enum" as const, name: ${q(decl.id)}, variants: [] as ${em.p.sdkType("VariantDesc")}[] };`,
        `${memo} = d;`,
        ...vs.map((v) => {
          if (v.kind === "unit") return `d.variants.push({ name: ${q(v.name)}, kind: "unit" });`;
          const fields = v.named
            ? v.keys.map((k, j) => `{ name: ${q(k)}, type: ${v.ops[j].desc()} }`)
            : v.ops.map((o) => o.desc());
          return `d.variants.push({ name: ${q(v.name)}, kind: ${q(v.kind)}, fields: [${fields.join(", ")}] });`;
        }),
        "return d;",
      ),
  };
}
