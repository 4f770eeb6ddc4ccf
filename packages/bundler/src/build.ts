import { build, type Plugin } from "esbuild";
import { createBLAKE3 } from "hash-wasm";
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, extname, join, relative, resolve, sep } from "node:path";
import {
  abiHash,
  encodeArtifact,
  instrument,
  instrumentedMap,
  registerSourceMap,
  verifyCode,
  type RawSourceMap,
} from "@shortcrust/artifact";
import { BundleError } from "./errors";

export interface BuildOptions {
  /** Path of the contract's entry module (its generated glue, which calls `registerContract`). */
  readonly entry: string;
  /** The artifact's name; defaults to the entry file's base name. */
  readonly name?: string;
  /**
   * The contract's ABI descriptor (`shortcrust build` passes the canonical JSON of its functions'
   * names, argument and return types); its blake3 is the header's ABI hash. Omitted: "".
   */
  readonly abi?: string;
  /** Skip gas instrumentation (benchmarks only: the runtime refuses to deploy unmetered code). */
  readonly unmetered?: boolean;
}

/**
 * Bundles a contract (esbuild: one IIFE, no imports, ES2020 which QuickJS runs, `@shortcrust/sdk`
 * bundled from its TypeScript sources), meters it (acorn: charges at function entries, loop
 * iterations and catch clauses) and wraps it in the artifact header.
 */
export async function buildArtifact(options: BuildOptions): Promise<Uint8Array> {
  const name = options.name ?? basename(options.entry, extname(options.entry));
  let code: string;
  let bundleMap: RawSourceMap | undefined;
  const modules = new Map<string, string>();
  try {
    const out = await build({
      entryPoints: [options.entry],
      bundle: true,
      write: false,
      format: "iife",
      platform: "neutral",
      target: "es2020",
      conditions: ["source"],
      mainFields: ["main", "module"],
      legalComments: "none",
      plugins: [locationFree(resolve(options.entry), modules)],
      charset: "utf8",
      logLevel: "silent",
      // A map beside the code (never a comment in it: the artifact's bytes stay the same), for
      // failures that point at TypeScript lines. The outfile only names the map; nothing is written.
      sourcemap: "external",
      outfile: "contract.js",
    });
    const js = out.outputFiles.find((f) => f.path.endsWith(".js"))!;
    const map = out.outputFiles.find((f) => f.path.endsWith(".js.map"));
    code = js.text;
    bundleMap = map === undefined ? undefined : (JSON.parse(map.text) as RawSourceMap);
  } catch (e) {
    const errors = (
      e as {
        errors?: { text: string; location?: { file: string; line: number; column: number } }[];
      }
    ).errors;
    const first = errors?.[0];
    // Errors name the file on disk, not its location-free module name.
    const file = first?.location?.file.replace(`${NAMESPACE}:`, "");
    const where = first?.location
      ? // esbuild's column is 0-based; editors and codegen's diagnostics count from 1.
        `${modules.get(file!) ?? file}:${first.location.line}:${first.location.column + 1}: `
      : "";
    throw new BundleError(`${where}${first?.text ?? "bundling failed"}`, {
      details: errors?.map((x) => x.text).join("\n"),
      cause: e,
    });
  }
  refuseNonEntry(code, options.entry);
  const bundle = code;
  const insertions: [number, number][] = [];
  if (!options.unmetered) code = instrument(code, options.entry, insertions);
  verifyCode(code, options.entry, !options.unmetered);
  const artifact = encodeArtifact({
    name,
    abiHash: await abiHash(options.abi ?? ""),
    metered: !options.unmetered,
    code,
  });
  if (bundleMap !== undefined) {
    const hasher = await createBLAKE3();
    hasher.update(artifact);
    registerSourceMap(
      hasher.digest("hex"),
      instrumentedMap(bundleMap, bundle, insertions),
      modules,
    );
  }
  return artifact;
}

