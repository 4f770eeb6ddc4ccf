import { join } from "node:path";
import { buildArtifact } from "@shortcrust/bundler";
import { VM } from "../vm/vm";
import type { Session } from "../session/session";

const cache = new Map<string, Promise<Uint8Array>>();

/** Builds (once per process) the fixture contract `fixtures/<name>.ts`. */
export function fixture(name: string, options: { unmetered?: boolean } = {}): Promise<Uint8Array> {
  const key = `${name}:${options.unmetered ? "u" : "m"}`;
  let p = cache.get(key);
  if (p === undefined) {
    p = buildArtifact({ entry: join(__dirname, "..", "fixtures", `${name}.ts`), name, ...options });
    cache.set(key, p);
  }
  return p;
}

export const OWNER = new Uint8Array(32);
export const LIMIT = 1_000_000n;

/** What `deployedFixture` sets up: filled in by its `beforeAll`. */
export interface DeployedFixture {
  vm: VM;
  session: Session;
  id: Uint8Array;
}

/**
 * A test file's one ephemeral VM and session with fixture `name` deployed (at `contractId`
 * when given), opened in `beforeAll` and closed in `afterAll`.
 */
export function deployedFixture(name: string, contractId?: Uint8Array): DeployedFixture {
  const f = {} as DeployedFixture;
  beforeAll(async () => {
    f.vm = await VM.ephemeral();
    f.session = f.vm.session();
    f.id = f.session.deploy(await fixture(name), {
      owner: OWNER,
      gasLimit: LIMIT,
      ...(contractId === undefined ? {} : { contractId }),
    }).contractId;
  });
  afterAll(async () => {
    f.session.close();
    await f.vm.close();
  });
  return f;
}
