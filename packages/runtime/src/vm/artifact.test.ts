import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeArtifact, encodeArtifact, instrument } from "@shortcrust/artifact";
import { buildArtifact } from "@shortcrust/bundler";
import { VM } from "./vm";
import { fixture, LIMIT, OWNER } from "../testing/fixtures";
import { isArtifactError } from "../errors";

// The runtime's side of the artifact format: what it refuses at deploy, and how it says so.
describe("deploying artifacts", () => {
  it("rejects an unmetered or tampered artifact at deploy", async () => {
    const vm = await VM.ephemeral();
    const s = vm.session();
    const unmetered = await fixture("counter", { unmetered: true });
    expect(() => s.deploy(unmetered, { owner: OWNER, gasLimit: LIMIT })).toThrow(/not gas-metered/);
    const a = decodeArtifact(await fixture("counter"));
    const tampered = encodeArtifact({
      ...a,
      code: a.code.replace(/__sc_gas -= (\d+)/, "__sc_gas += $1"),
    });
    let err: unknown;
    try {
      s.deploy(tampered, { owner: OWNER, gasLimit: LIMIT });
    } catch (e) {
      err = e;
    }
    expect(isArtifactError(err)).toBe(true);
    s.close();
    await vm.close();
  });

  it("a deploy that fails while loading says why in its message", async () => {
    const vm = await VM.ephemeral();
    const s = vm.session();
    const artifact = encodeArtifact({
      name: "verifier",
      abiHash: new Uint8Array(32),
      metered: true,
      code: instrument("const x = 1;"),
    });
    expect(() => s.deploy(artifact, { owner: OWNER, gasLimit: LIMIT })).toThrow(
      /^deploying 'verifier' failed while loading it: .*did not call registerContract/,
    );
    s.close();
    await vm.close();
  });

  it("builds a contract outside any project (the SDK falls back to ours) and names bundling errors", async () => {
    const dir = mkdtempSync(join(tmpdir(), "shortcrust-build-"));
    try {
      const entry = join(dir, "hello.ts");
      writeFileSync(
        entry,
        `import { registerContract } from "@shortcrust/sdk";
registerContract({ name: "hello", functions: ["hi"], dispatch: () => new Uint8Array([104, 105]) });
`,
      );
      const vm = await VM.ephemeral();
      const s = vm.session();
      const { contractId } = s.deploy(await buildArtifact({ entry }), {
        owner: OWNER,
        gasLimit: LIMIT,
      });
      expect(s.callRaw(contractId, "hi", new Uint8Array(0), LIMIT).data).toEqual(
        new Uint8Array([104, 105]),
      );
      s.close();
      await vm.close();
      const broken = join(dir, "broken.ts");
      writeFileSync(broken, `import { nope } from "./missing";\nnope();\n`);
      await expect(buildArtifact({ entry: broken })).rejects.toThrow(
        `${broken}:1:22: Could not resolve "./missing"`,
      );
      // A syntax error in an imported module names that file on disk.
      writeFileSync(join(dir, "bad.ts"), `export const f = () => { return (1 + ; };\n`);
      writeFileSync(broken, `import { f } from "./bad";\nf();\n`);
      await expect(buildArtifact({ entry: broken })).rejects.toThrow(
        `${join(dir, "bad.ts")}:1:38: Unexpected ";"`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
