import { createBLAKE3, type IHasher } from "hash-wasm";
import { verifyDeployable } from "./deployable";
import { hex, SessionError } from "../errors";
import { interpreterImage, type InterpreterImage } from "../sandbox/quickjs";
import { Session, type MetadataInput } from "../session/session";
import type { StateStore } from "../store/api";
import { memoryStore, openStore } from "../store/open";
import { compileContract, type CompiledContract } from "../wasm/compile";
import { builtinHostQueries } from "../hostq/builtin";
import { BACKSTOP_MS } from "../session/limits";
import type { HostQuery, SandboxSource, VmCore } from "./core";

export interface SessionOptions {
  /** The commit to start from; genesis (empty state) when absent. */
  readonly base?: Uint8Array;
  /** Session metadata: key → archived bytes (or a generated typed builder's output). */
  readonly metadata?: MetadataInput;
  /** Host queries hidden from this session (rusk's activation by height). */
  readonly excludeHostQueries?: readonly string[];
}

export interface VmOptions {
  /**
   * Register the built-in host queries (`verify_ed25519`, `verify_bls`, `blake2b_256`, `sha256`;
   * see the runtime README). Default true.
   */
  readonly builtinHostQueries?: boolean;
  /** Host queries to register after the built-ins (a name already taken is replaced). */
  readonly hostQueries?: ReadonlyMap<string, HostQuery> | Readonly<Record<string, HostQuery>>;
  /**
   * The wall-clock safety net, in ms per top-level call (default 20 000). Gas ends calls; a call
   * still running after this long fails with `WallClockError` and leaves nothing behind.
   */
  readonly wallClockLimitMs?: number;
}

/**
 * The VM: a store of commits, the shared QuickJS module and the registered host queries.
 * Sessions start from a commit (or genesis) and never see each other's changes.
 */
export class VM implements VmCore {
  private readonly queries = new Map<string, HostQuery>();
  private readonly verified = new Set<string>();
  private readonly compiled = new Map<string, CompiledContract>();
  private readonly sources = new Map<string, SandboxSource>();

  private constructor(
    private readonly store: StateStore,
    readonly interpreter: InterpreterImage,
    private readonly hasher: IHasher,
    readonly wallClockLimitMs: number,
  ) {}

  /** An in-memory VM: commits live as long as this object. */
  static async ephemeral(options: VmOptions = {}): Promise<VM> {
    return VM.withStore(await memoryStore(), options);
  }

  /** A persistent VM over the store in `dir` (created if missing). */
  static async open(dir: string, options: VmOptions = {}): Promise<VM> {
    return VM.withStore(await openStore(dir), options);
  }

  /** A VM over any `StateStore` (for embedders and tests). */
  static async withStore(store: StateStore, options: VmOptions = {}): Promise<VM> {
    const [interpreter, hasher, builtins] = await Promise.all([
      interpreterImage(),
      createBLAKE3(),
      options.builtinHostQueries === false ? undefined : builtinHostQueries(),
    ]);
    const wallClock = options.wallClockLimitMs ?? BACKSTOP_MS;
    if (!(wallClock > 0)) {
      throw new SessionError(`wallClockLimitMs must be a positive number of ms, got ${wallClock}`);
    }
    const vm = new VM(store, interpreter, hasher, wallClock);
    for (const [name, q] of builtins ?? []) vm.registerHostQuery(name, q);
    const extra = options.hostQueries;
    if (extra !== undefined) {
      const entries = extra instanceof Map ? extra.entries() : Object.entries(extra);
      for (const [name, q] of entries) vm.registerHostQuery(name, q);
    }
    return vm;
  }

  get hostQueries(): ReadonlyMap<string, HostQuery> {
    return this.queries;
  }

  /**
   * Offers a host query to sessions (all of them, unless a session excludes it); replaces one
   * registered under the same name (a built-in too).
   */
  registerHostQuery(name: string, query: HostQuery): void {
    if (typeof query?.price !== "function" || typeof query?.execute !== "function") {
      throw new SessionError(`registerHostQuery("${name}"): expected { price(arg), execute(arg) }`);
    }
    this.queries.set(name, query);
  }

  /** Withdraws a host query (a built-in too); returns whether one was registered. */
  unregisterHostQuery(name: string): boolean {
    return this.queries.delete(name);
  }

  session(options: SessionOptions = {}): Session {
    const state = this.store.checkout(options.base ?? null);
    return new Session(this, state, options.metadata, new Set(options.excludeHostQueries ?? []));
  }

  commits(): Uint8Array[] {
    return this.store.commits();
  }

  deleteCommit(root: Uint8Array): Promise<void> {
    return this.store.deleteCommit(root);
  }

  finalizeCommit(root: Uint8Array): Promise<void> {
    return this.store.finalizeCommit(root);
  }

  close(): Promise<void> {
    return this.store.close();
  }

  blake3(bytes: Uint8Array): Uint8Array {
    this.hasher.init();
    this.hasher.update(bytes);
    return this.hasher.digest("binary");
  }

  sandboxSource(artifactHash: string): SandboxSource | undefined {
    return this.sources.get(artifactHash);
  }

  rememberSandboxSource(artifactHash: string, source: SandboxSource): void {
    this.sources.set(artifactHash, source);
  }

  verify(artifact: Uint8Array, code: string, name: string): void {
    const key = hex(this.blake3(artifact));
    if (this.verified.has(key)) return;
    verifyDeployable(code, name);
    this.verified.add(key);
  }

  wasm(bytes: Uint8Array): CompiledContract {
    const key = hex(this.blake3(bytes));
    let c = this.compiled.get(key);
    if (c === undefined) {
      c = compileContract(bytes);
      this.compiled.set(key, c);
    }
    return c;
  }
}
