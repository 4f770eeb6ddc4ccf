/**
 * Suite `archive`: our rkyv 0.7 codecs against msgpackr, borsh 2 and JSON + ajv, on FnData and a
 * log data set modelled on rust_serialization_benchmark's `log` (10,000 records). For a peer,
 * archive is its encode, deserialize its decode, check-read its decode + validation + one field.
 */
import { Packr } from "msgpackr";
import * as borsh from "borsh";
import Ajv from "ajv";
import { codec } from "../archive/codec";
import { parseRustTypes } from "../archive/rust-types";

export const suite = "archive";

const types = parseRustTypes(`
pub struct FnData { pub signature: [u8; 64], pub public_key: [u8; 96], pub counter: u64 }
pub struct Log { pub address: String, pub identity: String, pub userid: String, pub date: String,
                 pub request: String, pub code: u16, pub size: u64 }
pub struct Logs { pub logs: Vec<Log> }
`);

interface Log {
  address: string;
  identity: string;
  userid: string;
  date: string;
  request: string;
  code: number;
  size: bigint;
}

/** Deterministic PRNG (mulberry32), so every run measures the same data. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const USERIDS = ["-", "frank", "alice", "bob", "carol", "dave", "eve", "mallory"];
const METHODS = ["GET", "POST", "PUT", "DELETE"];
const PATHS = ["/", "/index.html", "/apache_pb.gif", "/api/v1/users", "/static/app.js"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

export function makeLogs(n = 10_000): Log[] {
  const r = prng(42);
  const int = (max: number) => Math.floor(r() * max);
  const logs: Log[] = [];
  for (let i = 0; i < n; i++) {
    logs.push({
      address: `${int(256)}.${int(256)}.${int(256)}.${int(256)}`,
      identity: "-",
      userid: USERIDS[int(USERIDS.length)],
      date: `${String(1 + int(28)).padStart(2, "0")}/${MONTHS[int(12)]}/20${10 + int(15)}:${String(int(24)).padStart(2, "0")}:${String(int(60)).padStart(2, "0")}:${String(int(60)).padStart(2, "0")} -0700`,
      request: `${METHODS[int(4)]} ${PATHS[int(PATHS.length)]}${int(2) ? `?id=${int(100000)}` : ""} HTTP/1.${int(2)}`,
      code: [200, 200, 200, 304, 404, 500][int(6)],
      size: BigInt(int(100_000_000)),
    });
  }
  return logs;
}

export function makeFnData(): { signature: Uint8Array; public_key: Uint8Array; counter: bigint } {
  return {
    signature: Uint8Array.from({ length: 64 }, (_, i) => i),
    public_key: Uint8Array.from({ length: 96 }, (_, i) => (i * 3 + 1) & 0xff),
    counter: 7n,
  };
}

const borshFnData: borsh.Schema = {
  struct: {
    signature: { array: { type: "u8", len: 64 } },
    public_key: { array: { type: "u8", len: 96 } },
    counter: "u64",
  },
};
const borshLogs: borsh.Schema = {
  struct: {
    logs: {
      array: {
        type: {
          struct: {
            address: "string",
            identity: "string",
            userid: "string",
            date: "string",
            request: "string",
            code: "u16",
            size: "u64",
          },
        },
      },
    },
  },
};

const ajv = new Ajv();
const str = { type: "string" };
const validateFnDataJson = ajv.compile({
  type: "object",
  properties: {
    signature: {
      type: "array",
      items: { type: "integer", minimum: 0, maximum: 255 },
      minItems: 64,
      maxItems: 64,
    },
    public_key: {
      type: "array",
      items: { type: "integer", minimum: 0, maximum: 255 },
      minItems: 96,
      maxItems: 96,
    },
    counter: { type: "string", pattern: "^[0-9]+$" },
  },
  required: ["signature", "public_key", "counter"],
});
const validateLogsJson = ajv.compile({
  type: "object",
  properties: {
    logs: {
      type: "array",
      items: {
        type: "object",
        properties: {
          address: str,
          identity: str,
          userid: str,
          date: str,
          request: str,
          code: { type: "integer", minimum: 0, maximum: 65535 },
          // u64 as JSON numbers (the peer-friendly choice: no BigInt round trip).
          size: { type: "integer", minimum: 0 },
        },
        required: ["address", "identity", "userid", "date", "request", "code", "size"],
      },
    },
  },
  required: ["logs"],
});

function must(ok: boolean): void {
  if (!ok) throw new Error("validation failed in the benchmark");
}

interface BenchCase {
  case: string;
  impl: string;
  fn: () => unknown;
  time?: number;
  iterations?: number;
}

export function cases(): BenchCase[] {
  const out: BenchCase[] = [];
  // --- FnData
  {
    const k = codec<ReturnType<typeof makeFnData>, { counter: bigint }>(types.get("FnData")!);
    const value = makeFnData();
    const bytes = k.archive(value);
    const packr = new Packr({ useRecords: false });
    const packed = packr.pack(value);
    const borshBytes = borsh.serialize(borshFnData, value);
    const jsonValue = {
      signature: Array.from(value.signature),
      public_key: Array.from(value.public_key),
      counter: value.counter.toString(),
    };
    const jsonText = JSON.stringify(jsonValue);
    out.push(
      { case: "fndata/archive", impl: "shortcrust", fn: () => k.archive(value) },
      { case: "fndata/archive", impl: "msgpackr", fn: () => packr.pack(value) },
      { case: "fndata/archive", impl: "borsh", fn: () => borsh.serialize(borshFnData, value) },
      { case: "fndata/archive", impl: "json+ajv", fn: () => JSON.stringify(jsonValue) },
      { case: "fndata/check-read", impl: "shortcrust", fn: () => k.access(bytes).counter },
      {
        case: "fndata/check-read",
        impl: "msgpackr",
        fn: () => (packr.unpack(packed) as { counter: bigint }).counter,
      },
      {
        case: "fndata/check-read",
        impl: "borsh",
        fn: () => (borsh.deserialize(borshFnData, borshBytes) as { counter: bigint }).counter,
      },
      {
        case: "fndata/check-read",
        impl: "json+ajv",
        fn: () => {
          const v = JSON.parse(jsonText);
          must(validateFnDataJson(v));
          return v.counter;
        },
      },
      { case: "fndata/deserialize", impl: "shortcrust", fn: () => k.deserialize(bytes) },
      { case: "fndata/deserialize", impl: "msgpackr", fn: () => packr.unpack(packed) },
      {
        case: "fndata/deserialize",
        impl: "borsh",
        fn: () => borsh.deserialize(borshFnData, borshBytes),
      },
      { case: "fndata/deserialize", impl: "json+ajv", fn: () => JSON.parse(jsonText) },
    );
  }
  // --- log
  {
    type LogsView = { logs: { length: number; get(i: number): { size: bigint } } };
    const k = codec<{ logs: Log[] }, LogsView>(types.get("Logs")!);
    const value = { logs: makeLogs() };
    const bytes = k.archive(value);
    const packr = new Packr({ useRecords: false });
    const packed = packr.pack(value);
    const borshBytes = borsh.serialize(borshLogs, value);
    const jsonValue = { logs: value.logs.map((l) => ({ ...l, size: Number(l.size) })) };
    const jsonText = JSON.stringify(jsonValue);
    const last = value.logs.length - 1;
    const slow = { time: 1000, iterations: 5 };
    out.push(
      { case: "log/archive", impl: "shortcrust", fn: () => k.archive(value), ...slow },
      { case: "log/archive", impl: "msgpackr", fn: () => packr.pack(value), ...slow },
      {
        case: "log/archive",
        impl: "borsh",
        fn: () => borsh.serialize(borshLogs, value),
        ...slow,
      },
      { case: "log/archive", impl: "json+ajv", fn: () => JSON.stringify(jsonValue), ...slow },
      {
        case: "log/check-read",
        impl: "shortcrust",
        fn: () => k.access(bytes).logs.get(last).size,
        ...slow,
      },
      {
        case: "log/check-read",
        impl: "msgpackr",
        fn: () => (packr.unpack(packed) as { logs: Log[] }).logs[last].size,
        ...slow,
      },
      {
        case: "log/check-read",
        impl: "borsh",
        fn: () => (borsh.deserialize(borshLogs, borshBytes) as { logs: Log[] }).logs[last].size,
        ...slow,
      },
      {
        case: "log/check-read",
        impl: "json+ajv",
        fn: () => {
          const v = JSON.parse(jsonText);
          must(validateLogsJson(v));
          return v.logs[last].size;
        },
        ...slow,
      },
      { case: "log/deserialize", impl: "shortcrust", fn: () => k.deserialize(bytes), ...slow },
      { case: "log/deserialize", impl: "msgpackr", fn: () => packr.unpack(packed), ...slow },
      {
        case: "log/deserialize",
        impl: "borsh",
        fn: () => borsh.deserialize(borshLogs, borshBytes),
        ...slow,
      },
      { case: "log/deserialize", impl: "json+ajv", fn: () => JSON.parse(jsonText), ...slow },
    );
  }
  return out;
}
