#!/usr/bin/env node
// Builds every fixture contract in this workspace for wasm32, offline, with Debian's toolchain
// (rustc-web, cargo-web, rust-web-src, lld-22, wabt; see README.md), byte-reproducibly, into
// target/fixtures/<hash>/<name>.wasm, where <hash> covers the Rust sources, this script and the
// compiler's version. An unchanged tree is a cache hit and builds nothing. Several processes
// asking at once (jest workers) are serialized by a lock directory; the loser waits and reuses
// the winner's output.
//
//   node contracts/rust/build.mjs            build if needed; print the output directory
//   node contracts/rust/build.mjs --json     print the manifest (names, sizes, sha256, timings)
//   node contracts/rust/build.mjs --fresh    ignore the cache: rebuild into a new directory
//   node contracts/rust/build.mjs --target-dir DIR --out DIR   (the reproducibility test)
//   node contracts/rust/build.mjs --update-lock   after adding a crate or dependency (else the
//                                                  build is --locked to the committed Cargo.lock)
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
  copyFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = dirname(fileURLToPath(import.meta.url));
const TARGET = "wasm32-unknown-unknown";

/** Debian's toolchain, named explicitly: rustup's cargo in ~/.cargo/bin has no wasm32 target. */
const TOOLS = {
  cargo: "/usr/bin/cargo",
  rustc: "/usr/bin/rustc",
  linker: "/usr/bin/wasm-ld-22",
  strip: "/usr/bin/wasm-strip",
  registry: "/usr/share/cargo/registry",
  stdSource: "/usr/lib/rustlib/src/rust/library",
};
const HINT =
  "run .ci/rust-deps as root once (apt-get install rustc-web cargo-web rust-web-src lld-22 wabt …)";

class BuildError extends Error {
  constructor(message, details) {
    super(details ? `${message}\n${details}` : message);
    this.name = "RustFixtureBuildError";
  }
}

function parseArgs(argv) {
  const opts = {
    json: false,
    fresh: false,
    updateLock: false,
    targetDir: join(ROOT, "target"),
    out: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--json") opts.json = true;
    else if (a === "--fresh") opts.fresh = true;
    else if (a === "--update-lock") opts.updateLock = true;
    else if (a === "--target-dir") opts.targetDir = resolve(argv[++i]);
    else if (a === "--out") opts.out = resolve(argv[++i]);
    else throw new BuildError(`build.mjs: unknown argument '${a}'`);
  }
  return opts;
}

function checkTools() {
  for (const [what, path] of Object.entries(TOOLS)) {
    if (!existsSync(path))
      throw new BuildError(`Rust fixtures: ${what} not found at ${path}`, `hint: ${HINT}`);
  }
  const dlmalloc = findDlmalloc();
  if (!dlmalloc) {
    throw new BuildError(
      `Rust fixtures: no dlmalloc in ${TOOLS.stdSource}/vendor`,
      `hint: ${HINT}`,
    );
  }
  return dlmalloc;
}

/** rust-web-src ships dlmalloc (the wasm32 allocator) with std's vendored sources. */
function findDlmalloc() {
  const vendor = join(TOOLS.stdSource, "vendor");
  if (!existsSync(vendor)) return null;
  const found = readdirSync(vendor)
    .filter((n) => /^dlmalloc-0\.2\.\d+$/.test(n))
    .sort();
  return found.length ? join(vendor, found[found.length - 1]) : null;
}

function rustcVersion() {
  const r = spawnSync(TOOLS.rustc, ["-vV"], { encoding: "utf8" });
  if (r.status !== 0) throw new BuildError(`${TOOLS.rustc} -vV failed`, r.stderr);
  return r.stdout.trim();
}

