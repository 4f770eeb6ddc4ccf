import * as runtime from "./index";

// Pins the runtime export list of @shortcrust/runtime.
const expected = [
  "RUNTIME_FORMAT_VERSION",
  // state layer (src/store)
  "openStore",
  "memoryStore",
  "verifyProof",
  "hashReady",
  "StoreError",
  "StoreCorruptError",
  "StoreVersionError",
  "isStoreError",
  "isStoreCorruptError",
  "isStoreVersionError",
];

describe("@shortcrust/runtime exports", () => {
  it("exports exactly the pinned names", () => {
    expect(Object.keys(runtime).sort()).toEqual([...expected].sort());
  });
});
