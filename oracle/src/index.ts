// The Rust oracle (Debian's rkyv 0.7.39, piecrust's features) for tests and tools: a private
// package beside its crate (oracle/rkyv), never part of the SDK. See oracle/README.md.
export { buildOracle } from "./oracle";
export type {
  CheckAnswer,
  Oracle,
  OracleAnswer,
  OracleRequest,
  RoundtripAnswer,
  RustLayout,
  Sample,
  TypeRef,
} from "./oracle";
export { OracleError, isOracleError } from "./errors";
export { rustSource, type RustSource, type RustSourceOptions } from "./rust-source";
export { buildOracleCrate, findCargo, oracleCrateDir } from "./cargo";
export {
  randomTypes,
  typeArb,
  hasChildren,
  hasSplitTuple,
  splitTuples,
  type TypeOptions,
} from "./random-types";
export {
  checkersAgree,
  hasZstVec,
  rustAcceptsOurs,
  rustSamples,
  sameValue,
  showValue,
  weAcceptRusts,
  type AgreementResult,
  type AgreementSubject,
  type MutationResult,
} from "./agreement";