/**
 * An artifact whose code never registers a contract can never deploy ("did not call
 * registerContract"): typically a contract's source given instead of its generated entry glue.
 * The SDK's `registerContract` survives esbuild's tree shaking only when something uses it, and
 * then its bridge lookup is in the bundle by name.
 */
function refuseNonEntry(code: string, entry: string): void {
  if (code.includes('"registerContract"')) return;
  throw new BundleError(
    `${entry}: does not register a contract, so its artifact could never deploy`,
    {
      hint: "build the entry glue codegen writes for the contract (<outDir>/<source>.<Contract>.entry.ts), or run `shortcrust build` to build every contract",
    },
  );
}

const NAMESPACE = "shortcrust";

/**
 * Loads every module (recording name → file in `modules`) under a name that does not depend on
 * where it sits on disk, so an artifact's bytes (and so its default contract id and every state
 * root after it) are the same wherever the project, its dependencies or the working directory
 * are: esbuild writes module names into the bundle (`// path` comments, lazy-init keys). A file
 * of the entry's own package is named `./<path in the package>`, any other `<package
 * name>/<path in the package>`. Two files with one name (two copies of a package) would be
 * bundled as one module, so that is an error.
 *
 * It also lets a contract outside any project build: `@shortcrust/sdk` falls back to ours.
 */
function locationFree(entry: string, modules: Map<string, string>): Plugin {
  // Package manifests read during this build only: a later build sees renamed packages.
  const packages: PackageCache = new Map();
  const entryPackage = packageOf(entry, packages);
  return {
    name: "shortcrust-location-free",
    setup(b) {
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData === "inner") return undefined;
        const real = args.namespace === NAMESPACE ? (args.pluginData as string) : undefined;
        const opts = {
          kind: args.kind,
          importer: real,
          resolveDir: args.resolveDir,
          pluginData: "inner",
        };
        let r = await b.resolve(args.path, opts);
        if (r.errors.length > 0 && /^@shortcrust\/sdk(\/.*)?$/.test(args.path)) {
          r = await b.resolve(args.path, { ...opts, resolveDir: __dirname });
        }
        if (r.errors.length > 0 || r.external || r.namespace !== "file") return r;
        const name = moduleName(r.path, entryPackage, packages);
        const other = modules.get(name);
        if (other !== undefined && other !== r.path) {
          return {
            errors: [
              { text: `two files would be bundled as one module ${name}: ${other}, ${r.path}` },
            ],
          };
        }
        modules.set(name, r.path);
        return {
          path: name,
          namespace: NAMESPACE,
          pluginData: r.path,
          sideEffects: r.sideEffects,
        };
      });
      b.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => {
        const real = args.pluginData as string;
        const ext = extname(real);
        const loader = ext === ".ts" || ext === ".mts" || ext === ".cts" ? "ts" : "js";
        return { contents: readFileSync(real, "utf8"), loader, resolveDir: dirname(real) };
      });
    },
  };
}

type PackageCache = Map<string, { dir: string; name: string } | null>;

/** The directory and name of the package a file belongs to (its nearest package.json). */
function packageOf(file: string, packages: PackageCache): { dir: string; name: string } | null {
  const start = dirname(file);
  let found = packages.get(start);
  if (found !== undefined) return found;
  found = null;
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest)) {
      const name = (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name;
      found = { dir, name: name ?? basename(dir) };
      break;
    }
    if (dirname(dir) === dir) break;
  }
  packages.set(start, found);
  return found;
}

function moduleName(
  file: string,
  entryPackage: { dir: string } | null,
  packages: PackageCache,
): string {
  const pkg = packageOf(file, packages);
  const inPackage = (dir: string) => relative(dir, file).split(sep).join("/");
  if (!pkg) return basename(file);
  if (entryPackage && pkg.dir === entryPackage.dir) return `./${inPackage(pkg.dir)}`;
  return `${pkg.name}/${inPackage(pkg.dir)}`;
}
