import { relative, sep } from "node:path";
import pc from "picocolors";
import { ShortcrustError } from "@shortcrust/sdk";
import { formatDiagnostic, type Diagnostic } from "../ir/diagnostics";

/** Where CLI commands write (process streams by default; tests capture them). */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Colour error text (a terminal that is not under NO_COLOR). */
  readonly color?: boolean;
  /**
   * A transient status line (replaced by the next one; "" clears it), for work through many
   * files. Absent when the output is not a terminal.
   */
  progress?(line: string): void;
  /** Standard input, read to its end (`--json -`, `--hex -`). */
  stdin?(): Promise<string>;
}

/** Whether a stream is a terminal that takes colour (NO_COLOR, https://no-color.org, says no). */
function colorFor(stream: NodeJS.WriteStream): boolean {
  return stream.isTTY === true && !process.env.NO_COLOR;
}

/** A status line rewritten in place (`\r`, erase line); "" erases it if one is shown. */
function progressLine(stream: NodeJS.WriteStream): (line: string) => void {
  let shown = false;
  return (line) => {
    if (!line && !shown) return;
    stream.write(`\r\x1b[K${line.slice(0, (stream.columns || 80) - 1)}`);
    shown = line !== "";
  };
}

export const processIo: Io = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  color: colorFor(process.stderr),
  progress: process.stderr.isTTY ? progressLine(process.stderr) : undefined,
  stdin: async () => {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  },
};

/**
 * A failure the CLI reports as text with a non-zero exit code (no stack trace): one line
 * (`file:line:col: message` or `shortcrust <command>: message`), then optional indented lines
 * (`details`) and a `hint:` line.
 */
export class CliFailure extends ShortcrustError {
  override name = "CliFailure";
  readonly exitCode: number;
  constructor(
    message: string,
    options: { details?: string; hint?: string; exitCode?: number; cause?: unknown } = {},
  ) {
    super(message, options);
    this.exitCode = options.exitCode ?? 1;
  }

  /** What the CLI prints (coloured on a terminal). */
  text(color = false): string {
    const c = pc.createColors(color);
    return [
      ...this.shortMessage.split("\n").map((l) => colorLine(l, c)),
      ...(this.details ? [c.dim(this.details)] : []),
      ...(this.hint ? [`  ${c.cyan("hint:")} ${this.hint}`] : []),
    ].join("\n");
  }
}

/** `file:line:col: message` with the place bold and the message red; hints cyan. */
function colorLine(line: string, c: ReturnType<typeof pc.createColors>): string {
  const hint = /^(\s+)hint: (.*)$/.exec(line);
  if (hint) return `${hint[1]}${c.cyan("hint:")} ${hint[2]}`;
  const m = /^(\S+?:\d+:\d+: |shortcrust [\w -]+?: )(.*)$/.exec(line);
  return m ? `${c.bold(m[1])}${c.red(m[2])}` : line;
}

export function isCliFailure(e: unknown): e is CliFailure {
  return e instanceof CliFailure;
}

/** A path as the CLI prints it: relative to the working directory when under it, else absolute. */
export function shownPath(p: string): string {
  const r = relative(process.cwd(), p);
  return r === "" ? "." : r.startsWith("..") || r.startsWith(sep) ? p : r;
}

/** "1 error", "5 errors": how every command counts its diagnostics. */
export function errorCount(n: number): string {
  return counted(n, "error");
}

/** "1 file", "3 files": how every command counts (nouns with a plain plural). */
export function counted(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** Warnings (legal, likely not meant) on stderr, each as `warning: file:line:col: …`. */
export function reportWarnings(warnings: readonly Diagnostic[], io: Io): void {
  for (const w of warnings) io.err(`warning: ${formatDiagnostic(w, process.cwd())}\n`);
}
