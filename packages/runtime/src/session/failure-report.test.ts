import { join } from "node:path";
import { codec } from "@shortcrust/sdk";
import { decodeArtifact, encodeArtifact } from "@shortcrust/artifact";
import { isOutOfGasError, isPanicError, type RuntimeError } from "../errors";
import { fixture, LIMIT, OWNER } from "../testing/fixtures";
import { VM } from "../vm/vm";

const U32 = codec<number>({ kind: "u32" });
const UNIT = new Uint8Array(0);
const FIXTURES = join(__dirname, "..", "fixtures");

let vm: VM;
beforeAll(async () => {
  vm = await VM.ephemeral();
});
afterAll(() => vm.close());

function thrown(f: () => unknown): RuntimeError {
  try {
    f();
  } catch (e) {
    return e as RuntimeError;
  }
  throw new Error("expected the call to fail");
}

const frames = (stack: string | undefined) =>
  (stack ?? "").split("\n").filter((l) => l.startsWith("    at "));

describe("failures point at the contract's TypeScript", () => {
  it("a panic's first stack frame is the panicking line; sandbox and VM frames are hidden", async () => {
    const s = vm.session();
    const { contractId } = s.deploy(await fixture("debugger"), { owner: OWNER, gasLimit: LIMIT });
    const err = thrown(() => s.callRaw(contractId, "write_say_panic", UNIT, LIMIT));
    expect(isPanicError(err)).toBe(true);
    const file = join(FIXTURES, "debugger.ts");
    // Innermost first: the SDK's panic(), then the line that called it.
    expect(err.contractFrames[0].module).toBe("@shortcrust/sdk/src/contract/calls.ts");
    expect(err.contractFrames[1]).toMatchObject({
      module: "./src/fixtures/debugger.ts",
      file,
      line: 30,
    });
    const st = frames(err.stack);
    expect(st[0]).toMatch(
      new RegExp(`^    at .* \\(${file.replace(/[.\\/]/g, "\\$&")}:30:\\d+\\)$`),
    );
    // The next frames: the glue's dispatch (lib.ts), then this test, never session/sandbox code.
    expect(st.some((l) => l.includes("failure-report.test.ts"))).toBe(true);
    for (const l of st) expect(l).not.toMatch(/session\.ts|instance\.ts|prelude|quickjs|wasm:/);
    // The stack starts with the message, as Node prints errors.
    expect(err.stack!.startsWith(`PanicError: ${err.message}`)).toBe(true);
  });

  it("a failed archive check points at the contract line that asked for it, not into the SDK", async () => {
    const s = vm.session();
    const { contractId } = s.deploy(await fixture("debugger"), { owner: OWNER, gasLimit: LIMIT });
    const err = thrown(() => s.callRaw(contractId, "raw", new Uint8Array(3), LIMIT));
    expect(isPanicError(err)).toBe(true);
    expect(err.contractFrames.some((f) => f.module.startsWith("@shortcrust/sdk/"))).toBe(true);
    expect(frames(err.stack)[0]).toContain(`${join(FIXTURES, "debugger.ts")}:24:`);
  });

  it("running out of gas points at the loop that did", async () => {
    const s = vm.session();
    const { contractId } = s.deploy(await fixture("cpu"), { owner: OWNER, gasLimit: LIMIT });
    const err = thrown(() => s.callRaw(contractId, "run", U32.archive(1e6), 50_000n));
    expect(isOutOfGasError(err)).toBe(true);
    expect(frames(err.stack)[0]).toMatch(new RegExp(`cpu\\.ts:(1[0-9]):\\d+\\)$`));
  });

  it("without a map (an artifact built elsewhere) frames point into the bundled code", async () => {
    const a = decodeArtifact(await fixture("debugger"));
    const other = encodeArtifact({ ...a, name: "elsewhere" });
    const s = vm.session();
    const { contractId } = s.deploy(other, { owner: OWNER, gasLimit: LIMIT });
    const err = thrown(() => s.callRaw(contractId, "write_say_panic", UNIT, LIMIT));
    expect(err.contractFrames[0].file).toBe("elsewhere.js (bundled code)");
    const line = err.contractFrames[1].line;
    expect(a.code.split("\n")[line - 1]).toContain('panic("boom")');
  });
});
