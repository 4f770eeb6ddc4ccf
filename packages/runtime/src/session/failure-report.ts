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
  const lines = code.split("\n").length;
  return contractFrames(stack, `${label}.js`, codeLine, lines, sourceMapFor(hex(artifactHash)));
}

/** This package's own directory (src/ or dist/): its frames are the VM's, not the caller's. */
const RUNTIME_DIR = resolve(__dirname, "..") + sep;
const INTERNAL = [RUNTIME_DIR, `${sep}quickjs-emscripten`, `${sep}@jitl${sep}`, "(wasm:", "(node:"];
/** Our own test files sit inside the package but are callers, not the VM. */
const TEST = /\.test\.[cm]?[jt]s:\d+:\d+\)?$/;
/** The SDK's own modules, which contract code calls into (archive checks, the bridge). */
const SDK_MODULE = "@shortcrust/sdk/";

/**
 * Rewrites a failed top-level call's error stack for the person reading it (jest prints it and
 * shows the source of its first frame): the contract's frames first (its TypeScript lines,
 * leaving out the SDK's internals unless nothing else is left), then the embedder's frames, with
 * the VM's and the sandbox's internal frames hidden. Errors without contract frames are left as
 * they are.
 */
export function pointAtContract(error: RuntimeError): void {
  // A failure no contract code threw (a missing contract, a host-side bug) keeps its stack:
  // there the VM's frames are the ones that explain it.
  if (error.contractFrames.length === 0) return;
  const own = error.contractFrames.filter((f) => !f.module.startsWith(SDK_MODULE));
  const shown = own.length > 0 ? own : error.contractFrames;
  const host = (error.stack ?? "")
    .split("\n")
    .filter((l) => /^\s+at /.test(l) && (TEST.test(l) || !INTERNAL.some((s) => l.includes(s))));
  const frames = shown.map((f) => `    at ${f.fn} (${f.file}:${f.line}:${f.column})`);
  error.stack = [`${error.name}: ${error.message}`, ...frames, ...host].join("\n");
}
