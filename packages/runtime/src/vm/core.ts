import type { InterpreterImage } from "../sandbox/quickjs";
import type { CompiledContract } from "../wasm/compile";

/** A function the embedder offers contracts (signature checks, hashes, …), priced in gas. */
export interface HostQuery {
  price(arg: Uint8Array): bigint;
  execute(arg: Uint8Array): Uint8Array;
}

/** What a session needs from its VM. */
export interface VmCore {
  /** The metered QuickJS interpreter every TypeScript contract's sandbox instantiates. */
  readonly interpreter: InterpreterImage;
  readonly hostQueries: ReadonlyMap<string, HostQuery>;
  /** The wall-clock safety net per top-level call (`VmOptions.wallClockLimitMs`). */
  readonly wallClockLimitMs: number;
  blake3(bytes: Uint8Array): Uint8Array;
  /** Verifies artifact code once per artifact (cached by content). */
  verify(artifact: Uint8Array, code: string, name: string): void;
  /** A verified TypeScript artifact's code and name by its hash (hex), once seen. */
  sandboxSource(artifactHash: string): SandboxSource | undefined;
  rememberSandboxSource(artifactHash: string, source: SandboxSource): void;
  /** Validates, meters and compiles a piecrust-ABI WASM contract once per artifact. */
  wasm(bytes: Uint8Array): CompiledContract;
}

/** What a TypeScript contract's sandbox loads (decoded from its artifact, verified). */
export interface SandboxSource {
  readonly code: string;
  readonly name: string;
}
