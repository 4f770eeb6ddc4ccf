import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { StateStore } from "./api";
import { isStoreError } from "./errors";
import { blake3, EMPTY_HASH } from "./hash";
import { memoryStore, openStore } from "./open";
import { verifyProof } from "./proof";
import type { Store } from "./state-store";

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const dec = (b: Uint8Array | undefined): string | undefined =>
  b === undefined ? undefined : new TextDecoder().decode(b);
const id = (n: number): Uint8Array => new Uint8Array(32).fill(n);
const OWNER = new Uint8Array(32);
const ARTIFACT = enc("artifact bytes");
const meta = () => ({ artifactHash: blake3(ARTIFACT), owner: OWNER });

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const kinds: [string, () => Promise<StateStore>][] = [
  ["memory", () => memoryStore()],
  [
    "lmdb",
    () => {
      const d = mkdtempSync(join(tmpdir(), "sc-state-"));
      dirs.push(d);
      return openStore(d);
    },
  ],
];

describe.each(kinds)("SessionState on the %s store", (_, make) => {
  let store: StateStore;
  beforeEach(async () => {
    store = await make();
  });
  afterEach(() => store.close());

  it("genesis is the empty root; an unchanged session keeps its base root", async () => {
    const s = store.checkout(null);
    expect(s.base).toBeNull();
    expect(s.root()).toEqual(EMPTY_HASH);
    s.setContract(id(1), meta(), ARTIFACT);
    s.set(id(1), enc("k"), enc("v"));
    const r = await s.commit();
    const t = store.checkout(r);
    expect(t.root()).toEqual(r);
    expect(t.base).toEqual(r);
  });

  it("S1: an uncommitted session's changes are discarded", async () => {
    const a = store.checkout(null);
    a.setContract(id(1), meta(), ARTIFACT);
    a.set(id(1), enc("count"), enc("fc"));
    a.set(id(1), enc("count"), enc("fd"));
    expect(dec(a.get(id(1), enc("count")))).toBe("fd");
    a.release();
    const b = store.checkout(null);
    expect(b.contract(id(1))).toBeUndefined();
    b.setContract(id(1), meta(), ARTIFACT);
    b.set(id(1), enc("count"), enc("fd"));
    const r = await b.commit();
    const c = store.checkout(r);
    expect(dec(c.get(id(1), enc("count")))).toBe("fd");
    expect(c.artifact(id(1))).toEqual(ARTIFACT);
    expect(c.contract(id(1))).toEqual(meta());
  });

  it("S2: commit/restore history", async () => {
    const g = store.checkout(null);
    g.setContract(id(1), meta(), ARTIFACT);
    g.set(id(1), enc("v"), enc("fd"));
    const pre1 = g.root();
    const r1 = await g.commit();
    expect(r1).toEqual(pre1);
    const s = store.checkout(r1);
    s.set(id(1), enc("v"), enc("fe"));
    s.set(id(1), enc("v"), enc("ff"));
    const pre2 = s.root();
    const r2 = await s.commit();
    expect(r2).toEqual(pre2);
    expect(r2).not.toEqual(r1);
    expect(dec(store.checkout(r2).get(id(1), enc("v")))).toBe("ff");
    expect(dec(store.checkout(r1).get(id(1), enc("v")))).toBe("fd");
    expect(dec(store.checkout(r2).get(id(1), enc("v")))).toBe("ff");
    expect(store.checkout(r2).root()).toEqual(r2);
    expect(store.commits()).toEqual([r1, r2]);
  });

  it("roots are independent of insertion order", async () => {
    const keys = Array.from({ length: 50 }, (_, i) => enc(`key-${i}`));
    const a = store.checkout(null);
    const b = store.checkout(null);
    for (const s of [a, b]) {
      s.setContract(id(2), meta(), ARTIFACT);
      s.setContract(id(1), meta(), ARTIFACT);
    }
    keys.forEach((k, i) => a.set(id(i % 2 ? 1 : 2), k, enc(`v${i}`)));
    [...keys].reverse().forEach((k) => {
      const i = keys.indexOf(k);
      b.set(id(i % 2 ? 1 : 2), k, enc(`v${i}`));
    });
    b.set(id(1), enc("tmp"), enc("x"));
    b.set(id(1), enc("tmp"), null);
    expect(a.root()).toEqual(b.root());
    expect(await a.commit()).toEqual(await b.commit());
  });

  it("deleting every record returns to the previous root", async () => {
    const s = store.checkout(null);
    s.setContract(id(1), meta(), ARTIFACT);
    s.set(id(1), enc("a"), enc("1"));
    const r1 = await s.commit();
    s.set(id(1), enc("b"), enc("2"));
    s.set(id(1), enc("c"), enc("3"));
    expect(s.root()).not.toEqual(r1);
    s.set(id(1), enc("b"), null);
    s.set(id(1), enc("c"), null);
    expect(s.root()).toEqual(r1);
  });

  it("journal marks nest and roll back what changed since them", async () => {
    const s = store.checkout(null);
    s.setContract(id(1), meta(), ARTIFACT);
    s.set(id(1), enc("a"), enc("1"));
    const r0 = s.root();
    const m1 = s.mark();
    s.set(id(1), enc("a"), enc("2"));
    s.set(id(1), enc("b"), enc("2"));
    const r1 = s.root();
    const m2 = s.mark();
    s.setContract(id(3), meta(), ARTIFACT);
    s.set(id(3), enc("x"), enc("y"));
    s.set(id(1), enc("a"), null);
    s.rollback(m2);
    expect(s.root()).toEqual(r1);
    expect(s.contract(id(3))).toBeUndefined();
    expect(dec(s.get(id(1), enc("a")))).toBe("2");
    s.rollback(m1);
    expect(s.root()).toEqual(r0);
    expect(dec(s.get(id(1), enc("a")))).toBe("1");
    expect(s.get(id(1), enc("b"))).toBeUndefined();
    expect(() => s.rollback(99)).toThrow(/not a live journal position/);
  });

  it("rolls back a contract removal and a move", async () => {
    const s = store.checkout(null);
    s.setContract(id(1), meta(), ARTIFACT);
    s.set(id(1), enc("a"), enc("old"));
    const r = await s.commit();
    const t = store.checkout(r);
    const m = t.mark();
    t.setContract(id(1), null);
    expect(t.get(id(1), enc("a"))).toBeUndefined();
    expect(t.contractIds()).toEqual([]);
    t.rollback(m);
    expect(dec(t.get(id(1), enc("a")))).toBe("old");
    expect(t.root()).toEqual(r);
    // migration: new contract at a temporary id replaces the old one
    t.setContract(id(9), { artifactHash: blake3(ARTIFACT), owner: id(7) }, ARTIFACT);
    t.set(id(9), enc("b"), enc("new"));
    const m2 = t.mark();
    t.moveContract(id(9), id(1));
    expect(t.contractIds()).toEqual([id(1)]);
    expect(t.get(id(1), enc("a"))).toBeUndefined();
    expect(dec(t.get(id(1), enc("b")))).toBe("new");
    expect(t.contract(id(1))?.owner).toEqual(id(7));
    t.set(id(1), enc("c"), enc("after"));
    t.rollback(m2);
    expect(t.contractIds()).toEqual([id(1), id(9)]);
    expect(dec(t.get(id(1), enc("a")))).toBe("old");
    expect(t.get(id(1), enc("c"))).toBeUndefined();
    expect(dec(t.get(id(9), enc("b")))).toBe("new");
  });

  it("a moved contract has the same root as one built in place", async () => {
    const a = store.checkout(null);
    a.setContract(id(9), meta(), ARTIFACT);
    a.set(id(9), enc("k"), enc("v"));
    a.moveContract(id(9), id(1));
    const b = store.checkout(null);
    b.setContract(id(1), meta(), ARTIFACT);
    b.set(id(1), enc("k"), enc("v"));
    expect(a.root()).toEqual(b.root());
    const ra = await a.commit();
    const c = store.checkout(ra);
    c.setContract(id(5), meta());
    c.moveContract(id(1), id(5));
    expect(dec(c.get(id(5), enc("k")))).toBe("v");
    await c.commit();
    expect(dec(c.get(id(5), enc("k")))).toBe("v");
  });

  it("six sessions from one base commit distinct roots, isolated", async () => {
    const g = store.checkout(null);
    g.setContract(id(1), meta(), ARTIFACT);
    g.set(id(1), enc("n"), enc("0"));
    const base = await g.commit();
    const sessions = Array.from({ length: 6 }, () => store.checkout(base));
    sessions.forEach((s, i) => s.set(id(1), enc("n"), enc(String(i + 1))));
    sessions.forEach((s, i) => expect(dec(s.get(id(1), enc("n")))).toBe(String(i + 1)));
    const roots = await Promise.all(sessions.map((s) => s.commit()));
    expect(new Set(roots.map((r) => Buffer.from(r).toString("hex"))).size).toBe(6);
    roots.forEach((r, i) =>
      expect(dec(store.checkout(r).get(id(1), enc("n")))).toBe(String(i + 1)),
    );
    expect(store.commits()).toHaveLength(7);
  });

  it("proofs verify for present and absent records and contracts; tampering fails", async () => {
    const s = store.checkout(null);
    s.setContract(id(1), meta(), ARTIFACT);
    s.setContract(id(2), meta(), ARTIFACT);
    for (let i = 0; i < 40; i++) s.set(id(1), enc(`k${i}`), enc(`v${i}`));
    const root = s.root();
    const p = s.prove(id(1), enc("k7"));
    expect(dec(p.value ?? undefined)).toBe("v7");
    expect(verifyProof(root, p)).toBe(true);
    const absent = s.prove(id(1), enc("nope"));
    expect(absent.value).toBeNull();
    expect(verifyProof(root, absent)).toBe(true);
    const noContract = s.prove(id(3), enc("k7"));
    expect(noContract.value).toBeNull();
    expect(verifyProof(root, noContract)).toBe(true);
    const emptyContract = s.prove(id(2), enc("k7"));
    expect(verifyProof(root, emptyContract)).toBe(true);

    // claims that do not hold
    expect(verifyProof(root, { ...p, value: enc("v8") })).toBe(false);
    expect(verifyProof(root, { ...p, value: null })).toBe(false);
    expect(verifyProof(root, { ...absent, value: enc("x") })).toBe(false);
    expect(verifyProof(root, { ...p, key: enc("k8") })).toBe(false);
    // another root
    const r1 = await s.commit();
    s.set(id(1), enc("k7"), enc("changed"));
    const r2 = s.root();
    expect(verifyProof(r2, { ...p, root: r2 })).toBe(false);
    expect(verifyProof(r1, p)).toBe(true);
    expect(verifyProof(r2, s.prove(id(1), enc("k7")))).toBe(true);
    // every byte of the proof matters
    const bytesOf = (x: unknown, out: Uint8Array[] = []): Uint8Array[] => {
      if (x instanceof Uint8Array) out.push(x);
      else if (x && typeof x === "object") Object.values(x).forEach((v) => bytesOf(v, out));
      return out;
    };
    const at1 = store.checkout(r1);
    for (const proof of [p, absent, noContract]) {
      for (const arr of bytesOf(proof)) {
        if (arr === proof.root) continue;
        for (const at of [0, arr.length - 1]) {
          if (arr.length === 0) continue;
          arr[at] ^= 1;
          // A flipped id or key may still be a true absence claim; a false claim must always fail.
          const actual = at1.get(proof.contractId, proof.key) ?? null;
          const claimTrue =
            arr === proof.contractId || arr === proof.key
              ? (actual === null && proof.value === null) ||
                (actual !== null && proof.value !== null && dec(actual) === dec(proof.value))
              : false;
          if (!claimTrue) expect(verifyProof(r1, proof)).toBe(false);
          arr[at] ^= 1;
        }
      }
      expect(verifyProof(r1, proof)).toBe(true);
    }
    expect(verifyProof(r1, { ...p, path: null })).toBe(false);
    expect(verifyProof(r1, { ...p, path: { contract: 5 } })).toBe(false);
  });

  it("delete and finalize: gone from commits(), no longer a base", async () => {
    const g = store.checkout(null);
    g.setContract(id(1), meta(), ARTIFACT);
    g.set(id(1), enc("a"), enc("1"));
    const r1 = await g.commit();
    g.set(id(1), enc("a"), enc("2"));
    const r2 = await g.commit();
    g.set(id(1), enc("a"), enc("3"));
    const r3 = await g.commit();
    g.release();
    await store.deleteCommit(r1);
    await store.finalizeCommit(r2);
    expect(store.commits()).toEqual([r3]);
    expect(() => store.checkout(r1)).toThrow(/No such base commit: 0*[0-9a-f]{2}/);
    try {
      store.checkout(r2);
      throw new Error("unreachable");
    } catch (e) {
      expect(isStoreError(e) && e.code).toBe("NO_SUCH_COMMIT");
      expect(String(e)).toMatch(/finalized/);
    }
    expect(dec(store.checkout(r3).get(id(1), enc("a")))).toBe("3");
    await expect(store.deleteCommit(r1)).rejects.toThrow(/No such commit/);
  });

  it("deleting a held commit waits until its sessions release it", async () => {
    const g = store.checkout(null);
    g.setContract(id(1), meta(), ARTIFACT);
    const r = await g.commit();
    const held = store.checkout(r);
    let done = false;
    const p = store.deleteCommit(r).then(() => (done = true));
    await new Promise((res) => setTimeout(res, 20));
    expect(done).toBe(false);
    expect(store.commits().some((c) => Buffer.compare(c, r) === 0)).toBe(false);
    expect(() => store.checkout(r)).toThrow(/being deleted/);
    g.release();
    await new Promise((res) => setTimeout(res, 20));
    expect(done).toBe(false);
    held.release();
    held.release(); // idempotent
    await p;
    expect(done).toBe(true);
  });

  it("typed errors for bad input and misuse", async () => {
    const s = store.checkout(null);
    expect(() => s.set(id(1), enc("a"), enc("1"))).toThrow(/No contract/);
    expect(() => s.get(new Uint8Array(31), enc("a"))).toThrow(/expected 32 bytes, found 31/);
    expect(() => s.setContract(id(1), meta())).toThrow(/not in the store/);
    expect(() => s.setContract(id(1), meta(), enc("other"))).toThrow(/blake3/);
    expect(() => store.checkout(new Uint8Array(32).fill(0xab))).toThrow(
      "No such base commit: " + "ab".repeat(32),
    );
    s.release();
    expect(() => s.root()).toThrow(/released/);
  });
});

