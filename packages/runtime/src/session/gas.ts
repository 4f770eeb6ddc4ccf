/**
 * The gas schedule. Instrumented code pays 1 gas per AST node of each basic block (see
 * instrument.ts of @shortcrust/artifact); the host and the sandbox prelude charge the rest. Byte costs follow
 * piecrust's 4 gas per stored/emitted byte.
 */
export const GAS = {
  /** Every call frame (top-level or nested), before the contract runs. */
  CALL_BASE: 1_000,
  /** Per byte of a call's argument (charged to the callee's frame, as piecrust copies argbufs). */
  CALL_ARG_BYTE: 1,
  /**
   * Reading a record: base + per byte of key and value. Ephemeral data is charged by the same
   * four constants as state (the prelude's `ephemeralGet` / `ephemeralSet`).
   */
  STATE_READ_BASE: 50,
  STATE_READ_BYTE: 1,
  /** Writing or deleting a record: base + per byte of key and value. */
  STATE_WRITE_BASE: 200,
  STATE_WRITE_BYTE: 4,
  /** An event: base + per byte of topic and data (piecrust: 4 × (topic + data)). */
  EVENT_BASE: 100,
  EVENT_BYTE: 4,
  /** A feed: base + per byte. */
  FEED_BASE: 100,
  FEED_BYTE: 1,
  /** Reading a metadata value or the call context. */
  META_BASE: 50,
  META_BYTE: 1,
  CONTEXT_BASE: 20,
  /**
   * A debug line (piecrust's `hdebug`): base + per UTF-16 unit of the message (the host reads
   * it natively; an ASCII message costs 1 per byte). Charged whether or not anyone reads it.
   */
  DEBUG_BASE: 100,
  DEBUG_CHAR: 1,
  /** A host query: base + its own price. */
  HOST_QUERY_BASE: 100,
  /** Inter-contract call: the caller pays this + per argument byte before the callee's frame. */
  ICC_BASE: 500,
  ICC_ARG_BYTE: 4,
  /** Child default limit: 93% of the caller's remaining gas (piecrust's GAS_PASS_PCT). */
  PASS_PCT: 93,
  /**
   * Native built-ins (src/sandbox/guest/meter/): the trusted prelude wraps every built-in whose work
   * grows with a size the contract controls and charges, before the work where the size is known
   * (after it, bounded by the heap limit, where only the result tells: see the README's gas
   * table), `NATIVE_CALL` + a size term. Rates are set from measured native speeds so that a gas
   * of native work takes about as long as a gas of instrumented code (8–30 ns in QuickJS-in-WASM
   * on the bench machine: a tight arithmetic loop runs at ≈ 8 ns per gas).
   */
  NATIVE_CALL: 1,
  /** Per JS value a built-in reads, writes, compares or creates (elements, keys, pieces, steps). */
  NATIVE_ELEMENT: 4,
  /** Typed-array / ArrayBuffer bytes allocated, copied, filled or scanned per gas. */
  NATIVE_BYTES_PER_GAS: 16,
  /** String code units read or written per gas (repeat, pad, slice, case, trim, search…). */
  NATIVE_CHARS_PER_GAS: 2,
  /** Per code unit parsed, formatted or matched: JSON, RegExp execution, normalize. */
  NATIVE_PARSE_CHAR: 4,
  /** Every RegExp match attempt (exec, also inside test / replace / split / match): it builds a result object. */
  NATIVE_REGEX_EXEC: 100,
  /**
   * Per step of a match's upper bound (start positions × alternatives × (length + 1)^unbounded
   * quantifiers, see packages/artifact/src/regex-shape.ts), charged before the match runs.
   */
  NATIVE_REGEX_STEP: 1,
  /** Arguments spread by Function.prototype.apply / Reflect.apply / Reflect.construct per gas. */
  NATIVE_ARGS_PER_GAS: 1,
  /** Per element of Promise.all / allSettled / any / race (a promise, a then and closures each). */
  NATIVE_PROMISE_ELEMENT: 256,
  /** The prelude's UTF-8 TextEncoder / TextDecoder, per UTF-16 unit encoded or byte decoded. */
  UTF8_UNIT: 24,
} as const;

/**
 * The engine's share of gas. A frame's gas is the schedule's (above, the frame's base included)
 * or its interpreter's WASM operators (piecrust's operator costs, `src/wasm/meter/costs.ts`) /
 * ENGINE_OPS_PER_GAS, whichever is more, enforced continuously: the interpreter runs on
 * limit × ENGINE_OPS_PER_GAS fuel, less what calls out charged. Chosen by measurement (runtime
 * README § Gas) so ordinary code stays on the schedule (engine ≤ 0.5× schedule), while native work
 * the schedule cannot see (BigInt operators on huge values, hashing and comparing long strings,
 * ToNumber of long strings) ends by gas, at 5M gas within well under a second.
 */
export const ENGINE_OPS_PER_GAS = 1200;

/** A frame's gas left under the max rule: the schedule's, or `limit − engineSpent` when less. */
export function frameGasLeft(scheduleLeft: number, limit: number, engineSpent: number): number {
  return Math.min(scheduleLeft, limit - engineSpent);
}

/** piecrust's `rem/100*93 + rem%100*93/100`, in integers. */
export function defaultChildLimit(remaining: number): number {
  return (
    Math.floor(remaining / 100) * GAS.PASS_PCT +
    Math.floor(((remaining % 100) * GAS.PASS_PCT) / 100)
  );
}

/** Gas counters are doubles in the sandbox: limits above 2^53 − 1 are clamped. */
export function clampGas(limit: bigint): number {
  return limit > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(limit);
}
