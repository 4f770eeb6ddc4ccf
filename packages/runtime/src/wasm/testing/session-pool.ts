import { VM } from "../../vm/vm";
import type { Session } from "../../session/session";

type SessionOptions = Parameters<VM["session"]>[0];

export interface FileVm {
  /** The file's VM (made in beforeAll). */
  readonly vm: VM;
  /** A session of the file's VM, closed after the file's tests. */
  open(opts?: SessionOptions): Session;
}

/**
 * One ephemeral VM for a test file: made before the file's tests and closed after them, with
 * every session they opened through `open`.
 */
export function ephemeralVmForFile(): FileVm {
  let current: VM | undefined;
  const sessions: Session[] = [];
  beforeAll(async () => {
    current = await VM.ephemeral();
  });
  afterAll(async () => {
    for (const s of sessions) s.close();
    await current?.close();
  });
  const vm = (): VM => {
    if (current === undefined)
      throw new Error("the file's VM is made in beforeAll: use it in tests");
    return current;
  };
  return {
    get vm() {
      return vm();
    },
    open(opts = {}) {
      const s = vm().session(opts);
      sessions.push(s);
      return s;
    },
  };
}
