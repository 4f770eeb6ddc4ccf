import { Command, CommanderError, Option } from "commander";
import { isShortcrustError } from "@shortcrust/sdk";
import { CODEGEN_VERSION } from "../version";
import { isCodegenError, formatDiagnostic } from "../ir/diagnostics";
import { decode, encode } from "./encode";
import { CliFailure, processIo, type Io } from "./io";
import { codegen, type CodegenFlags } from "./codegen";
import { init } from "./project";
import { build, type BuildFlags } from "./build";

/** `Examples:` after a command's help. */
const examples = (...lines: string[]): string =>
  `\nExamples:\n${lines.map((l) => (l.startsWith("#") || l === "" ? `  ${l}` : `  $ ${l}`)).join("\n")}\n`;

const JSON_CONVENTIONS = `
JSON (serde_json's form, as Rust reads and writes it), one example each:
  64/128-bit integers   decimal strings (numbers up to 2^53 too)   {"counter": "18446744073709551615"}
  other numbers         numbers; NaN and ±Infinity as strings      {"x": 7, "ratio": 0.5}
  byte arrays           an array of numbers or 0x… hex             {"key": "0x00ff"} or {"key": [0, 255]}
  Option<T>             null for None                              {"memo": null}
  tuples                arrays                                     [1, "2"]
  enums                 externally tagged                          "Idle" or {"Transfer": {"to": 3}}
An integer above 2^53 written as a number is refused (JavaScript would round it): quote it.`;

/** Builds the `shortcrust` command; subcommands register themselves here. */
export function createProgram(io: Io = processIo): Command {
  const program = new Command("shortcrust")
    .description("Shortcrust: rkyv-compatible contracts in TypeScript")
    .version(CODEGEN_VERSION)
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError("(shortcrust --help lists the commands)")
    .addHelpText(
      "after",
      examples(
        "shortcrust init my-contracts          # a new project from the template",
        "shortcrust codegen                     # sources → src/generated (shortcrust.config.json)",
        "shortcrust build                       # every contract → build/<Contract>.scrt",
        "shortcrust codegen --check             # in CI: exit 1 if generated files are stale",
        'shortcrust encode --types src/types.ts --type Point --json \'{"x":1,"y":2}\'',
        "shortcrust <command> --help            # options and examples of one command",
      ),
    );
  const sub = (name: string): Command => {
    const c = program.command(name).configureOutput({
      writeOut: io.out,
      writeErr: io.err,
      outputError: (text, write) => write(text.replace(/^error: /, `shortcrust ${name}: `)),
    });
    return c.showHelpAfterError(`(shortcrust ${name} --help for usage)`);
  };
  sub("codegen")
    .description(
      "generate codecs, call stubs, contract glue and typed metadata from annotated TypeScript",
    )
    .option("--root <dir>", "project root (default: the current directory)")
    .option("--config <file>", "configuration file (default: shortcrust.config.json in the root)")
    .option("--src-dir <dir>", "where the annotated sources live (default src)")
    .option("--out-dir <dir>", "where generated files go (default <srcDir>/generated)")
    .option("--no-scaffolds", "do not write missing test scaffolds")
    .option(
      "--format <formatter>",
      "layout of generated files: fast or prettier (default: the config's, else each file keeps its own, else fast)",
    )
    .option(
      "--rust <file>",
      "also write the Rust declarations of the @archive types to this .rs file",
    )
    .addOption(
      new Option(
        "--check",
        "exit 1 if generated files are stale (for CI); writes nothing",
      ).conflicts("watch"),
    )
    .option("--watch", "regenerate what an edit affects")
    .addHelpText(
      "after",
      `
Only files that start with codegen's "// @generated" header are ever replaced or deleted; an
outDir that is or contains srcDir (or any source) is refused. Unchanged files are not rewritten.
${examples(
  "shortcrust codegen",
  "shortcrust codegen --check                 # CI",
  "shortcrust codegen --watch                 # regenerate on save",
  "shortcrust codegen --root contracts --out-dir contracts/src/gen --format prettier",
)}`,
    )
    .action((opts: CodegenFlags) => codegen(opts, io));
  sub("build")
    .description(
      "bundle and gas-meter contracts into deployable artifacts: every contract of the project, or one entry",
    )
    .argument("[entry]", "a generated <source>.<Contract>.entry.ts (default: every contract)")
    .option("--root <dir>", "project root (default: the current directory)")
    .option("--config <file>", "configuration file (default: shortcrust.config.json in the root)")
    .option("--out <file>", "artifact path, with an entry (default <buildDir>/<Contract>.scrt)")
    .option("--name <name>", "artifact name, with an entry (default: the contract's name)")
    .addHelpText(
      "after",
      examples(
        "shortcrust build                                   # every contract → <buildDir>/<Contract>.scrt",
        "shortcrust build src/generated/counter.Counter.entry.ts --out dist/counter.scrt",
      ),
    )
    .action((entry: string | undefined, opts: BuildFlags) => build(entry, opts, io));
  sub("init")
    .description("create a contract project from the template")
    .argument("<dir>", "a new (or empty) directory")
    .option("--name <name>", "package name (default: the directory's name)")
    .option(
      "--shortcrust-version <range>",
      "depend on published @shortcrust/* packages (default: link to this checkout's packages)",
    )
    .addHelpText(
      "after",
      examples(
        "shortcrust init my-contracts && cd my-contracts && pnpm install && pnpm test",
        "shortcrust init app --name @acme/app --shortcrust-version ^0.1.0",
      ),
    )
    .action((dir: string, opts: { name?: string; shortcrustVersion?: string }) =>
      init({ dir, ...opts }, io),
    );
  sub("encode")
    .description("archive a JSON value of an exported type; prints the archive as lowercase hex")
    .requiredOption("--types <file>", "a TypeScript file declaring the type")
    .requiredOption(
      "--type <name>",
      "an exported @archive interface, enum or type alias of that file",
    )
    .requiredOption("--json <json>", "the value: JSON text, - (standard input) or @FILE")
    .addHelpText(
      "after",
      `${JSON_CONVENTIONS}
${examples(
  `shortcrust encode --types src/types.ts --type FnData --json '{"signature":"0x…","public_key":[…],"counter":"7"}'`,
  "shortcrust encode --types src/types.ts --type FnData --json @fndata.json",
  "cat value.json | shortcrust encode --types src/types.ts --type FnData --json -",
)}`,
    )
    .action((opts: { types: string; type: string; json: string }) => encode(opts, io));
  sub("decode")
    .description("check and deserialize an archive (hex) of an exported type; prints JSON")
    .requiredOption("--types <file>", "a TypeScript file declaring the type")
    .requiredOption(
      "--type <name>",
      "an exported @archive interface, enum or type alias of that file",
    )
    .requiredOption(
      "--hex <hex>",
      "the archive: hex digits (0x optional), - (standard input) or @FILE",
    )
    .addHelpText(
      "after",
      `${JSON_CONVENTIONS}
${examples(
  "shortcrust decode --types src/types.ts --type Point --hex 0100000002000000",
  'shortcrust encode --types src/types.ts --type Point --json \'{"x":1,"y":2}\' | shortcrust decode --types src/types.ts --type Point --hex -',
)}`,
    )
    .action((opts: { types: string; type: string; hex: string }) => decode(opts, io));
  return program;
}

