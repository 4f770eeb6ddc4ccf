// The Rust fixture contracts (contracts/rust, see its README.md) as test inputs: built from source
// once per source state by contracts/rust/build.mjs (cached by a hash of the Rust sources, and
// locked so concurrent jest workers build once), then read from its output directory.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { ShortcrustError } from "@shortcrust/sdk";

/** The Rust workspace, four levels above this folder in src/ and dist/. */
export const RUST_WORKSPACE = resolve(__dirname, "../../../../contracts/rust");

/** What the build script reports (its manifest.json plus where it is). */
export interface RustFixtureBuild {
  /** The directory holding `<name>.wasm` and `manifest.json`. */
  readonly dir: string;
  /** Hash of the Rust sources, the build script and rustc's version (the cache key). */
  readonly hash: string;
  readonly rustc: string;
  /** Wall time of the cargo build that made this directory. */
  readonly buildMs: number;
  /** True when this call found the directory already built. */
  readonly cached: boolean;
  readonly files: Readonly<Record<string, { readonly bytes: number; readonly sha256: string }>>;
}

/** The Rust fixtures could not be built or a fixture does not exist. */
export class RustFixtureError extends ShortcrustError {
  override name = "RustFixtureError";
}

export function isRustFixtureError(err: unknown): err is RustFixtureError {
  return err instanceof RustFixtureError;
}

/**
 * Runs the build script of `workspace` (`args` for a fresh or relocated build) and returns its
 * manifest. The script is a no-op for an unchanged tree: this costs a node start and a hash.
 */
export function buildRustFixtures(
  args: readonly string[] = [],
  workspace: string = RUST_WORKSPACE,
): RustFixtureBuild {
  const script = join(workspace, "build.mjs");
  if (!existsSync(script)) throw new RustFixtureError(`no Rust fixture build script at ${script}`);
  const r = spawnSync(process.execPath, [script, "--json", ...args], {
    encoding: "utf8",
    maxBuffer: 16 << 20,
    timeout: 30 * 60_000,
  });
  if (r.error || r.status !== 0) {
    throw new RustFixtureError("building the Rust fixture contracts failed", {
      details: `${r.error ? `${r.error.message}\n` : ""}${(r.stderr ?? "").trim().slice(-6000)}`,
      hint: "run .ci/rust-deps as root once; then `node contracts/rust/build.mjs` shows the build",
      cause: r.error,
    });
  }
  return JSON.parse(r.stdout.trim().split("\n").pop() ?? "") as RustFixtureBuild;
}

let built: RustFixtureBuild | undefined;

/** The fixtures' build for this process (built or found once). */
export function rustFixtures(): RustFixtureBuild {
  built ??= buildRustFixtures();
  return built;
}

const bytesCache = new Map<string, Uint8Array>();

/** The stripped `.wasm` bytes of fixture `name` (a folder of contracts/rust/fixtures). */
export function rustFixture(name: string): Uint8Array {
  let bytes = bytesCache.get(name);
  if (bytes === undefined) {
    const b = rustFixtures();
    if (!Object.prototype.hasOwnProperty.call(b.files, name)) {
      throw new RustFixtureError(`no Rust fixture named '${name}'`, {
        details: `fixtures: ${Object.keys(b.files).join(", ")}`,
      });
    }
    bytes = new Uint8Array(readFileSync(join(b.dir, `${name}.wasm`)));
    bytesCache.set(name, bytes);
  }
  // A copy: a test that mutates bytes (to make a broken module) must not break the others.
  return bytes.slice();
}
