import { FRAME_ABI, isShortcrustError } from "@shortcrust/sdk";
import type { ContractMeta, SessionState, StateProof } from "../store/api";
import { isArtifactBytes } from "@shortcrust/artifact";
import { decodeArtifact } from "../vm/deployable";
import {
  ArtifactError,
  ContractFailure,
  DoesNotExistError,
  FunctionNotFoundError,
  hex,
  InitializationError,
  LimitError,
  MissingFeedError,
  MissingHostQueryError,
  OutOfGasError,
  PanicError,
  RuntimeError,
  SessionError,
  ValidationError,
  WallClockError,
} from "../errors";
import { ContractInstance, type StateWrite } from "../sandbox/instance";
import { sandboxPool } from "../sandbox/pool";
import { newInterpreter } from "../sandbox/quickjs";
import { isWasm } from "../wasm/meter/module";
import { WasmInstance } from "../wasm/instance";
import type { EngineHooks, EngineInstance, MemoryState } from "./engine";
import type { VmCore } from "../vm/core";
import { isHostStackOverflow } from "../wasm/meter/call-stack";
import { clampGas, defaultChildLimit, GAS } from "./gas";
import { JournaledMap } from "./journal";
import { MAX_CALL_DEPTH, MAX_VALUE_BYTES, sandboxLimitHint } from "./limits";
import { framesOf, pointAtContract, withoutTrace } from "./failure-report";
import { TreeNode, type CallReceipt, type DebugLine, type Event } from "./receipt";

export interface DeployOptions {
  /** Required: arbitrary owner bytes (piecrust panics without one; we throw). */
  readonly owner: Uint8Array;
  /** The argument of `init` (archived bytes); unit (empty bytes) when absent. */
  readonly initArg?: Uint8Array;
  /** Defaults to blake3 of the artifact bytes. */
  readonly contractId?: Uint8Array;
  readonly gasLimit: bigint;
}

export interface DeployResult {
  readonly contractId: Uint8Array;
  /** The receipt of `init`; absent when the contract has no `init`. */
  readonly receipt?: CallReceipt<Uint8Array>;
}

/** The parts of a codec a typed call needs (composed or generated codecs satisfy it). */
export interface ArgCodec<A> {
  archive(value: A): Uint8Array;
}
export interface RetCodec<R> {
  deserialize(bytes: Uint8Array): R;
}

/** Key → archived bytes; a typed metadata builder should produce one of these. */
export type MetadataInput =
  | ReadonlyMap<string, Uint8Array>
  | Readonly<Record<string, Uint8Array>>
  | Iterable<readonly [string, Uint8Array]>;

/** What a session knows about a TypeScript contract it has called (its sandboxes are pooled). */
interface SandboxSlot {
  /** The pool's key: the artifact hash (instances are interchangeable per artifact). */
  readonly key: string;
  readonly code: string;
  readonly name: string;
  readonly hooks: EngineHooks;
}

interface Frame {
  readonly contractId: Uint8Array;
  readonly idHex: string;
  readonly fnName: string;
  readonly instance: EngineInstance;
  /** A pooled sandbox this frame took (not a re-entry): it goes back when the frame ends. */
  readonly pooled?: string;
  readonly node: TreeNode;
  /** A host-side failure: once set the frame fails whatever the contract catches. */
  fault?: RuntimeError;
}

type FrameResult =
  | { ok: true; data: Uint8Array; spent: number; node: TreeNode }
  | { ok: false; error: RuntimeError };

/**
 * A session: isolated changes over a base commit (or genesis). TypeScript contracts run in
 * sandboxes taken per frame from a process-wide pool (each back at its post-load snapshot when no
 * frame holds it; a re-entered contract shares its outer frame's); WASM contracts in instances
 * kept for the session (their memory is state). Every top-level call is atomic; `commit()`
 * persists the changes and returns the root.
 */
export class Session {
  /** WASM contracts' instances. */
  private readonly instances = new Map<string, EngineInstance>();
  /** TypeScript contracts called in this session. */
  private readonly slots = new Map<string, SandboxSlot>();
  /** Memory snapshots of the WASM frames entered in this top-level call, in entry order. */
  private readonly memJournal: { contractId: Uint8Array; memory: MemoryState; token: unknown }[] =
    [];
  private readonly poisoned = new Set<string>();
  private readonly ephemeral = new JournaledMap();
  private readonly metadata = new Map<string, Uint8Array>();
  private readonly stack: Frame[] = [];
  private events: Event[] = [];
  private debugLines: DebugLine[] = [];
  private feeder: ((chunk: Uint8Array) => void) | undefined;
  private deployingInit = false;
  /** While a migration runs, its rollback mark must survive the calls it makes. */
  private migrating = 0;
  /** Bumped on every state rollback; sandboxes drop their record caches when it moves. */
  private epoch = 0;
  private closed = false;

