/**
 * The seed page's story, told by the main job (`src/main.ts`) on a store that persists between
 * runs: it deploys the verifier, the relay and the timelock (each once: a contract's id is
 * blake3 of its artifact, so a rebuilt contract is a new one), submits signed FnData
 * (accepted), replays it (rejected, state unchanged), submits through the relay, calls the
 * timelock before and after its height, lets a nested call fail and roll back, commits, and
 * reads the commit back in a new session. Each run continues from the commit the last run left
 * (`head` beside the store), one block higher, with the next counter.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { blake3 } from "@noble/hashes/blake3.js";
import { VM, type Session } from "@shortcrust/runtime";
import { verifierClient, verifierEvents } from "./generated/verifier.Verifier.client";
import { relayClient, relayEvents } from "./generated/relay.Relay.client";
import {
  timelockClient,
  timelockEvents,
  timelockInitArg,
} from "./generated/timelock.Timelock.client";
import { buildChain } from "./generated/types.Chain.metadata";
import { Report, hex, show } from "./report";
import { signer } from "./signer";

const LIMIT = 10_000_000n;
/** What the relay lets the verifier spend (an ed25519 check costs ≈ 200k gas). */
const NESTED = 400_000n;
const CHAIN_ID = 1;
const OWNER = new Uint8Array(32).fill(7);
/** A fixed key, so that every run signs for the same user (never do this with a real key). */
const ALICE = signer(new Uint8Array(32).fill(0xa1));

interface Head {
  root: string;
  height: string;
}

const unhex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "hex"));

export interface StoryOptions {
  /** A built contract's artifact by name (`Verifier`, `Relay`, `Timelock`). */
  readonly artifact: (name: string) => Uint8Array;
  /** The store's directory; the last commit's root is kept beside it, in `head`. */
  readonly storeDir: string;
  /** Where the lines go (default: stdout). */
  readonly write?: (line: string) => void;
}

