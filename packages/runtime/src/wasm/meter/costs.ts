/**
 * piecrust's gas cost table for WASM operators (wasmtime fuel with piecrust's store costs), the
 * one home of these numbers. Every operator costs 1 except the structural ones below (0) and the
 * stores (piecrust's 4 gas per stored byte, with narrower stores raised to 16).
 */
export const ZERO_COST_OPCODES: ReadonlySet<number> = new Set([
  0x00, // unreachable
  0x01, // nop
  0x02, // block
  0x03, // loop
  0x05, // else
  0x0b, // end
  0x0f, // return
  0x1a, // drop
]);

/** 4-byte and narrower stores. */
export const STORE32_COST = 16;
/** 8-byte stores. */
export const STORE64_COST = 32;
/** v128 stores (SIMD is refused at validation; listed so the table is complete). */
export const STORE128_COST = 64;
export const DEFAULT_OP_COST = 1;

/** The cost of one operator: `op` is its first byte (prefixed operators always cost the default). */
export function operatorCost(op: number): number {
  if (ZERO_COST_OPCODES.has(op)) return 0;
  switch (op) {
    case 0x37: // i64.store
    case 0x39: // f64.store
      return STORE64_COST;
    case 0x36: // i32.store
    case 0x38: // f32.store
    case 0x3a: // i32.store8
    case 0x3b: // i32.store16
    case 0x3c: // i64.store8
    case 0x3d: // i64.store16
    case 0x3e: // i64.store32
      return STORE32_COST;
    default:
      return DEFAULT_OP_COST;
  }
}

/**
 * Operators that end a basic block for accounting (wasmtime adds the block's pending fuel to the
 * counter before them): calls, returns, branches, `if`, `else`, `end`, `loop`, `unreachable`.
 */
export const FLUSH_OPCODES: ReadonlySet<number> = new Set([
  0x00, 0x03, 0x04, 0x05, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11,
]);

/**
 * Call-stack budget. V8's native stack decides where deep recursion overflows, and that point
 * moves when a function tiers up (measured: 18,310 → 25,141 frames for one function) or with its
 * frame size (606 frames with 200 locals), so an overflow would make outcomes depend on the JIT.
 * Instead every function entry takes a deterministic share of a budget and gives it back on exit;
 * running out traps ("call stack exhausted") long before V8's stack does. The share follows the
 * measured Liftoff frame size (≈ 54 bytes + 8 per local), doubled for operand spills.
 */
export const STACK_BUDGET = 256 * 1024;
export function stackFrameCost(paramsAndLocals: number): number {
  return 2 * (64 + 8 * paramsAndLocals);
}

/**
 * Dirty-block tracking (the metered QuickJS interpreter's snapshot/restore): 256-byte blocks, one
 * map byte each, a 2^19-byte map covering 128 MiB. The metered module's memory is capped at that
 * size (`DIRTY_MEMORY_MAX_PAGES`, written into its memory limits), so every address a store can
 * reach has its own map byte. (One increment marks ~100 blocks of 256 B where it marked 96 pages
 * of 4 KiB: the restore copies ~15× fewer bytes; the map scan is 16× longer and runs in WASM.)
 */
export const DIRTY_BLOCK_SHIFT = 8;
export const DIRTY_BLOCK_BYTES = 1 << DIRTY_BLOCK_SHIFT;
export const DIRTY_MAP_BYTES = 1 << 19;
/** The memory cap of a dirty-tracked module, in 64 KiB WASM pages (128 MiB). */
export const DIRTY_MEMORY_MAX_PAGES = (DIRTY_MAP_BYTES << DIRTY_BLOCK_SHIFT) >>> 16;
/**
 * `memory.copy` / `memory.fill` pay 1 gas per 2^BULK_BYTES_SHIFT bytes on top of the operator
 * (wasmtime charges the operator only; for the interpreter a long string copy is one operator).
 */
export const BULK_BYTES_SHIFT = 4;