  /** @internal Use `vm.session(…)`. */
  constructor(
    private readonly vm: VmCore,
    private readonly state: SessionState,
    metadata: MetadataInput | undefined,
    private readonly excluded: ReadonlySet<string>,
  ) {
    if (metadata !== undefined) {
      const entries: Iterable<readonly [string, Uint8Array]> =
        metadata instanceof Map || Symbol.iterator in metadata
          ? (metadata as Iterable<readonly [string, Uint8Array]>)
          : Object.entries(metadata as Record<string, Uint8Array>);
      for (const [k, v] of entries) this.setMeta(k, v);
    }
  }

  // --- metadata -------------------------------------------------------------------------------

  meta(key: string): Uint8Array | undefined {
    return this.metadata.get(key);
  }

  /** Sets a metadata value (archived bytes, ≤ 64 KiB); returns the previous one. */
  setMeta(key: string, value: Uint8Array): Uint8Array | undefined {
    if (!(value instanceof Uint8Array)) {
      throw new SessionError(`setMeta("${key}"): expected archived bytes (a Uint8Array)`);
    }
    if (value.length > MAX_VALUE_BYTES) {
      throw new LimitError(
        `metadata "${key}" is ${value.length} bytes; the limit is ${MAX_VALUE_BYTES}`,
      );
    }
    const prev = this.metadata.get(key);
    this.metadata.set(key, new Uint8Array(value));
    return prev;
  }

  removeMeta(key: string): Uint8Array | undefined {
    const prev = this.metadata.get(key);
    this.metadata.delete(key);
    return prev;
  }

  // --- deploy ---------------------------------------------------------------------------------

  deploy(artifact: Uint8Array, options: DeployOptions): DeployResult {
    this.assertIdle("deploy");
    if (options === undefined || !(options.owner instanceof Uint8Array)) {
      throw new InitializationError("owner must be specified when deploying a contract", {
        hint: "pass { owner: <bytes> } to session.deploy",
      });
    }
    // Checked whether or not the contract has an init to spend it (as a call checks its own).
    checkGasLimit("deploy", options.gasLimit);
    if (!(artifact instanceof Uint8Array)) {
      throw new ArtifactError(
        `deploy: expected the contract's bytes (a Uint8Array), found ${typeof artifact === "string" ? `the string '${artifact}'` : artifact === null ? "null" : typeof artifact}`,
        {
          hint: "pass readFileSync(path) for a .wasm or a .scrt file, or buildArtifact(...)'s result",
        },
      );
    }
    const wasm = isWasm(artifact);
    let name: string;
    if (wasm) {
      this.vm.wasm(artifact); // validates (a typed error naming what is wrong), meters, compiles
      name = "";
    } else {
      if (!isArtifactBytes(artifact)) {
        const start = Buffer.from(artifact.subarray(0, 4)).toString("hex") || "nothing";
        throw new ArtifactError("deploy: neither a Shortcrust artifact nor a WASM module", {
          details: `its first bytes are ${start}: an artifact starts with 'SCRT', a WASM module with '\\0asm'`,
          hint: "build a TypeScript contract with `shortcrust build` (buildArtifact), a Rust one with cargo for wasm32",
        });
      }
      const parsed = decodeArtifact(artifact);
      if (!parsed.metered) {
        throw new ArtifactError(
          `artifact '${parsed.name}' is not gas-metered and cannot be deployed`,
        );
      }
      this.vm.verify(artifact, parsed.code, parsed.name);
      name = parsed.name;
    }
    const id = options.contractId ?? this.vm.blake3(artifact);
    if (id.length !== 32)
      throw new InitializationError(`contract id must be 32 bytes, got ${id.length}`);
    // A WASM contract has no name of its own: its id names it.
    if (wasm) name = `wasm contract ${hex(id)}`;
    if (this.state.contract(id) !== undefined) {
      throw new InitializationError(`a contract is already deployed at ${hex(id)}`, {
        hint:
          options.contractId === undefined
            ? "the default id is the hash of the bytes: pass a contractId to deploy the same code again"
            : undefined,
      });
    }
    const initArg = options.initArg ?? new Uint8Array(0);
    this.checkSize("init argument", initArg);
    const mark = this.state.mark();
    const meta: ContractMeta = {
      artifactHash: this.vm.blake3(artifact),
      owner: new Uint8Array(options.owner),
    };
    this.state.setContract(id, meta, artifact);
    let functions: ReadonlySet<string>;
    try {
      const probe = this.acquire(id, hex(id));
      functions = probe.instance.functions;
      this.release(probe);
    } catch (e) {
      this.rollbackState(mark);
      // The reason goes into the message: most callers print only that (not e.cause).
      const why = isShortcrustError(e)
        ? e.shortMessage
        : e instanceof Error
          ? e.message
          : String(e);
      throw new InitializationError(
        `deploying '${name}' failed while loading it: ${why.split("\n")[0]}`,
        { cause: e, hint: isShortcrustError(e) ? e.hint : undefined },
      );
    }
    if (!functions.has("init")) {
      if (options.initArg === undefined) return { contractId: id };
      // piecrust calls `init` when given an argument: a contract without one fails to deploy.
      this.rollbackState(mark);
      this.dropInstance(hex(id));
      throw new InitializationError(`'${name}' has no init function, but an initArg was given`, {
        hint: wasm
          ? "deploy it without initArg, or export an init function from the Rust contract"
          : "deploy it without initArg, or give the contract an init(...) method",
      });
    }
    this.deployingInit = true;
    try {
      const receipt = this.top(id, "init", initArg, options.gasLimit);
      return { contractId: id, receipt };
    } catch (e) {
      this.rollbackState(mark);
      this.dropInstance(hex(id));
      throw new InitializationError(`init of '${name}' failed`, {
        details: (e as Error).message,
        cause: e,
        // An init that takes arguments, deployed without them, fails reading none.
        hint:
          options.initArg === undefined
            ? "no initArg was given: if init takes arguments, pass initArg (a generated client's <contract>InitArg(…) archives them)"
            : undefined,
      });
    } finally {
      this.deployingInit = false;
    }
  }

