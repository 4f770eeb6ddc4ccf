// What a scaffold does with each function: call it, let it panic, or leave a todo that says what
// its call needs. (The scaffolds of the template's contracts and of a project made with
// `shortcrust init` are run in cli/init.test.ts.)
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generate } from "../pipeline";

const SOURCE = `import type { u8, u64, Bytes, ContractId } from "@shortcrust/sdk";
import { callRaw, hostQuery, panic, sha256, verifyEd25519 } from "@shortcrust/sdk";
import { metaData } from "./generated/s.Meta.metadata";

/** @archive */
export interface Signed { sig: Bytes<64>; n: u64 }

/** @metadata */
export interface Meta { block_height: u64 }

/** @contract */
export class S {
  n: u64 = 0n;
  plain(x: u8): u64 { return this.n + BigInt(x); }
  checked(key: Bytes<32>, msg: Bytes<4>, signature: Bytes<64>): boolean { return verifyEd25519(key, msg, signature); }
  nested(data: Signed): u64 { return data.n; }
  relay(to: ContractId): void { callRaw(to, "f", new Uint8Array(0)); }
  gated(): u64 { const h = metaData.block_height(); if (h === null) panic("no height"); return h; }
  guarded(x: u64): void { this.take(x); }
  priced(x: u8): Bytes<4> { return hostQuery("price_of", new Uint8Array([x])).subarray(0, 4); }
  hashed(x: u8): Bytes<32> { return sha256(new Uint8Array([x])); }
  builtin(x: u8): Bytes<32> { return hostQuery("blake2b_256", new Uint8Array([x])); }
  down(): u64 { this.n -= 1n; return this.n; }
  viaHelper(): u64 { return this.less(); }
  private less(): u64 { return -this.n; }
  private take(x: u64): void { if (x > this.n) panic("too much"); this.n -= x; }
}
`;

describe("test scaffolds", () => {
  const root = mkdtempSync(join(tmpdir(), "sc-scaffold-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  let text: string;
  beforeAll(async () => {
    mkdirSync(join(root, "src"));
    writeFileSync(join(root, "src", "s.ts"), SOURCE);
    const r = await generate({ root, srcDir: "src", outDir: "src/generated", files: ["src/s.ts"] });
    expect(r.diagnostics).toEqual([]);
    text = r.scaffolds.get(join(root, "src", "S.test.ts"))!;
  });

  it("calls a function that cannot fail, with sample arguments, under a modest gas limit", () => {
    expect(text).toMatch(/it\("plain answers sample arguments"[^]*?s\.plain\(1\)/);
    expect(text).toContain("const LIMIT = 10_000_000n;");
  });

  it("leaves a todo with a sentence for what it cannot set up", () => {
    const todo = (fn: string) => text.match(new RegExp(`test\\.todo\\(\\s*"${fn}: ([^"]*)"`))?.[1];
    expect(todo("checked")).toMatch(/needs a real signature/);
    expect(todo("nested")).toMatch(/needs a real signature/); // a field named `sig`
    expect(todo("relay")).toMatch(/another contract deployed in the same session/);
    expect(todo("gated")).toMatch(/session metadata/);
    expect(todo("priced")).toMatch(
      /needs the host query 'price_of' registered on the VM \(`VM.ephemeral\(\{ hostQueries \}\)`/,
    );
    expect(todo("plain")).toBeUndefined();
    // The VM's own host queries are there in every session.
    expect(todo("hashed")).toBeUndefined();
    expect(todo("builtin")).toBeUndefined();
  });

  it("lets a function that subtracts panic: an unsigned value can leave its range", () => {
    expect(text).toMatch(/it\("down returns or panics, within the gas limit"/);
    expect(text).toMatch(/it\("viaHelper returns or panics, within the gas limit"/);
    expect(text).toMatch(/it\("plain answers sample arguments"/);
  });

  it("lets a function that can panic (here through a private helper) panic", () => {
    expect(text).toMatch(
      /it\("guarded returns or panics, within the gas limit"[^]*?isPanicError\(e\)/,
    );
    expect(text).toMatch(/import \{ VM, isPanicError \} from "@shortcrust\/runtime"/);
    expect(text).toMatch(/import \{ buildArtifact \} from "@shortcrust\/bundler"/);
  });
});
