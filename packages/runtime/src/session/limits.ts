/** piecrust's MAX_CALL_DEPTH. */
export const MAX_CALL_DEPTH = 48;
/** piecrust's ARGBUF_LEN: arguments, returns, event data, metadata values, feeds, panic messages. */
export const MAX_VALUE_BYTES = 64 * 1024;
/** Per-contract QuickJS heap limit. */
export const MEMORY_LIMIT_BYTES = 32 * 1024 * 1024;
/**
 * Per-contract QuickJS stack limit: about 600 JS frames. QuickJS measures its own (emscripten
 * shadow) stack, while the WASM frames live on node's native stack; the limit must trip before
 * node's does (at 512 KiB node overflows first, which would leave the runtime unusable).
 */
export const STACK_LIMIT_BYTES = 128 * 1024;
/**
 * Default wall-clock safety net per top-level call (`VmOptions.wallClockLimitMs`): gas ends calls;
 * one still running after this fails with `WallClockError`, never as out of gas.
 */
export const BACKSTOP_MS = 20_000;
/**
 * The metered interpreter's call-stack budget (the meter's deterministic share per WASM function
 * entry, see `src/wasm/meter/costs.ts`): it must trip before node's native stack does.
 */
export const INTERPRETER_STACK_BUDGET = 4 * 1024 * 1024;
