import * as api from "./index";

// Pins the export list of @shortcrust/artifact.
const expected = [
  "encodeArtifact",
  "decodeArtifact",
  "abiHash",
  "isArtifactBytes",
  "ARTIFACT_FORMAT_VERSION",
  "instrument",
  "verifyCode",
  "GAS_VAR",
  "OOG_FN",
  "FORIN_FN",
  "SPREAD_FN",
  "RESERVED_PREFIX",
  "SANDBOX_GLOBALS",
  "REMOVED_MEMBERS",
  "UNUSABLE_GLOBALS",
  "sandboxGlobalProblem",
  "regexShape",
  "regexWork",
  "RegexRefusal",
  "registerSourceMap",
  "sourceMapFor",
  "instrumentedMap",
  "contractFrames",
  "ArtifactFormatError",
  "isArtifactFormatError",
];

describe("@shortcrust/artifact exports", () => {
  it("exports exactly the pinned names", () => {
    expect(Object.keys(api).sort()).toEqual([...expected].sort());
  });
});
