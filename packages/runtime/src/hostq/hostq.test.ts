import { bls12_381 } from "@noble/curves/bls12-381";
import { ed25519 } from "@noble/curves/ed25519";
import { blake2b } from "@noble/hashes/blake2.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { BUILTIN_HOST_QUERIES, codec } from "@shortcrust/sdk";
import { isMissingHostQueryError, isPanicError } from "../errors";
import { fixture, LIMIT, OWNER } from "../testing/fixtures";
import { VM } from "../vm/vm";
import { GAS } from "../session/gas";
import { BLS_G1_DST, HOST_QUERY_PRICES } from "./index";

const enc = new TextEncoder();
const BOOL = codec<boolean>({ kind: "bool" });
const ID = codec<Uint8Array>({ kind: "bytes", len: 32 });
const BYTES = codec<Uint8Array>({ kind: "vec", element: { kind: "u8" } });
const SIGNED = codec<{ key: Uint8Array; message: Uint8Array; signature: Uint8Array }>({
  kind: "struct",
  name: "Signed",
  fields: ["key", "message", "signature"].map((name) => ({
    name,
    type: { kind: "vec", element: { kind: "u8" } } as const,
  })),
});

// Fixed keys: the tests (and their gas) do not depend on a random draw.
const edSecret = new Uint8Array(32).fill(7);
const edKey = ed25519.getPublicKey(edSecret);
const bls = bls12_381.shortSignatures;
const blsSecret = new Uint8Array(32).fill(9);
const blsKey = bls.getPublicKey(blsSecret).toBytes();
const msg = enc.encode("FnData { counter: 1 }");
const edSig = ed25519.sign(msg, edSecret);
const blsSig = bls.sign(bls.hash(msg, BLS_G1_DST), blsSecret).toBytes();

const flip = (b: Uint8Array, i: number) => {
  const c = new Uint8Array(b);
  c[i] ^= 1;
  return c;
};

let vm: VM;
beforeAll(async () => {
  vm = await VM.ephemeral();
});
afterAll(() => vm.close());

async function deployed(v: VM = vm) {
  const s = v.session();
  const { contractId } = s.deploy(await fixture("crypto"), { owner: OWNER, gasLimit: LIMIT });
  return { s, id: contractId };
}

function verifyCall(
  s: ReturnType<VM["session"]>,
  id: Uint8Array,
  fn: "ed25519" | "bls",
  key: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
) {
  const r = s.callRaw(id, fn, SIGNED.archive({ key, message, signature }), 10n ** 9n);
  return { ok: BOOL.deserialize(r.data), gas: r.gasSpent };
}

describe("verify_ed25519", () => {
  it("accepts a real signature and rejects wrong keys, flipped bits and wrong lengths", async () => {
    const { s, id } = await deployed();
    const v = (k: Uint8Array, m: Uint8Array, g: Uint8Array) =>
      verifyCall(s, id, "ed25519", k, m, g).ok;
    expect(v(edKey, msg, edSig)).toBe(true);
    expect(v(ed25519.getPublicKey(new Uint8Array(32).fill(8)), msg, edSig)).toBe(false);
    expect(v(edKey, msg, flip(edSig, 0))).toBe(false);
    expect(v(edKey, msg, flip(edSig, 63))).toBe(false);
    expect(v(edKey, flip(msg, 3), edSig)).toBe(false);
    expect(v(flip(edKey, 5), msg, edSig)).toBe(false);
    expect(v(edKey.subarray(0, 31), msg, edSig)).toBe(false);
    expect(v(edKey, msg, edSig.subarray(0, 63))).toBe(false);
    expect(v(new Uint8Array([...edKey, 0]), msg, edSig)).toBe(false);
    // y = 2^255 - 1 is not a field element: not a point.
    expect(v(new Uint8Array(32).fill(0xff), msg, edSig)).toBe(false);
    // Small-order key and R (ZIP-215 would accept these for every message): strict RFC 8032.
    expect(v(new Uint8Array(32), new Uint8Array(0), new Uint8Array(64))).toBe(false);
    const identity = new Uint8Array(32);
    identity[0] = 1;
    expect(v(identity, msg, new Uint8Array([...identity, ...new Uint8Array(32)]))).toBe(false);
  });
});

