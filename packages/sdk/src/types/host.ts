/**
 * What generated host-side call stubs need from a runtime session, structurally (the SDK never
 * imports the runtime; `@shortcrust/runtime`'s Session satisfies these).
 */
export interface ReceiptEvent {
  readonly source: Uint8Array;
  readonly topic: string;
  readonly data: Uint8Array;
  readonly reverted: boolean;
}

/** A line of a contract's `debug(...)` output (reverted: printed by a failed nested call). */
export interface ReceiptDebugLine {
  readonly contractId: Uint8Array;
  readonly message: string;
  readonly reverted: boolean;
}

/** A call receipt with typed `data` (the runtime's `CallReceipt<T>`). */
export interface Receipt<T> {
  readonly data: T;
  readonly gasSpent: bigint;
  readonly gasLimit: bigint;
  readonly events: readonly ReceiptEvent[];
  readonly debug: readonly ReceiptDebugLine[];
  readonly callTree: readonly {
    readonly contractId: Uint8Array;
    readonly limit: bigint;
    readonly spent: bigint;
  }[];
}

export interface SessionLike {
  callRaw(
    contractId: Uint8Array,
    fnName: string,
    arg: Uint8Array,
    gasLimit: bigint,
  ): Receipt<Uint8Array>;
}

/** A call as a transaction payload carries it (piecrust's `ContractCall`). */
export interface RawCall {
  readonly contract: Uint8Array;
  readonly fnName: string;
  readonly fnArgs: Uint8Array;
}
