/** piecrust's MAX_CALL_DEPTH. */
export const MAX_CALL_DEPTH = 48;
/** piecrust's ARGBUF_LEN: arguments, returns, event data, metadata values, feeds, panic messages. */
export const MAX_VALUE_BYTES = 64 * 1024;
/** Per-contract QuickJS heap limit. */
export const MEMORY_LIMIT_BYTES = 32 * 1024 * 1024;
/**
 * Per-contract QuickJS stack limit (its own check of its emscripten shadow stack, deterministic):
 * about 170 frames of a small recursive function. The interpreter's WASM frames live on node's
 * native stack, where a frame of its interpreter loop takes up to ≈ 2.4 KiB before V8 optimises
 * it: at 128 KiB a lean recursion reached 677 frames, past node's 984 KiB in some runs.
 */
export const STACK_LIMIT_BYTES = 32 * 1024;
/**
 * What to tell a user whose contract hit one of the sandbox's own limits (the engine's messages
 * for them), or undefined for any other panic. A calling contract sees a `Panic` either way, as
 * it would a WASM trap in piecrust.
 */
export function sandboxLimitHint(message: string): string | undefined {
  if (message === "stack overflow")
    return "a contract's stack holds about 170 frames of a small recursive function: write deep recursion as a loop";
  if (message === "out of memory")
    return `a contract's heap is limited to ${MEMORY_LIMIT_BYTES >>> 20} MiB per sandbox: keep large data in state collections`;
  return undefined;
}
/**
 * Default wall-clock safety net per top-level call (`VmOptions.wallClockLimitMs`): gas ends calls;
 * one still running after this fails with `WallClockError`, never as out of gas.
 */
export const BACKSTOP_MS = 20_000;
/**
 * The call tree's stack budget for TypeScript contracts, in the meter's units (a deterministic
 * share per WASM function entry, `src/wasm/meter/costs.ts`), shared by every frame of the tree
 * (`wasm/meter/call-stack.ts`). It must run out before node's native stack (984 KiB by default)
 * does in the worst case, a process whose interpreter code is not yet optimised. The meter's
 * units cover the interpreter's WASM frames but not node's frames around them, so a QuickJS
 * frame also pays `INTERPRETER_ENTRY_STACK` at entry. Measured in fresh processes: a nested level
 * of a call through a generated client takes ≈ 24 KiB of node's stack and 9.6 Ki units of frames
 * (a hand-written fixture's ≈ 6 KiB and 7 Ki), a lean recursion ≈ 2.4 KiB per 1,088-unit frame;
 * under jest, 400 Ki units of lean recursion was the most that never reached node's limit. At
 * 320 Ki a generated-client chain stops at depth 16, every known workload stays inside 700 KiB of
 * node's stack (`determinism.test.ts` runs the corpus so), and the caller keeps the rest.
 */
export const INTERPRETER_STACK_BUDGET = 320 * 1024;
/** What a QuickJS frame's entry takes from the tree's budget for node's frames (see above). */
export const INTERPRETER_ENTRY_STACK = 10 * 1024;
