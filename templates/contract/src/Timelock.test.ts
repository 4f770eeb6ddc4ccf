// The timelock gates on typed session metadata (`block_height`, `chain_id`), as piecrust's everest
// test reads the height; and one artifact is deployed twice, under ids the deployer chooses.
import { join } from "node:path";
import { VM, isInitializationError, isPanicError } from "@shortcrust/runtime";
import { buildArtifact } from "@shortcrust/bundler";
import {
  decodeTimelockEvents,
  timelockClient,
  timelockInitArg,
} from "./generated/timelock.Timelock.client";
import { buildChain } from "./generated/types.Chain.metadata";
import { contractIdFor } from "./ids";

const LIMIT = 10_000_000n;
const OWNER = new Uint8Array(32).fill(3);

describe("Timelock", () => {
  let vm: VM;
  let artifact: Uint8Array;
  beforeAll(async () => {
    vm = await VM.ephemeral();
    artifact = await buildArtifact({ entry: join(__dirname, "generated/timelock.Timelock.entry") });
  });
  afterAll(() => vm.close());

  function deploy(metadata: { block_height?: bigint; chain_id?: number }, chain = 1) {
    const session = vm.session({ metadata: buildChain(metadata) });
    const { contractId } = session.deploy(artifact, {
      owner: OWNER,
      gasLimit: LIMIT,
      initArg: timelockInitArg(chain),
    });
    return { session, contractId, timelock: timelockClient(session, contractId, LIMIT) };
  }

  const panicOf = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      if (isPanicError(e)) return e.panicMessage;
      throw e;
    }
    throw new Error("expected a panic");
  };

  it("refuses before the locked height and accepts from it on", () => {
    const { session, contractId, timelock } = deploy({ block_height: 41n, chain_id: 1 });
    expect(decodeTimelockEvents(timelock.lock(42n).events, contractId)).toMatchObject([
      { topic: "locked", value: 42n },
    ]);
    const root = session.root();
    expect(panicOf(() => timelock.claim())).toBe("locked until height 42, now 41");
    expect(session.root()).toEqual(root);

    for (const [k, v] of buildChain({ block_height: 42n })) session.setMeta(k, v);
    const r = timelock.claim();
    expect(r.data).toBe(1);
    expect(decodeTimelockEvents(r.events, contractId)).toMatchObject([
      { topic: "claimed", value: [42n, 42n] },
    ]);
    expect(timelock.status().data).toEqual({ until: null, height: 42n, chain_id: 1, claims: 1 });
    expect(panicOf(() => timelock.claim())).toBe("nothing is locked");
  });

  it("refuses on another chain, and without a height", () => {
    const other = deploy({ block_height: 50n, chain_id: 2 });
    other.timelock.lock(1n);
    expect(panicOf(() => other.timelock.claim())).toBe(
      "wrong chain: locked on 1, the session is on 2",
    );
    const none = deploy({ chain_id: 1 });
    none.timelock.lock(1n);
    expect(panicOf(() => none.timelock.claim())).toBe("the session has no block_height");
    // A value of the wrong type reads as missing (piecrust's meta_data gives None).
    const wrong = deploy({ chain_id: 1 });
    wrong.session.setMeta("block_height", new Uint8Array([1, 2, 3]));
    wrong.timelock.lock(1n);
    expect(panicOf(() => wrong.timelock.claim())).toBe("the session has no block_height");
  });

  it("one artifact deploys twice only under ids the deployer chooses", () => {
    const session = vm.session({ metadata: buildChain({ block_height: 7n, chain_id: 2 }) });
    const first = session.deploy(artifact, {
      owner: OWNER,
      gasLimit: LIMIT,
      initArg: timelockInitArg(1),
    });
    // The default id is blake3 of the artifact: a second plain deploy finds it taken.
    let taken: unknown;
    try {
      session.deploy(artifact, { owner: OWNER, gasLimit: LIMIT, initArg: timelockInitArg(2) });
    } catch (e) {
      taken = e;
    }
    expect(isInitializationError(taken)).toBe(true);
    const ids = [1n, 2n].map((nonce) => contractIdFor(artifact, nonce, OWNER));
    for (const [i, contractId] of ids.entries()) {
      session.deploy(artifact, {
        owner: OWNER,
        gasLimit: LIMIT,
        initArg: timelockInitArg(2),
        contractId,
      });
      timelockClient(session, contractId, LIMIT).lock(BigInt(i));
    }
    expect(
      new Set([first.contractId, ...ids].map((id) => Buffer.from(id).toString("hex"))).size,
    ).toBe(3);
    // Each is its own contract with its own state.
    expect(ids.map((id) => timelockClient(session, id, LIMIT).status().data.until)).toEqual([
      0n,
      1n,
    ]);
    expect(timelockClient(session, first.contractId, LIMIT).status().data.until).toBeNull();
  });
});
