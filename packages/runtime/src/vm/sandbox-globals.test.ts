import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VM } from "./vm";
import { buildArtifact } from "@shortcrust/bundler";
import { REMOVED_MEMBERS, SANDBOX_GLOBALS, sandboxGlobalProblem } from "@shortcrust/artifact";
import { LIMIT, OWNER } from "../testing/fixtures";

describe("SANDBOX_GLOBALS", () => {
  it("is exactly what a live sandbox offers (globals, and Math without what is removed)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sc-globals-"));
    const entry = join(dir, "names.ts");
    writeFileSync(
      entry,
      `import { registerContract } from "@shortcrust/sdk";
const names = (o: object) => Object.getOwnPropertyNames(o).sort().join(",");
registerContract({ name: "names", functions: ["names"], dispatch: () => new TextEncoder().encode(names(globalThis) + "|" + names(Math)) });
`,
    );
    const vm = await VM.ephemeral();
    const s = vm.session();
    const { contractId } = s.deploy(await buildArtifact({ entry }), {
      owner: OWNER,
      gasLimit: LIMIT * 10n,
    });
    const [globals, math] = new TextDecoder()
      .decode(s.callRaw(contractId, "names", new Uint8Array(0), LIMIT * 10n).data)
      .split("|");
    s.close();
    await vm.close();
    expect(globals.split(",")).toEqual([...SANDBOX_GLOBALS].sort());
    for (const m of REMOVED_MEMBERS.Math) expect(math.split(",")).not.toContain(m);
    expect(math.split(",")).toContain("floor");
  });

  it("names the problem and a way out for what is missing", () => {
    expect(sandboxGlobalProblem("Uint8Array")).toBeUndefined();
    expect(sandboxGlobalProblem("Math.floor")).toBeUndefined();
    expect(sandboxGlobalProblem("Date")?.hint).toMatch(/session metadata/);
    expect(sandboxGlobalProblem("Math.random")?.message).toMatch(/same result/);
    expect(sandboxGlobalProblem("setTimeout")?.message).toMatch(/no timers/);
    expect(sandboxGlobalProblem("process")?.message).toMatch(/Node\.js API/);
    expect(sandboxGlobalProblem("frobnicate")?.message).toBe(
      "is not defined in the contract sandbox",
    );
  });
});
