/**
 * The gas schedule. Instrumented code pays 1 gas per AST node of each basic block (see
 * build/instrument.ts); the host and the sandbox prelude charge the rest. Byte costs follow
 * piecrust's 4 gas per stored/emitted byte.
 */
export const GAS = {
  /** Every call frame (top-level or nested), before the contract runs. */
  CALL_BASE: 1_000,
  /** Per byte of a call's argument (charged to the callee's frame, as piecrust copies argbufs). */
  CALL_ARG_BYTE: 1,
  /** Reading a record: base + per byte of key and value. */
  STATE_READ_BASE: 50,
  STATE_READ_BYTE: 1,
  /** Writing or deleting a record: base + per byte of key and value. */
  STATE_WRITE_BASE: 200,
  STATE_WRITE_BYTE: 4,
  /** Ephemeral data costs like state (it is journaled the same way). */
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
  /** A host query: base + its own price. */
  HOST_QUERY_BASE: 100,
  /** Inter-contract call: the caller pays this + per argument byte before the callee's frame. */
  ICC_BASE: 500,
  ICC_ARG_BYTE: 4,
  /** Child default limit: 93% of the caller's remaining gas (piecrust's GAS_PASS_PCT). */
  PASS_PCT: 93,
} as const;

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
