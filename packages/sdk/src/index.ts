// The public surface of @shortcrust/sdk. Explicit named exports only: index.test.ts pins the list.

// --- errors ---
export { ShortcrustError, isShortcrustError } from "./errors";
export type { ShortcrustErrorOptions } from "./errors";

// --- archive (rkyv 0.7 format) ---
export type {
  TypeDesc,
  FieldDesc,
  VariantDesc,
  PrimitiveKind,
  IntegerKind,
  TypeKind,
} from "./archive/descriptor";
export { codec } from "./archive/codec";
export type { Codec } from "./archive/codec";
export { layoutOf } from "./archive/layout";
export type { Layout, Niche, EnumLayout, OptionLayout } from "./archive/layout";
export { ArchiveError, CheckError, isArchiveError, isCheckError } from "./archive/errors";
export type { CheckErrorKind } from "./archive/errors";
export { ArchivedVecView, ArchivedView } from "./archive/views";
export type { EnumValue } from "./archive/views";
export {
  parseRustType,
  parseRustTypes,
  RustTypeError,
  isRustTypeError,
} from "./archive/rust-types";
export { rustName } from "./archive/names";
export { rustDeclarations, RustDeclError, isRustDeclError } from "./archive/rust-decls";
export type { NamedDesc, RustDecls, RustDeclOptions } from "./archive/rust-decls";

// --- scalar types (the codegen input language) ---
export type {
  u8,
  u16,
  u32,
  u64,
  u128,
  i8,
  i16,
  i32,
  i64,
  i128,
  usize,
  isize,
  f32,
  f64,
  bool,
  char,
  Bytes,
  FixedArray,
  Vec,
  Option,
  Box,
  ContractId,
} from "./types";

// --- contract-side API ---
export {
  registerContract,
  stateGet,
  stateSet,
  ephemeralGet,
  ephemeralSet,
  frameState,
  FRAME_ABI,
  FRAME_LAYOUT,
  context,
  metaData,
  emit,
  emitValue,
  feed,
  debug,
  callRaw,
  hostQuery,
  panic,
  verifyEd25519,
  verifyBls,
  blake2b256,
  sha256,
  BUILTIN_HOST_QUERIES,
  StateMap,
  StateVec,
  NotInSandboxError,
  isNotInSandboxError,
} from "./contract";
export type {
  CallContext,
  ContractError,
  CallResult,
  StoreCodec,
  SandboxBridge,
  ContractEntry,
  CallCode,
  BuiltinHostQuery,
  SignatureQuery,
} from "./contract";
