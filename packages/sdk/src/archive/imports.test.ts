import { join } from "node:path";
import madge from "madge";

// The archive's modules form no import cycle (type-only imports included): a cycle makes load
// order decide which binding is still undefined, and hides which module a rule lives in. Source,
// readString and the views live in their own files so that nodes.ts, specialize.ts and btree.ts
// (which once imported each other) depend on them, not on each other.
async function cycles(dir: string): Promise<string[][]> {
  const graph = await madge(join(__dirname, dir), {
    fileExtensions: ["ts"],
    excludeRegExp: [/\.test\.ts$/],
    detectiveOptions: { ts: { skipTypeImports: false } },
  });
  return graph.circular();
}

describe("import graph", () => {
  it("has no cycle inside archive/", async () => {
    expect(await cycles(".")).toEqual([]);
  });

  it("has no cycle anywhere in the SDK's sources", async () => {
    expect(await cycles("..")).toEqual([]);
  });
});
