/**
 * The codec emitter (emitter.ts), split along its seams: leaves (leaf.ts), composite functions
 * (functions.ts; bodies in composite.ts, fields.ts, enum.ts, vec-loops.ts) and codec constants
 * (constants.ts). Layout facts live in the IR (ir/facts.ts), names in ir/naming.ts.
 */
export { CodecEmitter } from "./emitter";
export type { Ops } from "./ops";
