/**
 * One opener per store directory. A store keeps its commit list and the next commit's sequence
 * number in memory (read at open), so a second opener — another process, or a second
 * `openStore` of the same directory in this one — would commit under numbers the first already
 * used and be refused by LMDB halfway. As piecrust's VM owns its directory (and LevelDB its
 * LOCK file), the second opener is refused at open instead, with who holds the store.
 *
 * The lock is a file `shortcrust.lock` in the directory holding the owner's pid and host. It is
 * created exclusively; one left behind by a process that died (same host, pid gone) is taken
 * over. It is removed by `close()`, and by the process's exit when a store was never closed.
 */
import { closeSync, openSync, readFileSync, realpathSync, unlinkSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { StoreError } from "./errors";

export const LOCK_FILE = "shortcrust.lock";

/** Directories (real paths) this process holds, with their lock files. */
const held = new Map<string, string>();
let exitHook = false;

/** Takes `dir`'s lock (the directory must exist); the returned function releases it. */
export function lockStore(dir: string): () => void {
  const real = realpathSync(dir);
  if (held.has(real)) {
    throw new StoreError("LOCKED", `The state store at ${dir} is already open in this process`, {
      hint: "Use the VM (or store) that opened it, or close that one first (await vm.close()).",
    });
  }
  const file = join(real, LOCK_FILE);
  const owner = { pid: process.pid, host: hostname() };
  for (let attempt = 0; ; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, "wx");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 0) throw lockFailure(dir, e);
      const other = readOwner(file);
      if (other !== undefined && !isGone(other, owner.host)) {
        throw new StoreError("LOCKED", `The state store at ${dir} is open in another process`, {
          details: `held by pid ${other.pid} on ${other.host} (${file})`,
          hint: "One VM opens a store directory at a time: close the other one, or give each process its own directory.",
        });
      }
      // Left by a process that is gone (or unreadable: a crash while writing it): take it over.
      try {
        unlinkSync(file);
      } catch {
        // another opener took it over first: the next attempt finds its lock
      }
      continue;
    }
    try {
      writeSync(fd, JSON.stringify(owner));
    } finally {
      closeSync(fd);
    }
    break;
  }
  held.set(real, file);
  if (!exitHook) {
    exitHook = true;
    process.on("exit", () => {
      for (const f of held.values()) removeQuietly(f);
    });
  }
  return () => {
    if (held.get(real) !== file) return;
    held.delete(real);
    removeQuietly(file);
  };
}

function readOwner(file: string): { pid: number; host: string } | undefined {
  try {
    const o = JSON.parse(readFileSync(file, "utf8")) as { pid?: unknown; host?: unknown };
    return typeof o.pid === "number" && typeof o.host === "string"
      ? { pid: o.pid, host: o.host }
      : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the lock's owner is a process that no longer runs (only knowable on this host). */
function isGone(owner: { pid: number; host: string }, host: string): boolean {
  if (owner.host !== host) return false;
  if (owner.pid === process.pid) return true; // not in `held`: a dead process's pid, reused
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ESRCH";
  }
}

function lockFailure(dir: string, cause: unknown): StoreError {
  return new StoreError("IO", `The state store at ${dir} could not be locked`, {
    details: cause instanceof Error ? cause.message : String(cause),
    cause,
  });
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}
