import { Command, CommanderError } from "commander";
import { CODEGEN_VERSION } from "../version";

/** Builds the `shortcrust` command; subcommands register themselves here. */
export function createProgram(): Command {
  const program = new Command("shortcrust")
    .description("Shortcrust: rkyv-compatible contracts in TypeScript")
    .version(CODEGEN_VERSION)
    .exitOverride();
  return program;
}

/** Runs the CLI and resolves to the process exit code (never calls process.exit itself). */
export async function main(argv: readonly string[]): Promise<number> {
  const program = createProgram();
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    throw err;
  }
}
