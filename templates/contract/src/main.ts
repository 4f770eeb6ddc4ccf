/**
 * The project's main job (`pnpm example` at the repository root, `npm run example` here): the
 * built counter artifact is deployed into the embedded default store (`.shortcrust/store`, or
 * `SHORTCRUST_STORE`), called in a session, committed, and read back from the commit in a fresh
 * session. Each run continues from the commit the last run left (its root is kept in
 * `.shortcrust/head`), so the count grows across runs and processes; after the contract's code
 * changes, the next run starts again from genesis.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { VM, isPanicError, type Session } from "@shortcrust/runtime";
import {
  counterClient,
  counterInitArg,
  decodeCounterEvents,
} from "./generated/counter.Counter.client";
import { buildChain } from "./generated/types.Chain.metadata";
import { Summary } from "./generated/types.codec";

const GAS_LIMIT = 1_000_000_000n;
const OWNER = new Uint8Array(32).fill(7);

interface Head {
  root: string;
  contract: string;
  /** sha256 of the artifact deployed there: a rebuilt contract starts a new chain. */
  artifact: string;
  height: string;
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString("hex");
const unhex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "hex"));

async function main(): Promise<void> {
  const project = resolve(__dirname, "..");
  const artifactPath = join(project, "build", "Counter.scrt");
  if (!existsSync(artifactPath)) {
    throw new Error(`${artifactPath}: missing (run \`npm run build\` first)`);
  }
  const artifact = new Uint8Array(readFileSync(artifactPath));
  const artifactHash = createHash("sha256").update(artifact).digest("hex");
  const storeDir = resolve(process.env.SHORTCRUST_STORE ?? join(project, ".shortcrust", "store"));
  const headPath = join(storeDir, "..", "head");
  mkdirSync(storeDir, { recursive: true });

  const vm = await VM.open(storeDir);
  try {
    // Continue from the last run's commit if the store still holds it and the contract is the
    // same build; else start at genesis.
    const previous = readHead(headPath);
    const held = new Set(vm.commits().map(hex));
    const head =
      previous && held.has(previous.root) && previous.artifact === artifactHash ? previous : null;
    if (previous && !head) console.log("(the contract was rebuilt: starting from genesis)");
    const height = head ? BigInt(head.height) + 1n : 1n;
    const session = vm.session({
      base: head ? unhex(head.root) : undefined,
      metadata: buildChain({ block_height: height }),
    });

    console.log(`store       ${storeDir}`);
    console.log(`base        ${head ? head.root : "genesis"} (block height ${height})`);
    const contractId = head ? unhex(head.contract) : deploy(session, artifact);
    const counter = counterClient(session, contractId, GAS_LIMIT);
    console.log(`contract    ${hex(contractId)}`);

    const inc = counter.increment();
    const [changed] = decodeCounterEvents(inc.events, contractId);
    const by = changed.topic === "changed" ? changed.value.amount : null;
    console.log(`increment   gas ${inc.gasSpent}, event ${changed.topic} (amount ${by})`);
    const added = counter.apply({ case: "Add", value: 5n });
    console.log(`apply Add 5 → ${added.data} (gas ${added.gasSpent})`);
    const noted = counter.add_with_note(2n, `run at height ${height}`);
    console.log(`add_with_note → ${noted.data} changes (gas ${noted.gasSpent})`);

    // A failing call changes nothing: the root before and after is the same.
    const before = session.root();
    try {
      counter.apply({ case: "Sub", value: { amount: 1_000_000n, floor: 0n } });
    } catch (e) {
      if (!isPanicError(e)) throw e;
      console.log(
        `apply Sub   panicked (${e.panicMessage}); state unchanged: ${same(before, session.root())}`,
      );
    }

    const root = await session.commit();
    session.close();
    console.log(`commit      ${hex(root)}`);
    writeHead(headPath, {
      root: hex(root),
      contract: hex(contractId),
      artifact: artifactHash,
      height: String(height),
    });

    // Read the committed state back in a fresh session.
    const reader = vm.session({ base: root });
    const summary = counterClient(reader, contractId, GAS_LIMIT).summary().data;
    reader.close();
    console.log(`summary     ${JSON.stringify(Summary.toJson(summary))}`);
    console.log(`commits     ${vm.commits().length} held in the store`);
  } finally {
    await vm.close();
  }
}

function deploy(session: Session, artifact: Uint8Array): Uint8Array {
  const { contractId, receipt } = session.deploy(artifact, {
    owner: OWNER,
    gasLimit: GAS_LIMIT,
    initArg: counterInitArg(10n),
  });
  console.log(`deploy      ${artifact.length} bytes, init gas ${receipt?.gasSpent ?? 0n}`);
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

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
