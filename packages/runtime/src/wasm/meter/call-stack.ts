/**
 * One native stack runs a whole call tree: every frame of every engine (metered QuickJS, piecrust-
 * ABI WASM) and the host's own frames between them sit on node's stack, whose limit V8 checks with
 * frame sizes that change as code tiers up. So the budget that ends deep trees must be one budget
 * for the tree, not one per engine or per instance: a frame entered while another frame is
 * calling out continues from what that frame had left at its call-out; only a top-level frame
 * starts from its engine's full budget. Calls are synchronous, so the innermost call-out is the
 * one that counts.
 */
let leftAtCallOut: number | undefined;

/** The stack budget a frame entered now starts from (capped at its engine's full budget). */
export function stackAtEntry(fullBudget: number): number {
  return leftAtCallOut === undefined ? fullBudget : Math.min(leftAtCallOut, fullBudget);
}

/** A frame calls out with `left` of the budget; returns what `leaveCallOut` restores. */
export function enterCallOut(left: number): number | undefined {
  const outer = leftAtCallOut;
  leftAtCallOut = left;
  return outer;
}

export function leaveCallOut(outer: number | undefined): void {
  leftAtCallOut = outer;
}

/**
 * Node's own stack ran out inside a frame: the budget's model of frame sizes fell short. Where it
 * runs out depends on the JIT, not on gas, so no frame may make a result of it (a caller could
 * catch it): engines report it as the frame's fault, and the session fails the whole top-level
 * call, as it does for the wall clock.
 */
export class HostStackOverflow extends Error {
  constructor(cause: unknown) {
    super("the host's native stack ran out", { cause });
  }
}

/** V8's own stack overflow, or one an engine already reported. */
export function isHostStackOverflow(e: unknown): boolean {
  return (
    e instanceof HostStackOverflow ||
    (e instanceof RangeError && /Maximum call stack size exceeded/.test(e.message))
  );
}
