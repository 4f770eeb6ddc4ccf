import { ShortcrustError, type ShortcrustErrorOptions } from "@shortcrust/sdk";
import type { ContractError } from "@shortcrust/sdk";
import type { DebugLine } from "../session/receipt";
import type { ContractFrame } from "@shortcrust/artifact";

/**
 * Host-side errors of the runtime. A failed top-level call throws one of the contract-visible
 * failures (`PanicError`, `OutOfGasError`, `DoesNotExistError`, all `ContractFailure`s carrying the
 * `ContractError` a calling contract would see) or a host-side error (deploy, artifact, limits,
 * validation, host queries, feeds, sessions). All extend `ShortcrustError`.
 */
export class RuntimeError extends ShortcrustError {
  override name = "RuntimeError";
  /** What the failed call printed with `debug(...)` (its state and events were rolled back). */
  debug: readonly DebugLine[] = [];
  /**
   * Where the failing contract was (innermost first), at its TypeScript source when the artifact
   * was built in this process; empty for failures that did not come from a thrown Error.
   */
  contractFrames: readonly ContractFrame[] = [];

  /** @internal Attaches a failed call's debug output and appends it to the message. */
  withDebug(lines: readonly DebugLine[]): this {
    if (lines.length === 0 || this.debug.length > 0) return this;
    this.debug = lines;
    this.message += `\n\nDebug output of the failed call (${lines.length} line${lines.length === 1 ? "" : "s"}):\n${formatDebug(lines)}`;
    return this;
  }
}

/** Debug lines as a person reads them: `[contract 1a2b3c4d] message`, reverted ones marked. */
export function formatDebug(lines: readonly DebugLine[]): string {
  return lines
    .map(
      (l) => `  [${hex(l.contractId).slice(0, 8)}]${l.reverted ? " (reverted)" : ""} ${l.message}`,
    )
    .join("\n");
}
export function isRuntimeError(e: unknown): e is RuntimeError {
  return e instanceof RuntimeError;
}

/** A call failed in a way a calling contract would see as a `ContractError` value. */
export class ContractFailure extends RuntimeError {
  override name = "ContractFailure";
  constructor(
    readonly contractError: ContractError,
    shortMessage: string,
    options?: ShortcrustErrorOptions,
  ) {
    super(shortMessage, options);
  }
}
export function isContractFailure(e: unknown): e is ContractFailure {
  return e instanceof ContractFailure;
}

export class PanicError extends ContractFailure {
  override name = "PanicError";
  constructor(
    readonly panicMessage: string,
    where: string,
    options?: ShortcrustErrorOptions,
  ) {
    super({ case: "Panic", message: panicMessage }, `${where} panicked: ${panicMessage}`, options);
  }
}
export function isPanicError(e: unknown): e is PanicError {
  return e instanceof PanicError;
}

export class OutOfGasError extends ContractFailure {
  override name = "OutOfGasError";
  constructor(where: string, limit: bigint) {
    super({ case: "OutOfGas" }, `${where} ran out of gas (limit ${limit})`, {
      hint: "raise the gas limit, or look for an unbounded loop",
    });
  }
}
export function isOutOfGasError(e: unknown): e is OutOfGasError {
  return e instanceof OutOfGasError;
}

/**
 * A top-level call ran past the wall-clock safety net before its gas ran out. Time, not gas,
 * ended it, so its outcome would depend on the machine: it is not reported as out of gas (which
 * every machine would agree on), the whole call tree fails, and nothing of it is kept.
 */
export class WallClockError extends RuntimeError {
  override name = "WallClockError";
  constructor(where: string, limitMs: number, gasLimit: bigint) {
    super(`${where} ran past the ${limitMs} ms wall-clock safety net before its gas ran out`, {
      details: `gas limit ${gasLimit}; gas decides every outcome in the VM, so a call that time stopped is not a result: the call and everything it called were rolled back`,
      hint: "give the call a lower gas limit (a runaway loop then runs out of gas), or look for an unbounded loop",
    });
  }
}
export function isWallClockError(e: unknown): e is WallClockError {
  return e instanceof WallClockError;
}

export class DoesNotExistError extends ContractFailure {
  override name = "DoesNotExistError";
  constructor(readonly contractId: Uint8Array) {
    super({ case: "DoesNotExist" }, `contract ${hex(contractId)} does not exist in this session`);
  }
}
export function isDoesNotExistError(e: unknown): e is DoesNotExistError {
  return e instanceof DoesNotExistError;
}

/** Deploy-time failures: missing owner, an id already taken, `init` called again, init failing. */
export class InitializationError extends RuntimeError {
  override name = "InitializationError";
}
export function isInitializationError(e: unknown): e is InitializationError {
  return e instanceof InitializationError;
}

/** A malformed or unverifiable artifact (bad header, bad code, tampered gas instrumentation). */
export class ArtifactError extends RuntimeError {
  override name = "ArtifactError";
}
export function isArtifactError(e: unknown): e is ArtifactError {
  return e instanceof ArtifactError;
}

/** A value over one of the limits (64 KiB arguments/returns/events/metadata, call depth 48). */
export class LimitError extends RuntimeError {
  override name = "LimitError";
}
export function isLimitError(e: unknown): e is LimitError {
  return e instanceof LimitError;
}

/** Returned bytes failed the return codec's check in a typed `session.call`. */
export class ValidationError extends RuntimeError {
  override name = "ValidationError";
}
export function isValidationError(e: unknown): e is ValidationError {
  return e instanceof ValidationError;
}

/** A contract asked for a host query that is not registered or is excluded in this session. */
export class MissingHostQueryError extends RuntimeError {
  override name = "MissingHostQueryError";
}
export function isMissingHostQueryError(e: unknown): e is MissingHostQueryError {
  return e instanceof MissingHostQueryError;
}

/** `feed` outside a feeder call (piecrust's MissingFeed). */
export class MissingFeedError extends RuntimeError {
  override name = "MissingFeedError";
}
export function isMissingFeedError(e: unknown): e is MissingFeedError {
  return e instanceof MissingFeedError;
}

/** The contract has no function of that name. */
export class FunctionNotFoundError extends RuntimeError {
  override name = "FunctionNotFoundError";
}
export function isFunctionNotFoundError(e: unknown): e is FunctionNotFoundError {
  return e instanceof FunctionNotFoundError;
}

/** Misuse of a session or VM (closed session, bad arguments, unknown base commit). */
export class SessionError extends RuntimeError {
  override name = "SessionError";
}
export function isSessionError(e: unknown): e is SessionError {
  return e instanceof SessionError;
}

export function hex(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("hex");
}
