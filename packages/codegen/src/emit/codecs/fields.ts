/** Structs, tuple structs and tuples: fields at fixed offsets. */
import type { IrDecl, IrType } from "../../ir/types";
import type { CodecEmitter } from "./emitter";
import { at, flatFields, key, q, type Bodies } from "./ops";
import { block, lines, tryCatch } from "./statements";
import { literal as fieldLiteral, segments, tryFields } from "@shortcrust/sdk/shapes";

export function fieldsBody(
  em: CodecEmitter,
  keys: readonly string[],
  types: readonly IrType[],
  offsets: readonly number[],
  named: boolean,
  decl: IrDecl | null,
  desc: (memo: string) => string,
): Bodies {
  const sdk = (n: string): string => em.p.sdk(n);
  const fail = sdk("failValue");
  const describe = sdk("describeValue");
  const rethrow = sdk("rethrowAt");
  const ops = types.map((x) => em.ops(x));
  const count = keys.length;
  const acc = (v: string, i: number): string => (named ? `${v}.${keys[i]}` : `${v}[${i}]`);
  const accQ = (v: string, i: number): string => (named ? `${v}[${q(keys[i])}]` : `${v}[${i}]`);
  const segs = segments(keys);
  const isValue = named
    ? `typeof v === "object" && v !== null`
    : `Array.isArray(v) && v.length === ${count}`;
  const expected = named ? "an object" : `an array of ${count}`;
  const guard = `if (!(${isValue})) ${fail}(${q(expected)}, ${describe}(v));`;
  // The fields' statements, an error located at field `f` (the one that was being handled).
  const inTry = (stmts: string[]): string => tryFields(stmts, segs, em.ref);
  const valueType = named
    ? `{ ${keys.map((k, i) => `${k}: ${ops[i].ts}`).join("; ")} }`
    : `[${ops.map((o) => o.ts).join(", ")}]`;
  const viewFields = keys.map((k, i) => `readonly ${named ? k : i}: ${ops[i].viewTs}`);
  let viewClass: string | null = null;
  let view: string;
  const AV = em.p.sdk("ArchivedView");
  if (decl) {
    const cls = `${decl.tsName}View`;
    viewClass = lines(
      `/** Zero-copy view of an archived \`${decl.id}\`: each field is read when first asked for. */`,
      block(
        `export class ${cls} extends ${AV}`,
        lines(
          named ? "" : block(`get length(): ${count}`, `return ${count};`),
          ...keys.map((k, i) =>
            block(
              `get ${named ? k : `[${i}]`}(): ${ops[i].viewTs}`,
              lines("const s = this.$src;", `return ${ops[i].view(at("this.$pos", offsets[i]))};`),
            ),
          ),
        ),
      ),
    );
    view = `return new ${cls}(s, pos);`;
  } else {
    // Anonymous tuples: a view object with lazy getters.
    view = lines(
      `const v = new ${AV}(s, pos);`,
      `Object.defineProperty(v, "length", { value: ${count} });`,
      ...keys.map(
        (_k, i) =>
          `Object.defineProperty(v, ${i}, { get: () => ${ops[i].view(at("pos", offsets[i]))}, enumerable: true });`,
      ),
      `return v as ${em.viewType({ kind: "tuple", elements: types })};`,
    );
  }
  const readParts = keys.map((k, i) => ops[i].read(at("pos", offsets[i])));
  // A struct or tuple of leaves also reads from the bytes alone (root deserialize on V8).
  const flat = flatFields(types)
    ? keys.map((k, i) => ops[i].readFlat!(at("pos", offsets[i])))
    : null;
  // Each field into its own local, a missing one named.
  const fromJsonFields = keys.map((k, i) =>
    lines(
      `f = ${i};`,
      named ? jsonFieldGiven(fail, "o", k) : "",
      `x${i} = ${ops[i].fromJson(accQ("o", i))};`,
    ),
  );
  const fromJson = lines(
    named
      ? `if (typeof j !== "object" || j === null || Array.isArray(j)) ${fail}("an object", ${describe}(j));`
      : `if (!Array.isArray(j) || j.length !== ${count}) ${fail}(${q(`an array of ${count}`)}, ${describe}(j));`,
    `const o = j as ${named ? "Record<string, unknown>" : "unknown[]"};`,
    ...keys.map((_k, i) => `let x${i}: ${ops[i].ts};`),
    count > 0
      ? lines("let f = 0;", tryCatch(lines(...fromJsonFields), `${rethrow}(e, ${segs}[f]);`))
      : "",
    named ? jsonNoOtherFields(fail, "o", keys) : "",
    named
      ? `return { ${keys.map((k, i) => `${k}: x${i}`).join(", ")} };`
      : `return [${keys.map((_k, i) => `x${i}`).join(", ")}];`,
  );
  return {
    valueType,
    viewType: named ? `{ ${viewFields.join("; ")} }` : "",
    viewClass,
    resolve: lines(
      guard,
      inTry(ops.flatMap((o, i) => (o.ool ? [lines(`f = ${i};`, o.resolve(acc("v", i)))] : []))),
    ),
    write: lines(
      guard,
      inTry(ops.map((o, i) => lines(`f = ${i};`, o.write(at("pos", offsets[i]), acc("v", i))))),
    ),
    check: inTry(
      ops.flatMap((o, i) =>
        o.trivial ? [] : [lines(`f = ${i};`, o.check(at("pos", offsets[i])))],
      ),
    ),
    read: `return ${fieldLiteral(named, keys, readParts)};`,
    readFlat: flat === null ? null : `return ${fieldLiteral(named, keys, flat)};`,
    view,
    toJson: named
      ? `return { ${keys.map((k, i) => `${key(k)}: ${ops[i].toJson(acc("v", i))}`).join(", ")} };`
      : `return [${keys.map((_k, i) => ops[i].toJson(acc("v", i))).join(", ")}];`,
    fromJson,
    desc,
  };
}

/**
 * A struct's JSON (or a struct variant's) names each field: a missing one fails as "expected
 * field k, found nothing", checked before the field is read (`o` holds the object).
 */
export function jsonFieldGiven(fail: string, o: string, k: string): string {
  return `if (!(${q(k)} in ${o})) ${fail}(${q(`field ${k}`)}, "nothing");`;
}

/** …and no other field: a misspelt one is an error, never ignored. */
export function jsonNoOtherFields(fail: string, o: string, keys: readonly string[]): string {
  const other = keys.length ? keys.map((k) => `k !== ${q(k)}`).join(" && ") : "true";
  return `for (const k of Object.keys(${o})) if (${other}) ${fail}(${q(`one of the fields ${keys.join(", ")}`)}, "field " + k);`;
}
