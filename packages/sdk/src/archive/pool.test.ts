import { codec } from "./codec";
import { parseRustTypes } from "./rust-types";
import { isArchiveError } from "./errors";
import { HEAP_MAX, POOL_MAX } from "./pool";

const types = parseRustTypes(`
struct FnData { signature: [u8; 64], public_key: [u8; 96], counter: u64 }
struct Blob { name: String, data: Vec<u8> }
struct Padded { a: u8, b: u64, c: [u8; 80] }
`);

interface FnData {
  signature: Uint8Array;
  public_key: Uint8Array;
  counter: bigint;
}

const fnData = codec<FnData>(types.get("FnData")!);
const blob = codec<{ name: string; data: Uint8Array }>(types.get("Blob")!);

function value(seed: number): FnData {
  return {
    signature: Uint8Array.from({ length: 64 }, (_, i) => (i + seed) & 0xff),
    public_key: Uint8Array.from({ length: 96 }, (_, i) => (i * 3 + seed) & 0xff),
    counter: BigInt(seed),
  };
}

/** The bytes as a plain array (compares contents, whatever buffer they sit in). */
const plain = (b: Uint8Array): number[] => Array.from(b);

describe("pooled archives and bytes (pool.ts)", () => {
  it("pools on V8 only (elsewhere, and in QuickJS sandboxes, every array is its own)", () => {
    expect(POOL_MAX).toBe(1024);
    const saved = Object.getOwnPropertyDescriptor(globalThis, "process")!;
    let offV8: {
      max: number;
      archived: Uint8Array;
      back: FnData;
    };
    try {
      Object.defineProperty(globalThis, "process", { value: undefined, configurable: true });
      jest.isolateModules(() => {
        /* eslint-disable @typescript-eslint/no-require-imports */
        const pool = require("./pool") as typeof import("./pool");
        const c = require("./codec") as typeof import("./codec");
        /* eslint-enable @typescript-eslint/no-require-imports */
        const k = c.codec<FnData>(types.get("FnData")!);
        const archived = k.archive(value(9));
        offV8 = { max: pool.POOL_MAX, archived, back: k.deserialize(archived) };
      });
    } finally {
      Object.defineProperty(globalThis, "process", saved);
    }
    const { max, archived, back } = offV8!;
    expect(max).toBe(0);
    expect(plain(archived)).toEqual(plain(fnData.archive(value(9))));
    for (const b of [archived, back.public_key, back.signature]) {
      expect(b.byteOffset).toBe(0);
      expect(b.buffer.byteLength).toBe(b.length);
    }
    expect(back).toEqual(value(9));
  });

  it("hands out fresh, 16-aligned, non-overlapping archives across chunk boundaries", () => {
    expect(fnData.size).toBeGreaterThan(HEAP_MAX);
    expect(fnData.size).toBeLessThanOrEqual(POOL_MAX);
    // More archives than one 8 KiB chunk holds.
    const outs = Array.from({ length: 120 }, (_, i) => fnData.archive(value(i)));
    const copies = outs.map((b) => b.slice());
    const seen = new Map<ArrayBufferLike, [number, number][]>();
    outs.forEach((b, i) => {
      expect(b.length).toBe(fnData.size);
      expect(b.byteOffset % 16).toBe(0);
      expect(fnData.deserialize(b)).toEqual(value(i));
      const ranges = seen.get(b.buffer) ?? [];
      for (const [s, e] of ranges)
        expect(b.byteOffset >= e || b.byteOffset + b.length <= s).toBe(true);
      ranges.push([b.byteOffset, b.byteOffset + b.length]);
      seen.set(b.buffer, ranges);
    });
    expect(seen.size).toBeGreaterThan(1);
    // Writing to one archive changes no other.
    outs[5].fill(0xee);
    outs.forEach((b, i) => {
      if (i !== 5) expect(plain(b)).toEqual(plain(copies[i]));
    });
  });

  it("never hands out bytes a failed archive wrote to", () => {
    // Padded has padding bytes, which its write never touches: they must come zero.
    const padded = codec<{ a: number; b: bigint; c: Uint8Array }>(types.get("Padded")!);
    expect(padded.size).toBeGreaterThan(HEAP_MAX);
    const p = { a: 1, b: 2n, c: new Uint8Array(80).fill(3) };
    const clean = plain(padded.archive(p));
    const bad = [
      { ...value(1), counter: -1n },
      { ...value(1), public_key: new Uint8Array(95).fill(9) },
      { ...value(1), signature: "nope" },
    ];
    for (const v of bad) {
      let err: unknown;
      try {
        fnData.archive(v as FnData);
      } catch (e) {
        err = e;
      }
      expect(isArchiveError(err)).toBe(true);
      expect(plain(padded.archive(p))).toEqual(clean);
    }
  });

  it("archives again from inside a value's getter (a nested archive gets its own bytes)", () => {
    let inner: Uint8Array | null = null;
    const outer = {
      ...value(3),
      get counter() {
        inner = fnData.archive(value(4));
        return 3n;
      },
    };
    const bytes = fnData.archive(outer as FnData);
    expect(fnData.deserialize(bytes)).toEqual(value(3));
    expect(fnData.deserialize(inner!)).toEqual(value(4));
  });

  it("pools archives with out-of-line data when they are small, and copies them out", () => {
    const outs = [10, 100, 900, 5000].map((n, i) => ({
      v: { name: `blob number ${i}`, data: Uint8Array.from({ length: n }, (_, j) => j * i) },
      b: blob.archive({
        name: `blob number ${i}`,
        data: Uint8Array.from({ length: n }, (_, j) => j * i),
      }),
    }));
    for (const { v, b } of outs) {
      expect(b.byteOffset % 16).toBe(0);
      expect(blob.deserialize(b)).toEqual(v);
    }
  });

  it("deserialized bytes never alias the archive, nor each other", () => {
    const bytes = fnData.archive(value(7));
    const before = plain(bytes);
    const v = fnData.deserialize(bytes);
    v.signature.fill(1);
    v.public_key.fill(2);
    expect(plain(bytes)).toEqual(before);
    expect(v.signature.every((x) => x === 1)).toBe(true);
    bytes.fill(0);
    expect(v.public_key.every((x) => x === 2)).toBe(true);
    for (const n of [0, 10, 64, 65, 200, 1024, 1025, 3000]) {
      const data = Uint8Array.from({ length: n }, (_, j) => j & 0xff);
      const b = blob.archive({ name: "x", data });
      const back = blob.deserialize(b);
      expect(plain(back.data)).toEqual(plain(data));
      const again = blob.deserialize(b);
      back.data.fill(0xaa);
      expect(plain(again.data)).toEqual(plain(data));
      expect(plain(blob.deserialize(b).data)).toEqual(plain(data));
    }
  });
});
