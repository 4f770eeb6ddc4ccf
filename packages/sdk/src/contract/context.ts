import { bridge } from "./bridge";

/** The call context of the running frame (piecrust's self_id / caller / callstack / owner / limit / spent). */
export interface CallContext {
  readonly selfId: Uint8Array;
  /** null for a top-level call. */
  readonly caller: Uint8Array | null;
  /** Immediate caller first, the top-level contract last; self excluded. */
  readonly callstack: Uint8Array[];
  /** The owner of `id` (default: this contract), or null when no such contract exists. */
  owner(id?: Uint8Array): Uint8Array | null;
  readonly limit: bigint;
  /** Gas spent so far in this frame, read live. */
  readonly spent: bigint;
}

export function context(): CallContext {
  const b = bridge("context");
  return {
    get selfId() {
      return b.selfId();
    },
    get caller() {
      return b.caller();
    },
    get callstack() {
      return b.callstack();
    },
    owner: (id?: Uint8Array) => b.owner(id),
    get limit() {
      return BigInt(b.limit());
    },
    get spent() {
      return BigInt(b.spent());
    },
  };
}
