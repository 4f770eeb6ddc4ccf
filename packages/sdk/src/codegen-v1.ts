/**
 * `@shortcrust/sdk/codegen-v1`: the only module generated codecs import. Low-level and stable:
 * generated code bakes in offsets and sizes and calls these primitives. Version 1; a breaking
 * change gets a new subpath (codegen-v2), never an edit here.
 */

// --- writing: ArchiveWriter (growable buffer, alignment, zero padding, resolver stack)
export { ArchiveWriter } from "./archive/writer";
// --- checking: CheckContext (bytecheck subtree ranges: subtreePtr/push/pop, leaf checks)
export { CheckContext, MAX_ZERO_SIZED_LEN, NOT_ASCII, rootPosition } from "./archive/checker";
// --- entry points: one archive (archiveRoot), one check (checkRoot), a reader (sourceOf)
export { archiveRoot, checkRoot, sourceOf } from "./archive/root";
// --- errors: public classes and guards, internal failures with path segments
export {
  addSegment,
  ArchiveError,
  CheckError,
  CheckFailure,
  ValueFailure,
  describeValue,
  failCheck,
  failValue,
  isArchiveError,
  isCheckError,
  rethrowAt,
  toArchiveError,
  toCheckError,
} from "./archive/errors";
export type { CheckErrorKind } from "./archive/errors";
// --- types generated codecs are declared with (the composed codecs' surface and descriptors)
export type { Codec } from "./archive/codec";
export type { TypeDesc, FieldDesc, VariantDesc } from "./archive/descriptor";
// --- host-side call stubs: the session and receipt shapes they use (structural; no runtime import)
export type { Receipt, ReceiptEvent, RawCall, SessionLike } from "./types/host";
// --- leaf values: range checks and 128-bit reads/writes
export {
  charCode,
  checkBigInt,
  checkBool,
  checkBytes,
  checkFloat,
  checkSmallInt,
  readI128,
  readU128,
  writeU128,
} from "./archive/scalars";
// --- UTF-8 without TextEncoder/TextDecoder (QuickJS has neither)
export { utf8Invalid, utf8Length, utf8Read, utf8Write } from "./archive/utf8";
// --- views
export { ArchivedVecView, ArchivedView, readString } from "./archive/nodes";
export type { EnumValue, Source } from "./archive/nodes";
// --- JSON (serde_json conventions of the vectors)
export {
  bigIntFromJson,
  bigIntToJson,
  bytesFromJson,
  bytesToJson,
  f32ToJson,
  floatFromJson,
  floatToJson,
} from "./archive/json";
// --- contract-side API (generated entry glue, typed metadata readers, typed calls and events)
export {
  registerContract,
  stateGet,
  stateSet,
  ephemeralGet,
  ephemeralSet,
  context,
  metaData,
  emit,
  emitValue,
  feed,
  callRaw,
  hostQuery,
  panic,
  StateMap,
  StateVec,
} from "./contract";
export type { CallContext, ContractError, CallResult, ContractEntry, StoreCodec } from "./contract";
