// Globals the sandbox does not have are codegen errors at their place (they used to pass codegen
// and build and fail only when called: "'Date' is not defined").
import { existsSync } from "node:fs";
import { join } from "node:path";
import { runCli as run } from "../testing/cli";
import { tempProject } from "../testing/project";

const CLOCK = `import type { u64 } from "@shortcrust/sdk";
import { jitter } from "./helpers";
/** @contract */
export class Clock {
  t: u64 = 0n;
  tick(): u64 {
    this.t = BigInt(Date.now());
    const r = Math.random() + Math.floor(1.5) + jitter(2);
    setTimeout(() => {}, 1);
    const env = { process: 1, Date: 2 }.process;
    const g = globalThis.Date;
    return this.t + BigInt(r + env + (g ? 1 : 0) + process.pid);
  }
  ok(process: u64): u64 {
    const Date = 3n;
    return process + Date;
  }
}
`;
const HELPERS = `export function jitter(n: number): number {\n  return n + performance.now();\n}\n`;

describe("codegen: globals the contract sandbox does not have", () => {
  it("are located errors with a hint, in the contract and the files it imports", async () => {
    const root = tempProject({ "src/clock.ts": CLOCK, "src/helpers.ts": HELPERS });
    const r = await run("codegen", "--root", root);
    expect(r.code).toBe(1);
    const lines = r.err.split("\n");
    const located = lines
      .filter((l) => /^\S+:\d+:\d+: /.test(l))
      .map((l) => l.replace(/^\S*?(src\/)/, "$1"));
    expect(located).toEqual([
      "src/clock.ts:7:21: 'Date' does not exist in contracts: a wall clock would make a call's result differ between nodes",
      "src/clock.ts:8:15: 'Math.random' does not exist in contracts: every node must compute the same result",
      "src/clock.ts:9:5: 'setTimeout' does not exist in contracts: a call runs to completion, with no timers or event loop",
      "src/clock.ts:11:15: 'globalThis.Date' does not exist in contracts: a wall clock would make a call's result differ between nodes",
      "src/clock.ts:12:52: 'process' is a Node.js API; the contract sandbox has none",
      "src/helpers.ts:2:14: 'performance' is not defined in the contract sandbox",
    ]);
    expect(r.err).toMatch(
      /'Date' does not exist[^\n]*\n {2}hint: read the block height or time from session metadata/,
    );
    expect(existsSync(join(root, "src", "generated"))).toBe(false);
  });

  it("a regular expression build would refuse is a located error too", async () => {
    const root = tempProject({
      "src/m.ts": `/** @contract */\nexport class M {\n  ok(s: string): boolean {\n    return /^[a-z]+$/.test(s) && /^(a+)+$/.test(s);\n  }\n}\n`,
    });
    const r = await run("codegen", "--root", root);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /^\S*src\/m\.ts:4:34: regular expression \/\^\(a\+\)\+\$\/: [^\n]+ is not available in contracts\n {2}hint: /,
    );
  });

  it("Promise as a value, a call of Function and async functions are located errors", async () => {
    const root = tempProject({
      "src/p.ts": `import type { u32 } from "@shortcrust/sdk";\n/** @contract */\nexport class P {\n  n: u32 = 0;\n  bump(): u32 {\n    Promise.resolve().then(() => (this.n = 1));\n    const ok = (x: unknown) => x instanceof Function;\n    return ok(new Function("return 2")) ? 1 : 0;\n  }\n  async later(): Promise<void> {}\n}\nexport async function later(): Promise<number> {\n  return 1;\n}\n`,
    });
    const r = await run("codegen", "--root", root);
    expect(r.code).toBe(1);
    const located = r.err
      .split("\n")
      .filter((l) => /^\S+:\d+:\d+: /.test(l))
      .map((l) => l.replace(/^\S*?(src\/)/, "$1").replace(/: .*?(in contracts)/, ": … $1"));
    expect(located).toEqual([
      "src/p.ts:6:5: … in contracts: a call runs to completion and no job queue runs, so then/await callbacks never would",
      "src/p.ts:8:19: … in contracts: code from strings is not allowed",
      // An async public method: the async, once (not also its Promise return type).
      "src/p.ts:10:3: … in contracts: no job queue runs, so nothing after its first await would",
      "src/p.ts:12:1: … in contracts: no job queue runs, so nothing after its first await would",
    ]);
  });

  it("a host-side file (not a contract's) may use them", async () => {
    const root = tempProject({
      "src/c.ts": `import type { u64 } from "@shortcrust/sdk";\n/** @contract */\nexport class C { n: u64 = 0n; get(): u64 { return this.n; } }\n`,
      "src/main.ts": `console.log(Date.now(), process.argv);\n`,
    });
    expect(await run("codegen", "--root", root, "--no-scaffolds")).toMatchObject({
      code: 0,
      err: "",
    });
  });
});
