import { Command, CommanderError } from "commander";
import { CODEGEN_VERSION } from "../version";
import { isCodegenError, formatDiagnostic } from "../ir/diagnostics";
import { decode, encode } from "./encode";
import { CliFailure, processIo, type Io } from "./io";

/** Builds the `shortcrust` command; subcommands register themselves here. */
export function createProgram(io: Io = processIo): Command {
  const program = new Command("shortcrust")
    .description("Shortcrust: rkyv-compatible contracts in TypeScript")
    .version(CODEGEN_VERSION)
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
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
      io.err(`${err.message}\n`);
      return err.exitCode;
    }
    if (isCodegenError(err)) {
      io.err(`${err.diagnostics.map((d) => formatDiagnostic(d, process.cwd())).join("\n")}\n`);
      return 1;
    }
    throw err;
  }
}
