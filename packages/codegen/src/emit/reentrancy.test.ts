// Re-entrancy through generated glue, as in piecrust (one linear memory per contract): a
// contract re-entered while it is on the call stack sees its own earlier writes, and its outer
// frame sees the re-entrant frame's writes when the call returns.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { VM, type Session } from "@shortcrust/runtime";
import { buildArtifact } from "@shortcrust/bundler";
import { generatedProject } from "../testing/project";

const OWNER = new Uint8Array(32).fill(7);
const LIMIT = 10_000_000n;
const R_ID = new Uint8Array(32).fill(1);
const F_ID = new Uint8Array(32).fill(2);

const SOURCE = `
import type { u64, ContractId } from "@shortcrust/sdk";
import { callRaw } from "@shortcrust/sdk";

/** Writes its field a, calls F (which calls back set_b), then reports what it sees. @contract */
export class Reentered {
  a: u64 = 0n;
  b: u64 = 1n;
  /** What set_b saw of a. */
  seen: u64 = 0n;

  set_b(v: u64): void {
    this.b = v;
    this.seen = this.a;
  }

  /** a = 7, then F.poke(self) → self.set_b(107); returns b as this frame sees it after. */
  run(f: ContractId, self: ContractId): u64 {
    this.a = 7n;
    const arg = new Uint8Array(32);
    arg.set(self);
    const r = callRaw(f, "poke", arg);
    if ("err" in r) throw new Error("poke failed");
    return this.b;
  }

  /** Like run, but F's call back panics after writing: this frame must see nothing of it. */
  run_failing(f: ContractId, self: ContractId): u64 {
    this.a = 8n;
    const arg = new Uint8Array(32);
    arg.set(self);
    callRaw(f, "poke_failing", arg);
    return this.b;
  }

  set_b_then_panic(v: u64): void {
    this.b = v;
    throw new Error("no");
  }

  read(): [u64, u64, u64] {
    return [this.a, this.b, this.seen];
  }
}
`;

const SET_B = `
import type { u64, ContractId } from "@shortcrust/sdk";
import { callRaw } from "@shortcrust/sdk";

/** Calls back the contract that called it. @contract */
export class Poker {
  poke(r: ContractId): u64 {
    const arg = new Uint8Array(8);
    arg[0] = 107;
    const res = callRaw(r, "set_b", arg);
    if ("err" in res) throw new Error("set_b failed");
    return 0n;
  }

  poke_failing(r: ContractId): void {
    const arg = new Uint8Array(8);
    arg[0] = 9;
    callRaw(r, "set_b_then_panic", arg);
  }
}
`;

let dir = "";
let vm: VM;
let s: Session;
const u64 = (b: Uint8Array, at = 0) => new DataView(b.buffer, b.byteOffset).getBigUint64(at, true);

beforeAll(async () => {
  ({ dir } = await generatedProject({ "r.ts": SOURCE, "f.ts": SET_B }));
  vm = await VM.ephemeral();
  s = vm.session();
  const r = await buildArtifact({ entry: join(dir, "gen", "r.Reentered.entry.ts"), name: "r" });
  const f = await buildArtifact({ entry: join(dir, "gen", "f.Poker.entry.ts"), name: "f" });
  s.deploy(r, { owner: OWNER, contractId: R_ID, gasLimit: LIMIT });
  s.deploy(f, { owner: OWNER, contractId: F_ID, gasLimit: LIMIT });
}, 60_000);

afterAll(async () => {
  s?.close();
  await vm?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const pair = (a: Uint8Array, b: Uint8Array) => {
  const out = new Uint8Array(64);
  out.set(a);
  out.set(b, 32);
  return out;
};

describe("re-entrant writes through generated glue", () => {
  it("the outer frame sees the re-entrant write, and the final state keeps both", () => {
    const r = s.callRaw(R_ID, "run", pair(F_ID, R_ID), LIMIT);
    expect(u64(r.data)).toBe(107n);
    const st = s.callRaw(R_ID, "read", new Uint8Array(0), LIMIT).data;
    expect([u64(st, 0), u64(st, 8)]).toEqual([7n, 107n]);
  });

  it("the re-entered frame sees the outer frame's earlier write", () => {
    const st = s.callRaw(R_ID, "read", new Uint8Array(0), LIMIT).data;
    expect(u64(st, 16)).toBe(7n);
  });

  it("a failed re-entrant frame leaves the outer frame's view and writes intact", () => {
    const r = s.callRaw(R_ID, "run_failing", pair(F_ID, R_ID), LIMIT);
    expect(u64(r.data)).toBe(107n);
    const st = s.callRaw(R_ID, "read", new Uint8Array(0), LIMIT).data;
    expect([u64(st, 0), u64(st, 8)]).toEqual([8n, 107n]);
  });
});
