import type { IrProgram } from "../ir/types";
import type { OutputLayout } from "./layout";
import type { ModulePrinter } from "./printer";

export function contractModules(
  program: IrProgram,
  layout: OutputLayout,
  file: string,
): [string, ModulePrinter][] {
  void program;
  void layout;
  void file;
  return [];
}
