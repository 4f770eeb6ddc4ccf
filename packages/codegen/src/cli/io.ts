import { ShortcrustError } from "@shortcrust/sdk";

/** Where CLI commands write (process streams by default; tests capture them). */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: Io = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
};

/**
 * A failure the CLI reports as text with a non-zero exit code (no stack trace): one line
 * (`file:line:col: message` or `shortcrust <command>: message`), then an optional indented
 * list (`details`) and `hint:` line.
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

  /** What the CLI prints. */
  text(): string {
    return [
      this.shortMessage,
      ...(this.details ? [this.details] : []),
      ...(this.hint ? [`  hint: ${this.hint}`] : []),
    ].join("\n");
  }
}

export function isCliFailure(e: unknown): e is CliFailure {
  return e instanceof CliFailure;
}
