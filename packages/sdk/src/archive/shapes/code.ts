/**
 * The vocabulary every shape builder shares: how built code names an SDK helper, property keys,
 * object / array literals, and the per-field error path pattern (`f` is the failing field).
 */
/**
 * A helper built code calls: a value of `@shortcrust/sdk/codegen-v1`, so that generated code can
 * import every helper a builder names (the runtime specialiser passes the same values in).
 * Listed here rather than derived from codegen-v1 (which imports the archive, so that would be
 * an import cycle); shapes.test.ts checks that each is a codegen-v1 export.
 */
export type Helper =
  | "ASCII_RUNS"
  | "HEAP_MAX"
  | "POOL_MAX"
  | "addSegment"
  | "charCode"
  | "checkBigInt"
  | "checkBool"
  | "checkBytes"
  | "checkFloat"
  | "checkSmallInt"
  | "copyBytes"
  | "describeValue"
  | "failValue"
  | "flatF32"
  | "flatF64"
  | "flatI64"
  | "flatU64"
  | "readI128"
  | "readString"
  | "readU128"
  | "rethrowAt"
  | "utf8Length"
  | "utf8Read"
  | "writeU128";

/**
 * How built code names a helper: generated code returns its import's local name (and records
 * the import), `new Function` code the parameter it passes the helper as.
 */
export type HelperRef = (name: Helper) => string;

/** A property key: bare when it is an identifier, else a string literal. */
export function propKey(k: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k) ? k : JSON.stringify(k);
}

/** `{ k0: p0, k1: p1 }` (struct, `named`) or `[p0, p1]` (tuple) from each field's code. */
export function literal(named: boolean, keys: readonly string[], parts: readonly string[]): string {
  return named
    ? `{ ${keys.map((k, i) => `${propKey(k)}: ${parts[i]}`).join(", ")} }`
    : `[${parts.join(", ")}]`;
}

/**
 * Built code is laid out as a person writes it (generated files print it as it is; the
 * formatter only wraps long lines): one statement a line, a block's body indented by two spaces
 * under its head, relative to the snippet's first line.
 */
export function lines(...ls: readonly string[]): string {
  return ls.filter((l) => l !== "").join("\n");
}

/** `head {` body `}` (then `tail`), the body indented by two spaces; no body: `head {}`. */
export function block(head: string, body: string, tail = ""): string {
  const open = head ? `${head} {` : "{";
  if (body === "") return `${open}}${tail}`;
  return `${open}\n${body.replace(/^(?=.)/gm, "  ")}\n}${tail}`;
}

/**
 * Field statements run under one `try`: each statement starts with `f = i;`, and a failure is
 * rethrown with segment `segs[f]` (`segs`: an expression of the segment array) added to its
 * path. No statements, no code.
 */
export function tryFields(stmts: readonly string[], segs: string, ref: HelperRef): string {
  return stmts.length === 0
    ? ""
    : lines(
        "let f = 0;",
        block(
          "try",
          lines(...stmts),
          ` ${block("catch (e)", `${ref("rethrowAt")}(e, ${segs}[f]);`)}`,
        ),
      );
}

/** The segment array of fields `keys` as an expression: `[".a", ".b"]` (prefix `::V` for variants). */
export function segments(keys: readonly string[], prefix = ""): string {
  return `[${keys.map((k) => JSON.stringify(`${prefix}.${k}`)).join(", ")}]`;
}
