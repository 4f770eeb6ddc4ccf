/** An event as a receipt lists it. `reverted` marks events of a failed nested call's subtree. */
export interface Event {
  readonly source: Uint8Array;
  readonly topic: string;
  readonly data: Uint8Array;
  reverted: boolean;
}

/**
 * A line of debug output (the contract-side `debug(...)`, piecrust's `hdebug`), in call order.
 * `reverted` marks lines of a failed nested call's subtree: they stay visible, since that is
 * what debug output is for, while that subtree's state and events are rolled back.
 */
export interface DebugLine {
  readonly contractId: Uint8Array;
  readonly message: string;
  reverted: boolean;
}

/** One frame of the call tree: its contract, limit and exclusive gas (children subtracted). */
export interface CallTreeElem {
  readonly contractId: Uint8Array;
  readonly limit: bigint;
  readonly spent: bigint;
}

/** What a successful call returns (plain data). */
export interface CallReceipt<T> {
  readonly data: T;
  readonly gasSpent: bigint;
  readonly gasLimit: bigint;
  readonly events: Event[];
  /** The call's debug output (deterministic, like everything else in a receipt). */
  readonly debug: DebugLine[];
  /** Reverse post-order: the latest (rightmost, deepest) frames first, the root last. */
  readonly callTree: CallTreeElem[];
}

/** A call frame's node while the call runs; `total` is inclusive gas. */
export class TreeNode {
  readonly children: TreeNode[] = [];
  total = 0;
  constructor(
    readonly contractId: Uint8Array,
    readonly limit: number,
  ) {}

  flatten(out: CallTreeElem[] = []): CallTreeElem[] {
    for (let i = this.children.length - 1; i >= 0; i--) this.children[i].flatten(out);
    const childTotal = this.children.reduce((s, c) => s + c.total, 0);
    out.push({
      contractId: this.contractId,
      limit: BigInt(this.limit),
      spent: BigInt(this.total - childTotal),
    });
    return out;
  }
}