  // --- calls ----------------------------------------------------------------------------------

  callRaw(
    contractId: Uint8Array,
    fnName: string,
    arg: Uint8Array,
    gasLimit: bigint,
  ): CallReceipt<Uint8Array> {
    this.assertIdle("callRaw");
    return this.top(contractId, fnName, arg, gasLimit);
  }

  /**
   * A typed call: archives `arg` with `argCodec` (or takes bytes), calls, then checks and
   * deserializes the return with `retCodec` (a ValidationError when the bytes fail the check).
   */
  call<A = Uint8Array, R = Uint8Array>(
    contractId: Uint8Array,
    fnName: string,
    arg: A,
    gasLimit: bigint,
    codecs: { argCodec?: ArgCodec<A>; retCodec?: RetCodec<R> } = {},
  ): CallReceipt<R> {
    let bytes: Uint8Array;
    if (codecs.argCodec) bytes = codecs.argCodec.archive(arg);
    else if (arg instanceof Uint8Array) bytes = arg;
    else throw new SessionError(`call ${fnName}: pass argCodec or archived bytes`);
    const receipt = this.callRaw(contractId, fnName, bytes, gasLimit);
    if (!codecs.retCodec) return receipt as unknown as CallReceipt<R>;
    let data: R;
    try {
      data = codecs.retCodec.deserialize(receipt.data);
    } catch (e) {
      throw new ValidationError(`${fnName} returned bytes that fail validation`, {
        details: (e as Error).message,
        cause: e,
      });
    }
    return { ...receipt, data };
  }

  /** Like `callRaw`; every `feed(bytes)` of the contract reaches `onFeed` as it happens. */
  feederCall(
    contractId: Uint8Array,
    fnName: string,
    arg: Uint8Array,
    gasLimit: bigint,
    onFeed: (chunk: Uint8Array) => void,
  ): CallReceipt<Uint8Array> {
    this.assertIdle("feederCall");
    this.feeder = onFeed;
    try {
      return this.top(contractId, fnName, arg, gasLimit);
    } finally {
      this.feeder = undefined;
    }
  }

  /**
   * Replaces a contract's code (piecrust's migrate): deploys `newArtifact` under a temporary id
   * (blake3 of it, or `contractId`), runs `fn(newId, session)` in which both are callable, then
   * moves the new contract (its fresh state and meta) onto the old id; `selfId` is the old id
   * afterwards. The owner is kept unless given. On any error the session is as before.
   */
  async migrate(
    contractId: Uint8Array,
    newArtifact: Uint8Array,
    options: { owner?: Uint8Array; contractId?: Uint8Array },
    gasLimit: bigint,
    fn: (newId: Uint8Array, session: Session) => void | Promise<void>,
  ): Promise<Session> {
    this.assertIdle("migrate");
    const old = this.state.contract(contractId);
    if (old === undefined) throw new DoesNotExistError(contractId);
    const mark = this.state.mark();
    const ephMark = this.ephemeral.mark();
    let newId: Uint8Array | undefined;
    this.migrating++;
    try {
      newId = this.deploy(newArtifact, {
        owner: options.owner ?? old.owner,
        contractId: options.contractId,
        gasLimit,
      }).contractId;
      await fn(newId, this);
      this.state.moveContract(newId, contractId);
    } catch (e) {
      this.rollbackState(mark);
      this.ephemeral.rollback(ephMark);
      throw e;
    } finally {
      this.migrating--;
      this.dropInstance(hex(contractId));
      if (newId) this.dropInstance(hex(newId));
    }
    return this;
  }