/** Runs the CLI and resolves to the process exit code (never calls process.exit itself). */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const program = createProgram(io);
  const command = argv[2] && !argv[2].startsWith("-") ? argv[2] : undefined;
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (err) {
    io.progress?.("");
    if (err instanceof CommanderError) return err.exitCode;
    if (err instanceof CliFailure) {
      // Every failure says which command failed, also one raised by code the commands share.
      const f =
        err.shortMessage.startsWith("shortcrust") || /^\S+:\d+:\d+: /.test(err.shortMessage)
          ? err
          : new CliFailure(`shortcrust${command ? ` ${command}` : ""}: ${err.shortMessage}`, {
              details: err.details,
              hint: err.hint,
              exitCode: err.exitCode,
            });
      io.err(`${f.text(io.color)}\n`);
      return f.exitCode;
    }
    if (isCodegenError(err)) {
      const f = new CliFailure(
        err.diagnostics.map((d) => formatDiagnostic(d, process.cwd())).join("\n"),
      );
      io.err(`${f.text(io.color)}\n`);
      return 1;
    }
    if (isShortcrustError(err)) {
      const f = new CliFailure(
        /^\S+:\d+:\d+: /.test(err.shortMessage)
          ? err.shortMessage
          : `shortcrust${command ? ` ${command}` : ""}: ${err.shortMessage}`,
        { hint: err.hint },
      );
      io.err(`${f.text(io.color)}\n`);
      return 1;
    }
    throw err;
  }
}
