// The public surface of @shortcrust/artifact. Explicit named exports only: index.test.ts pins the list.
export {
  encodeArtifact,
  decodeArtifact,
  abiHash,
  isArtifactBytes,
  ARTIFACT_FORMAT_VERSION,
} from "./artifact";
export type { Artifact } from "./artifact";
export { instrument } from "./instrument";
export { verifyCode } from "./verify";
export { GAS_VAR, OOG_FN, FORIN_FN, SPREAD_FN, RESERVED_PREFIX } from "./gas-pattern";
export {
  SANDBOX_GLOBALS,
  REMOVED_MEMBERS,
  UNUSABLE_GLOBALS,
  sandboxGlobalProblem,
} from "./globals";
export { regexShape, regexWork, RegexRefusal } from "./regex-shape";
export type { RegexShape } from "./regex-shape";
export { registerSourceMap, sourceMapFor, instrumentedMap, contractFrames } from "./source-map";
export type { RawSourceMap, ContractFrame } from "./source-map";
export { ArtifactFormatError, isArtifactFormatError } from "./errors";