describe("verify_bls", () => {
  it("accepts a real short signature (G2 key, G1 signature) and rejects bad ones", async () => {
    expect(blsKey.length).toBe(96);
    expect(blsSig.length).toBe(48);
    const { s, id } = await deployed();
    const v = (k: Uint8Array, m: Uint8Array, g: Uint8Array) => verifyCall(s, id, "bls", k, m, g).ok;
    expect(v(blsKey, msg, blsSig)).toBe(true);
    const otherKey = bls.getPublicKey(new Uint8Array(32).fill(1));
    expect(v(otherKey.toBytes(), msg, blsSig)).toBe(false);
    expect(v(blsKey, msg, flip(blsSig, 47))).toBe(false);
    expect(v(blsKey, flip(msg, 0), blsSig)).toBe(false);
    expect(v(flip(blsKey, 95), msg, blsSig)).toBe(false);
    expect(v(blsKey.subarray(0, 95), msg, blsSig)).toBe(false);
    expect(v(blsKey, msg, new Uint8Array([...blsSig, 0]))).toBe(false);
    // Uncompressed encodings (192 / 96 bytes) are not the wire format.
    expect(v(bls.getPublicKey(blsSecret).toBytes(false), msg, blsSig)).toBe(false);
    // Not on the curve: the compression flag with an x that has no point.
    const junk = new Uint8Array(48).fill(0x11);
    junk[0] = 0x80 | 0x11;
    expect(v(blsKey, msg, junk)).toBe(false);
    // The identity key with the identity signature satisfies the pairing for every message.
    const inf = (n: number) => {
      const b = new Uint8Array(n);
      b[0] = 0xc0;
      return b;
    };
    expect(v(inf(96), msg, inf(48))).toBe(false);
    // A signature under the G2 suite's DST is another message's signature.
    const wrongDst = bls
      .sign(bls.hash(msg, "BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_POP_"), blsSecret)
      .toBytes();
    expect(v(blsKey, msg, wrongDst)).toBe(false);
  });
});

describe("hashes", () => {
  it("match @noble/hashes on several lengths", async () => {
    const { s, id } = await deployed();
    for (const n of [0, 1, 3, 64, 1000, 60_000]) {
      const data = new Uint8Array(n).map((_, i) => (i * 31 + n) & 0xff);
      const sh = ID.deserialize(s.callRaw(id, "sha256", BYTES.archive(data), 10n ** 9n).data);
      const bl = ID.deserialize(s.callRaw(id, "blake2b256", BYTES.archive(data), 10n ** 9n).data);
      expect(Buffer.from(sh).toString("hex")).toBe(Buffer.from(sha256(data)).toString("hex"));
      expect(Buffer.from(bl).toString("hex")).toBe(
        Buffer.from(blake2b(data, { dkLen: 32 })).toString("hex"),
      );
    }
  });
});

describe("malformed archives", () => {
  // misc's `query` sends the bytes [1, 2, 3] (not an archive of anything) to the named query.
  it("a signature query answers false, a hash query panics with the deterministic message", async () => {
    const s = vm.session();
    const { contractId: m } = s.deploy(await fixture("misc"), { owner: OWNER, gasLimit: LIMIT });
    for (const name of ["verify_ed25519", "verify_bls"]) {
      const r = s.callRaw(m, "query", enc.encode(name), 10n ** 8n);
      expect(r.data).toEqual(BOOL.archive(false));
    }
    for (const name of ["sha256", "blake2b_256"]) {
      let err: unknown;
      try {
        s.callRaw(m, "query", enc.encode(name), LIMIT);
      } catch (e) {
        err = e;
      }
      expect(isPanicError(err) && err.panicMessage).toBe("host query failed");
    }
  });
});

