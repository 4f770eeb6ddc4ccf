// Suite `state`: the cost of commits, session opens and reads on the persistent (LMDB) store.
// Targets (issue 6): commit of 1 change in 10^5 records ≤ 2× the same in 10^2; opening a session
// on 10^5 records < 1 ms and size-independent; a read through 100 commits as fast as through 1.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SessionState, StateStore } from "../store/api";
import { blake3 } from "../store/hash";
import { openStore } from "../store/open";
import type { Store } from "../store/state-store";

export const suite = "state";

const CONTRACT = new Uint8Array(32).fill(7);
const ARTIFACT = new TextEncoder().encode("bench artifact");

function key(i: number): Uint8Array {
  const k = new Uint8Array(8);
  new DataView(k.buffer).setUint32(4, i);
  return k;
}

function value(i: number, round: number): Uint8Array {
  const v = new Uint8Array(32);
  const dv = new DataView(v.buffer);
  dv.setUint32(0, i);
  dv.setUint32(4, round);
  return v;
}

/** A commit of `n` records (one contract), written in one batch. */
async function buildState(store: StateStore, n: number): Promise<Uint8Array> {
  const s = store.checkout(null);
  s.setContract(CONTRACT, { artifactHash: blake3(ARTIFACT), owner: new Uint8Array(32) }, ARTIFACT);
  for (let i = 0; i < n; i++) s.set(CONTRACT, key(i), value(i, 0));
  const root = await s.commit();
  s.release();
  return root;
}

/** A session that commits one changed record per call. */
function committer(store: StateStore, base: Uint8Array, n: number) {
  const s: SessionState = store.checkout(base);
  let round = 1;
  return async () => {
    const i = (round * 7919) % n;
    s.set(CONTRACT, key(i), value(i, round++));
    await s.commit();
  };
}

export async function cases() {
  const dir = mkdtempSync(join(tmpdir(), "sc-state-bench-"));
  const store = await openStore(dir);
  // The runner calls teardown between warm-up and measurement, so clean up when the process ends.
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  const sizes = [100, 10_000, 100_000];
  const roots = new Map<number, Uint8Array>();
  for (const n of sizes) {
    const t = performance.now();
    roots.set(n, await buildState(store, n));
    console.log(`built a state of ${n} records in ${(performance.now() - t).toFixed(0)} ms`);
  }
  await reportGrowth(store, dir, roots.get(100_000)!, 100_000);
  await reportInterleaved(store, roots);

  // A chain: depth-1 is one commit over the 10^4 state, depth-100 is 100 commits, each changing
  // records other than the ones read.
  const readKeys = Array.from({ length: 256 }, (_, i) => key(i * 37));
  const chain = store.checkout(roots.get(10_000)!);
  chain.set(CONTRACT, key(9_999), value(9_999, 1));
  const depth1 = await chain.commit();
  let depth100 = depth1;
  for (let c = 2; c <= 100; c++) {
    chain.set(CONTRACT, key(9_999 - c), value(9_999 - c, c));
    depth100 = await chain.commit();
  }
  chain.release();
  const reader = (root: Uint8Array) => {
    const s = store.checkout(root);
    let i = 0;
    return () => {
      const v = s.get(CONTRACT, readKeys[i++ & 255]);
      if (v === undefined) throw new Error("record missing");
    };
  };

  return [
    ...sizes.map((n) => ({
      case: `commit/1-of-${n}`,
      impl: "shortcrust",
      fn: committer(store, roots.get(n)!, n),
      time: 1000,
    })),
    {
      case: "open/100000",
      impl: "shortcrust",
      fn: () => store.checkout(roots.get(100_000)!).release(),
    },
    { case: "read/depth-1", impl: "shortcrust", fn: reader(depth1) },
    { case: "read/depth-100", impl: "shortcrust", fn: reader(depth100) },
  ];
}

/** Storage growth per changed record: logical bytes written, and LMDB file growth. */
async function reportGrowth(store: StateStore, dir: string, base: Uint8Array, n: number) {
  for (const changed of [1, 100]) {
    const commits = changed === 1 ? 2000 : 200;
    const s = store.checkout(base);
    const fileBefore = statSync(join(dir, "data.mdb")).size;
    const bytesBefore = (store as Store).bytesWritten;
    for (let c = 1; c <= commits; c++) {
      for (let j = 0; j < changed; j++) {
        const i = (c * 7919 + j * 104729) % n;
        s.set(CONTRACT, key(i), value(i, 10_000 + c));
      }
      await s.commit();
    }
    s.release();
    const written = ((store as Store).bytesWritten - bytesBefore) / commits / changed;
    const grown = (statSync(join(dir, "data.mdb")).size - fileBefore) / commits / changed;
    console.log(
      `storage per changed record (${changed} of ${n} records changed per commit, 32-byte ` +
        `values): ${written.toFixed(0)} bytes written (new nodes + commit record), data.mdb ` +
        `grew ${grown.toFixed(0)} bytes, over ${commits} commits`,
    );
  }
}

/**
 * Commit cost by state size, measured round-robin (one commit per size per round) so that load
 * from other processes hits every size alike; the runner measures cases one after another.
 */
async function reportInterleaved(store: StateStore, roots: Map<number, Uint8Array>) {
  const rounds = 300;
  const runs = [...roots].map(([n, root]) => ({ n, next: committer(store, root, n), ms: 0 }));
  for (let r = 0; r < rounds; r++) {
    // Rotate who goes first: a commit can pay for the flush of the one before it.
    for (let k = 0; k < runs.length; k++) {
      const run = runs[(r + k) % runs.length];
      const t = performance.now();
      await run.next();
      run.ms += performance.now() - t;
    }
  }
  const first = runs[0].ms;
  console.log(
    "commit of 1 changed record, interleaved over " +
      `${rounds} rounds: ` +
      runs
        .map((r) => `1-of-${r.n} ${(r.ms / rounds).toFixed(3)} ms (${(r.ms / first).toFixed(2)}×)`)
        .join(", "),
  );
}
