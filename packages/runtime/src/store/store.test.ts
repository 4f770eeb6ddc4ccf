import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { open } from "lmdb";
import type { SessionState, StateStore } from "./api";
import { toHex } from "./bytes";
import { isStoreCorruptError, isStoreError, isStoreVersionError } from "./errors";
import { blake3, contractKeyHash, EMPTY_HASH } from "./hash";
import { LmdbBackend, STORE_FORMAT } from "./lmdb-backend";
import { memoryStore, openStore } from "./open";
import { verifyProof } from "./proof";
import type { Store } from "./state-store";

const enc = (s: string) => new TextEncoder().encode(s);
const id = (n: number) => new Uint8Array(32).fill(n);
const ARTIFACT = enc("artifact");

const dirs: string[] = [];
const freshDir = () => {
  const d = mkdtempSync(join(tmpdir(), "sc-store-"));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** The same sequence of changes, whatever the store. */
async function scenario(store: StateStore): Promise<Uint8Array[]> {
  const s = store.checkout(null);
  s.setContract(id(1), { artifactHash: blake3(ARTIFACT), owner: id(0) }, ARTIFACT);
  s.setContract(id(2), { artifactHash: blake3(ARTIFACT), owner: id(9) });
  s.set(id(1), enc("count"), Uint8Array.of(0xfc));
  const r1 = await s.commit();
  for (let i = 0; i < 300; i++) s.set(id(2), enc(`key${i}`), enc(`value${i}`));
  s.set(id(1), enc("count"), Uint8Array.of(0xfd));
  const r2 = await s.commit();
  s.setContract(id(2), null);
  const r3 = await s.commit();
  s.release();
  return [r1, r2, r3];
}

describe("roots", () => {
  it("are deterministic across fresh stores of either kind, and pinned", async () => {
    const a = await openStore(freshDir());
    const b = await openStore(freshDir());
    const m = await memoryStore();
    const ra = await scenario(a);
    expect(await scenario(b)).toEqual(ra);
    expect(await scenario(m)).toEqual(ra);
    // Pinned so that a change to the hashing spec (README.md) cannot go unnoticed.
    expect(ra.map(toHex)).toEqual(GOLDEN);
    await Promise.all([a.close(), b.close(), m.close()]);
  });

  it("genesis is 32 zero bytes and the hashing primitives are domain-separated", async () => {
    await memoryStore();
    expect(EMPTY_HASH).toEqual(new Uint8Array(32));
    expect(contractKeyHash(id(1))).not.toEqual(blake3(id(1)));
  });

  it("a proof from one store verifies against the same root from another", async () => {
    const a = await openStore(freshDir());
    const m = await memoryStore();
    const [, r2] = await scenario(a);
    await scenario(m);
    const s = m.checkout(r2);
    const p = s.prove(id(2), enc("key7"));
    expect(verifyProof(r2, p)).toBe(true);
    expect(a.checkout(r2).get(id(2), enc("key7"))).toEqual(p.value);
    await Promise.all([a.close(), m.close()]);
  });
});

// The roots of `scenario` under the hashing spec of README.md (format shortcrust-state/1).
const GOLDEN = [
  "9936fb393c05e739bb44d61986c4be995bcfc2a7e551734d4c6c54070d20d396",
  "70f37c19f5ae7f76d8183e0b8ee8326d06cf3194e55b494a13e58d0d0aa78541",
  "119c48559561e9acc0e8e2232f7b628d171089c47d797117d12bb5c75f35ba27",
];

describe("persistence", () => {
  it("reopens with the same commits, values and order", async () => {
    const dir = freshDir();
    const a = await openStore(dir);
    const roots = await scenario(a);
    await a.deleteCommit(roots[0]);
    await a.close();
    const b = await openStore(dir);
    expect(b.commits()).toEqual(roots.slice(1));
    expect(b.checkout(roots[1]).get(id(2), enc("key299"))).toEqual(enc("value299"));
    expect(b.checkout(roots[2]).contract(id(2))).toBeUndefined();
    expect(() => b.checkout(roots[0])).toThrow(/No such base commit/);
    expect((b as Store).verify(roots[1])).toEqual({ contracts: 2, records: 301 });
    await b.close();
  });

  it("a finalized commit stays refused after reopening", async () => {
    const dir = freshDir();
    const a = await openStore(dir);
    const roots = await scenario(a);
    await a.finalizeCommit(roots[1]);
    await a.close();
    const b = await openStore(dir);
    expect(b.commits()).toEqual([roots[0], roots[2]]);
    expect(() => b.checkout(roots[1])).toThrow(/finalized/);
    await b.close();
  });

  it("a closed store refuses work with a typed error", async () => {
    const s = await memoryStore();
    const st: SessionState = s.checkout(null);
    await s.close();
    expect(() => s.commits()).toThrow(/closed/);
    expect(() => st.root()).toThrow(/closed/);
  });
});

describe("format and corruption", () => {
  async function withRaw(dir: string, fn: (env: ReturnType<typeof open>) => void) {
    const env = open({ path: dir, maxDbs: 8, compression: false });
    fn(env);
    await env.close();
  }
  const db = (env: ReturnType<typeof open>, name: string) =>
    env.openDB<Uint8Array, Uint8Array>({ name, encoding: "binary", keyEncoding: "binary" });

  it("writes a format record and refuses other versions", async () => {
    const dir = freshDir();
    await (await openStore(dir)).close();
    await withRaw(dir, (env) => {
      const meta = db(env, "meta");
      expect(Buffer.from(meta.getBinary(enc("format"))!).toString()).toBe(STORE_FORMAT);
      meta.putSync(enc("format"), enc("shortcrust-state/99"));
    });
    const err = await openStore(dir).catch((e: unknown) => e);
    expect(isStoreVersionError(err)).toBe(true);
    expect(String(err)).toMatch(/found 'shortcrust-state\/99', expected 'shortcrust-state\/1'/);
  });

  it("refuses a foreign format record and data without one", async () => {
    const dir = freshDir();
    const a = await openStore(dir);
    await scenario(a);
    await a.close();
    await withRaw(dir, (env) => db(env, "meta").putSync(enc("format"), enc("something else")));
    const e1 = await openStore(dir).catch((e: unknown) => e);
    expect(isStoreCorruptError(e1) && !isStoreVersionError(e1)).toBe(true);
    await withRaw(dir, (env) => db(env, "meta").removeSync(enc("format")));
    const e2 = await openStore(dir).catch((e: unknown) => e);
    expect(isStoreCorruptError(e2)).toBe(true);
    expect(String(e2)).toMatch(/no format record/);
  });

  it("refuses a directory whose data file is not LMDB", async () => {
    const dir = freshDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "data.mdb"), Buffer.alloc(64 * 1024, 0x5a));
    const err = await openStore(dir).catch((e: unknown) => e);
    expect(isStoreCorruptError(err)).toBe(true);
  });

  it("a missing or damaged node is a typed error, never a wrong answer", async () => {
    const dir = freshDir();
    const a = await openStore(dir);
    const [, r2] = await scenario(a);
    await a.close();
    // Damage one leaf's value in place and delete another leaf.
    let damaged = 0;
    await withRaw(dir, (env) => {
      const nodes = db(env, "nodes");
      for (const { key, value } of nodes.getRange({})) {
        const v = value as Uint8Array;
        const text = Buffer.from(v.subarray(33)).toString();
        if (v[0] === 0 && text === "value7") {
          nodes.putSync(
            key as Uint8Array,
            Uint8Array.from([...v.subarray(0, 33), ...enc("value8")]),
          );
          damaged++;
        }
        if (v[0] === 0 && text === "value8") {
          nodes.removeSync(key as Uint8Array);
          damaged++;
        }
      }
    });
    expect(damaged).toBe(2);
    const b = await openStore(dir);
    const s = b.checkout(r2);
    const e1 = (() => {
      try {
        return s.get(id(2), enc("key7"));
      } catch (e) {
        return e;
      }
    })();
    expect(isStoreCorruptError(e1)).toBe(true);
    expect(String(e1)).toMatch(/damaged/);
    expect(() => s.get(id(2), enc("key8"))).toThrow(/Missing tree node/);
    expect(() => (b as Store).verify(r2)).toThrow(/Tree node|Missing tree node/);
    expect(s.get(id(2), enc("key9"))).toEqual(enc("value9"));
    await b.close();
  });

  it("errors are typed StoreErrors with codes", async () => {
    const m = await memoryStore();
    try {
      m.checkout(id(3));
    } catch (e) {
      expect(isStoreError(e) && e.code).toBe("NO_SUCH_COMMIT");
    }
    expect(() => m.checkout(enc("short") as Uint8Array)).toThrow(/expected 32 bytes, found 5/);
  });
});

