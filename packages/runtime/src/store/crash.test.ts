import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fromHex } from "./bytes";
import { openStore } from "./open";
import { verifyProof } from "./proof";
import type { Store } from "./state-store";
import { bundleChild, CHILD_ENV } from "./testing/child";

// A child process commits in a loop (deleting old commits and collecting garbage now and then)
// and is SIGKILLed at random moments; after every kill the store must open, and every root the
// child reported (printed after commit() resolved) and did not start deleting must be intact:
// full re-hash of the newest ones, values and proofs for all of them.
const CONTRACT = new Uint8Array(32).fill(0xc0);
const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array | undefined) =>
  b === undefined ? undefined : new TextDecoder().decode(b);
let work: string;
let child: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "sc-crash-"));
  child = bundleChild("crash-child", work);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs the child and SIGKILLs it `afterMs` after its first commit (or after start, if early). */
function runAndKill(
  dir: string,
  afterMs: number,
  early: boolean,
): Promise<{ lines: string[]; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child, dir, "-", "gc"], {
      env: CHILD_ENV,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    let timer: NodeJS.Timeout | undefined;
    const arm = () => (timer ??= setTimeout(() => p.kill("SIGKILL"), afterMs));
    if (early) arm();
    // A child that never commits (say, it hangs opening the store) still ends, as a failure.
    const stuck = setTimeout(() => {
      err += "no commit within 20 s";
      p.kill("SIGKILL");
    }, 20_000);
    p.stdout.on("data", (d: Buffer) => {
      clearTimeout(stuck);
      out += d.toString();
      arm();
    });
    p.stderr.on("data", (d: Buffer) => (err += d.toString()));
    p.on("error", reject);
    p.on("exit", (code, signal) => {
      clearTimeout(timer);
      clearTimeout(stuck);
      if (signal !== "SIGKILL") reject(new Error(`child exited early (${code}): ${err}`));
      // Only complete lines were printed after a commit resolved.
      resolve({ lines: out.split("\n").slice(0, -1), stderr: err });
    });
  });
}

function expectCommit(store: Store, root: Uint8Array, i: number): void {
  const s = store.checkout(root);
  try {
    expect(dec(s.get(CONTRACT, enc("n")))).toBe(String(i));
    expect(dec(s.get(CONTRACT, enc(`k${i % 50}`)))).toBe(`v${i}`);
    const m = i - (i % 5);
    expect(dec(s.get(CONTRACT, enc("bulk1999")))).toBe(`${m}:1999`);
    const proof = s.prove(CONTRACT, enc("n"));
    expect(verifyProof(root, proof)).toBe(true);
  } finally {
    s.release();
  }
}

it("survives SIGKILL at random moments: every reported commit is intact", async () => {
  const dir = join(work, "store");
  const reported: { root: Uint8Array; i: number }[] = [];
  const deleted = new Set<string>();
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const kills = 25;
  for (let round = 0; round < kills; round++) {
    const early = round % 5 === 4; // some kills land while the child opens the store
    const { lines, stderr } = await runAndKill(dir, Math.floor(random() * 400), early);
    expect(stderr).toBe("");
    const fresh: { root: Uint8Array; i: number }[] = [];
    for (const l of lines) {
      const [a, b] = l.split(" ");
      if (a === "deleting") deleted.add(b);
      else fresh.push({ root: fromHex(a), i: Number(b) });
    }
    reported.push(...fresh);
    const alive = (r: { root: Uint8Array }) => !deleted.has(Buffer.from(r.root).toString("hex"));
    const store = (await openStore(dir)) as Store;
    try {
      const live = new Set(store.commits().map((r) => Buffer.from(r).toString("hex")));
      for (const r of reported.filter(alive)) {
        expect(live.has(Buffer.from(r.root).toString("hex"))).toBe(true);
      }
      // Full re-hash of the newest commit in the store (reported or not: no partial commit may
      // be visible) and of the newest reported one.
      const commits = store.commits();
      if (commits.length > 0) store.verify(commits[commits.length - 1]);
      const newest = fresh.filter(alive);
      if (newest.length > 0) store.verify(newest[newest.length - 1].root);
      for (const r of newest) expectCommit(store, r.root, r.i);
      const older = reported.filter(alive);
      for (let k = 0; k < 5 && older.length > 0; k++) {
        const r = older[Math.floor(random() * older.length)];
        expectCommit(store, r.root, r.i);
      }
      // Garbage collection between kills must not take anything a live commit needs.
      await store.collectGarbage();
      for (const c of store.commits().slice(-3)) store.verify(c);
    } finally {
      await store.close();
    }
  }
  // The test is only meaningful if the children really committed between kills.
  expect(reported.length).toBeGreaterThan(kills);
  const is = reported.map((r) => r.i);
  expect(new Set(is).size).toBe(is.length);
}, 90_000);

it("persists across a real process restart: another process commits, this one reads", async () => {
  const dir = join(work, "restart");
  const env = CHILD_ENV;
  const first = execFileSync(process.execPath, [child, dir, "7"], { env }).toString();
  const second = execFileSync(process.execPath, [child, dir, "3"], { env }).toString();
  const lines = (first + second).trim().split("\n");
  expect(lines).toHaveLength(10);
  const store = (await openStore(dir)) as Store;
  try {
    expect(store.commits().map((r) => Buffer.from(r).toString("hex"))).toEqual(
      lines.map((l) => l.split(" ")[0]),
    );
    lines.forEach((l, i) => expectCommit(store, fromHex(l.split(" ")[0]), i));
    const last = store.verify(fromHex(lines[9].split(" ")[0]));
    expect(last).toEqual({ contracts: 1, records: 1 + 10 + 2000 }); // n, k0..k9, bulk*
  } finally {
    await store.close();
  }
});