  // --- state ----------------------------------------------------------------------------------

  root(): Uint8Array {
    this.assertOpen();
    return this.state.root();
  }

  prove(contractId: Uint8Array, key: Uint8Array): StateProof {
    this.assertOpen();
    return this.state.prove(contractId, key);
  }

  /** Persists the session's changes as a commit; the session stays usable. */
  commit(): Promise<Uint8Array> {
    // A closed or busy session rejects, as any other failure of the commit does (never a throw
    // from a function that returns a promise).
    try {
      this.assertIdle("commit");
    } catch (e) {
      return Promise.reject(e);
    }
    return this.state.commit();
  }

  /** Ids of the contracts in this session's state. */
  contracts(): Uint8Array[] {
    return this.state.contractIds();
  }

  /** The owner of a deployed contract, or undefined. */
  owner(contractId: Uint8Array): Uint8Array | undefined {
    return this.state.contract(contractId)?.owner;
  }

  /** Disposes the sandboxes and releases the base commit. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const inst of this.instances.values()) inst.dispose();
    this.instances.clear();
    this.state.release();
  }

  // --- internals ------------------------------------------------------------------------------

  private assertOpen(): void {
    if (this.closed) throw new SessionError("the session is closed");
  }

  private assertIdle(what: string): void {
    this.assertOpen();
    if (this.stack.length > 0) {
      throw new SessionError(
        `${what} cannot be used while a call is running (from a host query or feeder)`,
      );
    }
  }

  private checkSize(what: string, b: Uint8Array): void {
    if (!(b instanceof Uint8Array)) throw new SessionError(`${what}: expected a Uint8Array`);
    if (b.length > MAX_VALUE_BYTES) {
      throw new LimitError(`${what} is ${b.length} bytes; the limit is ${MAX_VALUE_BYTES}`);
    }
  }

  /** A top-level call: atomic, with a receipt, or the failure thrown. */
  private top(
    contractId: Uint8Array,
    fnName: string,
    arg: Uint8Array,
    gasLimit: bigint,
  ): CallReceipt<Uint8Array> {
    if (!(contractId instanceof Uint8Array) || contractId.length !== 32) {
      const found =
        contractId instanceof Uint8Array ? String(contractId.length) : `a ${typeof contractId}`;
      throw new SessionError(`${fnName}: contract id: expected 32 bytes, found ${found}`);
    }
    this.checkSize(`argument of ${fnName}`, arg);
    checkGasLimit(fnName, gasLimit);
    if (fnName === "init" && !this.deployingInit) {
      throw new InitializationError("init call not allowed", { hint: "init runs once, at deploy" });
    }
    const limit = clampGas(gasLimit);
    const mark = this.state.mark();
    const ephMark = this.ephemeral.mark();
    this.events = [];
    this.debugLines = [];
    this.deadline = Date.now() + this.vm.wallClockLimitMs;
    this.wallClockHit = false;
    this.hostStackHit = false;
    let r: FrameResult;
    try {
      r = this.enter(contractId, fnName, arg, limit);
      // Time stopped some frame: whatever the frames above made of its failure, the tree's outcome
      // was the machine's, not gas's, so the whole call fails (and is rolled back below).
      if (this.wallClockHit) {
        r = {
          ok: false,
          error: new WallClockError(
            `${fnName} of ${hex(contractId)}`,
            this.vm.wallClockLimitMs,
            gasLimit,
          ),
        };
      } else if (this.hostStackHit) {
        // Node's stack ran out in some frame (where depends on the JIT, not on gas): as for the
        // clock, no frame's handling of that failure is a result (wasm/meter/call-stack.ts).
        r = {
          ok: false,
          error: new SessionError(
            `${fnName} of ${hex(contractId)}: the host's native stack ran out before the call tree's stack budget did`,
            {
              details:
                "where node's stack ends depends on the JIT, not on gas, so the call and everything it called were rolled back",
              hint: "call less deep, or run node with a larger --stack-size",
            },
          ),
        };
      }
    } catch (e) {
      // A host-side bug or a throwing embedder callback: still leave the session as before.
      r = {
        ok: false,
        error:
          e instanceof RuntimeError
            ? e
            : new SessionError("the call failed in the host", { cause: e }),
      };
      for (const f of this.stack) this.poisoned.add(f.idHex);
      this.stack.length = 0;
    }
    const events = this.events;
    this.events = [];
    const debug = this.debugLines;
    this.debugLines = [];
    if (r.ok) this.settleMemories();
    else this.restoreMemories(0);
    this.memJournal.length = 0;
    for (const id of this.poisoned) this.dropInstance(id);
    this.poisoned.clear();
    if (r.ok && this.migrating === 0) {
      this.ephemeral.settle();
      // A deploy's mark is still live while its init runs (it rolls back if init fails).
      if (!this.deployingInit) this.state.settle();
    }
    if (!r.ok) {
      // Deliberately unlike piecrust: a failed top-level call leaks nothing into a later receipt.
      this.rollbackState(mark);
      this.ephemeral.rollback(ephMark);
      // State and events are gone, but the person debugging still sees what the call printed.
      r.error.withDebug(debug);
      pointAtContract(r.error);
      throw r.error;
    }
    return {
      data: r.data,
      gasSpent: BigInt(r.spent),
      gasLimit,
      events,
      debug,
      callTree: r.node.flatten(),
    };
  }

