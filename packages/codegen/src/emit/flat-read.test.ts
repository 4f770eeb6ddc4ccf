// Generated codecs deserialize a struct or tuple of leaves from the bytes alone on V8
// (`$readFlat`: no Source, no DataView; byte arrays the SDK pools come from the pool), and by
// the Source path elsewhere (codegen-v1 with POOL_MAX 0, as in a QuickJS sandbox). Both must
// give the composed codec's values, at the extremes of every leaf.
import { codec, type TypeDesc } from "@shortcrust/sdk";
import * as codegenV1 from "@shortcrust/sdk/codegen-v1";
import { compileCodec } from "../testing/compile";

const leaves: [string, TypeDesc, unknown[]][] = [
  ["a_u8", { kind: "u8" }, [0, 255, 7]],
  ["b_i8", { kind: "i8" }, [-128, 127, -1]],
  ["c_u16", { kind: "u16" }, [0, 65535, 0x1234]],
  ["d_i16", { kind: "i16" }, [-32768, 32767, -2]],
  ["e_u32", { kind: "u32" }, [0, 4294967295, 0x80000000]],
  ["f_i32", { kind: "i32" }, [-2147483648, 2147483647, -3]],
  ["g_usize", { kind: "usize" }, [0, 4294967295, 1]],
  ["h_isize", { kind: "isize" }, [-2147483648, 2147483647, 0]],
  ["i_u64", { kind: "u64" }, [0n, 2n ** 64n - 1n, 2n ** 63n]],
  ["j_i64", { kind: "i64" }, [-(2n ** 63n), 2n ** 63n - 1n, -1n]],
  ["k_f32", { kind: "f32" }, [-0, 3.4028234663852886e38, Number.NaN]],
  ["l_f64", { kind: "f64" }, [Number.MIN_VALUE, -Infinity, Number.MAX_VALUE]],
  ["m_bool", { kind: "bool" }, [false, true, true]],
  ["n_b32", { kind: "bytes", len: 32 }, [0, 255, 9].map((x) => new Uint8Array(32).fill(x))],
  ["o_b96", { kind: "bytes", len: 96 }, [1, 254, 3].map((x) => new Uint8Array(96).fill(x))],
  ["p_b2k", { kind: "bytes", len: 2048 }, [4, 5, 6].map((x) => new Uint8Array(2048).fill(x))],
];

const struct: TypeDesc = {
  kind: "struct",
  name: "AllFlat",
  fields: leaves.map(([name, type]) => ({ name, type })),
};
const tuple: TypeDesc = { kind: "tuple", elements: leaves.map(([, type]) => type) };
const offV8 = { ...codegenV1, POOL_MAX: 0 };

const structValue = (k: number): Record<string, unknown> =>
  Object.fromEntries(leaves.map(([name, , vs]) => [name, vs[k]]));
const tupleValue = (k: number): unknown[] => leaves.map(([, , vs]) => vs[k]);

describe.each([
  ["struct", struct, structValue, (v: unknown, i: number) => Object.values(v as object)[i]],
  ["tuple", tuple, tupleValue, (v: unknown, i: number) => (v as unknown[])[i]],
] as const)("flat deserialize of a %s of leaves", (_kind, desc, value, field) => {
  const composed = codec(desc);

  it.each([0, 1, 2])("gives the composed codec's value (extremes %i), on V8 and off", (k) => {
    const bytes = composed.archive(value(k));
    const want = composed.deserialize(bytes);
    for (const runtime of [codegenV1, offV8]) {
      const generated = compileCodec(desc, runtime);
      expect(generated.deserialize(bytes)).toEqual(want);
      expect(generated.archive(want)).toEqual(bytes);
    }
  });

  it("pools the byte arrays the SDK pools on V8 only, and never shares the input", () => {
    const bytes = composed.archive(value(0));
    const b96 = leaves.findIndex(([name]) => name === "o_b96");
    const b2k = leaves.findIndex(([name]) => name === "p_b2k");
    const b32 = leaves.findIndex(([name]) => name === "n_b32");
    const pooled = field(compileCodec(desc).deserialize(bytes), b96) as Uint8Array;
    expect(pooled.buffer).not.toBe(bytes.buffer);
    expect(pooled.buffer.byteLength).toBeGreaterThan(96); // a subarray of the pool's chunk
    const alone = compileCodec(desc, offV8).deserialize(bytes);
    for (const i of [b32, b96, b2k]) {
      const a = field(alone, i) as Uint8Array;
      expect(a.byteOffset).toBe(0);
      expect(a.buffer.byteLength).toBe(a.length);
    }
    const big = field(compileCodec(desc).deserialize(bytes), b2k) as Uint8Array;
    expect(big.buffer.byteLength).toBe(2048);
    pooled[0] ^= 0xff;
    expect(compileCodec(desc).deserialize(bytes)).toEqual(composed.deserialize(bytes));
  });

  it("still checks the root first", () => {
    const bytes = composed.archive(value(1));
    const short = bytes.subarray(1);
    expect(() => compileCodec(desc).deserialize(short)).toThrow(
      expect.objectContaining({ name: "CheckError" }),
    );
  });
});

describe("generated codec objects", () => {
  it("hold only data properties (desc is on their own prototype), so V8 keeps them fast", () => {
    // An own accessor (in the literal, or added with a getter another codec's map already has)
    // makes V8 put the object in dictionary mode: every method call then pays a lookup.
    const codecs = [struct, tuple, { kind: "u64" } as TypeDesc].map((d) => compileCodec(d));
    for (const c of codecs) {
      const own = Object.getOwnPropertyDescriptors(c);
      for (const [k, d] of Object.entries(own)) expect([k, "value" in d]).toEqual([k, true]);
      expect(Object.keys(own)).not.toContain("desc");
    }
    expect(codecs[0].desc).toEqual(struct);
    expect(codecs[2].desc).toEqual({ kind: "u64" });
    expect(Object.getPrototypeOf(codecs[0])).not.toBe(Object.getPrototypeOf(codecs[1]));
  });
});
