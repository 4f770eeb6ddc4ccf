// A contract function whose return value is out of its type's range: the panic names the function
// (entry glue's archiveReturn), not only the type.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { VM, isPanicError } from "@shortcrust/runtime";
import { buildArtifact } from "@shortcrust/bundler";
import { generatedProject } from "../testing/project";

const SOURCE = `
import type { u32, Bytes } from "@shortcrust/sdk";

/** @archive */
export interface Holder {
  id: Bytes<32>;
}

/** Returns what its argument says. @contract */
export class Returns {
  n: u32 = 0;
  count(k: u32): u32 {
    return (k + 4294967290) as u32;
  }
  holder(): Holder {
    return { id: new Uint8Array(31) };
  }
}
`;

let dir = "";

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test("an out-of-range return value names the function as a call", async () => {
  ({ dir } = await generatedProject({ "returns.ts": SOURCE }));
  const vm = await VM.ephemeral();
  try {
    const s = vm.session();
    const art = await buildArtifact({ entry: join(dir, "gen", "returns.Returns.entry.ts") });
    const id = s.deploy(art, { owner: new Uint8Array(32), gasLimit: 10_000_000n }).contractId;
    const panic = (fn: string, arg: Uint8Array): string => {
      try {
        s.callRaw(id, fn, arg, 10_000_000n);
      } catch (e) {
        if (isPanicError(e)) return e.panicMessage;
        throw e;
      }
      throw new Error(`${fn} did not panic`);
    };
    expect(s.callRaw(id, "count", Uint8Array.of(5, 0, 0, 0), 10_000_000n).data).toEqual(
      Uint8Array.of(255, 255, 255, 255),
    );
    expect(panic("count", Uint8Array.of(12, 0, 0, 0))).toBe(
      "Returns.count(): expected u32 (0..=4294967295), found 4294967302",
    );
    expect(panic("holder", new Uint8Array(0))).toBe(
      "Returns.holder().id: expected 32 bytes, found 31",
    );
  } finally {
    await vm.close();
  }
}, 60_000);
