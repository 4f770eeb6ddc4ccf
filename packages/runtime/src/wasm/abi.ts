import { I32, I64 } from "./meter/module";

/** The piecrust ABI's constants (see docs: /work/shared/reference/piecrust-abi.md). */
export const ARGBUF_LEN = 65536;
export const PAGE_SIZE = 65536;
/** The argbuf offset export. */
export const ARGBUF_EXPORT = "A";
export const MEMORY_EXPORT = "memory";
export const INIT_EXPORT = "init";
/**
 * Our memory cap per contract (pages): piecrust reserves 4 GiB per contract; in-process we stop
 * `memory.grow` at 64 MiB (it returns -1 past it, as at any maximum), a deterministic limit.
 */
export const MAX_MEMORY_PAGES = 1024;

/** Every import the VM provides (module `env`), with its exact signature. */
export const IMPORTS: Readonly<Record<string, { params: number[]; results: number[] }>> = {
  c: { params: [I32, I32, I32, I32, I64], results: [I32] },
  hq: { params: [I32, I32, I32], results: [I32] },
  hd: { params: [I32, I32], results: [I32] },
  emit: { params: [I32, I32, I32], results: [] },
  feed: { params: [I32], results: [] },
  caller: { params: [], results: [I32] },
  callstack: { params: [], results: [I32] },
  limit: { params: [], results: [I64] },
  spent: { params: [], results: [I64] },
  owner: { params: [I32], results: [I32] },
  self_id: { params: [], results: [] },
  panic: { params: [I32], results: [] },
  hdebug: { params: [I32], results: [] },
};

/** Result codes of `c` (piecrust's ContractError). */
export const CALL_PANIC = -1;
export const CALL_OUT_OF_GAS = -2;
export const CALL_DOES_NOT_EXIST = -3;
export const CALL_UNKNOWN = -2147483648;

/** Gas per byte of an event's topic and data (piecrust's `emit`). */
export const EVENT_BYTE_GAS = 4;

/** Exports our own passes add; a contract may not use the prefix. */
export const RESERVED_PREFIX = "__sc_";
