// The public surface of @shortcrust/codegen. Explicit named exports only: index.test.ts pins the list.
export { CODEGEN_VERSION } from "./version";
export { main, createProgram } from "./cli/main";
export { generate } from "./pipeline";
export type { GenerateOptions, GenerateResult } from "./pipeline";
export { parseFiles } from "./ir/parse";
export type { ParseResult } from "./ir/parse";
export { Lowering, lowerType } from "./ir/lower";
export { CodegenError, isCodegenError, formatDiagnostic } from "./ir/diagnostics";
export type { Diagnostic } from "./ir/diagnostics";
export type {
  IrType,
  IrDecl,
  IrField,
  IrVariant,
  IrContract,
  IrMethod,
  IrMetadata,
  IrFile,
  IrProgram,
  SourceLoc,
} from "./ir/types";
export { codegen, loadConfig, CONFIG_SCHEMA } from "./cli/codegen";
export type { Config, CodegenFlags } from "./cli/codegen";