describe("prices", () => {
  it("one that is not a bigint ≥ 0n is the query's failure, named, never free or NaN gas", async () => {
    const execute = () => new Uint8Array(0);
    const bad = {
      price_string: { price: () => "x" as unknown as bigint, execute },
      price_negative: { price: () => -5n, execute },
      price_number: { price: () => 1.5 as unknown as bigint, execute },
    };
    const v = await VM.ephemeral({ hostQueries: bad });
    try {
      const s = v.session();
      const { contractId: m } = s.deploy(await fixture("misc"), { owner: OWNER, gasLimit: LIMIT });
      const messages = Object.keys(bad).map((name) => {
        try {
          s.callRaw(m, "query", enc.encode(name), LIMIT);
        } catch (e) {
          return isPanicError(e) ? e.panicMessage : String(e);
        }
        return "succeeded";
      });
      expect(messages).toEqual([
        'host query failed: its price(arg) returned "x", not a bigint ≥ 0n',
        "host query failed: its price(arg) returned -5n, not a bigint ≥ 0n",
        "host query failed: its price(arg) returned 1.5, not a bigint ≥ 0n",
      ]);
    } finally {
      await v.close();
    }
  });

  const queries = () => vm.hostQueries;
  it("are a base plus a per-byte rate of the argument, the same for the same argument", () => {
    const arg = codec(BUILTIN_HOST_QUERIES.verify_ed25519.arg).archive({
      public_key: edKey,
      message: msg,
      signature: edSig,
    });
    for (const [name, p] of Object.entries(HOST_QUERY_PRICES)) {
      const q = queries().get(name)!;
      expect(p.base).toBeGreaterThan(0);
      expect(q.price(arg)).toBe(BigInt(p.base + Math.ceil((p.perKiB * arg.length) / 1024)));
      expect(q.price(new Uint8Array(arg))).toBe(q.price(arg));
      expect(q.price(new Uint8Array(0))).toBe(BigInt(p.base));
    }
  });

  it("make a call's gas the same on two fresh VMs, and on a first and a later call", async () => {
    const other = await VM.ephemeral();
    try {
      const a = await deployed();
      const b = await deployed(other);
      const gas = (x: typeof a) => [
        verifyCall(x.s, x.id, "ed25519", edKey, msg, edSig).gas,
        verifyCall(x.s, x.id, "bls", blsKey, msg, blsSig).gas,
        x.s.callRaw(x.id, "sha256", BYTES.archive(msg), LIMIT).gasSpent,
        x.s.callRaw(x.id, "blake2b256", BYTES.archive(msg), LIMIT).gasSpent,
      ];
      const first = gas(a);
      expect(gas(b)).toEqual(first);
      expect(gas(a)).toEqual(first);
      // A failing check costs what a passing one does.
      expect(verifyCall(a.s, a.id, "ed25519", edKey, msg, flip(edSig, 0)).gas).toBe(first[0]);
      expect(verifyCall(a.s, a.id, "bls", blsKey, msg, flip(blsSig, 47)).gas).toBe(first[1]);
      // The price is charged: the BLS call costs at least its query's base price.
      expect(first[1]).toBeGreaterThan(
        BigInt(HOST_QUERY_PRICES.verify_bls.base + GAS.HOST_QUERY_BASE),
      );
    } finally {
      await other.close();
    }
  });

  it("grow with the data by the per-byte rate", async () => {
    const { s, id } = await deployed();
    const at = (n: number) => s.callRaw(id, "sha256", BYTES.archive(new Uint8Array(n)), LIMIT);
    // The contract-side work grows too (archive copies, charged argument bytes): at least the rate.
    const d = at(4000).gasSpent - at(0).gasSpent;
    expect(d).toBeGreaterThanOrEqual(BigInt((HOST_QUERY_PRICES.sha256.perKiB * 4000) / 1024));
  });
});

describe("VM options", () => {
  it("registers the built-ins by default, leaves them out or replaces them on request", async () => {
    expect([...vm.hostQueries.keys()].sort()).toEqual(
      ["blake2b_256", "sha256", "verify_bls", "verify_ed25519"].sort(),
    );
    const bare = await VM.ephemeral({ builtinHostQueries: false });
    const replaced = await VM.ephemeral({
      hostQueries: { sha256: { price: () => 1n, execute: () => new Uint8Array(32).fill(0xab) } },
    });
    try {
      expect(bare.hostQueries.size).toBe(0);
      const b = await deployed(bare);
      expect(() => b.s.callRaw(b.id, "sha256", BYTES.archive(msg), LIMIT)).toThrow(
        expect.objectContaining({ name: "MissingHostQueryError" }),
      );
      const r = await deployed(replaced);
      const out = r.s.callRaw(r.id, "sha256", BYTES.archive(msg), LIMIT).data;
      expect(out).toEqual(new Uint8Array(32).fill(0xab));
      expect(replaced.hostQueries.has("verify_bls")).toBe(true);
      // A session can still hide a built-in, and the VM can withdraw one.
      const hidden = vm.session({ excludeHostQueries: ["verify_ed25519"] });
      const { contractId } = hidden.deploy(await fixture("crypto"), {
        owner: OWNER,
        gasLimit: LIMIT,
      });
      let err: unknown;
      try {
        verifyCall(hidden, contractId, "ed25519", edKey, msg, edSig);
      } catch (e) {
        err = e;
      }
      expect(isMissingHostQueryError(err)).toBe(true);
      expect(replaced.unregisterHostQuery("verify_bls")).toBe(true);
      expect(replaced.hostQueries.has("verify_bls")).toBe(false);
    } finally {
      await bare.close();
      await replaced.close();
    }
  });
});
