/** piecrust's MAX_CALL_DEPTH. */
export const MAX_CALL_DEPTH = 48;
/** piecrust's ARGBUF_LEN: arguments, returns, event data, metadata values, feeds, panic messages. */
export const MAX_VALUE_BYTES = 64 * 1024;
/** Per-contract QuickJS heap limit. */
export const MEMORY_LIMIT_BYTES = 32 * 1024 * 1024;
/** Per-contract QuickJS stack limit (piecrust gives wasm 512 KiB). */
export const STACK_LIMIT_BYTES = 512 * 1024;
/** Wall-clock backstop per top-level call; gas should always end a call long before this. */
export const BACKSTOP_MS = 20_000;
