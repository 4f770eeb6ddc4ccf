import { codec } from "@shortcrust/sdk";
import type { Session } from "../session/session";
import { LIMIT } from "./fixtures";

export const I64 = codec<bigint>({ kind: "i64" });
export const I32 = codec<number>({ kind: "i32" });
export const U8 = codec<number>({ kind: "u8" });
export const U32 = codec<number>({ kind: "u32" });
export const U64 = codec<bigint>({ kind: "u64" });
export const BOOL = codec<boolean>({ kind: "bool" });
export const ID = codec<Uint8Array>({ kind: "bytes", len: 32 });
export const OPT_ID = codec<Uint8Array | null>({
  kind: "option",
  some: { kind: "bytes", len: 32 },
});
export const OPT_U64 = codec<bigint | null>({ kind: "option", some: { kind: "u64" } });
export const OPT_BYTES = codec<Uint8Array | null>({
  kind: "option",
  some: { kind: "vec", element: { kind: "u8" } },
});
export const VEC_ID = codec<Uint8Array[]>({ kind: "vec", element: { kind: "bytes", len: 32 } });
export const DELEGATE = codec<[Uint8Array, string, Uint8Array]>({
  kind: "tuple",
  elements: [
    { kind: "bytes", len: 32 },
    { kind: "string" },
    { kind: "vec", element: { kind: "u8" } },
  ],
});
export const ID_U64 = codec<[Uint8Array, bigint]>({
  kind: "tuple",
  elements: [{ kind: "bytes", len: 32 }, { kind: "u64" }],
});

export const NONE = new Uint8Array(0);
export const idOf = (b: number) => new Uint8Array(32).fill(b);

/** Calls and decodes an i64 return. */
export function readI64(s: Session, id: Uint8Array, fn = "read_value", limit = LIMIT): bigint {
  return I64.deserialize(s.callRaw(id, fn, NONE, limit).data);
}

/** Decodes a fixture's `0 ‖ bytes` / `1 ‖ case ‖ message` delegated result. */
export function decodeResult(b: Uint8Array): { ok: Uint8Array } | { err: string; message: string } {
  if (b[0] === 0) return { ok: b.subarray(1) };
  return {
    err: ["Panic", "OutOfGas", "DoesNotExist", "Unknown"][b[1]],
    message: Buffer.from(b.subarray(2)).toString("utf8"),
  };
}

export const text = (b: Uint8Array) => Buffer.from(b).toString("utf8");