describe("shared nodes", () => {
  it("two contracts with identical records commit once and both read back", async () => {
    const store = await openStore(freshDir());
    const s = store.checkout(null);
    for (const c of [1, 2]) {
      s.setContract(id(c), { artifactHash: blake3(ARTIFACT), owner: id(0) }, ARTIFACT);
      for (let i = 0; i < 20; i++) s.set(id(c), enc(`k${i}`), enc(`v${i}`));
    }
    const r = await s.commit();
    expect((store as Store).verify(r)).toEqual({ contracts: 2, records: 40 });
    expect(store.checkout(r).get(id(2), enc("k3"))).toEqual(enc("v3"));
    await store.close();
  });
});

describe("LMDB backend writes", () => {
  it("a refused node write aborts the whole commit with a typed error", async () => {
    await memoryStore(); // hashing ready
    const backend = LmdbBackend.open(freshDir());
    const node = (n: number) => ({ hash: new Uint8Array(32).fill(n), bytes: enc(`node ${n}`) });
    await backend.writeCommit({ root: id(1), seq: 5, rootLoc: 5 }, [node(1)], []);
    // A lower sequence cannot be appended after seq 5: LMDB refuses instead of throwing.
    const err = await backend
      .writeCommit({ root: id(2), seq: 3, rootLoc: 3 }, [node(2)], [])
      .catch((e: unknown) => e);
    expect(isStoreError(err) && err.code).toBe("IO");
    expect(backend.loadCommits().live.map((c) => c.seq)).toEqual([5]);
    expect(backend.loadCommits().nextSeq).toBe(6);
    await backend.close();
  });
});

describe("durability option", () => {
  it("durability 'flush' commits and reopens like the default", async () => {
    const dir = freshDir();
    const a = await openStore(dir, { durability: "flush" });
    const roots = await scenario(a);
    await a.close();
    const b = await openStore(dir);
    expect(b.commits()).toEqual(roots);
    await b.close();
  });
});
