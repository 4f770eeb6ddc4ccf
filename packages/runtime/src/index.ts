// The public surface of @shortcrust/runtime. Explicit named exports only: index.test.ts pins the list.
export { RUNTIME_FORMAT_VERSION } from "./version";
export {
  openStore,
  memoryStore,
  verifyProof,
  hashReady,
  StoreError,
  StoreCorruptError,
  StoreVersionError,
  isStoreError,
  isStoreCorruptError,
  isStoreVersionError,
} from "./store";
export type {
  ContractMeta,
  SessionState,
  StateProof,
  StateStore,
  StateProofPath,
  ProofPath,
  StoreErrorCode,
  OpenStoreOptions,
} from "./store";

// --- VM, sessions, sandbox (runtime) ---
export { VM } from "./vm/vm";
export type { SessionOptions, VmOptions } from "./vm/vm";
export { HOST_QUERY_PRICES, BLS_G1_DST } from "./hostq";
export type { HostQueryPrice } from "./hostq";
export type { HostQuery } from "./vm/core";
export { Session } from "./session/session";
export type {
  DeployOptions,
  DeployResult,
  ArgCodec,
  RetCodec,
  MetadataInput,
} from "./session/session";
export type { CallReceipt, CallTreeElem, DebugLine, Event } from "./session/receipt";
export type { ContractFrame } from "@shortcrust/artifact";
export { GAS, defaultChildLimit } from "./session/gas";
export { MAX_CALL_DEPTH, MAX_VALUE_BYTES } from "./session/limits";
export {
  RuntimeError,
  isRuntimeError,
  ContractFailure,
  isContractFailure,
  PanicError,
  isPanicError,
  OutOfGasError,
  isOutOfGasError,
  WallClockError,
  isWallClockError,
  DoesNotExistError,
  isDoesNotExistError,
  InitializationError,
  isInitializationError,
  ArtifactError,
  isArtifactError,
  LimitError,
  isLimitError,
  ValidationError,
  isValidationError,
  MissingHostQueryError,
  isMissingHostQueryError,
  MissingFeedError,
  isMissingFeedError,
  FunctionNotFoundError,
  isFunctionNotFoundError,
  SessionError,
  isSessionError,
} from "./errors";

// --- WASM engine (piecrust-ABI contracts; src/wasm) ---
export {
  WasmValidationError,
  isWasmValidationError,
  WasmTrapError,
  isWasmTrapError,
} from "./wasm/errors";
export { WasmFormatError, isWasmFormatError } from "./wasm/meter/errors";
export { isWasm } from "./wasm/meter/module";
export { meter, GAS_EXPORT, OOG_EXPORT, STACK_EXPORT } from "./wasm/meter/instrument";
export { ARGBUF_LEN, PAGE_SIZE, MAX_MEMORY_PAGES } from "./wasm/abi";
