import * as codegen from "./index";

// Pins the runtime export list of @shortcrust/codegen.
const expected = [
  "CODEGEN_VERSION",
  "CONFIG_SCHEMA",
  "CodegenError",
  "Lowering",
  "codegen",
  "createProgram",
  "formatDiagnostic",
  "generate",
  "isCodegenError",
  "loadConfig",
  "lowerType",
  "main",
  "parseFiles",
];

describe("@shortcrust/codegen exports", () => {
  it("exports exactly the pinned names", () => {
    expect(Object.keys(codegen).sort()).toEqual([...expected].sort());
  });
});
