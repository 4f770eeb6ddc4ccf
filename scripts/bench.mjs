#!/usr/bin/env node
// The one benchmark runner of the repo: `pnpm bench [suite …]`.
//
// A suite is a compiled module `packages/<pkg>/dist/bench/<suite>.bench.js` (source:
// `packages/<pkg>/src/bench/<suite>.bench.ts`) that exports
//   suite: string
//   cases(): BenchCase[] | Promise<BenchCase[]>
// where BenchCase = { case: string, impl: string, fn: () => unknown, time?: ms, iterations?: n,
//                     warmupIterations?: n, setup?: () => unknown, teardown?: () => unknown,
//                     batch?: n }
// (warmupIterations: fewer warm-up runs than tinybench's 16 for cases that take seconds).
// A case faster than ~50 µs is timed in batches of calls (`batch`, or calibrated per case), so a
// timer read per call does not drown the difference between implementations.
// Peers are cases of the same suite, so they are measured in the same run as our code.
// Each suite runs in its own process (named by its file: <suite>.bench.js), prints a table and
// writes bench/results/<suite>.json as [{ suite, case, impl, hz, rme }].
import { Bench } from "tinybench";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { mkdirSync, readdirSync, writeFileSync, existsSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const wanted = process.argv.slice(2);

function findSuites() {
  const found = [];
  for (const group of ["packages", "templates"]) {
    for (const pkg of readdirSync(join(root, group))) {
      const dir = join(root, group, pkg, "dist", "bench");
      if (!existsSync(dir)) continue;
      for (const file of readdirSync(dir)) {
        if (file.endsWith(".bench.js")) found.push(join(dir, file));
      }
    }
  }
  return found.sort();
}

async function runSuite(file) {
  const mod = require(file);
  const cases = await mod.cases();
  const rows = [];
  for (const c of cases) {
    const bench = new Bench({
      time: c.time ?? 500,
      iterations: c.iterations ?? 10,
      warmupTime: 100,
      ...(c.warmupIterations === undefined
        ? {}
        : { warmupIterations: c.warmupIterations, warmupTime: 0 }),
    });
    // Sub-microsecond operations are timed in batches: one timer read per call would cost as
    // much as the call itself and drown the difference between implementations.
    const batch = c.batch ?? (await batchFor(c));
    const fn = batch === 1 ? c.fn : batchLoop(c.fn, batch);
    bench.add(`${c.case} [${c.impl}]`, fn, {
      beforeAll: c.setup,
      afterAll: c.teardown,
    });
    // Start every case from a collected heap, so one case's garbage is not paid by the next
    // (the log cases allocate tens of MB per iteration).
    globalThis.gc?.();
    await bench.run();
    const task = bench.tasks[0];
    if (task.result.state === "errored" || task.result.error) {
      throw new Error(`${mod.suite}/${c.case} [${c.impl}] failed: ${task.result.error}`);
    }
    // ops/s from the mean latency (total time over operations), so slow iterations (GC pauses)
    // count as much as they cost; a mean of per-iteration rates would understate them.
    const lat = task.result.latency;
    rows.push({
      suite: mod.suite,
      case: c.case,
      impl: c.impl,
      hz: (1000 * batch) / lat.mean,
      rme: lat.rme,
    });
  }
  console.log(`\n# suite ${mod.suite}`);
  console.table(
    rows.map((r) => ({
      case: r.case,
      impl: r.impl,
      "ops/s": r.hz.toFixed(r.hz < 100 ? 2 : 0),
      "±%": r.rme.toFixed(2),
      "vs first impl": (r.hz / rows.find((x) => x.case === r.case).hz).toFixed(2) + "×",
    })),
  );
  mkdirSync(join(root, "bench", "results"), { recursive: true });
  writeFileSync(
    join(root, "bench", "results", `${mod.suite}.json`),
    JSON.stringify(rows, null, 2) + "\n",
  );
}

/**
 * The batched loop of one case, compiled afresh for it (`new Function`): a loop shared by every
 * case would carry every case's type feedback, so V8 inlines the first case's call and not the
 * later ones', and the ratios of few-ns cases measured that order, not the code (a 5 ns check
 * read 1.6 ns or 5.8 ns depending on which case ran first).
 */
function batchLoop(fn, batch) {
  return new Function("fn", `return () => { for (let i = 0; i < ${batch}; i++) fn(); };`)(fn);
}

/** How many calls make one timed sample of about 50 µs (1 for anything slower). */
async function batchFor(c) {
  await c.setup?.();
  try {
    // An async case is never batched: its calls would overlap (a loop does not await them).
    const first = c.fn();
    if (typeof first?.then === "function") {
      await first;
      return 1;
    }
    for (let i = 0; i < 100; i++) await c.fn();
    const t0 = process.hrtime.bigint();
    let n = 0;
    while (process.hrtime.bigint() - t0 < 2_000_000n && n < 100_000) {
      await c.fn();
      n++;
    }
    const each = Number(process.hrtime.bigint() - t0) / n;
    return each >= 50_000 ? 1 : Math.min(10_000, Math.ceil(50_000 / each));
  } finally {
    await c.teardown?.();
  }
}

// Each suite runs in a process of its own: what one suite leaves in the heap (the codegen
// suite's ts-morph projects) and the allocation-site decisions V8 made there must not change
// another's figures. (V8 can still pretenure a suite's own allocation sites: the archive suite's
// log deserialize reads ~3.8× msgpackr normally and ~1.3× in runs where it did; see the codegen
// README.)
const suiteOf = (file) =>
  file
    .split("/")
    .pop()
    .replace(/\.bench\.js$/, "");
if (process.env.SHORTCRUST_BENCH_FILE) {
  const file = process.env.SHORTCRUST_BENCH_FILE;
  if (require(file).suite !== suiteOf(file)) {
    throw new Error(`${file} must export suite = "${suiteOf(file)}" (its file name)`);
  }
  await runSuite(file);
  process.exit(0);
}
let ran = 0;
for (const file of findSuites()) {
  if (wanted.length > 0 && !wanted.includes(suiteOf(file))) continue;
  const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url)], {
    stdio: "inherit",
    env: { ...process.env, SHORTCRUST_BENCH_FILE: file },
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
  ran++;
}
if (ran === 0) {
  console.error(
    wanted.length ? `no bench suite named ${wanted.join(", ")}` : "no bench suites built",
  );
  process.exit(1);
}
