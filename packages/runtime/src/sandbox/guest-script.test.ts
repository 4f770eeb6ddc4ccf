import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { FRAME_ABI, FRAME_LAYOUT } from "@shortcrust/sdk";
import { decodeArtifact, FORIN_FN, GAS_VAR, OOG_FN, SPREAD_FN } from "@shortcrust/artifact";
import { fixture } from "../testing/fixtures";
import { GAS } from "../session/gas";
import { GUEST_SCRIPT } from "./generated/guest-script";
import {
  bundleGuest,
  generatedGuestPath,
  guestDefines,
  guestModule,
  writeGuestModule,
} from "../testing/guest-bundle";
import { GUEST_HOST_FUNCTIONS } from "./host-bridge";
import { ContractInstance, type HostHooks } from "./instance";
import { interpreterImage, newInterpreter } from "./quickjs";
import { join } from "node:path";

/**
 * `__sc_host.<name>` uses and the identifiers of the bundled guest script (esbuild's output has
 * no comments but its module path lines, and the guest sources hold no such strings).
 */
function scan(script: string) {
  const code = script.replace(/^\s*\/\/.*$/gm, "");
  const hostUses = new Set([...code.matchAll(/\b__sc_host\.(\w+)/g)].map((m) => m[1]));
  const names = new Set(code.match(/[A-Za-z_$][\w$]*/g) ?? []);
  return { hostUses, names };
}

describe("the sandbox's guest script", () => {
  if (process.env.SHORTCRUST_UPDATE_GUEST === "1") {
    it("is regenerated from src/sandbox/guest", () => {
      writeGuestModule();
      expect(readFileSync(generatedGuestPath(), "utf8")).toBe(guestModule(bundleGuest()));
    });
    return;
  }

  it("is the bundle of the guest sources as they are now (run `pnpm --filter @shortcrust/runtime guest` after changing them)", () => {
    const fresh = bundleGuest();
    expect(readFileSync(generatedGuestPath(), "utf8")).toBe(guestModule(fresh));
    expect(GUEST_SCRIPT).toBe(fresh);
  });

  it("calls exactly the host functions the bridge declares", () => {
    const { hostUses } = scan(GUEST_SCRIPT);
    expect([...hostUses].sort()).toEqual([...GUEST_HOST_FUNCTIONS].sort());
  });

  it("shares the wrapper's names with the instrumenter and inlines every constant", () => {
    const { names } = scan(GUEST_SCRIPT);
    // The counter the contract's charges decrement and the guest reads is the wrapper's var.
    expect(names.has(GAS_VAR)).toBe(true);
    for (const n of ["GAS", "FRAME_ABI", "FRAME_LAYOUT", "LIMITS"])
      expect(names.has(n)).toBe(false);
    // The bundle sets nothing else in the wrapper's scope: its own names stay in its IIFE.
    expect(GUEST_SCRIPT.startsWith("(() => {\n")).toBe(true);
    expect(GUEST_SCRIPT.endsWith("\n})();\n")).toBe(true);
    expect(GUEST_SCRIPT.slice(0, -"})();\n".length).includes("\n})();")).toBe(false);
    expect([OOG_FN, FORIN_FN, SPREAD_FN]).toEqual(["__sc_oog", "__sc_forin", "__sc_spread"]);
  });

  it("inlines GAS and FRAME_ABI from their one home", () => {
    const d = guestDefines();
    expect(d["GAS.STATE_WRITE_BASE"]).toBe(String(GAS.STATE_WRITE_BASE));
    expect(d["FRAME_ABI.PANIC"]).toBe(String(FRAME_ABI.PANIC));
    expect(d["FRAME_ABI.DISPATCH_HEADER_BYTES"]).toBe(String(FRAME_ABI.DISPATCH_HEADER_BYTES));
  });

  it("has a frame layout whose named words fit their headers without overlapping", () => {
    const within = (header: number, slots: [number, number][]) => {
      const used = new Set<number>();
      for (const [at, words] of slots) {
        for (let w = at; w < at + words; w++) {
          expect(w).toBeLessThan(header);
          expect(used.has(w)).toBe(false);
          used.add(w);
        }
      }
      expect(used.size).toBe(header);
    };
    const A = FRAME_ABI;
    const L = FRAME_LAYOUT;
    within(A.DISPATCH_HEADER_BYTES / 8, [
      [L.DISPATCH_GAS, 1],
      [L.DISPATCH_LIMIT, 1],
      [L.DISPATCH_EPOCH, 1],
    ]);
    within(A.RESULT_HEADER_WORDS, [
      [L.RESULT_GAS_WORD, 2],
      [L.RESULT_RET_LEN_WORD, 1],
    ]);
    within(A.CALL_HEADER_WORDS, [
      [L.CALL_ASKED_WORD, 2],
      [L.CALL_GAS_WORD, 2],
      [L.CALL_ID_LEN_WORD, 1],
      [L.CALL_ARG_LEN_WORD, 1],
    ]);
    within(A.REPLY_HEADER_BYTES / 4, [
      [L.REPLY_CODE_WORD, 1],
      [L.REPLY_CHARGED_WORD, 2],
      [L.REPLY_EPOCH_WORD, 2],
    ]);
  });

  it("refuses a guest source that uses a constant the bundler cannot inline", () => {
    const dir = mkdtempSync(join(tmpdir(), "sc-guest-"));
    const bad = join(dir, "bad-constant.ts");
    writeFileSync(bad, "export const x = (GAS as unknown as Record<string, number>)['NOPE'];\n");
    try {
      expect(() => bundleGuest(bad)).toThrow(/refers to GAS at line \d+ of the bundle/);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it("is what the host installs its functions for (the same list, in order)", async () => {
    const art = await fixture("counter");
    const hooks = new Proxy({} as HostHooks, { get: () => () => undefined });
    const inst = new ContractInstance(
      newInterpreter(await interpreterImage()),
      decodeArtifact(art).code,
      hooks,
      "c",
    );
    try {
      expect(inst.hostFunctions).toEqual(GUEST_HOST_FUNCTIONS);
    } finally {
      inst.dispose();
    }
  });
});
