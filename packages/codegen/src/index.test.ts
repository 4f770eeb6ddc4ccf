import * as codegen from "./index";

// Pins the runtime export list of @shortcrust/codegen.
const expected = ["CODEGEN_VERSION", "createProgram", "main"];

describe("@shortcrust/codegen exports", () => {
  it("exports exactly the pinned names", () => {
    expect(Object.keys(codegen).sort()).toEqual([...expected].sort());
  });
});
