import { build, type Plugin } from "esbuild";
import { createBLAKE3 } from "hash-wasm";
import { basename, extname } from "node:path";
import { ArtifactError } from "../errors";
import { encodeArtifact } from "./artifact";
import { instrument } from "./instrument";
import { verifyCode } from "./verify";

export interface BuildOptions {
  /** Path of the contract's entry module (its generated glue, which calls `registerContract`). */
  readonly entry: string;
  /** The artifact's name; defaults to the entry file's base name. */
  readonly name?: string;
  /** Text describing the contract's ABI (codegen passes its descriptor JSON); hashed into the header. */
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
      plugins: [sdkFallback],
      charset: "utf8",
      logLevel: "silent",
    });
    code = out.outputFiles[0].text;
  } catch (e) {
    const errors = (
      e as {
        errors?: { text: string; location?: { file: string; line: number; column: number } }[];
      }
    ).errors;
    const first = errors?.[0];
    const where = first?.location
      ? `${first.location.file}:${first.location.line}:${first.location.column}: `
      : "";
    throw new ArtifactError(`${where}${first?.text ?? "bundling failed"}`, {
      details: errors?.map((x) => x.text).join("\n"),
      cause: e,
    });
  }
  if (!options.unmetered) code = instrument(code, options.entry);
  verifyCode(code, options.entry, !options.unmetered);
  const hasher = await createBLAKE3();
  hasher.update(options.abi ?? "");
  const abiHash = hasher.digest("binary");
  return encodeArtifact({ name, abiHash, metered: !options.unmetered, code });
}

/** A contract outside any project with an SDK still builds: `@shortcrust/sdk` falls back to ours. */
const sdkFallback: Plugin = {
  name: "shortcrust-sdk-fallback",
  setup(b) {
    b.onResolve({ filter: /^@shortcrust\/sdk(\/.*)?$/ }, async (args) => {
      if (args.pluginData === "fallback") return undefined;
      const own = await b.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: "fallback",
      });
      if (own.errors.length === 0) return own;
      return b.resolve(args.path, {
        kind: args.kind,
        resolveDir: __dirname,
        pluginData: "fallback",
      });
    });
  },
};
