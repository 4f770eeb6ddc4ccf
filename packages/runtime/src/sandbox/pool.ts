import type { ContractInstance } from "./instance";

/**
 * Idle sandboxes per artifact hash, process-wide (across sessions and VMs). A sandbox is back at
 * its post-load snapshot whenever no frame holds it, so any session may take it: a contract's
 * first call in a new session is a warm call, and deploying an artifact already loaded once
 * costs no load. Bounded: an interpreter reserves 16 MiB of WASM memory (its snapshot keeps only
 * the pages that are not zero); past the bound the oldest idle one is dropped (garbage
 * collected with its memory, nothing to dispose inside it).
 */
export class SandboxPool {
  private readonly free = new Map<string, ContractInstance[]>();
  private idle = 0;

  constructor(readonly maxIdle: number) {}

  take(key: string): ContractInstance | undefined {
    const list = this.free.get(key);
    const inst = list?.pop();
    if (inst === undefined) return undefined;
    this.idle--;
    if (list!.length === 0) this.free.delete(key);
    return inst;
  }

  give(key: string, inst: ContractInstance): void {
    if (inst.broken || inst.busy) return;
    let list = this.free.get(key);
    if (list === undefined) {
      list = [];
      this.free.set(key, list);
    }
    list.push(inst);
    this.idle++;
    while (this.idle > this.maxIdle) this.evict();
  }

  /** Idle sandboxes held (for tests and the bench). */
  get size(): number {
    return this.idle;
  }

  /** The idle sandboxes (for tests: each must be at its snapshot). */
  *idleInstances(): IterableIterator<ContractInstance> {
    for (const list of this.free.values()) yield* list;
  }

  /** Drops every idle sandbox. */
  clear(): void {
    this.free.clear();
    this.idle = 0;
  }

  private evict(): void {
    // Maps iterate in insertion order: the artifact idle the longest goes first.
    const [key, list] = this.free.entries().next().value as [string, ContractInstance[]];
    list.shift();
    this.idle--;
    if (list.length === 0) this.free.delete(key);
  }
}

/** The process's pool (32 idle sandboxes: at most 512 MiB of reserved WASM memory). */
export const sandboxPool = new SandboxPool(32);