/** Every source file of the workspace (not target/), sorted, as paths relative to ROOT. */
function sourceFiles(dir = ROOT, out = []) {
  for (const name of readdirSync(dir).sort()) {
    if (name === "target" || name === "node_modules" || name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (/\.(rs|toml|lock|mjs)$/.test(name)) out.push(relative(ROOT, path));
  }
  return out;
}

function fixtureNames() {
  return readdirSync(join(ROOT, "fixtures"))
    .filter((n) => existsSync(join(ROOT, "fixtures", n, "Cargo.toml")))
    .sort();
}

/**
 * rustc flags. Features are pinned (MVP + bulk-memory + sign-ext + mutable-globals, what the
 * piecrust ABI reference says contracts use) instead of rustc's moving default set; the path
 * remaps make the bytes independent of where the toolchain and crate sources live.
 */
function rustflags(vendor) {
  return [
    `-Clinker=${TOOLS.linker}`,
    "-Clinker-flavor=wasm-ld",
    // rustc 1.96 no longer passes --allow-undefined to wasm-ld: host imports are undefined symbols.
    "-Clink-arg=--allow-undefined",
    "-Clink-args=-zstack-size=65536",
    "-Ctarget-cpu=mvp",
    "-Ctarget-feature=+bulk-memory,+sign-ext,+mutable-globals",
    `--remap-path-prefix=${TOOLS.stdSource}=/rust/library`,
    `--remap-path-prefix=${TOOLS.registry}=/registry`,
    `--remap-path-prefix=${vendor}=/registry`,
    // cargo hands rustc the workspace's own files as paths relative to the workspace root.
  ];
}

function sourceHash(rustc, vendor) {
  const h = createHash("sha256");
  h.update(`${rustc}\n${rustflags(vendor).join(" ")}\n`);
  for (const f of sourceFiles()) {
    h.update(`${f}\n`);
    h.update(readFileSync(join(ROOT, f)));
    h.update("\n");
  }
  return h.digest("hex").slice(0, 16);
}

/**
 * One cargo directory source holding Debian's crate registry and std's vendored crates:
 * `-Z build-std` resolves std's own lockfile, whose crates (compiler_builtins, …) live there.
 * It is a folder of symlinks at a path that depends only on what it holds, not on the checkout,
 * so the rustc flags (which remap it) are the same in every checkout and a relocated build
 * reuses the dependencies' artifacts.
 */
function vendorDir() {
  const entries = [];
  for (const src of [TOOLS.registry, join(TOOLS.stdSource, "vendor")]) {
    for (const name of readdirSync(src).sort()) entries.push([name, join(src, name)]);
  }
  const id = createHash("sha256").update(JSON.stringify(entries)).digest("hex").slice(0, 12);
  const dir = join(tmpdir(), `shortcrust-cargo-vendor-${id}`);
  if (existsSync(join(dir, ".complete"))) return dir;
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  for (const [name, target] of entries) {
    // The registry wins a name both hold (none today).
    if (!existsSync(join(tmp, name))) symlinkSync(target, join(tmp, name));
  }
  writeFileSync(join(tmp, ".complete"), "");
  try {
    renameSync(tmp, dir);
  } catch (e) {
    // Another process made it first (rename onto a non-empty directory fails): use theirs.
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(join(dir, ".complete"))) throw e;
  }
  return dir;
}

function cargoBuild(targetDir, dlmalloc, vendor, updateLock) {
  const env = {
    ...process.env,
    PATH: `/usr/bin:/bin:${process.env.PATH ?? ""}`,
    CARGO: TOOLS.cargo,
    RUSTC: TOOLS.rustc,
    // A private cargo home: no rustup config or registry cache leaks in.
    CARGO_HOME: join(targetDir, "cargo-home"),
    // -Z build-std on a stable toolchain.
    RUSTC_BOOTSTRAP: "1",
    CARGO_ENCODED_RUSTFLAGS: rustflags(vendor).join("\x1f"),
    SOURCE_DATE_EPOCH: "0",
  };
  for (const k of [
    "RUSTFLAGS",
    "RUSTUP_TOOLCHAIN",
    "RUSTC_WRAPPER",
    "CARGO_BUILD_TARGET",
    "CARGO_TARGET_DIR",
  ]) {
    delete env[k];
  }
  const args = [
    "build",
    "--release",
    "--offline",
    ...(updateLock ? [] : ["--locked"]),
    "--workspace",
    "--target",
    TARGET,
    "-Z",
    "build-std=core,alloc",
    "--manifest-path",
    join(ROOT, "Cargo.toml"),
    "--target-dir",
    targetDir,
    "--config",
    'source.crates-io.replace-with="debian-and-std"',
    "--config",
    `source.debian-and-std.directory=${JSON.stringify(vendor)}`,
    "--config",
    `patch.crates-io.dlmalloc.path=${JSON.stringify(dlmalloc)}`,
  ];
  const started = Date.now();
  const r = spawnSync(TOOLS.cargo, args, { env, encoding: "utf8", maxBuffer: 64 << 20 });
  const ms = Date.now() - started;
  if (r.error || r.status !== 0) {
    throw new BuildError(
      `cargo build of the Rust fixtures failed (${TOOLS.cargo}, exit ${r.status})`,
      `${r.error ? `${r.error.message}\n` : ""}${(r.stderr ?? "").slice(-8000)}\nhint: ${
        /--locked/.test(r.stderr ?? "")
          ? "a new crate or dependency: run build.mjs --update-lock and commit Cargo.lock"
          : HINT
      }`,
    );
  }
  // Warnings are worth seeing (cargo prints them only when it compiles something).
  if (/^warning/m.test(r.stderr ?? "")) process.stderr.write(r.stderr);
  return ms;
}

