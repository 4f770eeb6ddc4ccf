/**
 * Prices of the built-in host queries (on top of `GAS.HOST_QUERY_BASE`, which every host query
 * pays): `base + ⌈perKiB × argument bytes / 1024⌉` gas, the argument being the query's whole
 * archive. Set from `node packages/runtime/dist/bench/hostq.bench.js` (src/bench/hostq.bench.ts),
 * which times each query's work on four argument sizes interleaved with a metered CPU loop,
 * converts each time to gas at that round's ns per gas, and fits a line; the README's
 * § Built-in host queries has the figures. Rounded up, with a margin for the shared machine's
 * noise. A price depends on the argument's length
 * only, so the same argument costs the same on every machine.
 */
export interface HostQueryPrice {
  /** Gas per query. */
  readonly base: number;
  /** Gas per 1024 bytes of the argument archive (a per-byte rate finer than one gas). */
  readonly perKiB: number;
}

export const HOST_QUERY_PRICES = {
  /** ≈ 1.1–1.7 ms per check (noble, point decoding and a double scalar multiplication), ≈ 20 ns/B (SHA-512). */
  verify_ed25519: { base: 200_000, perKiB: 3_072 },
  /** ≈ 26–29 ms per check (two pairings), ≈ 9 ns/B (SHA-256 of hash_to_curve's expand_message_xmd). */
  verify_bls: { base: 4_000_000, perKiB: 3_072 },
  /** ≈ 2.5 µs + 1.3 ns/B (hash-wasm). */
  blake2b_256: { base: 400, perKiB: 256 },
  /** ≈ 2 µs + 2.9 ns/B (hash-wasm). */
  sha256: { base: 400, perKiB: 512 },
} as const satisfies Record<string, HostQueryPrice>;

export function priceOf(p: HostQueryPrice, arg: Uint8Array): bigint {
  return BigInt(p.base) + (BigInt(p.perKiB) * BigInt(arg.length) + 1023n) / 1024n;
}
