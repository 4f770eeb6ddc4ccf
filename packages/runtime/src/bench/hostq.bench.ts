// Suite `hostq`: the built-in host queries against the gas scale they are priced on.
//
// `pnpm bench hostq` times each query's `execute` (the host's work, what its price pays for) on
// arguments of several sizes, next to a metered CPU loop run through a session, whose receipt
// says how much gas it burned. Run directly (`node packages/runtime/dist/bench/hostq.bench.js`
// after `pnpm build`) it measures the same cases with its own timer and prints the ns per gas
// of the loop and, per query, the least-squares base + per-byte fit converted to gas: the
// figures behind `HOST_QUERY_PRICES` (src/hostq/prices.ts) and the README's table.
import { join } from "node:path";
import { bls12_381 } from "@noble/curves/bls12-381";
import { ed25519 } from "@noble/curves/ed25519";
import { BUILTIN_HOST_QUERIES, codec, type SignatureQuery } from "@shortcrust/sdk";
import { buildArtifact } from "@shortcrust/bundler";
import { BLS_G1_DST, HOST_QUERY_PRICES } from "../hostq";
import type { HostQuery } from "../vm/core";
import { VM } from "../vm/vm";

export const suite = "hostq";

const OWNER = new Uint8Array(32);
const LIMIT = 10_000_000_000n;
const U32 = codec<number>({ kind: "u32" });
/** Iterations of the CPU loop: long enough that the call's fixed cost is noise. */
const LOOP = 100_000;
/** Message sizes the fit runs over (bytes). */
const SIZES = [0, 1024, 16_384, 60_000];

interface Setup {
  vm: VM;
  loop: { run(): bigint };
  args: { name: keyof typeof HOST_QUERY_PRICES; size: number; arg: Uint8Array; q: HostQuery }[];
}

async function setup(): Promise<Setup> {
  const vm = await VM.ephemeral();
  const s = vm.session();
  const art = await buildArtifact({
    entry: join(__dirname, "..", "..", "src", "fixtures", "cpu.ts"),
  });
  const cpu = s.deploy(art, { owner: OWNER, gasLimit: LIMIT }).contractId;
  const loopArg = U32.archive(LOOP);
  const loop = { run: () => s.callRaw(cpu, "run", loopArg, LIMIT).gasSpent };

  const edSecret = new Uint8Array(32).fill(7);
  const blsSecret = new Uint8Array(32).fill(9);
  const bls = bls12_381.shortSignatures;
  const sigArg = (name: "verify_ed25519" | "verify_bls", m: Uint8Array): Uint8Array => {
    const q: SignatureQuery =
      name === "verify_ed25519"
        ? {
            public_key: ed25519.getPublicKey(edSecret),
            message: m,
            signature: ed25519.sign(m, edSecret),
          }
        : {
            public_key: bls.getPublicKey(blsSecret).toBytes(),
            message: m,
            signature: bls.sign(bls.hash(m, BLS_G1_DST), blsSecret).toBytes(),
          };
    return codec<SignatureQuery>(BUILTIN_HOST_QUERIES[name].arg).archive(q);
  };
  const data = codec<Uint8Array>(BUILTIN_HOST_QUERIES.sha256.arg);
  const args: Setup["args"] = [];
  for (const name of Object.keys(HOST_QUERY_PRICES) as (keyof typeof HOST_QUERY_PRICES)[]) {
    for (const size of SIZES) {
      const m = new Uint8Array(size).map((_, i) => i & 0xff);
      const arg = name.startsWith("verify") ? sigArg(name as "verify_bls", m) : data.archive(m);
      const q = vm.hostQueries.get(name)!;
      const out = q.execute(arg);
      if (name.startsWith("verify") && out[0] !== 1)
        throw new Error(`${name} rejected its bench signature`);
      args.push({ name, size, arg, q });
    }
  }
  return { vm, loop, args };
}

export async function cases() {
  const { loop, args } = await setup();
  return [
    { case: `gas-scale/cpu-loop ${LOOP}`, impl: "metered session call", fn: () => loop.run() },
    ...args.map(({ name, size, arg, q }) => ({
      case: `${name}/${size} B`,
      impl: "builtin",
      fn: () => q.execute(arg),
      ...(name === "verify_bls" ? { time: 300, iterations: 5, warmupIterations: 2 } : {}),
    })),
  ];
}

/** Wall time of one run of `fn`, in ns. */
function once(fn: () => unknown): number {
  const a = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - a);
}

const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[xs.length >> 1];

/** Least squares of y over x: [intercept, slope]. */
function fit(xs: number[], ys: number[]): [number, number] {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  const slope = sxy / sxx;
  return [my - slope * mx, slope];
}

/**
 * Each round times the CPU loop once and every case once, and turns each case's time into gas
 * at that round's ns per gas; the figure of a case is its median over the rounds. Interleaving
 * keeps load from other processes (the bench machine is shared) from landing on one side only.
 */
async function main(): Promise<void> {
  const { vm, loop, args } = await setup();
  const gas = Number(loop.run());
  for (let i = 0; i < 3; i++) loop.run();
  for (const r of args) for (let i = 0; i < 3; i++) r.q.execute(r.arg);
  const ROUNDS = 15;
  const scale: number[] = [];
  const inGas: number[][] = args.map(() => []);
  const inNs: number[][] = args.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    const nsPerGas = once(() => loop.run()) / gas;
    scale.push(nsPerGas);
    args.forEach((r, i) => {
      // Fast queries: the median of 21 runs inside the round.
      const reps = r.name === "verify_bls" ? 1 : r.name === "verify_ed25519" ? 3 : 21;
      const t = median(Array.from({ length: reps }, () => once(() => r.q.execute(r.arg))));
      inNs[i].push(t);
      inGas[i].push(t / nsPerGas);
    });
  }
  console.log(`gas scale: cpu loop ${gas} gas, median ${median(scale).toFixed(2)} ns per gas`);
  for (const name of Object.keys(HOST_QUERY_PRICES) as (keyof typeof HOST_QUERY_PRICES)[]) {
    const idx = args.map((r, i) => (r.name === name ? i : -1)).filter((i) => i >= 0);
    const g = idx.map((i) => median(inGas[i]));
    const ns = idx.map((i) => median(inNs[i]));
    const [base, perByte] = fit(
      idx.map((i) => args[i].arg.length),
      g,
    );
    const cur = HOST_QUERY_PRICES[name];
    console.log(
      `${name}: ${idx.map((i, k) => `${args[i].arg.length} B ${(ns[k] / 1000).toFixed(1)} µs = ${Math.round(g[k])} gas`).join(", ")}` +
        `\n  fit ${Math.ceil(base)} gas + ${Math.ceil(perByte * 1024)} gas/KiB` +
        ` (table: ${cur.base} + ${cur.perKiB}/KiB)`,
    );
  }
  await vm.close();
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
