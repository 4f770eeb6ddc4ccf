import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { StateStore } from "./api";
import { blake3 } from "./hash";
import { memoryStore, openStore } from "./open";
import type { Store } from "./state-store";

const enc = (s: string) => new TextEncoder().encode(s);
const id = (n: number) => new Uint8Array(32).fill(n);

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const kinds: [string, () => Promise<StateStore>][] = [
  ["memory", () => memoryStore()],
  [
    "lmdb",
    () => {
      const d = mkdtempSync(join(tmpdir(), "sc-gc-"));
      dirs.push(d);
      return openStore(d);
    },
  ],
];

describe.each(kinds)("garbage collection on the %s store", (_, make) => {
  it("reclaims what only deleted commits used and keeps every held commit whole", async () => {
    const store = (await make()) as Store;
    const s = store.checkout(null);
    const art = (n: number) => enc(`artifact ${n}`);
    s.setContract(id(1), { artifactHash: blake3(art(1)), owner: id(0) }, art(1));
    for (let i = 0; i < 200; i++) s.set(id(1), enc(`k${i}`), enc(`v${i}`));
    const r1 = await s.commit();
    s.setContract(id(2), { artifactHash: blake3(art(2)), owner: id(0) }, art(2));
    for (let i = 0; i < 200; i++) s.set(id(1), enc(`k${i}`), enc(`w${i}`));
    const r2 = await s.commit();
    s.setContract(id(2), null);
    s.set(id(1), enc("k0"), enc("x"));
    const r3 = await s.commit();
    s.release();

    expect(await store.collectGarbage()).toEqual({ nodes: 0, artifacts: 0 });
    const reader = store.checkout(r1); // holds r1 while it is being deleted
    const pending = store.deleteCommit(r1);
    await store.deleteCommit(r2);
    const first = await store.collectGarbage();
    // r3 shares r2's records except k0: only k0's old path, contract 2 and artifact 2 go (r1 is
    // still held by `reader`).
    expect(first.nodes).toBeGreaterThan(5);
    expect(first.nodes).toBeLessThan(40);
    expect(first.artifacts).toBe(1);
    expect(store.verify(r3)).toEqual({ contracts: 1, records: 200 });
    expect(reader.get(id(1), enc("k5"))).toEqual(enc("v5"));
    reader.release();
    await pending;
    const second = await store.collectGarbage();
    expect(second.nodes).toBeGreaterThanOrEqual(200); // r1's 200 old leaves and their paths
    expect(second.artifacts).toBe(0); // artifact 1 is still used by r3
    expect(store.verify(r3)).toEqual({ contracts: 1, records: 200 });
    expect(store.checkout(r3).get(id(1), enc("k7"))).toEqual(enc("w7"));
    expect(store.checkout(r3).artifact(id(1))).toEqual(art(1));
    expect(await store.collectGarbage()).toEqual({ nodes: 0, artifacts: 0 });
    await store.close();
  });
});