  private deadline = Number.POSITIVE_INFINITY;
  /** Whether the wall-clock safety net interrupted a frame of the running top-level call. */
  private wallClockHit = false;
  /** Whether node's own stack ran out in a frame of the running top-level call. */
  private hostStackHit = false;

  /** Runs one frame; failures revert its subtree and come back as values. */
  private enter(
    contractId: Uint8Array,
    fnName: string,
    arg: Uint8Array,
    limit: number,
  ): FrameResult {
    if (this.stack.length >= MAX_CALL_DEPTH) {
      return {
        ok: false,
        error: new LimitError(`maximum call depth exceeded (${MAX_CALL_DEPTH})`),
      };
    }
    const idHex = this.hexOf(contractId);
    // A live sandbox means the contract exists (sandboxes are dropped whenever a deploy or a
    // migration is rolled back), so the store is asked only on a contract's first call.
    if (
      contractId.length !== 32 ||
      (!this.instances.has(idHex) &&
        !this.slots.has(idHex) &&
        this.state.contract(contractId) === undefined)
    ) {
      return { ok: false, error: new DoesNotExistError(contractId) };
    }
    let held: { instance: EngineInstance; pooled?: string };
    try {
      held = this.acquire(contractId, idHex);
    } catch (e) {
      if (isHostStackOverflow(e)) this.hostStackHit = true;
      return {
        ok: false,
        error: e instanceof RuntimeError ? e : new ArtifactError("loading failed", { cause: e }),
      };
    }
    try {
      return this.enterWith(contractId, idHex, fnName, arg, limit, held);
    } finally {
      this.release(held);
    }
  }

  private enterWith(
    contractId: Uint8Array,
    idHex: string,
    fnName: string,
    arg: Uint8Array,
    limit: number,
    held: { instance: EngineInstance; pooled?: string },
  ): FrameResult {
    const instance = held.instance;
    if (!instance.functions.has(fnName)) {
      return {
        ok: false,
        error: new FunctionNotFoundError(`contract ${idHex} has no function '${fnName}'`),
      };
    }
    if (fnName === "init" && !(this.deployingInit && this.stack.length === 0)) {
      return { ok: false, error: new InitializationError("init call not allowed") };
    }
    const frameCost = instance.frameCost
      ? instance.frameCost(arg.length)
      : GAS.CALL_BASE + GAS.CALL_ARG_BYTE * arg.length;
    const startGas = limit - frameCost;
    if (startGas < 0)
      return { ok: false, error: new OutOfGasError(`${fnName} of ${idHex}`, BigInt(limit)) };

    const stateMark = this.state.mark();
    const ephMark = this.ephemeral.mark();
    const eventStart = this.events.length;
    const debugStart = this.debugLines.length;
    const memMark = this.memJournal.length;
    if (instance.memory) {
      this.memJournal.push({
        contractId,
        memory: instance.memory,
        token: instance.memory.snapshot(),
      });
    }
    const frame: Frame = {
      contractId,
      idHex,
      fnName,
      instance,
      pooled: held.pooled,
      node: new TreeNode(contractId, limit),
    };
    this.stack.push(frame);
    instance.deadline = this.deadline;
    let result;
    try {
      result = instance.dispatch(fnName, arg, startGas, limit, this.epoch);
    } finally {
      this.stack.pop();
    }
    let error: RuntimeError | undefined = frame.fault;
    if (error === undefined) {
      if (result.kind === "error") {
        error = result.error;
      } else if (result.kind === "trap") {
        if (/interrupted/.test(result.message)) this.wallClockHit = true;
        error = this.wallClockHit
          ? new WallClockError(`${fnName} of ${idHex}`, this.vm.wallClockLimitMs, BigInt(limit))
          : new PanicError(result.message, `${fnName} of ${idHex}`, {
              hint: sandboxLimitHint(result.message),
            });
      } else if (result.kind === "panic") {
        const msg =
          Buffer.byteLength(result.message) > MAX_VALUE_BYTES
            ? "PANIC INFO TOO LONG"
            : result.message;
        const frames = result.stack === "" ? [] : this.framesAt(contractId, result.stack);
        // With the contract's frames, the error's stack is written from them when read (see
        // pointAtContract), so V8's own trace would be captured and formatted for nothing (about
        // a third of a failed call's time, measured).
        const hint = sandboxLimitHint(msg);
        error =
          frames.length > 0
            ? withoutTrace(() => new PanicError(msg, `${fnName} of ${idHex}`, { hint }))
            : new PanicError(msg, `${fnName} of ${idHex}`, { hint });
        error.contractFrames = frames;
      } else if (result.data.length > MAX_VALUE_BYTES) {
        error = new LimitError(
          `${fnName} of ${idHex} returned ${result.data.length} bytes; the limit is ${MAX_VALUE_BYTES}`,
        );
      }
    }
    if (error !== undefined && result.kind === "panic" && result.stack !== "") {
      if (error.contractFrames.length === 0) {
        error.contractFrames = this.framesAt(contractId, result.stack);
      }
    }
    if (error === undefined && result.kind === "ok" && result.writes !== null) {
      this.applyWrites(contractId, result.writes);
    }
    if (error !== undefined || result.kind !== "ok") {
      this.rollbackState(stateMark);
      this.ephemeral.rollback(ephMark);
      for (let i = eventStart; i < this.events.length; i++) this.events[i].reverted = true;
      for (let i = debugStart; i < this.debugLines.length; i++) this.debugLines[i].reverted = true;
      // WASM memories are restored here; a sandbox's heap was restored by its dispatch.
      this.restoreMemories(memMark);
      return { ok: false, error: error! };
    }
    frame.node.total = limit - result.gas;
    return { ok: true, data: result.data, spent: frame.node.total, node: frame.node };
  }

