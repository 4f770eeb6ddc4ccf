import { bridge } from "./bridge";
import { FRAME_ABI } from "./frame-abi";

/** What a failed inter-contract call returns to its caller (piecrust's `ContractError`). */
export type ContractError =
  | { readonly case: "Panic"; readonly message: string }
  | { readonly case: "OutOfGas" }
  | { readonly case: "DoesNotExist" }
  | { readonly case: "Unknown" };

export type CallResult<T> = { readonly ok: T } | { readonly err: ContractError };

/**
 * Calls another contract (or this one, re-entrantly) with archived argument bytes. The callee gets
 * `gasLimit` if it is positive and below the remaining gas, else 93% of the remaining gas. A
 * failed callee is reverted (with everything it wrote) and burns its whole limit.
 */
export function callRaw(
  contractId: Uint8Array,
  fnName: string,
  arg: Uint8Array,
  gasLimit?: bigint,
): CallResult<Uint8Array> {
  const limit = gasLimit === undefined ? 0 : Number(gasLimit);
  const r = bridge("callRaw").call(contractId, fnName, arg, limit);
  switch (r[0]) {
    case FRAME_ABI.CALL_OK:
      return { ok: r[1] };
    case FRAME_ABI.CALL_PANIC:
      return { err: { case: "Panic", message: r[1] } };
    case FRAME_ABI.CALL_OUT_OF_GAS:
      return { err: { case: "OutOfGas" } };
    case FRAME_ABI.CALL_DOES_NOT_EXIST:
      return { err: { case: "DoesNotExist" } };
    default:
      return { err: { case: "Unknown" } };
  }
}

/** Calls a host query the embedder registered (priced in gas by the host). */
export function hostQuery(name: string, arg: Uint8Array): Uint8Array {
  return bridge("hostQuery").hostQuery(name, arg);
}

/** Aborts the call with `Panic(message)`; throwing anything else does the same. */
export function panic(message: string): never {
  throw new Error(message);
}
