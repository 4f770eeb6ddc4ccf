// Typed stubs name a bad argument by its parameter wherever they run: in a contract calling
// another one (the panic), as on the host.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { VM, isPanicError } from "@shortcrust/runtime";
import { buildArtifact } from "@shortcrust/bundler";
import { contractIdArgument, isArchiveError } from "@shortcrust/sdk/codegen-v1";
import { generatedProject } from "../testing/project";

const TOKEN = `
import type { u64, Bytes } from "@shortcrust/sdk";

/** @contract */
export class Token {
  total: u64 = 0n;
  transfer(to: Bytes<32>, amount: u64, memo: Bytes<4>): u64 {
    this.total += amount;
    return this.total;
  }
}
`;

const CALLER = `
import type { u32, u64, ContractId } from "@shortcrust/sdk";
import { tokenContract } from "../gen/token.Token.client";

/** Pays through Token's typed in-contract stub, with a memo of the given length. @contract */
export class Caller {
  n: u64 = 0n;
  pay(token: ContractId, memoLength: u32): u64 {
    const r = tokenContract(token).transfer(new Uint8Array(32), 5n, new Uint8Array(memoLength));
    return "ok" in r ? r.ok : 0n;
  }
}
`;

const LIMIT = 10_000_000n;
let dir = "";

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("an in-contract stub's bad argument panics naming the function and parameter", async () => {
  ({ dir } = await generatedProject({ "token.ts": TOKEN, "caller.ts": CALLER }));
  const vm = await VM.ephemeral();
  try {
    const s = vm.session();
    const deploy = async (entry: string) =>
      s.deploy(await buildArtifact({ entry: join(dir, "gen", entry) }), {
        owner: new Uint8Array(32),
        gasLimit: LIMIT,
      }).contractId;
    const token = await deploy("token.Token.entry.ts");
    const caller = await deploy("caller.Caller.entry.ts");
    const arg = (memo: number) => {
      const b = new Uint8Array(36);
      b.set(token);
      new DataView(b.buffer).setUint32(32, memo, true);
      return b;
    };
    expect(s.callRaw(caller, "pay", arg(4), LIMIT).data).toEqual(
      Uint8Array.of(5, 0, 0, 0, 0, 0, 0, 0),
    );
    let message = "";
    try {
      s.callRaw(caller, "pay", arg(3), LIMIT);
    } catch (e) {
      if (!isPanicError(e)) throw e;
      message = e.panicMessage;
    }
    expect(message).toBe("Token.transfer.memo: expected 4 bytes, found 3");
  } finally {
    await vm.close();
  }
}, 60_000);

test("a raw-call stub's contract id is checked where the stub is made", () => {
  const id = new Uint8Array(32);
  expect(contractIdArgument(id, "tokenCalls.contract")).toBe(id);
  for (const [bad, found] of [
    [new Uint8Array(3), "3"],
    ["ab", '"ab"'],
  ] as const) {
    let e: unknown;
    try {
      contractIdArgument(bad as Uint8Array, "tokenCalls.contract");
    } catch (err) {
      e = err;
    }
    expect(isArchiveError(e)).toBe(true);
    expect((e as Error).message).toMatch(
      new RegExp(`^tokenCalls\\.contract: expected .*, found ${found}`),
    );
  }
});
