import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { accessSync, constants, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { delimiter, dirname, join, resolve } from "node:path";
import { OracleError } from "./errors";

/** The oracle crate beside this package (`oracle/rkyv`, one level above src/ and dist/). */
export function oracleCrateDir(): string {
  const dir = resolve(__dirname, "..", "rkyv");
  if (!existsSync(join(dir, "Cargo.toml"))) {
    throw new OracleError(`the Rust oracle crate is missing: no ${join(dir, "Cargo.toml")}`);
  }
  return dir;
}

/** Debian's crate registry, where librust-rkyv-dev puts rkyv 0.7.39. */
export const DEBIAN_REGISTRY = "/usr/share/cargo/registry";

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * cargo: `$CARGO`, then PATH, then rustup's `~/.cargo/bin` (CI's PATH may lack it), then
 * Debian's /usr/bin. Null when there is none.
 */
export function findCargo(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = [
    env.CARGO,
    ...(env.PATH ?? "").split(delimiter).map((d) => (d ? join(d, "cargo") : undefined)),
    env.HOME ? join(env.HOME, ".cargo/bin/cargo") : undefined,
    "/root/.cargo/bin/cargo",
    "/usr/bin/cargo",
  ];
  return candidates.find((c): c is string => !!c && executable(c)) ?? null;
}

export interface BuiltOracle {
  /** The compiled oracle binary. */
  readonly binary: string;
  /** Wall time of `cargo build` in milliseconds (near zero when nothing changed). */
  readonly buildMs: number;
}

/** `[source.crates-io]` replaced by Debian's directory registry, on the command line. */
const OFFLINE = [
  "--offline",
  "--config",
  'source.crates-io.replace-with="debian"',
  "--config",
  `source.debian.directory="${DEBIAN_REGISTRY}"`,
];

/**
 * Builds `main.rs` (from `rustSource`) as its own crate under `oracle/rkyv/target/gen/<hash>`,
 * against the oracle library, in the shared target directory `oracle/rkyv/target`: rkyv and the
 * library compile once, each type set only recompiles its own small crate, and each type set has
 * its own binary name, so concurrent builds never overwrite each other's binary.
 */
export function buildOracleCrate(mainRs: string): BuiltOracle {
  const crate = oracleCrateDir();
  const cargo = findCargo();
  if (!cargo) {
    throw new OracleError("cargo not found: the Rust oracle cannot be built", {
      details: `looked at $CARGO, PATH, ~/.cargo/bin and /usr/bin`,
      hint: "run .ci/rust-deps as root (it installs Debian's cargo and librust-rkyv-dev)",
    });
  }
  if (!existsSync(join(DEBIAN_REGISTRY, "rkyv-0.7.39", "Cargo.toml"))) {
    throw new OracleError(`rkyv 0.7.39 is not in ${DEBIAN_REGISTRY}`, {
      hint: "run .ci/rust-deps as root (apt-get install librust-rkyv-dev …)",
    });
  }
  const manifest = readFileSync(join(crate, "Cargo.toml"), "utf8");
  const dep = (name: string): string => {
    const line = manifest.split("\n").find((l) => l.startsWith(`${name} = `));
    if (!line) throw new OracleError(`oracle/rkyv/Cargo.toml has no '${name}' dependency`);
    return line;
  };
  const hash = createHash("sha256").update(mainRs).digest("hex").slice(0, 16);
  const name = `oracle-gen-${hash}`;
  const target = join(crate, "target");
  const dir = join(target, "gen", name);
  mkdirSync(join(dir, "src"), { recursive: true });
  const toml = [
    "[package]",
    `name = "${name}"`,
    'version = "0.0.0"',
    'edition = "2021"',
    "publish = false",
    "",
    "[dependencies]",
    `shortcrust-rkyv-oracle = { path = ${JSON.stringify(crate)} }`,
    dep("rkyv"),
    dep("bytecheck"),
    "",
    // Same profile as oracle/rkyv, so its dependency build is reused; not incremental, since a
    // generated crate never changes (a new type set is a new crate).
    "[profile.dev]",
    "debug = false",
    "incremental = false",
    "debug-assertions = false",
    "overflow-checks = false",
    "",
    '[profile.dev.package."*"]',
    "opt-level = 1",
    "",
    "[workspace]",
    "",
  ].join("\n");
  writeIfChanged(join(dir, "Cargo.toml"), toml);
  writeIfChanged(join(dir, "src", "main.rs"), mainRs);

  const started = Date.now();
  const run = spawnSync(
    cargo,
    [
      "build",
      ...OFFLINE,
      "--quiet",
      "--manifest-path",
      join(dir, "Cargo.toml"),
      "--target-dir",
      target,
    ],
    {
      encoding: "utf8",
      env: cargoEnv(cargo),
      maxBuffer: 64 << 20,
      timeout: 15 * 60_000,
    },
  );
  const buildMs = Date.now() - started;
  if (run.error || run.status !== 0) {
    const output = `${run.stderr ?? ""}${run.stdout ?? ""}`.trim();
    throw new OracleError(`cargo build of the Rust oracle failed (${cargo})`, {
      details: `${run.error ? `${run.error.message}\n` : ""}${output.slice(-6000)}\nsource: ${dir}/src/main.rs`,
      cause: run.error,
    });
  }
  const binary = join(target, "debug", name);
  if (!executable(binary)) throw new OracleError(`cargo built no binary at ${binary}`);
  return { binary, buildMs };
}

/**
 * cargo's environment: its own folder first on PATH, and for rustup's `~/.cargo/bin/cargo` the
 * rustup home beside it (CI may run with another HOME or a PATH without it).
 */
function cargoEnv(cargo: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  const bin = dirname(cargo);
  env.PATH = `${bin}${delimiter}${env.PATH ?? ""}`;
  if (bin.endsWith("/.cargo/bin")) {
    const home = dirname(dirname(bin));
    if (!env.RUSTUP_HOME && existsSync(join(home, ".rustup")))
      env.RUSTUP_HOME = join(home, ".rustup");
    if (!env.CARGO_HOME) env.CARGO_HOME = join(home, ".cargo");
  }
  return env;
}

function writeIfChanged(path: string, text: string): void {
  // Unchanged files keep their mtime, so cargo sees nothing to rebuild.
  if (existsSync(path) && readFileSync(path, "utf8") === text) return;
  writeFileSync(path, text);
}
