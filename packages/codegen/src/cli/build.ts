/**
 * `shortcrust build`: bundle and gas-meter contracts into deployable artifacts (`@shortcrust/bundler`'s
 * `buildArtifact`). With no argument it builds every contract of the project (each non-extern
 * `@contract` of the config's sources, through the entry glue codegen writes for it) into the
 * configured build dir; with an entry, that one.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { isArtifactBytes, isArtifactFormatError } from "@shortcrust/artifact";
import { buildArtifact, isBundleError } from "@shortcrust/bundler";
import { contractEntries, generate, layoutOf, type ContractEntry } from "../pipeline";
import { formatDiagnostic } from "../ir/diagnostics";
import { failure, keepingFormats, refuseMissingProject } from "./codegen";
import { parseFiles } from "../ir/parse";
import { CliFailure, counted, reportWarnings, shownPath, type Io } from "./io";
import { commandLine, projectOf, type ProjectFlags } from "./config";
import { staleFiles, writeChanged } from "./generated-files";
import { GENERATED_MARK } from "../emit/printer";
import { contractAbi } from "../abi";
import type { IrProgram } from "../ir/types";

export interface BuildFlags extends ProjectFlags {
  readonly out?: string;
  readonly name?: string;
}

const rel = shownPath;

export async function build(entry: string | undefined, flags: BuildFlags, io: Io): Promise<void> {
  if (entry === undefined) return buildAll(flags, io);
  const path = resolve(entry);
  if (!existsSync(path)) {
    throw new CliFailure(`shortcrust build: ${entry}: no such file`, {
      hint: "shortcrust codegen writes <Contract>.entry.ts; `shortcrust build` alone builds every contract",
    });
  }
  refuseSource(path, entry, flags);
  const name =
    flags.name ??
    basename(path)
      .replace(/(\.entry)?\.ts$/, "")
      .split(".")
      .pop()!;
  const { buildDir } = projectOf(flags);
  const out = resolve(flags.out ?? join(buildDir, `${name}.scrt`));
  refuseOverwrite(out);
  const bytes = await bundle(path, name, await entryAbi(path, flags));
  writeChanged(new Map([[out, bytes]]));
  io.out(`${rel(out)}: ${bytes.length} bytes (contract ${name})\n`);
}

/**
 * Build writes artifacts only: a directory, or a file that is not an artifact (a contract's
 * source given as `--out`, say), is refused before anything is bundled.
 */
function refuseOverwrite(out: string): void {
  let isDir: boolean;
  try {
    isDir = statSync(out).isDirectory();
  } catch {
    return; // nothing there yet
  }
  if (isDir) {
    throw new CliFailure(`shortcrust build: ${rel(out)} is a directory, not an artifact file`, {
      hint: "give --out a file path (e.g. build/Counter.scrt); without --out it goes to <buildDir>/<Contract>.scrt",
    });
  }
  if (!isArtifactBytes(readFileSync(out))) {
    throw new CliFailure(
      `shortcrust build: ${rel(out)} exists and is not a Shortcrust artifact; it would be overwritten`,
      {
        hint: "choose another --out path, or move that file away; build only replaces .scrt artifacts",
      },
    );
  }
}

/** A contract's source given instead of its generated entry: name the entry to build. */
function refuseSource(path: string, given: string, flags: ProjectFlags): void {
  const text = readFileSync(path, "utf8");
  if (text.startsWith(GENERATED_MARK)) {
    if (/^\/\/ @generated [^\n]*contract entry glue of /.test(text)) return;
    throw new CliFailure(
      `shortcrust build: ${given}: a generated file, but not a contract's entry glue`,
      {
        hint: "build <source>.<Contract>.entry.ts, or run `shortcrust build` alone to build every contract",
      },
    );
  }
  const { program } = parseFiles([path]);
  const contracts = (program.files.get(path)?.contracts ?? []).filter((c) => !c.extern);
  if (contracts.length === 0) return; // a hand-written entry: the bundler checks it registers a contract
  const { options } = projectOf(flags);
  const entries = contractEntries(program, layoutOf(options)).map((e) => rel(e.entry));
  const c = contracts[0];
  throw new CliFailure(
    `${formatDiagnostic({ loc: c.loc, message: `'${c.name}' is a contract's source, not its entry glue: its artifact could never deploy` }, process.cwd())}`,
    {
      hint: entries.length
        ? `build ${entries.join(", ")} (shortcrust codegen writes ${entries.length === 1 ? "it" : "them"}), or run \`shortcrust build\` alone to build every contract`
        : `move it under srcDir, run shortcrust codegen, and build its <Contract>.entry.ts`,
    },
  );
}

