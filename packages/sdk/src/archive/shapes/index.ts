/**
 * One home for the archive format's code shapes: pure builders that return code (expressions
 * and statements as strings) for the leaves, struct and tuple bodies and element loops. The
 * runtime specialiser (specialize.ts, `new Function`) and the codec emitter of
 * `@shortcrust/codegen` (generated files) both build from these, so a format rule or a
 * speed-up is written once. Published as `@shortcrust/sdk/shapes` (toolchain-side: contracts
 * never import it).
 *
 * The closure interpreter (nodes.ts) stays a separate implementation on purpose: it is the
 * reference the built code is tested against (vectors, fuzz, the composed-vs-generated tests)
 * and what runs where `Function` is unavailable; it shares the facts (layout.ts offsets, sizes,
 * alignment; pool.ts sizes), not the code.
 */
export { propKey, literal, tryFields, segments, type Helper, type HelperRef } from "./code";
export {
  SMALL_INTS,
  FLAT_KINDS,
  flatBytes,
  flatRead,
  sourceRead,
  leafCheck,
  leafWrite,
  smallIntWrite,
  type PoolChoice,
} from "./leaves";
export { checkManyBody, type CheckedField } from "./check-many";
export { readManyBody, type ReadField } from "./read-many";
export { asciiRunFits, asciiRunResolve } from "./resolve-many";