export async function story({ artifact, storeDir, write }: StoryOptions): Promise<void> {
  const headPath = join(storeDir, "..", "head");
  mkdirSync(storeDir, { recursive: true });
  const out = new Report(write);

  const vm = await VM.open(storeDir);
  try {
    // Continue from the last run's commit if the store still holds it; else start at genesis.
    const previous = readHead(headPath);
    const head = previous && vm.commits().some((c) => hex(c) === previous.root) ? previous : null;
    let height = head ? BigInt(head.height) + 1n : 1n;
    const session = vm.session({
      base: head ? unhex(head.root) : undefined,
      metadata: buildChain({ block_height: height, chain_id: CHAIN_ID }),
    });
    out.line(`store       ${storeDir}`);
    out.line(`base        ${head ? head.root : "genesis"}`);
    out.line(`metadata    block_height ${height}, chain_id ${CHAIN_ID}`);

    const deploy = (name: string, initArg?: Uint8Array) =>
      deployOnce(session, out, name, artifact(name), initArg);
    const verifierId = deploy("Verifier");
    const relayId = deploy("Relay");
    const timelockId = deploy("Timelock", timelockInitArg(CHAIN_ID));
    out.name(verifierId, { name: "Verifier", decode: verifierEvents.decode });
    out.name(relayId, { name: "Relay", decode: relayEvents.decode });
    out.name(timelockId, { name: "Timelock", decode: timelockEvents.decode });
    const verifier = verifierClient(session, verifierId, LIMIT);
    const relay = relayClient(session, relayId, LIMIT);
    const timelock = timelockClient(session, timelockId, LIMIT);
    out.line(`signer      public key ${hex(ALICE.publicKey)}`);

    const last = verifier.last_counter(ALICE.publicKey).data ?? 0n;
    out.line();
    out.line(`# 1. signed FnData, counter ${last + 1n}: accepted`);
    const data = ALICE.sign(last + 1n, verifierId);
    out.call("verifier.submit", [data], () => verifier.submit(data));

    out.line();
    out.line("# 2. the same FnData again: a replay, rejected; the state root does not move");
    const before = session.root();
    out.call("verifier.submit", [data], () => verifier.submit(data));
    out.line(`  root before ${hex(before)}`);
    out.line(`  root after  ${hex(session.root())} (unchanged: ${same(before, session.root())})`);

    out.line();
    out.line(
      `# 3. through the relay (counter ${last + 2n}): the verifier sees the relay as its caller`,
    );
    const relayed = ALICE.sign(last + 2n, verifierId);
    out.call("relay.forward", [verifierId, relayed, NESTED], () =>
      relay.forward(verifierId, relayed, NESTED),
    );
    out.call("relay.forward", [verifierId, relayed, NESTED], () =>
      relay.forward(verifierId, relayed, NESTED),
    );
    out.line("  (the second one was answered from the relay's per-session cache: no nested call)");

    out.line();
    out.line("# 4. a failing nested call: the relay forwards the stale FnData of step 1;");
    out.line("#    the verifier panics, its frame rolls back and burns its limit; the relay");
    out.line("#    gets the error as a value and keeps its own record of the refusal");
    const accepted = verifier.accepted_count().data;
    out.call("relay.forward", [verifierId, data, NESTED], () =>
      relay.forward(verifierId, data, NESTED),
    );
    out.line(
      `  verifier: accepted count ${accepted} before, ${verifier.accepted_count().data} after; last counter ${show(verifier.last_counter(ALICE.publicKey).data)}`,
    );

    out.line();
    out.line(`# 5. the timelock gates on session metadata: locked until block ${height + 1n}`);
    out.call("timelock.lock", [height + 1n], () => timelock.lock(height + 1n));
    out.call("timelock.claim", [], () => timelock.claim());
    height += 1n;
    for (const [key, value] of buildChain({ block_height: height })) session.setMeta(key, value);
    out.line(`  (the node moves the session to block_height ${height})`);
    out.call("timelock.claim", [], () => timelock.claim());

    out.line();
    const root = await session.commit();
    session.close();
    out.line(`# 6. commit     ${hex(root)}`);
    writeHead(headPath, { root: hex(root), height: String(height) });

    out.line("# 7. a new session on the commit reads it back (ephemeral data did not survive)");
    const reader = vm.session({
      base: root,
      metadata: buildChain({ block_height: height, chain_id: CHAIN_ID }),
    });
    const read = <T>(f: () => { data: T }) => show(f().data);
    const v = verifierClient(reader, verifierId, LIMIT);
    out.line(`  verifier.last_counter(alice) = ${read(() => v.last_counter(ALICE.publicKey))}`);
    out.line(`  verifier.accepted_count()    = ${read(() => v.accepted_count())}`);
    const r = relayClient(reader, relayId, LIMIT);
    out.line(
      `  relay.seen(alice, ${last + 2n})       = ${read(() => r.seen(ALICE.publicKey, last + 2n))}`,
    );
    out.line(
      `  timelock.status()            = ${read(() => timelockClient(reader, timelockId, LIMIT).status())}`,
    );
    reader.close();
    out.line(`commits     ${vm.commits().length} held in the store`);
  } finally {
    await vm.close();
  }
}

/** Deploys `artifact` unless the state already holds it (its id is blake3 of the artifact). */
function deployOnce(
  session: Session,
  out: Report,
  name: string,
  artifact: Uint8Array,
  initArg?: Uint8Array,
): Uint8Array {
  const id = blake3(artifact); // the id `deploy` gives it (no `contractId` option)
  if (session.owner(id) !== undefined) {
    out.line(`contract    ${name.padEnd(9)} ${hex(id)} (in the base commit)`);
    return id;
  }
  const { contractId, receipt } = session.deploy(artifact, {
    owner: OWNER,
    gasLimit: LIMIT,
    initArg,
  });
  out.line(
    `deploy      ${name.padEnd(9)} ${hex(contractId)} (${artifact.length} bytes${receipt ? `, init gas ${receipt.gasSpent}` : ""})`,
  );
  return contractId;
}

function same(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function readHead(path: string): Head | null {
  if (!existsSync(path)) return null;
  return JSON.parse(readFileSync(path, "utf8")) as Head;
}

function writeHead(path: string, head: Head): void {
  // Written after the commit returned, through a rename, so it never names a missing commit.
  writeFileSync(`${path}.tmp`, `${JSON.stringify(head)}\n`);
  renameSync(`${path}.tmp`, path);
}
