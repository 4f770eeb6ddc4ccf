// A TypeScript contract that calls the Rust counter through the generated `@contract extern`
// stub (`counterContract`, from testing/rust-types/clients.ts): typed calls across engines.
import { panic } from "@shortcrust/sdk";
import { contract, I64, ID, UNIT } from "../../fixtures/lib";
import { counterContract } from "../../testing/rust-types/generated/clients.Counter.client";

contract("typed_caller", {
  /** `ContractId → i64`: the counter's value after one increment. */
  bump_and_read: (arg) => {
    const counter = counterContract(ID.deserialize(arg));
    const inc = counter.increment();
    if ("err" in inc) panic(`increment failed: ${inc.err.case}`);
    const v = counter.read_value();
    if ("err" in v) panic(`read_value failed: ${v.err.case}`);
    return I64.archive(v.ok);
  },
  /** `ContractId → ()`: a panicking increment; its error case is this contract's panic. */
  bump_failing: (arg) => {
    const r = counterContract(ID.deserialize(arg)).increment_panic(true);
    if ("err" in r) panic(`increment_panic: ${r.err.case}`);
    return UNIT.archive(null);
  },
});
