import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VM } from "../vm/vm";
import { isStoreError, isStoreCorruptError } from "./errors";
import { LOCK_FILE } from "./lock";
import { openStore } from "./open";
import { bundleChild, CHILD_ENV } from "./testing/child";

// One opener per store directory (lock.ts): a second one would commit under sequence numbers
// the first already used (a trial saw "Tree node … could not be appended" on the second VM).
let work: string;
let child: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "sc-lock-"));
  child = bundleChild("lock-child", work);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function refusal(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected the open to be refused");
}

/** A child process holding `dir` open; resolves once it says so. */
function holder(dir: string): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [child, dir], {
      env: CHILD_ENV,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    p.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      if (out.startsWith("open\n")) resolve(p);
      else if (out.includes("\n")) reject(new Error(out));
    });
    p.on("error", reject);
  });
}

const exited = (p: ChildProcess) => new Promise((r) => p.once("exit", r));

describe("a store directory has one opener at a time", () => {
  it("a second open in this process is refused until the first closes", async () => {
    const dir = join(work, "same-process");
    const first = await VM.open(dir);
    const e = await refusal(VM.open(dir));
    expect(isStoreError(e) && e.code).toBe("LOCKED");
    expect(e.message).toMatch(/is already open in this process/);
    await first.close();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    const again = await openStore(dir);
    await again.close();
  });

  it("an open in another process is refused, naming it; once it dies the store opens", async () => {
    const dir = join(work, "other-process");
    const p = await holder(dir);
    try {
      const e = await refusal(openStore(dir));
      expect(isStoreError(e) && e.code).toBe("LOCKED");
      expect(e.message).toMatch(/is open in another process/);
      expect(e.message).toContain(`pid ${p.pid}`);
    } finally {
      p.kill("SIGKILL");
      await exited(p);
    }
    // Killed: its lock file stays behind, and is taken over.
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
    const store = await openStore(dir);
    await store.close();
  });

  it("a file where the directory should be is a plain StoreError, not corruption", async () => {
    const file = join(work, "a-file");
    writeFileSync(file, "not a store");
    const e = await refusal(VM.open(file));
    expect(isStoreError(e) && e.code).toBe("INVALID_INPUT");
    expect(isStoreCorruptError(e)).toBe(false);
    expect(e.message).toMatch(/is a file/);
  });
});
