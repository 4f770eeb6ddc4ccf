// Store tests that need a second process (crash.test.ts, lock.test.ts): the child's script,
// bundled from TypeScript source, and the environment it runs in.
import { join } from "node:path";
import { buildSync } from "esbuild";

/** Bundles `testing/<name>.ts` into `dir` as a CommonJS script for node; returns its path. */
export function bundleChild(name: string, dir: string): string {
  const out = join(dir, `${name}.js`);
  buildSync({
    entryPoints: [join(__dirname, `${name}.ts`)],
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node20",
    conditions: ["source"],
    // Native and WASM-loading packages stay external: the child resolves them (CHILD_ENV).
    external: ["lmdb", "hash-wasm"],
    outfile: out,
    logLevel: "silent",
  });
  return out;
}

/** The child's environment: the runtime's own node_modules resolve its external packages. */
export const CHILD_ENV = {
  ...process.env,
  NODE_PATH: join(__dirname, "..", "..", "..", "node_modules"),
};
