import { resolve, sep } from "node:path";
import { contractFrames, sourceMapFor, type ContractFrame } from "@shortcrust/artifact";
import { hex, type RuntimeError } from "../errors";
import { codeLineOffset } from "../sandbox/prelude";

let codeLine: number | undefined;

/**
 * Where in the contract a failed frame was: the thrown Error's sandbox stack, reduced to the
 * contract's own frames and mapped to TypeScript through the artifact's source map (when this
 * process built it). Only describes a failure; nothing here decides one.
 */
export function framesOf(
  stack: string,
  label: string,
  code: string,
  artifactHash: Uint8Array,
): ContractFrame[] {
  codeLine ??= codeLineOffset();
  const h = hex(artifactHash);
  let lines = codeLines.get(h);
  if (lines === undefined) {
    // Counting a 90 KB bundle's lines takes ≈ 0.2 ms, ten calls' worth: once per artifact.
    lines = 1;
    for (let i = code.indexOf("\n"); i >= 0; i = code.indexOf("\n", i + 1)) lines++;
    if (codeLines.size >= 256) codeLines.clear();
    codeLines.set(h, lines);
  }
  return contractFrames(stack, `${label}.js`, codeLine, lines, sourceMapFor(h));
}

/** Lines of each artifact's code by artifact hash (hex); bounded. */
const codeLines = new Map<string, number>();

/** This package's own directory (src/ or dist/): its frames are the VM's, not the caller's. */
const RUNTIME_DIR = resolve(__dirname, "..") + sep;
const INTERNAL = [RUNTIME_DIR, `${sep}quickjs-emscripten`, `${sep}@jitl${sep}`, "(wasm:", "(node:"];
/** Our own test files sit inside the package but are callers, not the VM. */
const TEST = /\.test\.[cm]?[jt]s:\d+:\d+\)?$/;
/** The SDK's own modules, which contract code calls into (archive checks, the bridge). */
const SDK_MODULE = "@shortcrust/sdk/";

/** Makes an error without V8's stack trace (for one whose stack `pointAtContract` writes). */
export function withoutTrace<E extends Error>(make: () => E): E {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return make();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/**
 * Rewrites a failed top-level call's error stack for the person reading it (jest prints it and
 * shows the source of its first frame): the contract's frames first (its TypeScript lines,
 * leaving out the SDK's internals unless nothing else is left), then the embedder's frames, with
 * the VM's and the sandbox's internal frames hidden. Errors without contract frames are left as
 * they are. The rewrite happens when the stack is first read: formatting V8's trace and
 * filtering it cost ≈ 20–40 µs, more than a successful call, and most failures (a caller that
 * expects them, a test asserting the error's class) never print it.
 */
export function pointAtContract(error: RuntimeError): void {
  // A failure no contract code threw (a missing contract, a host-side bug) keeps its stack:
  // there the VM's frames are the ones that explain it.
  if (error.contractFrames.length === 0) return;
  // The embedder's frames, as a trace captured here (formatted only if read): below this point
  // they are the same as at the error's creation, inside the VM.
  const trace: { stack?: string } = {};
  Error.captureStackTrace(trace, pointAtContract);
  const settle = (value: string) =>
    Object.defineProperty(error, "stack", {
      value,
      writable: true,
      enumerable: false,
      configurable: true,
    });
  Object.defineProperty(error, "stack", {
    enumerable: false,
    configurable: true,
    get(): string {
      const own = error.contractFrames.filter((f) => !f.module.startsWith(SDK_MODULE));
      const shown = own.length > 0 ? own : error.contractFrames;
      const host = (trace.stack ?? "")
        .split("\n")
        .filter((l) => /^\s+at /.test(l) && (TEST.test(l) || !INTERNAL.some((x) => l.includes(x))));
      const frames = shown.map((f) => `    at ${f.fn} (${f.file}:${f.line}:${f.column})`);
      const text = [`${error.name}: ${error.message}`, ...frames, ...host].join("\n");
      settle(text);
      return text;
    },
    set(value: string) {
      settle(value);
    },
  });
}
