import * as runtime from "./index";

// Pins the runtime export list of @shortcrust/runtime.
const expected = [
  "RUNTIME_FORMAT_VERSION",
  // state layer (src/store)
  "openStore",
  "memoryStore",
  "verifyProof",
  "hashReady",
  "StoreError",
  "StoreCorruptError",
  "StoreVersionError",
  "isStoreError",
  "isStoreCorruptError",
  "isStoreVersionError",
  // VM, sessions, sandbox (runtime)
  "VM",
  "HOST_QUERY_PRICES",
  "BLS_G1_DST",
  "Session",
  "GAS",
  "defaultChildLimit",
  "MAX_CALL_DEPTH",
  "MAX_VALUE_BYTES",
  "RuntimeError",
  "isRuntimeError",
  "ContractFailure",
  "isContractFailure",
  "PanicError",
  "isPanicError",
  "OutOfGasError",
  "isOutOfGasError",
  "DoesNotExistError",
  "isDoesNotExistError",
  "InitializationError",
  "isInitializationError",
  "ArtifactError",
  "isArtifactError",
  "LimitError",
  "isLimitError",
  "ValidationError",
  "isValidationError",
  "MissingHostQueryError",
  "isMissingHostQueryError",
  "MissingFeedError",
  "isMissingFeedError",
  "FunctionNotFoundError",
  "isFunctionNotFoundError",
  "SessionError",
  "isSessionError",
  // WASM engine (src/wasm)
  "WasmValidationError",
  "isWasmValidationError",
  "WasmTrapError",
  "isWasmTrapError",
  "WasmFormatError",
  "isWasmFormatError",
  "isWasm",
  "meter",
  "GAS_EXPORT",
  "OOG_EXPORT",
  "STACK_EXPORT",
  "ARGBUF_LEN",
  "PAGE_SIZE",
  "MAX_MEMORY_PAGES",
];

describe("@shortcrust/runtime exports", () => {
  it("exports exactly the pinned names", () => {
    expect(Object.keys(runtime).sort()).toEqual([...expected].sort());
  });
});
