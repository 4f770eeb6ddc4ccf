import type { u8, u32, u64, Bytes, Option, ContractId, Vec } from "@shortcrust/sdk";

/** One change of the counter, as the contract keeps it. @archive */
export interface Change {
  by: ContractId;
  amount: u64;
  note: Option<string>;
}

/** What `apply` can do. @archive */
export type Command =
  | { case: "Add"; value: u64 }
  | { case: "Sub"; value: { amount: u64; floor: u64 } }
  | { case: "Reset" };

/** A summary returned to callers. @archive */
export interface Summary {
  value: u64;
  changes: u32;
  last: Option<Change>;
}

/**
 * What a user submits to the verifier (the seed page's `FnData`): an ed25519 signature by
 * `public_key` over the archived `Signed { counter, contract }`. In Rust:
 * `struct FnData { signature: [u8; 64], public_key: [u8; 32], counter: u64 }`.
 * @archive
 */
export interface FnData {
  signature: Bytes<64>;
  public_key: Bytes<32>;
  counter: u64;
}

/**
 * The message a user signs: the counter and the id of the contract it is meant for (so a
 * signature for one verifier cannot be replayed on another).
 * @archive
 */
export interface Signed {
  counter: u64;
  contract: ContractId;
}

/** The verifier's `accepted` event. @archive */
export interface Accepted {
  public_key: Bytes<32>;
  counter: u64;
  /** The contracts the call came through, immediate caller first (empty: a user called). */
  callstack: Vec<ContractId>;
}

/** What the relay made of one submission: every way an inter-contract call can end. @archive */
export type Outcome =
  | { case: "Accepted"; value: u64 }
  | { case: "Rejected"; value: string }
  | { case: "Duplicate" }
  | { case: "OutOfGas" }
  | { case: "NoSuchVerifier" }
  | { case: "Failed" };

/** The relay's `refused` event. @archive */
export interface Refused {
  counter: u64;
  reason: Outcome;
}

/** The timelock's answer to `status`. @archive */
export interface LockStatus {
  until: Option<u64>;
  height: Option<u64>;
  chain_id: Option<u8>;
  claims: u32;
}

/** The session metadata the contracts read (the node sets it; rusk's `Metadata` keys). @metadata */
export interface Chain {
  block_height: u64;
  chain_id: u8;
}
