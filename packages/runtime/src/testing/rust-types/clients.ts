// Typed clients of Rust fixture contracts (contracts/rust/fixtures): their functions declared as
// `@contract extern` interfaces, so `shortcrust codegen` writes byte-exact stubs for them into
// generated/ (`counterClient(session, id)`, …). Rust names, as in the contracts.
import type { bool, ContractId, i16, i64, Option, u8, Vec } from "@shortcrust/sdk";
import type { CallOutcome, CallRequest } from "./fixture-types";

/**
 * `contracts/rust/fixtures/counter`.
 * @contract extern
 */
export interface Counter {
  read_value(): i64;
  increment(): void;
  increment_panic(panic: bool): void;
}

/**
 * `contracts/rust/fixtures/boxer`.
 * @contract extern
 */
export interface Boxer {
  set(value: i16): void;
  get(): Option<i16>;
}

/**
 * `contracts/rust/fixtures/callcenter` (part of it).
 * @contract extern
 */
export interface Callcenter {
  query_counter(counter: ContractId): i64;
  increment_counter(counter: ContractId): void;
  delegate_transaction(request: CallRequest): CallOutcome;
  return_callstack(): Vec<ContractId>;
}

/**
 * `contracts/rust/fixtures/initializer`: `init` takes the value (or nothing: 0x10).
 * @contract extern
 */
export interface Initializer {
  read_value(): u8;
  increment(): void;
}
