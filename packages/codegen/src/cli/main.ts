import { Command, CommanderError } from "commander";
import { CODEGEN_VERSION } from "../version";
import { isCodegenError, formatDiagnostic } from "../ir/diagnostics";
import { decode, encode } from "./encode";
import { CliFailure, processIo, type Io } from "./io";
import { codegen, type CodegenFlags } from "./codegen";
import { init } from "./project";
import { build, type BuildFlags } from "./build";

/** Builds the `shortcrust` command; subcommands register themselves here. */
export function createProgram(io: Io = processIo): Command {
  const program = new Command("shortcrust")
    .description("Shortcrust: rkyv-compatible contracts in TypeScript")
    .version(CODEGEN_VERSION)
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  program
    .command("codegen")
    .description(
      "generate codecs, call stubs, contract glue and typed metadata from annotated TypeScript",
    )
    .option("--root <dir>", "project root (default: the current directory)")
    .option("--config <file>", "configuration file (default: shortcrust.config.json in the root)")
    .option("--src-dir <dir>", "where the annotated sources live (default src)")
    .option("--out-dir <dir>", "where generated files go (default <srcDir>/generated)")
    .option("--no-scaffolds", "do not write missing test scaffolds")
    .option("--format <formatter>", "layout of generated files: fast (default) or prettier")
    .option("--check", "exit 1 if generated files are stale (for CI); writes nothing")
    .option("--watch", "regenerate what an edit affects")
    .action((opts: CodegenFlags) => codegen(opts, io));
  program
    .command("build")
    .description(
      "bundle and gas-meter contracts into deployable artifacts: every contract of the project, or one entry",
    )
    .argument("[entry]", "a generated <source>.<Contract>.entry.ts (default: every contract)")
    .option("--root <dir>", "project root (default: the current directory)")
    .option("--config <file>", "configuration file (default: shortcrust.config.json in the root)")
    .option("--out <file>", "artifact path, with an entry (default <buildDir>/<Contract>.scrt)")
    .option("--name <name>", "artifact name, with an entry (default: the contract's name)")
    .action((entry: string | undefined, opts: BuildFlags) => build(entry, opts, io));
  program
    .command("init")
    .description("create a contract project from the template")
    .argument("<dir>", "a new (or empty) directory")
    .option("--name <name>", "package name (default: the directory's name)")
    .option(
      "--shortcrust-version <range>",
      "depend on published @shortcrust/* packages (default: link to this checkout's packages)",
    )
    .action((dir: string, opts: { name?: string; shortcrustVersion?: string }) =>
      init({ dir, ...opts }, io),
    );
  program
    .command("encode")
    .description("archive a JSON value (serde_json form) of an exported type; prints lowercase hex")
    .requiredOption("--types <file>", "a TypeScript file declaring the type")
    .requiredOption("--type <name>", "an exported type of that file (interface, enum, alias)")
    .requiredOption("--json <json>", "the value as JSON")
    .action((opts: { types: string; type: string; json: string }) => encode(opts, io));
  program
    .command("decode")
    .description("check and deserialize an archive (hex) of an exported type; prints JSON")
    .requiredOption("--types <file>", "a TypeScript file declaring the type")
    .requiredOption("--type <name>", "an exported type of that file")
    .requiredOption("--hex <hex>", "the archive as hex")
    .action((opts: { types: string; type: string; hex: string }) => decode(opts, io));
  return program;
}

/** Runs the CLI and resolves to the process exit code (never calls process.exit itself). */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const program = createProgram(io);
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    if (err instanceof CliFailure) {
      io.err(`${err.text()}\n`);
      return err.exitCode;
    }
    if (isCodegenError(err)) {
      io.err(`${err.diagnostics.map((d) => formatDiagnostic(d, process.cwd())).join("\n")}\n`);
      return 1;
    }
    throw err;
  }
}
