import type { u32, u64, Option, StateVec } from "@shortcrust/sdk";
import { context, panic } from "@shortcrust/sdk";
import type { Change, Command, Summary } from "./types";
import { metaData } from "./generated/types.Chain.metadata";
import { emitChanged, emitReset } from "./generated/counter.Counter.events";

/**
 * A counter: its fields are its state (one archived record, loaded when first touched), its
 * public methods are its functions, `init` runs once at deploy. Its history is a collection
 * (`StateVec`): one record per change, outside the state record, so a call reads and writes only
 * the changes it touches and its gas does not grow with the history. Its events are declared with
 * `@event <topic> [Type]`: codegen writes typed emitters and, for clients, typed decoders.
 * @contract
 * @event changed Change
 * @event reset
 */
export class Counter {
  value: u64 = 0n;
  /** Every change, oldest first (no initializer: the generated entry glue provides it). */
  readonly changes!: StateVec<Change>;
  /** Block height of the last change (from session metadata). */
  lastHeight: Option<u64> = null;

  init(start: u64): void {
    this.value = start;
  }

  increment(): void {
    this.change(1n, null);
  }

  read_value(): u64 {
    return this.value;
  }

  apply(command: Command): u64 {
    switch (command.case) {
      case "Add":
        this.change(command.value, null);
        break;
      case "Sub": {
        const { amount, floor } = command.value;
        if (this.value < floor + amount) panic(`cannot go below ${floor}`);
        this.value -= amount;
        break;
      }
      case "Reset":
        this.value = 0n;
        emitReset();
    }
    return this.value;
  }

  add_with_note(amount: u64, note: string): u32 {
    this.change(amount, note);
    return this.changes.length;
  }

  summary(): Summary {
    const n = this.changes.length;
    return { value: this.value, changes: n, last: n ? this.changes.get(n - 1) : null };
  }

  last_height(): Option<u64> {
    return this.lastHeight;
  }

  private change(amount: u64, note: string | null): void {
    this.value += amount;
    const change: Change = { by: context().caller ?? new Uint8Array(32), amount, note };
    this.changes.push(change);
    this.lastHeight = metaData.block_height();
    emitChanged(change);
  }
}