/** Copies each fixture's .wasm out of cargo's target dir and strips it (names, producers). */
function collect(targetDir, dir) {
  const files = {};
  for (const name of fixtureNames()) {
    const lib = name.replaceAll("-", "_");
    const built = join(targetDir, TARGET, "release", `${lib}.wasm`);
    if (!existsSync(built)) throw new BuildError(`cargo built no ${built}`);
    const out = join(dir, `${name}.wasm`);
    copyFileSync(built, out);
    const s = spawnSync(TOOLS.strip, [out], { encoding: "utf8" });
    if (s.status !== 0) throw new BuildError(`wasm-strip ${out} failed`, s.stderr);
    const bytes = readFileSync(out);
    files[name] = { bytes: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") };
  }
  return files;
}

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === "EPERM";
  }
}

/** mkdir is atomic: whoever creates the lock directory builds; a dead owner's lock is taken over. */
function withLock(lockDir, done, fn) {
  const deadline = Date.now() + 30 * 60_000;
  mkdirSync(dirname(lockDir), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (e) {
      if (e.code !== "EEXIST") throw e;
      const result = done();
      if (result) return result;
      let owner = NaN;
      try {
        owner = Number(readFileSync(join(lockDir, "pid"), "utf8"));
      } catch {
        // The owner has not written its pid yet.
      }
      if (Number.isInteger(owner) && owner > 0 && !alive(owner)) {
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline)
        throw new BuildError(`gave up waiting for the build lock ${lockDir}`);
      sleep(250);
    }
  }
  try {
    writeFileSync(join(lockDir, "pid"), String(process.pid));
    return done() ?? fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

export function build(opts) {
  const dlmalloc = checkTools();
  const rustc = rustcVersion();
  const vendor = vendorDir();
  const hash = sourceHash(rustc, vendor);
  const fixturesDir = join(opts.targetDir, "fixtures");
  const outDir = opts.out ?? join(fixturesDir, hash);
  const manifestPath = join(outDir, "manifest.json");
  const cached = () =>
    !opts.fresh && existsSync(manifestPath)
      ? { ...JSON.parse(readFileSync(manifestPath, "utf8")), dir: outDir, cached: true }
      : null;
  const hit = cached();
  if (hit) return hit;
  return withLock(join(opts.targetDir, "fixtures.lock"), cached, () => {
    const buildMs = cargoBuild(opts.targetDir, dlmalloc, vendor, opts.updateLock);
    const tmp = `${outDir}.tmp-${process.pid}`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    const files = collect(opts.targetDir, tmp);
    const manifest = { hash, rustc: rustc.split("\n")[0], buildMs, files };
    writeFileSync(join(tmp, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    rmSync(outDir, { recursive: true, force: true });
    renameSync(tmp, outDir);
    return { ...manifest, dir: outDir, cached: false };
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const opts = parseArgs(process.argv.slice(2));
    const result = build(opts);
    if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else {
      for (const [name, f] of Object.entries(result.files)) {
        process.stderr.write(`${basename(name).padEnd(20)} ${String(f.bytes).padStart(7)} bytes\n`);
      }
      process.stderr.write(result.cached ? "cached\n" : `built in ${result.buildMs} ms\n`);
      process.stdout.write(`${result.dir}\n`);
    }
  } catch (e) {
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
}
