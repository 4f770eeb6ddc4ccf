// The state layer's public surface (re-exported from the package index).
export type { ContractMeta, SessionState, StateProof, StateStore } from "./api";
export { openStore, memoryStore } from "./open";
export type { OpenStoreOptions } from "./open";
export { verifyProof } from "./proof";
export type { ProofPath, StateProofPath } from "./proof";
export { hashReady } from "./hash";
export {
  StoreError,
  StoreCorruptError,
  StoreVersionError,
  isStoreError,
  isStoreCorruptError,
  isStoreVersionError,
} from "./errors";
export type { StoreErrorCode } from "./errors";
