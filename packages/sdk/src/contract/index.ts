// The contract-side API: what contract code (and generated glue) uses inside the sandbox.
export { registerContract } from "./register";
export { stateGet, stateSet, ephemeralGet, ephemeralSet, frameState } from "./state";
export { context } from "./context";
export type { CallContext } from "./context";
export { metaData } from "./metadata";
export { emit, emitValue, feed } from "./events";
export { callRaw, hostQuery, panic } from "./calls";
export type { ContractError, CallResult } from "./calls";
export { StateMap, StateVec } from "./collections";
export type { StoreCodec } from "./collections";
export { NotInSandboxError, isNotInSandboxError } from "./bridge";
export type { SandboxBridge, ContractEntry } from "./bridge";
export { FRAME_ABI } from "./frame-abi";
export type { CallCode } from "./frame-abi";
