import * as api from "./index";

// Pins the export list of @shortcrust/bundler.
const expected = ["buildArtifact", "BundleError", "isBundleError"];

describe("@shortcrust/bundler exports", () => {
  it("exports exactly the pinned names", () => {
    expect(Object.keys(api).sort()).toEqual([...expected].sort());
  });
});