  /** Restores the memories of the WASM frames entered after `mark`, latest first. */
  private restoreMemories(mark: number): void {
    const j = this.memJournal;
    while (j.length > mark) {
      const { memory, token } = j.pop()!;
      memory.restore(token);
    }
  }

  /** Writes the pages the successful top-level call changed into the state. */
  private settleMemories(): void {
    const seen = new Set<MemoryState>();
    for (const { contractId, memory } of this.memJournal) {
      if (seen.has(memory)) continue;
      seen.add(memory);
      this.applyMemory(contractId, memory);
    }
  }

  private applyMemory(contractId: Uint8Array, memory: MemoryState): void {
    const writes = memory.settle();
    if (writes !== null) this.applyWrites(contractId, writes);
  }

  /** A failed frame's sandbox stack as contract frames (lazy: only failures pay for it). */
  private framesAt(contractId: Uint8Array, stack: string) {
    const meta = this.state.contract(contractId);
    if (meta === undefined) return [];
    // The frame ran in a sandbox, so its source is known (no pass over the artifact).
    const src = this.vm.sandboxSource(hex(meta.artifactHash));
    if (src === undefined) return [];
    return framesOf(stack, src.name, src.code, meta.artifactHash);
  }

  /** Rolls state back and tells every sandbox its cached records may be stale. */
  private rollbackState(mark: number): void {
    this.state.rollback(mark);
    this.epoch++;
  }

  /** Applies a frame's written-back state records (the state copies keys and values). */
  private applyWrites(contractId: Uint8Array, writes: readonly StateWrite[]): void {
    for (let i = 0; i < writes.length; i++) {
      const w = writes[i];
      this.state.set(contractId, w[0], w[1]);
    }
  }

  /**
   * `hex(id)` of the last few ids seen (a nested call's id arrives as new bytes every time, so
   * they are matched by content, which is cheaper than hexing 32 bytes).
   */
  private hexOf(id: Uint8Array): string {
    const recent = this.recentIds;
    for (let i = 0; i < recent.length; i++) {
      if (sameBytes(recent[i].id, id)) return recent[i].hex;
    }
    const h = hex(id);
    if (recent.length >= 8) recent.shift();
    recent.push({ id: id.slice(), hex: h });
    return h;
  }

  private readonly recentIds: { id: Uint8Array; hex: string }[] = [];

