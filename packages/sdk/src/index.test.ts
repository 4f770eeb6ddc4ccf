import * as sdk from "./index";
import * as shapes from "./shapes";

// Pins the runtime export list of @shortcrust/sdk: adding or removing a public name is a
// deliberate change to this list. Keep each area's names together and sorted.
const expected = [
  // errors
  "ShortcrustError",
  "isShortcrustError",
  // archive
  "ArchiveError",
  "ArchivedVecView",
  "ArchivedView",
  "CheckError",
  "RustDeclError",
  "RustTypeError",
  "codec",
  "isArchiveError",
  "isCheckError",
  "isRustDeclError",
  "isRustTypeError",
  "layoutOf",
  "parseRustType",
  "parseRustTypes",
  "rustDeclarations",
  "rustName",
  // scalar types
  // contract-side API
  "BUILTIN_HOST_QUERIES",
  "FRAME_ABI",
  "FRAME_LAYOUT",
  "NotInSandboxError",
  "StateMap",
  "StateVec",
  "blake2b256",
  "callRaw",
  "context",
  "debug",
  "emit",
  "emitValue",
  "ephemeralGet",
  "ephemeralSet",
  "feed",
  "frameState",
  "hostQuery",
  "isNotInSandboxError",
  "metaData",
  "panic",
  "registerContract",
  "sha256",
  "stateGet",
  "stateSet",
  "verifyBls",
  "verifyEd25519",
];

describe("@shortcrust/sdk exports", () => {
  it("exports exactly the pinned names", () => {
    expect(Object.keys(sdk).sort()).toEqual([...expected].sort());
  });
});

// Pins @shortcrust/sdk/shapes, the code-shape builders the codegen emitter imports.
const expectedShapes = [
  "FLAT_KINDS",
  "SMALL_INTS",
  "asciiRunFits",
  "asciiRunResolve",
  "checkManyBody",
  "flatBytes",
  "flatRead",
  "leafCheck",
  "leafWrite",
  "literal",
  "propKey",
  "readManyBody",
  "segments",
  "smallIntWrite",
  "sourceRead",
  "tryFields",
];

describe("@shortcrust/sdk/shapes exports", () => {
  it("exports exactly the pinned names", () => {
    expect(Object.keys(shapes).sort()).toEqual([...expectedShapes].sort());
  });
});
