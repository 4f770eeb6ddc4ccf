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

/**
 * The one context object: every member reads the running frame live through the bridge, so it
 * holds nothing of its own and serves every call. Its accessors live on the class's prototype,
 * made once when the module loads, where an object literal of getters per `context()` call
 * would build six functions each time (and a dictionary-mode object on V8).
 */
class LiveContext implements CallContext {
  get selfId(): Uint8Array {
    return bridge("context").selfId();
  }
  get caller(): Uint8Array | null {
    return bridge("context").caller();
  }
  get callstack(): Uint8Array[] {
    return bridge("context").callstack();
  }
  owner(id?: Uint8Array): Uint8Array | null {
    return bridge("context").owner(id);
  }
  get limit(): bigint {
    return BigInt(bridge("context").limit());
  }
  get spent(): bigint {
    return BigInt(bridge("context").spent());
  }
}

// Made when the module loads (free load budget); `@__PURE__` lets the bundler drop it from a
// contract that never asks for its context.
const LIVE: CallContext = /* @__PURE__ */ new LiveContext();

/** The running frame's call context (outside a sandbox: a NotInSandboxError). */
export function context(): CallContext {
  bridge("context");
  return LIVE;
}
