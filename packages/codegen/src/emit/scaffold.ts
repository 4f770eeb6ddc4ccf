import type { IrProgram } from "../ir/types";
import type { OutputLayout } from "./layout";

export function scaffoldFor(
  program: IrProgram,
  layout: OutputLayout,
  file: string,
): [string, string][] {
  void program;
  void layout;
  void file;
  return [];
}