/**
 * The ABI descriptor of the contract whose generated entry glue `path` is (from the project's
 * current sources); "" for an entry that is not one (a hand-written one).
 */
async function entryAbi(path: string, flags: ProjectFlags): Promise<string> {
  if (!readFileSync(path, "utf8").startsWith(GENERATED_MARK)) return "";
  const { options } = projectOf(flags);
  const r = await generate(keepingFormats({ ...options, scaffolds: false }));
  if (r.diagnostics.length) throw failure(r.diagnostics, "build", "nothing was built");
  const e = contractEntries(r.program, layoutOf(options)).find((x) => x.entry === path);
  return e === undefined ? "" : abiOf(r.program, e);
}

function abiOf(program: IrProgram, e: ContractEntry): string {
  const c = program.files.get(e.loc.file)!.contracts.find((x) => x.name === e.name)!;
  return contractAbi(program, c);
}

async function bundle(entry: string, name: string, abi: string): Promise<Uint8Array> {
  try {
    return await buildArtifact({ entry, name, abi });
  } catch (e) {
    if (isBundleError(e) || isArtifactFormatError(e)) {
      throw new CliFailure(
        /^\S+:\d+:\d+: /.test(e.shortMessage)
          ? e.shortMessage
          : `shortcrust build: ${e.shortMessage}`,
        { hint: e.hint, cause: e },
      );
    }
    throw e;
  }
}

/** Every contract of the project, from fresh generated entries, into the build dir. */
async function buildAll(flags: BuildFlags, io: Io): Promise<void> {
  if (flags.out !== undefined || flags.name !== undefined) {
    throw new CliFailure("shortcrust build: --out and --name need an entry", {
      hint: "shortcrust build <entry> --out FILE; without an entry every contract goes to <buildDir>/<Contract>.scrt",
    });
  }
  const { options, buildDir, settings } = projectOf(flags);
  refuseMissingProject("build", options, settings);
  const layout = layoutOf(options);
  const r = await generate(keepingFormats({ ...options, scaffolds: false }));
  if (r.diagnostics.length) throw failure(r.diagnostics, "build", "nothing was built");
  reportWarnings(r.warnings, io);
  const entries = contractEntries(r.program, layout);
  if (entries.length === 0) {
    throw new CliFailure(`shortcrust build: no @contract in ${rel(layout.srcDir)}`, {
      hint: "a contract is an exported class tagged /** @contract */ under srcDir (shortcrust.config.json)",
    });
  }
  const stale = staleFiles(layout.outDir, r.files);
  if (stale.length) {
    throw new CliFailure(
      `shortcrust build: ${counted(stale.length, "generated file")} ${stale.length === 1 ? "is" : "are"} stale or missing; nothing was built`,
      {
        details: stale.map((p) => `  ${rel(p)}`).join("\n"),
        hint: `run ${commandLine("codegen", flags)} first`,
      },
    );
  }
  // (Two contracts of one name are a codegen error: see the pipeline's duplicateContracts.)
  for (const e of entries) refuseOverwrite(join(buildDir, `${e.name}.scrt`));
  const artifacts = new Map<string, Uint8Array>();
  for (const [i, e] of entries.entries()) {
    io.progress?.(`shortcrust build: ${i + 1}/${entries.length} ${e.name}`);
    artifacts.set(
      join(buildDir, `${e.name}.scrt`),
      await bundle(e.entry, e.name, abiOf(r.program, e)),
    );
  }
  io.progress?.("");
  const written = new Set(writeChanged(artifacts));
  for (const [out, bytes] of artifacts) {
    io.out(
      `${rel(out)}: ${bytes.length} bytes (contract ${basename(out, ".scrt")})${written.has(out) ? "" : ", unchanged"}\n`,
    );
  }
  io.out(
    `built ${entries.length} contract${entries.length === 1 ? "" : "s"} into ${rel(buildDir)} (${written.size} changed)\n`,
  );
}
