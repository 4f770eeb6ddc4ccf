// The public surface of @shortcrust/codegen. Explicit named exports only: index.test.ts pins the list.
export { CODEGEN_VERSION } from "./version";
export { main, createProgram } from "./cli/main";
