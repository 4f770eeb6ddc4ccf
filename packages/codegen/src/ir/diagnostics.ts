import { ShortcrustError } from "@shortcrust/sdk";
import type { SourceLoc } from "./types";

/** One problem in the input, with where it is and what to write instead. */
export interface Diagnostic {
  readonly loc: SourceLoc;
  readonly message: string;
  readonly hint?: string;
}

/** `file:line:col: message` (+ `  hint: …`). */
export function formatDiagnostic(d: Diagnostic, cwd?: string): string {
  const file =
    cwd && d.loc.file.startsWith(cwd + "/") ? d.loc.file.slice(cwd.length + 1) : d.loc.file;
  const head = `${file}:${d.loc.line}:${d.loc.col}: ${d.message}`;
  return d.hint ? `${head}\n  hint: ${d.hint}` : head;
}

/** Every diagnostic of one run, reported at once. */
export class CodegenError extends ShortcrustError {
  override name = "CodegenError";
  constructor(readonly diagnostics: readonly Diagnostic[]) {
    super(
      `${diagnostics.length} error${diagnostics.length === 1 ? "" : "s"} in the input:\n` +
        diagnostics.map((d) => formatDiagnostic(d)).join("\n"),
    );
  }
}

export function isCodegenError(err: unknown): err is CodegenError {
  return err instanceof CodegenError;
}
