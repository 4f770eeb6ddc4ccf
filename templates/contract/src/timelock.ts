import type { u8, u32, u64, Option } from "@shortcrust/sdk";
import { panic } from "@shortcrust/sdk";
import type { LockStatus } from "./types";
import { metaData } from "./generated/types.Chain.metadata";
import { emitClaimed, emitLocked } from "./generated/timelock.Timelock.events";

/**
 * Gates on the session metadata the node provides (`block_height`, `chain_id`, typed by the
 * `Chain` schema in types.ts), as piecrust's everest test reads the height: `claim` succeeds
 * only on the chain the lock was made for and from the locked height on.
 * @contract
 * @event locked u64
 * @event claimed [u64, u64]
 */
export class Timelock {
  chain: u8 = 0;
  until: Option<u64> = null;
  claims: u32 = 0;

  init(chain_id: u8): void {
    this.chain = chain_id;
  }

  /** Locks until block `height` (a later lock replaces an earlier one). */
  lock(height: u64): void {
    this.until = height;
    emitLocked(height);
  }

  /** Claims once the lock's height is reached; returns the number of claims so far. */
  claim(): u32 {
    const chain = metaData.chain_id();
    if (chain !== this.chain)
      panic(`wrong chain: locked on ${this.chain}, the session is on ${chain}`);
    const height = metaData.block_height();
    if (height === null) panic("the session has no block_height");
    if (this.until === null) panic("nothing is locked");
    if (height < this.until) panic(`locked until height ${this.until}, now ${height}`);
    this.claims += 1;
    emitClaimed([this.until, height]);
    this.until = null;
    return this.claims;
  }

  status(): LockStatus {
    return {
      until: this.until,
      height: metaData.block_height(),
      chain_id: metaData.chain_id(),
      claims: this.claims,
    };
  }
}
