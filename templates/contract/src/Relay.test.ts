// The relay calls the verifier on a user's behalf: every way the inter-contract call can end
// becomes an Outcome, the verifier's failed frame rolls back while the relay's own writes stay,
// and the relay's per-session cache lives in ephemeral data (never in a commit).
import { join } from "node:path";
import { VM } from "@shortcrust/runtime";
import { buildArtifact } from "@shortcrust/bundler";
import { decodeRelayEvents, relayClient } from "./generated/relay.Relay.client";
import { decodeVerifierEvents, verifierClient } from "./generated/verifier.Verifier.client";
import { timelockInitArg } from "./generated/timelock.Timelock.client";
import { signer } from "./signer";

const LIMIT = 10_000_000n;
const OWNER = new Uint8Array(32).fill(5);
const alice = signer(new Uint8Array(32).fill(0xa1));

describe("Relay", () => {
  let vm: VM;
  const artifacts: Record<string, Uint8Array> = {};
  beforeAll(async () => {
    vm = await VM.ephemeral();
    for (const [file, name] of [
      ["relay", "Relay"],
      ["verifier", "Verifier"],
      ["timelock", "Timelock"],
    ]) {
      artifacts[name] = await buildArtifact({
        entry: join(__dirname, `generated/${file}.${name}.entry`),
      });
    }
  });
  afterAll(() => vm.close());

  function deploy() {
    const session = vm.session();
    const id = (name: string, initArg?: Uint8Array) =>
      session.deploy(artifacts[name], { owner: OWNER, gasLimit: LIMIT, initArg }).contractId;
    const [relayId, verifierId] = [id("Relay"), id("Verifier")];
    return {
      session,
      relayId,
      verifierId,
      timelockId: id("Timelock", timelockInitArg(1)),
      relay: relayClient(session, relayId, LIMIT),
      verifier: verifierClient(session, verifierId, LIMIT),
    };
  }

  it("forwards to the verifier, which sees the relay as its caller", () => {
    const { relay, relayId, verifier, verifierId } = deploy();
    const r = relay.forward(verifierId, alice.sign(1n, verifierId), 0n);
    expect(r.data).toEqual({ case: "Accepted", value: 1n });
    expect(decodeVerifierEvents(r.events, verifierId)).toMatchObject([
      { topic: "accepted", value: { counter: 1n, callstack: [relayId] } },
    ]);
    expect(decodeRelayEvents(r.events, relayId)).toMatchObject([
      { topic: "relayed", value: [verifierId, 1n] },
    ]);
    // Two frames: the verifier's (listed first), then the relay's; exclusive gas adds up.
    expect(r.callTree.map((f) => f.contractId)).toEqual([verifierId, relayId]);
    expect(r.callTree.reduce((s, f) => s + f.spent, 0n)).toBe(r.gasSpent);
    expect(verifier.last_counter(alice.publicKey).data).toBe(1n);
  });

  it("answers a duplicate in the same session from ephemeral data, without calling out", async () => {
    const { session, relay, relayId, verifierId } = deploy();
    const data = alice.sign(1n, verifierId);
    const first = relay.forward(verifierId, data, 0n);
    const again = relay.forward(verifierId, data, 0n);
    expect(again.data).toEqual({ case: "Duplicate" });
    expect(again.callTree.map((f) => f.contractId)).toEqual([relayId]);
    expect(again.gasSpent).toBeLessThan(first.gasSpent);
    expect(relay.seen(alice.publicKey, 1n).data).toBe(true);
    // Ephemeral data is never committed: a session on the commit has an empty cache.
    const root = await session.commit();
    const next = vm.session({ base: root });
    expect(relayClient(next, relayId, LIMIT).seen(alice.publicKey, 1n).data).toBe(false);
    next.close();
  });

  it("turns every CallResult error into an Outcome and keeps its own bookkeeping", () => {
    const { session, relay, relayId, verifier, verifierId, timelockId } = deploy();
    const data = alice.sign(1n, verifierId);
    verifier.submit(data);
    const accepted = verifier.accepted_count().data;

    // Panic: the verifier rejects the replay; its frame rolls back, the relay's writes stay.
    const before = session.root();
    const r = relay.forward(verifierId, data, 0n);
    expect(r.data).toEqual({
      case: "Rejected",
      value: "stale counter 1: the last accepted for this key is 1",
    });
    expect(decodeRelayEvents(r.events, relayId)).toMatchObject([
      { topic: "refused", value: { counter: 1n, reason: r.data } },
    ]);
    expect(r.callTree.map((f) => f.contractId)).toEqual([relayId]); // the failed frame is pruned
    expect(verifier.accepted_count().data).toBe(accepted);
    expect(session.root()).not.toEqual(before); // the relay counted the refusal

    // OutOfGas: a limit too small for the verifier (which burns it whole).
    const small = relay.forward(verifierId, alice.sign(2n, verifierId), 2_000n);
    expect(small.data).toEqual({ case: "OutOfGas" });
    // DoesNotExist: no contract under that id.
    const nobody = new Uint8Array(32).fill(0xee);
    expect(relay.forward(nobody, data, 0n).data).toEqual({ case: "NoSuchVerifier" });
    // Unknown: a contract without `submit` (a host-side error reaches a caller as Unknown).
    expect(relay.forward(timelockId, data, 0n).data).toEqual({ case: "Failed" });
    expect(verifier.last_counter(alice.publicKey).data).toBe(1n);
  });
});
