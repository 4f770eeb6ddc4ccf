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
} from "./store";
