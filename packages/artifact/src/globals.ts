/**
 * What contract code can name in the sandbox: QuickJS's ECMAScript built-ins after the
 * sandbox's hardening (no `Date`, `eval`, `Math.random`, `WeakRef`, …; guest/harden.ts), plus
 * `TextEncoder`/`TextDecoder` and the SDK's bridge. `globals.test.ts` compares these lists with
 * a live sandbox, so they cannot drift. Codegen checks contract sources against them, so a
 * contract that names something missing fails at codegen, at its line, not when it is called.
 */
export const SANDBOX_GLOBALS: ReadonlySet<string> = new Set([
  "AggregateError",
  "Array",
  "ArrayBuffer",
  "BigInt",
  "BigInt64Array",
  "BigUint64Array",
  "Boolean",
  "DataView",
  "Error",
  "EvalError",
  "Float16Array",
  "Float32Array",
  "Float64Array",
  "Function",
  "Infinity",
  "Int16Array",
  "Int32Array",
  "Int8Array",
  "InternalError",
  "Iterator",
  "JSON",
  "Map",
  "Math",
  "NaN",
  "Number",
  "Object",
  "Promise",
  "Proxy",
  "RangeError",
  "ReferenceError",
  "Reflect",
  "RegExp",
  "Set",
  "String",
  "Symbol",
  "SyntaxError",
  "TextDecoder",
  "TextEncoder",
  "TypeError",
  "URIError",
  "Uint16Array",
  "Uint32Array",
  "Uint8Array",
  "Uint8ClampedArray",
  "WeakMap",
  "WeakSet",
  "__shortcrust",
  "decodeURI",
  "decodeURIComponent",
  "encodeURI",
  "encodeURIComponent",
  "escape",
  "globalThis",
  "isFinite",
  "isNaN",
  "parseFloat",
  "parseInt",
  "undefined",
  "unescape",
]);

/** Members the hardening removes from globals that stay (`Math.random`). */
export const REMOVED_MEMBERS: Readonly<Record<string, readonly string[]>> = { Math: ["random"] };

const NODE = {
  message: "is a Node.js API; the contract sandbox has none",
  hint: "a contract sees only the ECMAScript built-ins, TextEncoder/TextDecoder and @shortcrust/sdk (use Uint8Array for bytes)",
};
const TIMER = {
  message: "does not exist in contracts: a call runs to completion, with no timers or event loop",
  hint: "do the work within the call (gas bounds it), or split it over several calls",
};

/** Why a missing name is missing, and what to write instead. */
const REASONS: Record<string, { message: string; hint: string }> = {
  Date: {
    message:
      "does not exist in contracts: a wall clock would make a call's result differ between nodes",
    hint: "read the block height or time from session metadata (a /** @metadata */ interface, metaData.<key>())",
  },
  "Math.random": {
    message: "does not exist in contracts: every node must compute the same result",
    hint: "derive the value from the call's arguments or session metadata (hash them with a host query)",
  },
  setTimeout: TIMER,
  setInterval: TIMER,
  setImmediate: TIMER,
  clearTimeout: TIMER,
  clearInterval: TIMER,
  queueMicrotask: TIMER,
  process: NODE,
  require: NODE,
  module: NODE,
  exports: NODE,
  Buffer: NODE,
  global: NODE,
  __dirname: NODE,
  __filename: NODE,
  console: {
    message: "does not exist in contracts",
    hint: "print with debug(…) from @shortcrust/sdk (its lines are in the receipt's debug, never in state), or return values and emit events",
  },
  fetch: {
    message: "does not exist in contracts: there is no network",
    hint: "ask the host through a host query (hostQuery from @shortcrust/sdk), which the node answers the same way everywhere",
  },
  eval: {
    message: "does not exist in contracts: code from strings is not allowed",
    hint: "write the code out",
  },
  WeakRef: {
    message: "does not exist in contracts: garbage collection must not be observable",
    hint: "hold the object in a Map",
  },
  FinalizationRegistry: {
    message: "does not exist in contracts: garbage collection must not be observable",
    hint: "release resources explicitly",
  },
  SharedArrayBuffer: {
    message: "does not exist in contracts: there is no shared memory",
    hint: "use ArrayBuffer",
  },
  Atomics: {
    message: "does not exist in contracts: there is no shared memory",
    hint: "plain reads and writes are all a contract needs",
  },
};

/**
 * Globals the sandbox has but that do nothing useful in a contract, refused at codegen where
 * used as values: `Promise` (a call runs to completion and no job queue runs, so a `then`
 * callback never would) and calling `Function` (the constructor is a stub that throws: no code
 * from strings). The checker (codegen's ir/sandbox-globals.ts) decides what counts as a use.
 */
export const UNUSABLE_GLOBALS: Readonly<Record<string, { message: string; hint: string }>> = {
  Promise: {
    message:
      "does nothing in contracts: a call runs to completion and no job queue runs, so then/await callbacks never would",
    hint: "write the work synchronously (contract functions are synchronous)",
  },
  Function: {
    message: "cannot be called in contracts: code from strings is not allowed",
    hint: "write the function out",
  },
};

/**
 * The problem with contract code naming `name` as a global (`Math.random` for a member), or
 * undefined when the sandbox has it.
 */
export function sandboxGlobalProblem(name: string): { message: string; hint: string } | undefined {
  const [object, member] = name.split(".");
  if (
    member === undefined ? SANDBOX_GLOBALS.has(name) : !REMOVED_MEMBERS[object]?.includes(member)
  ) {
    return undefined;
  }
  return (
    REASONS[name] ?? {
      message: "is not defined in the contract sandbox",
      hint: "contracts see only the ECMAScript built-ins, TextEncoder/TextDecoder and @shortcrust/sdk; declare or import it",
    }
  );
}
