// The seed page's verifier: real ed25519 signatures (@noble/curves, through src/signer.ts) over
// the archived `Signed { counter, contract }`, checked by the built-in `verify_ed25519` host query.
import { join } from "node:path";
import { isArchiveError } from "@shortcrust/sdk";
import { VM, isOutOfGasError, isPanicError, type Session } from "@shortcrust/runtime";
import { buildArtifact } from "@shortcrust/bundler";
import { decodeVerifierEvents, verifierClient } from "./generated/verifier.Verifier.client";
import { FnData } from "./generated/types.codec";
import { contractIdFor } from "./ids";
import { signer } from "./signer";

const LIMIT = 10_000_000n;
const OWNER = new Uint8Array(32).fill(9);
const alice = signer(new Uint8Array(32).fill(0xa1));
const bob = signer(new Uint8Array(32).fill(0xb0));

describe("Verifier", () => {
  let vm: VM;
  let artifact: Uint8Array;
  beforeAll(async () => {
    vm = await VM.ephemeral();
    artifact = await buildArtifact({ entry: join(__dirname, "generated/verifier.Verifier.entry") });
  });
  afterAll(() => vm.close());

  function deploy(session: Session = vm.session(), contractId?: Uint8Array) {
    const id = session.deploy(artifact, { owner: OWNER, gasLimit: LIMIT, contractId }).contractId;
    return { session, id, verifier: verifierClient(session, id, LIMIT) };
  }

  /** The panic message of a rejected submission, after checking it changed nothing. */
  function rejection(session: Session, submit: () => unknown): string {
    const root = session.root();
    try {
      submit();
    } catch (e) {
      expect(session.root()).toEqual(root);
      if (isPanicError(e)) return e.panicMessage;
      throw e;
    }
    throw new Error("the submission was accepted");
  }

  it("accepts a signed FnData and records its counter", () => {
    const { verifier, id } = deploy();
    expect(verifier.last_counter(alice.publicKey).data).toBeNull();
    const r = verifier.submit(alice.sign(1n, id));
    expect(r.data).toBe(1n);
    expect(decodeVerifierEvents(r.events, id)).toEqual([
      {
        topic: "accepted",
        value: { public_key: alice.publicKey, counter: 1n, callstack: [] },
        source: id,
        reverted: false,
      },
    ]);
    expect(verifier.last_counter(alice.publicKey).data).toBe(1n);
    expect(verifier.submit(alice.sign(7n, id)).data).toBe(7n); // any higher counter
    expect(verifier.accepted_count().data).toBe(2n);
  });

  it("rejects a replay and a stale counter, leaving state untouched", () => {
    const { session, verifier, id } = deploy();
    const first = alice.sign(5n, id);
    verifier.submit(first);
    expect(rejection(session, () => verifier.submit(first))).toBe(
      "stale counter 5: the last accepted for this key is 5",
    );
    expect(rejection(session, () => verifier.submit(alice.sign(3n, id)))).toBe(
      "stale counter 3: the last accepted for this key is 5",
    );
    expect(verifier.last_counter(alice.publicKey).data).toBe(5n);
    expect(verifier.accepted_count().data).toBe(1n);
    // Counters are per key: bob starts from nothing.
    expect(verifier.submit(bob.sign(1n, id)).data).toBe(1n);
  });

  it("rejects a flipped bit anywhere, a wrong key, and a signature for another contract", () => {
    const { session, verifier, id } = deploy();
    const good = alice.sign(1n, id);
    for (const bit of [0, 255, 511]) {
      const signature = good.signature.slice();
      signature[bit >> 3] ^= 1 << (bit & 7);
      expect(rejection(session, () => verifier.submit({ ...good, signature }))).toBe(
        "bad signature",
      );
    }
    const key = good.public_key.slice();
    key[0] ^= 1;
    expect(rejection(session, () => verifier.submit({ ...good, public_key: key }))).toBe(
      "bad signature",
    );
    // The signature is over counter 1, not 2.
    expect(rejection(session, () => verifier.submit({ ...good, counter: 2n }))).toBe(
      "bad signature",
    );
    // Signed by bob, submitted as alice's.
    const byBob = bob.sign(1n, id);
    expect(
      rejection(session, () => verifier.submit({ ...byBob, public_key: alice.publicKey })),
    ).toBe("bad signature");

    // A second verifier (the same artifact under an id of its own): what is signed for one is
    // rejected by the other, since the contract id is part of the signed message.
    const other = deploy(session, contractIdFor(artifact, 1n, OWNER));
    const forOther = alice.sign(1n, other.id);
    expect(rejection(session, () => verifier.submit(forOther))).toBe("bad signature");
    expect(other.verifier.submit(forOther).data).toBe(1n);
    expect(verifier.last_counter(alice.publicKey).data).toBeNull();
    expect(verifier.submit(good).data).toBe(1n);
  });

  it("refuses arrays of the wrong length with a typed error naming the field", () => {
    const { session, verifier, id } = deploy();
    const good = alice.sign(1n, id);
    const short = { ...good, signature: good.signature.subarray(0, 63) };
    let err: unknown;
    try {
      verifier.submit(short);
    } catch (e) {
      err = e;
    }
    expect(isArchiveError(err)).toBe(true);
    // The client names its function and parameter; the codec alone names the type.
    expect((err as Error).message).toBe(
      "Verifier.submit.data.signature: expected 64 bytes, found 63",
    );
    expect(() => FnData.archive({ ...good, public_key: new Uint8Array(33) })).toThrow(
      /FnData\.public_key/,
    );
    // Bytes that are not an FnData archive at all fail the contract's own check.
    const root = session.root();
    const bytes = FnData.archive(good);
    expect(() => session.callRaw(id, "submit", bytes.subarray(0, 100), LIMIT)).toThrow(/FnData/);
    expect(session.root()).toEqual(root);
  });

  it("costs the same gas every time, and a rejection costs its whole limit", () => {
    const gas = () => {
      const { verifier, id } = deploy();
      return verifier.submit(alice.sign(1n, id)).gasSpent;
    };
    const accepted = gas();
    expect(gas()).toBe(accepted);
    // The rejection path ends in a panic given enough gas, in OutOfGas below what it needs.
    const { session, id } = deploy();
    session.callRaw(id, "submit", FnData.archive(alice.sign(1n, id)), LIMIT);
    const replay = FnData.archive(alice.sign(1n, id));
    const ends = (limit: bigint) => {
      try {
        session.callRaw(id, "submit", replay, limit);
        return "ok";
      } catch (e) {
        if (isPanicError(e)) return "panic";
        if (isOutOfGasError(e)) return "oog";
        throw e;
      }
    };
    expect(ends(LIMIT)).toBe("panic");
    expect(ends(100n)).toBe("oog");
  });
});
