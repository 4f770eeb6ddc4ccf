// Generated codecs write a fixed-size root with no out-of-line data in place (`placeRoot`, V8
// only) by a direct call of their own write: the bytes must be the composed codec's, a nested
// archive from a getter must get its own bytes (even when it moves the pool to a new chunk), a
// failed write must be reported with its path and leave later archives clean, and off V8
// (`placeRoot` gives null) `archiveRoot` must give the same bytes.
import { codec, isArchiveError, type TypeDesc } from "@shortcrust/sdk";
import * as codegenV1 from "@shortcrust/sdk/codegen-v1";
import { compileCodec } from "../testing/compile";

type FnData = { signature: Uint8Array; public_key: Uint8Array; counter: bigint };
const desc: TypeDesc = {
  kind: "struct",
  name: "FnData",
  fields: [
    { name: "signature", type: { kind: "bytes", len: 64 } },
    { name: "public_key", type: { kind: "bytes", len: 96 } },
    { name: "counter", type: { kind: "u64" } },
  ],
};
const value = (k: number): FnData => ({
  signature: new Uint8Array(64).fill(k),
  public_key: new Uint8Array(96).fill(k + 1),
  counter: BigInt(k) * 1000n,
});
const composed = codec<FnData>(desc);
const plain = (b: Uint8Array): number[] => Array.from(b);

describe.each([
  ["V8 (placeRoot)", codegenV1],
  ["off V8 (archiveRoot)", { ...codegenV1, POOL_MAX: 0, placeRoot: () => null }],
])("generated in-place archive, %s", (_name, runtime) => {
  const generated = compileCodec(desc, runtime) as unknown as typeof composed;

  it("writes the composed codec's bytes", () => {
    for (const k of [0, 7, 255]) {
      expect(plain(generated.archive(value(k)))).toEqual(plain(composed.archive(value(k))));
    }
  });

  it("archives again from a getter, onto a new chunk, without touching the outer bytes", () => {
    let inner: Uint8Array[] = [];
    const outer = {
      ...value(3),
      get counter() {
        // 60 archives of 176 bytes fill more than one 8 KiB chunk.
        inner = Array.from({ length: 60 }, (_, i) => generated.archive(value(i)));
        return 3000n;
      },
    };
    const bytes = generated.archive(outer as FnData);
    expect(composed.deserialize(bytes)).toEqual(value(3));
    inner.forEach((b, i) => expect(composed.deserialize(b)).toEqual(value(i)));
  });

  it("reports a bad field with its path and leaves later archives clean", () => {
    const bad: [unknown, RegExp][] = [
      [{ ...value(1), counter: -1n }, /FnData\.counter/],
      [{ ...value(1), public_key: new Uint8Array(95) }, /FnData\.public_key/],
      [{ ...value(1), signature: "nope" }, /FnData\.signature/],
      [null, /FnData/],
    ];
    for (const [v, where] of bad) {
      let err: unknown;
      try {
        generated.archive(v as FnData);
      } catch (e) {
        err = e;
      }
      expect(isArchiveError(err)).toBe(true);
      expect(String((err as Error).message) + JSON.stringify(err)).toMatch(where);
      expect(plain(generated.archive(value(2)))).toEqual(plain(composed.archive(value(2))));
    }
  });
});
