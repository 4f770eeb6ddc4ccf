// Before any test worker starts: build the Rust fixture contracts (contracts/rust) if their
// sources changed, so no test waits on cargo under its own timeout and concurrent workers never
// race. A no-op (~0.3 s) when the build is current. Without Debian's wasm32 toolchain this only
// says so: the tests that need a fixture then fail with rustFixture()'s error and its hint.
const { spawnSync } = require("node:child_process");
const { existsSync } = require("node:fs");
const { join } = require("node:path");

module.exports = function buildRustFixtures() {
  const script = join(__dirname, "contracts", "rust", "build.mjs");
  if (!existsSync(script)) return;
  if (!existsSync("/usr/bin/cargo") || !existsSync("/usr/lib/rustlib/src/rust/library")) {
    process.stderr.write(
      "\nRust fixtures not built: no Debian wasm32 toolchain (run .ci/rust-deps as root)\n",
    );
    return;
  }
  const started = Date.now();
  const r = spawnSync(process.execPath, [script, "--json"], { encoding: "utf8" });
  if (r.status !== 0) {
    process.stderr.write(
      `\nRust fixtures failed to build (tests that use them will fail):\n${r.stderr}\n`,
    );
    return;
  }
  const built = JSON.parse(r.stdout.trim().split("\n").pop());
  if (!built.cached) {
    process.stderr.write(`\nRust fixtures built in ${Date.now() - started} ms (${built.dir})\n`);
  }
};
