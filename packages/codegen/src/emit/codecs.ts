/**
 * The codec emitter (codecs/emitter.ts), split along its seams: leaves (codecs/leaf.ts),
 * composite functions (codecs/functions.ts; bodies in codecs/composite.ts, fields.ts, enum.ts,
 * vec-loops.ts) and codec constants (codecs/constants.ts), code blocks written with
 * CodeBlockWriter (codecs/writer.ts). Layout facts live in the IR (ir/facts.ts), names in
 * ir/naming.ts.
 */
export { CodecEmitter } from "./codecs/emitter";
export type { Ops } from "./codecs/ops";
