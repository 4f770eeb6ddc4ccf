// The types the Rust fixture contracts (contracts/rust) and their TypeScript tests share. One
// source of truth: `shortcrust codegen` (shortcrust.config.json here) writes the TypeScript
// codecs to generated/ and the Rust declarations to contracts/rust/fixture-types/src/generated.rs.
// Field names are Rust's (snake_case): the TypeScript values use the same names.
import type { ContractId, u64, u8, Vec } from "@shortcrust/sdk";

/** A call a contract makes for its caller: whom, which function, the argument, a gas limit. */
/** @archive */
export interface CallRequest {
  contract: ContractId;
  fn_name: string;
  fn_arg: Vec<u8>;
  /** 0: the default (93% of what remains). */
  gas_limit: u64;
}

/** How a delegated call went: the callee's return bytes, or piecrust's ContractError. */
/** @archive */
export type CallOutcome =
  | { case: "Ok"; value: Vec<u8> }
  | { case: "Panic"; value: string }
  | { case: "OutOfGas" }
  | { case: "DoesNotExist" }
  | { case: "Unknown" };

/** What the spender sees of its gas around a self-call with a limit. */
/** @archive */
export interface GasReport {
  limit: u64;
  spent_before: u64;
  spent_after: u64;
  callee_limit: u64;
  callee_spent: u64;
}

/** A host query a contract makes for its caller. */
/** @archive */
export interface HostQueryRequest {
  name: string;
  arg: Vec<u8>;
}
