import type { RuntimeError } from "../errors";
import type { DispatchResult, HostHooks, StateWrite } from "../sandbox/instance";

/**
 * What a session needs from a contract instance, whatever runs it (QuickJS for TypeScript
 * contracts, WebAssembly for piecrust-ABI contracts). `dispatch` runs one frame with `gas` to
 * spend; failures come back as values (or as the fault the host hooks recorded).
 */
export interface EngineInstance {
  readonly functions: ReadonlySet<string>;
  /** Wall-clock backstop (QuickJS's interrupt handler); engines without one ignore it. */
  deadline: number;
  dispatch(
    fnName: string,
    arg: Uint8Array,
    gas: number,
    limit: number,
    epoch: number,
  ): EngineResult;
  dispose(): void;
  /** Gas a frame pays before the contract runs; the QuickJS schedule when absent. */
  frameCost?(argLen: number): number;
  /** Present when the contract's state is linear memory the session must journal and persist. */
  readonly memory?: MemoryState;
}

/** A dispatch outcome: the QuickJS results, or a typed failure the engine classified itself. */
export type EngineResult = DispatchResult | { kind: "error"; error: RuntimeError };

/** The host hooks every engine gets (the QuickJS sandbox's, debug output included). */
export type EngineHooks = HostHooks;

/**
 * Memory-as-state: the session snapshots an instance's memory when a frame enters it, restores it
 * when that frame's subtree fails, and asks for the changed pages after a top-level call succeeds.
 */
export interface MemoryState {
  /** A token restoring the memory as it is now. */
  snapshot(): unknown;
  restore(token: unknown): void;
  /** The records to write for what changed since the last settle (null when nothing did). */
  settle(): StateWrite[] | null;
}
