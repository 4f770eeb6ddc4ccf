import { ShortcrustError } from "../errors";

/**
 * What the runtime's sandbox prelude installs as `globalThis.__shortcrust` (a frozen,
 * non-writable global) before a contract's code runs. The contract-side API is a thin typed layer
 * over it; nothing else in the SDK talks to the host. Gas amounts are plain numbers here (the
 * sandbox keeps its counter as a double); the API converts them to bigint. Byte arrays passed in
 * are read during the call and never kept (the sandbox copies keys and values), so a caller may
 * reuse one array for several calls (the collections' scratch keys do).
 */
export interface SandboxBridge {
  register(entry: ContractEntry): void;
  stateGet(key: Uint8Array): Uint8Array | null;
  stateSet(key: Uint8Array, value: Uint8Array | null): void;
  ephemeralGet(key: Uint8Array): Uint8Array | null;
  ephemeralSet(key: Uint8Array, value: Uint8Array | null): void;
  selfId(): Uint8Array;
  caller(): Uint8Array | null;
  callstack(): Uint8Array[];
  owner(id?: Uint8Array): Uint8Array | null;
  limit(): number;
  spent(): number;
  meta(key: string): Uint8Array | null;
  emit(topic: string, data: Uint8Array): void;
  feed(data: Uint8Array): void;
  /**
   * Registers the running frame's state view (generated glue): `flush` runs before each call
   * out, `invalidate` after one during which this contract was re-entered.
   */
  frameState(flush: () => void, invalidate: () => void): void;
  debug(message: string): void;
  /** [0, bytes] ok, [1, message] panic, [2] out of gas, [3] does not exist, [4] unknown. */
  call(
    contractId: Uint8Array,
    fnName: string,
    arg: Uint8Array,
    gasLimit: number,
  ): [0, Uint8Array] | [1, string] | [2] | [3] | [4];
  hostQuery(name: string, arg: Uint8Array): Uint8Array;
}

/** What generated entry glue registers: the dispatch from a function name to a method. */
export interface ContractEntry {
  readonly name: string;
  readonly functions: readonly string[];
  dispatch(fnName: string, arg: Uint8Array): Uint8Array;
}

/** Thrown when the contract-side API is used outside a Shortcrust sandbox (e.g. in plain node). */
export class NotInSandboxError extends ShortcrustError {
  override name = "NotInSandboxError";
  constructor(what: string) {
    super(`${what}: not running inside a Shortcrust contract sandbox`, {
      hint: "contract-side functions only work in a deployed contract; test contracts through a runtime session",
    });
  }
}

export function isNotInSandboxError(err: unknown): err is NotInSandboxError {
  return err instanceof NotInSandboxError;
}

export function bridge(what: string): SandboxBridge {
  const b = (globalThis as { __shortcrust?: SandboxBridge }).__shortcrust;
  if (b === undefined) throw new NotInSandboxError(what);
  return b;
}
