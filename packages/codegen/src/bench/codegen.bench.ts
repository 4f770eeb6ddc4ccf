/**
 * Suite `codegen`: a cold `shortcrust codegen` over a generated corpus (500 @archive types in 50
 * files plus 20 contracts), a watch regeneration after editing one file, and the log data set
 * archived by generated vs runtime-composed codecs (same descriptor, same run), and FnData (a
 * fixed-size struct of leaves) likewise.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { codec } from "@shortcrust/sdk";
import { codegen, optionsOf, regenerate } from "../cli/codegen";
import { generate, type GenerateResult } from "../pipeline";
import type { Io } from "../cli/io";
import { writeCorpus } from "./corpus";
import { Logs, type Log } from "../fixtures/__golden__/bench/log.codec";
import { FnData } from "../fixtures/__golden__/vectors/shapes.codec";

export const suite = "codegen";

const quiet: Io = { out: () => {}, err: () => {} };

/** Deterministic PRNG (mulberry32), as the archive suite's log set. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function makeLogs(n = 10_000): Log[] {
  const r = prng(42);
  const int = (max: number) => Math.floor(r() * max);
  const users = ["-", "frank", "alice", "bob", "carol", "dave", "eve", "mallory"];
  const methods = ["GET", "POST", "PUT", "DELETE"];
  const paths = ["/", "/index.html", "/apache_pb.gif", "/api/v1/users", "/static/app.js"];
  const logs: Log[] = [];
  for (let i = 0; i < n; i++) {
    logs.push({
      address: `${int(256)}.${int(256)}.${int(256)}.${int(256)}`,
      identity: "-",
      userid: users[int(users.length)],
      date: `${String(1 + int(28)).padStart(2, "0")}/Oct/20${10 + int(15)}:${String(int(24)).padStart(2, "0")}:${String(int(60)).padStart(2, "0")}:${String(int(60)).padStart(2, "0")} -0700`,
      request: `${methods[int(4)]} ${paths[int(paths.length)]}${int(2) ? `?id=${int(100000)}` : ""} HTTP/1.${int(2)}`,
      code: [200, 200, 200, 304, 404, 500][int(6)],
      size: BigInt(int(100_000_000)),
    });
  }
  return logs;
}

export async function cases() {
  const logs = { logs: makeLogs() };
  const composed = codec<typeof logs>(Logs.desc);
  // Same bytes, or the comparison is meaningless.
  if (Buffer.compare(Logs.archive(logs), composed.archive(logs)) !== 0) {
    throw new Error("generated and composed log archives differ");
  }

  // FnData (two byte arrays and a u64): the fixed-size struct of leaves of the archive suite.
  const fn = {
    signature: new Uint8Array(64).fill(7),
    public_key: new Uint8Array(96).fill(9),
    counter: 123_456_789n,
  };
  const fnComposed = codec<typeof fn>(FnData.desc);
  const fnBytes = FnData.archive(fn);
  if (Buffer.compare(fnBytes, fnComposed.archive(fn)) !== 0) {
    throw new Error("generated and composed FnData archives differ");
  }

  // Both codecs from local constants: an imported name compiles to a property load from the
  // module object on every call, which the composed codec (a local) does not pay; at a few ns
  // per check that load alone was a third of the time.
  const generatedLogs = Logs;
  const generatedFn = FnData;

  const coldRoot = mkdtempSync(join(tmpdir(), "sc-bench-cold-"));
  writeCorpus(coldRoot);

  const watchRoot = mkdtempSync(join(tmpdir(), "sc-bench-watch-"));
  writeCorpus(watchRoot);
  const options = optionsOf({ root: watchRoot });
  let state: GenerateResult | undefined;
  const edited = join(watchRoot, "src", "t25.ts");
  const original = readFileSync(edited, "utf8");
  let edits = 0;

  // Codec cases first: the corpus cases leave ts-morph projects in the heap, under which V8
  // pretenured the composed log deserialize's objects in most runs (0.27x its speed alone).
  return [
    { case: "log/archive", impl: "generated", fn: () => generatedLogs.archive(logs) },
    { case: "log/archive", impl: "composed", fn: () => composed.archive(logs) },
    { case: "log/deserialize", impl: "generated", fn: () => generatedLogs.deserialize(bytes) },
    { case: "log/deserialize", impl: "composed", fn: () => composed.deserialize(bytes) },
    { case: "log/check", impl: "generated", fn: () => generatedLogs.check(bytes) },
    { case: "log/check", impl: "composed", fn: () => composed.check(bytes) },
    { case: "fndata/archive", impl: "generated", fn: () => generatedFn.archive(fn) },
    { case: "fndata/archive", impl: "composed", fn: () => fnComposed.archive(fn) },
    { case: "fndata/deserialize", impl: "generated", fn: () => generatedFn.deserialize(fnBytes) },
    { case: "fndata/deserialize", impl: "composed", fn: () => fnComposed.deserialize(fnBytes) },
    { case: "fndata/check", impl: "generated", fn: () => generatedFn.check(fnBytes) },
    { case: "fndata/check", impl: "composed", fn: () => fnComposed.check(fnBytes) },
    {
      case: "corpus/cold",
      impl: "shortcrust",
      iterations: 5,
      warmupIterations: 1, // a cold run takes seconds: tinybench's 16 warm-ups took minutes
      time: 0,
      fn: async () => {
        rmSync(join(coldRoot, "src", "generated"), { recursive: true, force: true });
        await codegen({ root: coldRoot, scaffolds: false }, quiet);
      },
    },
    {
      case: "corpus/watch-one-file",
      impl: "shortcrust",
      iterations: 20,
      warmupIterations: 3,
      time: 0,
      setup: async () => {
        await codegen({ root: watchRoot, scaffolds: false }, quiet);
        state = await generate({ ...options, scaffolds: false });
      },
      fn: async () => {
        // A real, new edit each time (a field added to one struct, so its size changes and the
        // files naming it regenerate too); nothing can come from the format memo.
        edits++;
        writeFileSync(edited, original.replace("  f: ", `  g${edits}: u8;\n  f: `));
        const r = await regenerate(options, state!.project, state!, new Set([edited]));
        if (r.result.diagnostics.length || r.written.length === 0)
          throw new Error("watch step failed");
        state = r.result;
      },
    },
  ];
}

const bytes = Logs.archive({ logs: makeLogs() });
