/**
 * The project a command works on: `shortcrust.config.json` (validated with ajv) merged with
 * flags, resolved to the inputs, where generated files go and where artifacts go.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import Ajv from "ajv";
import leven from "leven";
import type { GenerateOptions } from "../pipeline";
import type { Formatter } from "../emit/printer";
import type { SourceLoc } from "../ir/types";
import { parseJson } from "./input";
import { CliFailure } from "./io";

export interface Config {
  srcDir?: string;
  outDir?: string;
  buildDir?: string;
  files?: string[];
  scaffolds?: boolean;
  format?: Formatter;
  rust?: string;
}

export const CONFIG_FILE = "shortcrust.config.json";

export const FORMATTERS: readonly Formatter[] = ["fast", "prettier"];

export const CONFIG_SCHEMA = {
  type: "object",
  additionalProperties: false,
  properties: {
    $schema: { type: "string" },
    srcDir: {
      type: "string",
      minLength: 1,
      description: "where the annotated sources live (default src)",
    },
    outDir: {
      type: "string",
      minLength: 1,
      description: "where generated files go (default src/generated)",
    },
    buildDir: {
      type: "string",
      minLength: 1,
      description: "where `shortcrust build` writes artifacts (default build)",
    },
    files: {
      type: "array",
      items: { type: "string", minLength: 1 },
      description: "input files (default: every .ts under srcDir)",
    },
    scaffolds: {
      type: "boolean",
      description: "write a jest test per contract when missing (default true)",
    },
    rust: {
      type: "string",
      minLength: 1,
      pattern: "\\.rs$",
      description:
        "also write the Rust declarations (rkyv 0.7) of every @archive type to this .rs file",
    },
    format: {
      enum: FORMATTERS,
      description:
        "how generated files are laid out: fast (default) or prettier (prettier 3, pinned config; slower)",
    },
  },
} as const;

const CONFIG_KEYS = Object.keys(CONFIG_SCHEMA.properties).filter((k) => k !== "$schema");

/**
 * `(did you mean 'srcDir'?)` for a word a few edits (or a letter case) from a real one: two for a
 * short word, three from six letters on (`pretty` → `prettier`).
 */
