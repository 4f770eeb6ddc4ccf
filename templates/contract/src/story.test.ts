// The main job's story, on a store of its own, run twice as `npm run example` would run it
// (the second run continues from the first run's commit).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildArtifact } from "@shortcrust/bundler";
import { story } from "./story";

describe("the main job's story", () => {
  const dir = mkdtempSync(join(tmpdir(), "sc-story-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const artifacts = new Map<string, Uint8Array>();
  beforeAll(async () => {
    for (const [file, name] of [
      ["verifier", "Verifier"],
      ["relay", "Relay"],
      ["timelock", "Timelock"],
    ]) {
      artifacts.set(
        name,
        await buildArtifact({ entry: join(__dirname, `generated/${file}.${name}.entry`) }),
      );
    }
  });

  async function run(): Promise<string> {
    const lines: string[] = [];
    await story({
      artifact: (name) => artifacts.get(name)!,
      storeDir: join(dir, "store"),
      write: (l) => lines.push(l),
    });
    return lines.join("\n");
  }

  it("tells it: accepted, rejected replay, relay, gate, rollback, commit, reopen", async () => {
    const out = await run();
    expect(out).toMatch(/^base +genesis$/m);
    expect(out).toMatch(/^deploy +Verifier +[0-9a-f]{64} /m);
    // 1. accepted, with its gas, debug output, event and call tree
    expect(out).toMatch(
      /# 1\. signed FnData, counter 1: accepted\n▶ verifier\.submit\(\{ signature: 0x[0-9a-f]{16}…\(64 bytes\), public_key: 0x[0-9a-f]{64}, counter: 1 \}\)\n {2}✓ 1 +gas \d+ of 10000000\n {4}debug Verifier: submit: counter 1n last accepted null\n {4}event Verifier\.accepted \{[^\n]*counter: 1, callstack: \[\] \}\n {4}Verifier: spent \d+/,
    );
    // 2. the replay is rejected and the root does not move
    expect(out).toMatch(/✗ Panic: stale counter 1: the last accepted for this key is 1/);
    const [, before, after] = out.match(
      /root before ([0-9a-f]{64})\n {2}root after {2}([0-9a-f]{64}) \(unchanged: true\)/,
    )!;
    expect(after).toBe(before);
    // 3. through the relay: a nested call in the tree; then a duplicate from the cache
    expect(out).toMatch(
      /✓ Accepted\(2\)[^]*callstack: \[0x[0-9a-f]{64}\][^]*Relay: spent \d+[^\n]*\n {6}└ Verifier: spent \d+ \(limit 400000\)/,
    );
    expect(out).toMatch(/✓ Duplicate/);
    // 4. the failing nested call: rolled back, its limit burned, the relay's refusal kept
    expect(out).toMatch(/✓ Rejected\("stale counter 1: the last accepted for this key is 2"\)/);
    expect(out).toMatch(/debug Verifier: submit: counter 1n last accepted 2n \(reverted\)/);
    expect(out).toMatch(/verifier: accepted count 2 before, 2 after; last counter 2/);
    // 5. the gate: refused before the height, accepted at it
    expect(out).toMatch(
      /✗ Panic: locked until height 2, now 1[^]*block_height 2\)\n▶ timelock\.claim\(\)\n {2}✓ 1 /,
    );
    // 6–7. commit, and read back in a new session
    const root = out.match(/# 6\. commit +([0-9a-f]{64})/)![1];
    expect(out).toMatch(/verifier\.last_counter\(alice\) = 2/);
    expect(out).toMatch(/relay\.seen\(alice, 2\) += false/);
    expect(out).toMatch(
      /timelock\.status\(\) += \{ until: None, height: 2, chain_id: 1, claims: 1 \}/,
    );

    // A second run continues from that commit, one block higher, with the next counters.
    const again = await run();
    expect(again).toMatch(new RegExp(`^base +${root}$`, "m"));
    expect(again).toMatch(/^contract +Verifier +[0-9a-f]{64} \(in the base commit\)$/m);
    expect(again).toMatch(/metadata +block_height 3, chain_id 1/);
    expect(again).toMatch(/# 1\. signed FnData, counter 3: accepted/);
    expect(again).toMatch(/verifier\.last_counter\(alice\) = 4/);
    expect(again).toMatch(/commits +2 held in the store/);
  });
});