  /**
   * The instance a frame of `contractId` runs in: a re-entered contract's own (shared with its
   * outer frame), a WASM contract's session instance, or a free pooled sandbox of its artifact
   * (created only when none is free).
   */
  private acquire(
    contractId: Uint8Array,
    idHex: string,
  ): { instance: EngineInstance; pooled?: string } {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const f = this.stack[i];
      if (f.idHex === idHex) return { instance: f.instance };
    }
    const wasm = this.instances.get(idHex);
    if (wasm !== undefined) return { instance: wasm };
    let slot = this.slots.get(idHex);
    if (slot === undefined) {
      const meta = this.state.contract(contractId);
      if (meta === undefined) throw new DoesNotExistError(contractId);
      const key = hex(meta.artifactHash);
      // A TypeScript artifact is read, decoded and verified once per VM (a session's first call
      // of a contract then costs a pool take, not a pass over the artifact).
      const known = this.vm.sandboxSource(key);
      if (known !== undefined) {
        slot = { key, code: known.code, name: known.name, hooks: this.hooks(contractId) };
        this.slots.set(idHex, slot);
      }
    }
    if (slot === undefined) {
      const artifact = this.state.artifact(contractId);
      if (artifact === undefined) throw new DoesNotExistError(contractId);
      if (isWasm(artifact)) {
        const id = contractId.slice();
        const inst = new WasmInstance(
          this.vm.wasm(artifact),
          this.hooks(contractId),
          `wasm contract ${idHex}`,
          (key) => this.state.get(id, key),
        );
        this.instances.set(idHex, inst);
        // A new memory (deploy) holds its data segments: they become state right away.
        this.applyMemory(id, inst);
        return { instance: inst };
      }
      const parsed = decodeArtifact(artifact);
      this.vm.verify(artifact, parsed.code, parsed.name);
      const meta = this.state.contract(contractId);
      const key = hex(meta?.artifactHash ?? this.vm.blake3(artifact));
      this.vm.rememberSandboxSource(key, { code: parsed.code, name: parsed.name });
      slot = { key, code: parsed.code, name: parsed.name, hooks: this.hooks(contractId) };
      this.slots.set(idHex, slot);
    }
    let inst = sandboxPool.take(slot.key);
    if (inst === undefined) {
      inst = new ContractInstance(
        newInterpreter(this.vm.interpreter),
        slot.code,
        slot.hooks,
        slot.name,
      );
    }
    inst.bind(slot.hooks);
    return { instance: inst, pooled: slot.key };
  }

  /** A pooled sandbox goes back (at its snapshot again) once the frame that took it ended. */
  private release(held: { instance: EngineInstance; pooled?: string }): void {
    if (held.pooled === undefined) return;
    sandboxPool.give(held.pooled, held.instance as ContractInstance);
  }

  private dropInstance(idHex: string): void {
    this.slots.delete(idHex);
    const inst = this.instances.get(idHex);
    if (inst === undefined) return;
    // A contract still on the stack (re-entrancy) is dropped after its last frame ends.
    if (this.stack.some((f) => f.idHex === idHex)) {
      this.poisoned.add(idHex);
      return;
    }
    this.instances.delete(idHex);
    inst.dispose();
  }

  private frame(): Frame {
    const f = this.stack[this.stack.length - 1];
    if (f === undefined) throw new SessionError("no call frame is running");
    return f;
  }

  private fail(err: RuntimeError): never {
    const f = this.frame();
    if (f.fault === undefined) f.fault = err;
    throw err;
  }

  private hooks(selfId: Uint8Array): EngineHooks {
    const ephKey = (k: Uint8Array) => `${hex(selfId)}:${hex(k)}`;
    /** A value over the limit, named with the function and contract that made it. */
    const tooBig = (what: string, size: number): never => {
      const f = this.stack[this.stack.length - 1];
      const where = f === undefined ? "" : `${f.fnName} of ${f.idHex}: `;
      return this.fail(
        new LimitError(`${where}${what} is ${size} bytes; the limit is ${MAX_VALUE_BYTES}`),
      );
    };
    const checkSize = (what: string, b: Uint8Array) => {
      if (b.length > MAX_VALUE_BYTES) tooBig(what, b.length);
    };
    return {
      oog: () => {
        const f = this.stack[this.stack.length - 1];
        if (f === undefined) throw new ArtifactError("the contract ran out of gas while loading");
        if (f.fault === undefined)
          f.fault = new OutOfGasError(`${f.fnName} of ${f.idHex}`, BigInt(f.node.limit));
      },
      fault: (e) => {
        if (isHostStackOverflow(e)) this.hostStackHit = true;
        const f = this.stack[this.stack.length - 1];
        if (f !== undefined && f.fault === undefined) {
          f.fault =
            e instanceof RuntimeError
              ? e
              : new SessionError(
                  `the host failed during a call: ${String((e as Error)?.message ?? e)}`,
                  {
                    cause: e,
                  },
                );
        }
      },
      sget: (k) => this.state.get(this.frame().contractId, k),
      tooBig: (what, size) => tooBig(what, size),
      eget: (k) => this.ephemeral.get(ephKey(k)),
      eset: (k, v) => {
        checkSize("an ephemeral value", v ?? k);
        this.frame();
        this.ephemeral.set(ephKey(k), v);
      },
      selfId: () => this.frame().contractId,
      caller: () => (this.stack.length >= 2 ? this.stack[this.stack.length - 2].contractId : null),
      callstack: () =>
        this.stack
          .slice(0, -1)
          .reverse()
          .map((f) => f.contractId),
      owner: (id) =>
        id !== undefined && id.length !== 32
          ? null
          : (this.state.contract(id ?? this.frame().contractId)?.owner ?? null),
      meta: (key) => this.metadata.get(key),
      emit: (topic, data) => {
        checkSize(
          `the data of event '${topic.length > 64 ? `${topic.slice(0, 64)}…` : topic}'`,
          data,
        );
        checkSize("an event topic", Buffer.from(topic));
        this.events.push({ source: this.frame().contractId, topic, data, reverted: false });
      },
      debug: (message) => {
        this.debugLines.push({ contractId: this.frame().contractId, message, reverted: false });
      },
      feed: (data) => {
        checkSize("fed data", data);
        if (this.feeder === undefined)
          this.fail(new MissingFeedError("feed called outside a feeder call"));
        try {
          this.feeder(data);
        } catch (e) {
          if (isHostStackOverflow(e)) this.hostStackHit = true;
          this.fail(new SessionError("the feeder callback threw", { cause: e }));
        }
      },
      call: (id, fnName, arg, asked, gasNow, writes) => {
        const parent = this.frame();
        if (writes !== null) this.applyWrites(parent.contractId, writes);
        checkSize(`argument of ${fnName}`, arg);
        const remaining = Math.max(0, gasNow);
        const limit = asked >= 0 && asked < remaining ? asked : defaultChildLimit(remaining);
        const r = this.enter(id, fnName, arg, limit);
        if (r.ok) {
          parent.node.children.push(r.node);
          return { code: FRAME_ABI.CALL_OK, data: r.data, charged: r.spent, epoch: this.epoch };
        }
        const ce =
          r.error instanceof ContractFailure ? r.error.contractError : { case: "Unknown" as const };
        switch (ce.case) {
          case "Panic":
            return {
              code: FRAME_ABI.CALL_PANIC,
              message: ce.message,
              charged: limit,
              epoch: this.epoch,
            };
          case "OutOfGas":
            return { code: FRAME_ABI.CALL_OUT_OF_GAS, charged: limit, epoch: this.epoch };
          case "DoesNotExist":
            return { code: FRAME_ABI.CALL_DOES_NOT_EXIST, charged: limit, epoch: this.epoch };
          default:
            return { code: FRAME_ABI.CALL_UNKNOWN, charged: limit, epoch: this.epoch };
        }
      },
      hqPrice: (name, arg) => {
        const q = this.vm.hostQueries.get(name);
        if (q === undefined || this.excluded.has(name)) {
          this.fail(
            new MissingHostQueryError(`host query '${name}' is not available in this session`),
          );
        }
        checkSize(`argument of host query ${name}`, arg);
        let price: bigint;
        try {
          price = q.price(arg);
        } catch (e) {
          if (isHostStackOverflow(e)) this.hostStackHit = true;
          this.fail(new PanicError("host query failed", `host query ${name}`));
        }
        // An embedder's bug, named as such: a price that is not a bigint ≥ 0n is not a price (a
        // string would become NaN gas, a negative one a free query).
        if (typeof price !== "bigint" || price < 0n) {
          const got =
            typeof price === "bigint" ? `${price}n` : (JSON.stringify(price) ?? String(price));
          this.fail(
            new PanicError(
              `host query failed: its price(arg) returned ${got}, not a bigint ≥ 0n`,
              `host query ${name}`,
            ),
          );
        }
        return clampGas(price);
      },
      hq: (name, arg) => {
        const q = this.vm.hostQueries.get(name)!;
        let out: Uint8Array;
        try {
          out = q.execute(arg);
        } catch (e) {
          if (isHostStackOverflow(e)) this.hostStackHit = true;
          this.fail(new PanicError("host query failed", `host query ${name}`));
        }
        if (!(out instanceof Uint8Array))
          this.fail(new PanicError("host query failed", `host query ${name}`));
        checkSize(`result of host query ${name}`, out);
        return out;
      },
    };
  }
}

/** A call's or deploy's gas limit: a bigint in 1..=u64::MAX, or a SessionError naming `what`. */
function checkGasLimit(what: string, gasLimit: unknown): asserts gasLimit is bigint {
  if (typeof gasLimit !== "bigint" || gasLimit <= 0n || gasLimit > 0xffff_ffff_ffff_ffffn) {
    const got = typeof gasLimit === "bigint" ? `${gasLimit}n` : String(gasLimit);
    throw new SessionError(
      `${what}: gas limit must be a positive bigint of at most u64::MAX, got ${got}`,
    );
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