function suggestion(word: string, among: readonly string[] = CONFIG_KEYS): string {
  let best: string | undefined;
  let bestDistance = word.length >= 6 ? 4 : 3;
  for (const k of among) {
    const d = k.toLowerCase() === word.toLowerCase() ? 0 : leven(k, word);
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return best === undefined ? "" : ` (did you mean '${best}'?)`;
}

const validateConfig = new Ajv({ allErrors: true }).compile<Config>(CONFIG_SCHEMA);

export function loadConfig(root: string, path?: string): Config {
  const file = resolve(root, path ?? CONFIG_FILE);
  if (!existsSync(file)) {
    if (path) {
      throw new CliFailure(`--config ${path}: no such file (${file})`, {
        hint: "give the path of a shortcrust.config.json, relative to --root (default: the current directory)",
      });
    }
    return {};
  }
  const name = relative(process.cwd(), file);
  const json = parseJson({
    text: readFileSync(file, "utf8"),
    name,
    at: (line, col) => `${name}:${line}:${col}`,
  });
  if (!validateConfig(json)) {
    const errs = (validateConfig.errors ?? []).map((e) => {
      const p = e.params as { additionalProperty?: unknown; allowedValues?: unknown[] };
      if (p.additionalProperty !== undefined) {
        const key = String(p.additionalProperty);
        return `  unknown key '${key}'${suggestion(key)}`;
      }
      // (An instancePath here is one key deep: `/format`.)
      const given = (json as Record<string, unknown>)[e.instancePath.slice(1)];
      const extra = p.allowedValues
        ? `: ${p.allowedValues.map((v) => JSON.stringify(v)).join(", ")}${typeof given === "string" ? suggestion(given, p.allowedValues.map(String)) : ""}`
        : "";
      return `  ${e.instancePath || "(root)"} ${e.message}${extra}`;
    });
    const unknownKey = errs.some((l) => l.startsWith("  unknown key"));
    throw new CliFailure(`${name}: invalid configuration\n${errs.join("\n")}`, {
      hint: unknownKey ? `the keys are ${CONFIG_KEYS.join(", ")}` : undefined,
    });
  }
  return json;
}

/** Flags every project command shares. */
export interface ProjectFlags {
  root?: string;
  config?: string;
  srcDir?: string;
  outDir?: string;
  scaffolds?: boolean;
  format?: string;
  rust?: string;
}

/**
 * The command that would act on the same project: `shortcrust codegen --root ../app`, for a hint
 * that can be run as it is printed (the project flags given, in their CLI spelling).
 */
export function commandLine(command: string, flags: ProjectFlags): string {
  const words = ["shortcrust", command];
  const add = (flag: string, value: string | undefined) => {
    if (value !== undefined)
      words.push(
        flag,
        /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`,
      );
  };
  add("--root", flags.root);
  add("--config", flags.config);
  add("--src-dir", flags.srcDir);
  add("--out-dir", flags.outDir);
  add("--format", flags.format);
  add("--rust", flags.rust);
  if (flags.scaffolds === false) words.push("--no-scaffolds");
  return words.join(" ");
}

/** Every `.ts` file under `dir` (sorted), except tests, declaration files and `skip`. */
export function sourceFiles(dir: string, skip: string): string[] {
  // A srcDir that is missing or a file is reported by the command (it knows which setting).
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return [];
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (p === skip || n === "node_modules") continue;
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith(".ts") && !n.endsWith(".test.ts") && !n.endsWith(".d.ts")) out.push(p);
    }
  };
  walk(dir);
  return out;
}

export function optionsOf(flags: ProjectFlags): GenerateOptions {
  return projectOf(flags).options;
}

/** A directory setting and where it was given (a flag, a config key with its place, a default). */
export interface Setting {
  /** `--out-dir`, or the config key (`outDir`). */
  readonly name: string;
  readonly value: string;
  /** The config key's place, when the value came from the config file. */
  readonly loc?: SourceLoc;
}

/** The project of `flags`: generate options, the config they came from and the build dir. */
export function projectOf(flags: ProjectFlags): {
  options: GenerateOptions;
  config: Config;
  settings: { srcDir: Setting; outDir: Setting };
  /** Absolute. */
  buildDir: string;
} {
  const root = resolve(flags.root ?? process.cwd());
  const config = loadConfig(root, flags.config);
  const srcDir = flags.srcDir ?? config.srcDir ?? "src";
  const outDir = flags.outDir ?? config.outDir ?? `${srcDir}/generated`;
  const configFile = resolve(root, flags.config ?? CONFIG_FILE);
  const setting = (
    flag: string,
    key: "srcDir" | "outDir",
    given: string | undefined,
    value: string,
  ): Setting =>
    given !== undefined
      ? { name: flag, value }
      : config[key] !== undefined
        ? { name: key, value, loc: keyLoc(configFile, key) }
        : { name: key, value };
  const settings = {
    srcDir: setting("--src-dir", "srcDir", flags.srcDir, srcDir),
    outDir: setting("--out-dir", "outDir", flags.outDir, outDir),
  };
  const files = config.files ?? sourceFiles(resolve(root, srcDir), resolve(root, outDir));
  const options: GenerateOptions = {
    root,
    srcDir,
    outDir,
    files,
    scaffolds: flags.scaffolds === false ? false : (config.scaffolds ?? true),
    format: formatterOf(flags.format) ?? config.format,
    rust: rustOf(flags.rust) ?? config.rust,
  };
  return { options, config, settings, buildDir: resolve(root, config.buildDir ?? "build") };
}

/** Where a top-level key's value starts in a JSON file (1-based), for located errors. */
function keyLoc(file: string, key: string): SourceLoc | undefined {
  const text = readFileSync(file, "utf8");
  const m = new RegExp(`"${key}"\\s*:\\s*`).exec(text);
  if (!m) return undefined;
  const before = text.slice(0, m.index + m[0].length).split("\n");
  return { file, line: before.length, col: before[before.length - 1].length + 1 };
}

function rustOf(flag: string | undefined): string | undefined {
  if (flag !== undefined && !flag.endsWith(".rs")) {
    throw new CliFailure(`--rust ${flag}: expected a .rs file`);
  }
  return flag;
}

function formatterOf(flag: string | undefined): Formatter | undefined {
  if (flag === undefined) return undefined;
  if ((FORMATTERS as readonly string[]).includes(flag)) return flag as Formatter;
  throw new CliFailure(`--format ${flag}: expected ${FORMATTERS.join(" or ")}`);
}
