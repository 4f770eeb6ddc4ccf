// The contract-side API: what contract code (and generated glue) uses inside the sandbox.
export { registerContract } from "./register";
export { stateGet, stateSet, ephemeralGet, ephemeralSet, frameState } from "./state";
export { context } from "./context";
export type { CallContext } from "./context";
export { metaData } from "./metadata";
export { emit, emitValue, feed } from "./events";
export { debug } from "./debug";
export { callRaw, hostQuery, panic } from "./calls";
export type { ContractError, CallResult } from "./calls";
export { verifyEd25519, verifyBls, blake2b256, sha256, BUILTIN_HOST_QUERIES } from "./host-queries";
export type { BuiltinHostQuery, SignatureQuery } from "./host-queries";
export { StateMap, StateVec } from "./collections";
export type { StoreCodec } from "./collections";
export { NotInSandboxError, isNotInSandboxError } from "./bridge";
export type { SandboxBridge, ContractEntry } from "./bridge";
export { FRAME_ABI, FRAME_LAYOUT } from "./frame-abi";
export type { CallCode } from "./frame-abi";
