import type { u32, u64, Option, ContractId } from "@shortcrust/sdk";

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

/** The session metadata the contract reads. @metadata */
export interface Chain {
  block_height: u64;
}
