/**
 * The hostile corpus run in one fresh VM: every call's outcome (return bytes and gas, or the
 * error's class and message) and the root after each, so two runs (two VMs, or another
 * process) can be compared receipt by receipt. Used by the determinism test and its child.
 */
import { VM } from "../vm/vm";

export interface CorpusCall {
  readonly contract: "hostile" | "corpus";
  readonly fn: string;
  readonly limit: bigint;
}

const FIVE_M = 5_000_000n;
const calls = (contract: CorpusCall["contract"], fns: string[], limit = FIVE_M): CorpusCall[] =>
  fns.map((fn) => ({ contract, fn, limit }));

export const CORPUS: readonly CorpusCall[] = [
  ...calls("hostile", [
    "endless_loop",
    "catch_oog",
    "repeat_loop",
    "typed_array_loop",
    "index_of_loop",
    "stringify_loop",
    "sort_loop",
    "from_char_code_loop",
    "promise_all_loop",
    "throw_hostile_object",
    "deep_recursion",
    "tamper",
    "check_tamper",
    "read_value",
  ]),
  // Re-enters itself until the tree's stack budget (or the depth limit) refuses a call.
  ...calls("hostile", ["deep_calls"], 1_000_000_000n),
  ...calls("corpus", [
    "regex_exponential",
    "regex_alternation",
    "regex_backreference",
    "regex_polynomial",
    "regex_quadratic_loop",
    "regex_ordinary",
    "regex_global_linear",
    "for_in_loop",
    "object_spread_loop",
    "enumeration_ordinary",
    "bigint_multiply_loop",
    "string_hash_object_key_loop",
    "string_hash_map_key_loop",
    "string_compare_loop",
    "to_number_loop",
    "engine_ordinary",
  ]),
];

export interface CorpusOutcome {
  readonly fn: string;
  readonly ok: boolean;
  /** Return bytes (hex) and gas spent, or the error's name and message. */
  readonly result: string;
  readonly gas: string;
  readonly root: string;
  /** CPU time of the call (user + system, ms): on a shared machine wall time says little. */
  readonly ms: number;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

export async function runCorpus(artifacts: {
  hostile: Uint8Array;
  corpus: Uint8Array;
}): Promise<CorpusOutcome[]> {
  const vm = await VM.ephemeral();
  try {
    const s = vm.session();
    const owner = new Uint8Array(32);
    const ids = {
      hostile: s.deploy(artifacts.hostile, {
        owner,
        contractId: new Uint8Array(32).fill(9),
        gasLimit: FIVE_M,
      }).contractId,
      corpus: s.deploy(artifacts.corpus, {
        owner,
        contractId: new Uint8Array(32).fill(10),
        gasLimit: FIVE_M,
      }).contractId,
    };
    const out: CorpusOutcome[] = [];
    for (const c of CORPUS) {
      const t = process.cpuUsage();
      let o: Omit<CorpusOutcome, "root" | "ms">;
      try {
        const r = s.callRaw(ids[c.contract], c.fn, new Uint8Array(0), c.limit);
        o = { fn: c.fn, ok: true, result: hex(r.data), gas: String(r.gasSpent) };
      } catch (e) {
        const err = e as Error;
        o = { fn: c.fn, ok: false, result: `${err.name}: ${err.message}`, gas: "" };
      }
      const cpu = process.cpuUsage(t);
      out.push({ ...o, root: hex(s.root()), ms: (cpu.user + cpu.system) / 1000 });
    }
    s.close();
    return out;
  } finally {
    await vm.close();
  }
}