describe.each(kinds)("returned bytes are copies (%s store)", (_, make) => {
  it("mutating what get/contract/prove/artifact return changes nothing", async () => {
    const store = await make();
    const s = store.checkout(null);
    s.setContract(id(1), meta(), ARTIFACT);
    s.set(id(1), enc("k"), enc("value"));
    const r = await s.commit();
    for (const t of [s, store.checkout(r)]) {
      t.get(id(1), enc("k"))!.fill(0);
      t.contract(id(1))!.owner.fill(9);
      t.artifact(id(1))!.fill(0);
      const p = t.prove(id(1), enc("k"));
      for (const sib of (p.path as { record: { siblings: Uint8Array[] } }).record.siblings)
        sib.fill(0);
      p.value!.fill(0);
      expect(dec(t.get(id(1), enc("k")))).toBe("value");
      expect(t.contract(id(1))).toEqual(meta());
      expect(t.artifact(id(1))).toEqual(ARTIFACT);
      expect(verifyProof(r, t.prove(id(1), enc("k")))).toBe(true);
      expect(t.root()).toEqual(r);
    }
    await store.close();
  });
});

describe.each(kinds)("holds (%s store)", (_, make) => {
  it("release() during a commit in flight lets go of the base and of the new root", async () => {
    const store = (await make()) as Store;
    const g = store.checkout(null);
    g.setContract(id(1), meta(), ARTIFACT);
    const base = await g.commit();
    expect(store.holders(base)).toBe(1);
    g.set(id(1), enc("k"), enc("v"));
    const pending = g.commit();
    expect(() => g.set(id(1), enc("k"), enc("w"))).toThrow(/being committed/);
    g.release();
    const root = await pending;
    expect(store.holders(base)).toBe(0);
    expect(store.holders(root)).toBe(0);
    await store.deleteCommit(base);
    await store.deleteCommit(root); // would wait forever if a hold leaked
    await store.close();
  });
});
