import { buildSync } from "esbuild";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { FRAME_ABI, FRAME_LAYOUT } from "@shortcrust/sdk";
import { RuntimeError } from "../errors";
import { GAS } from "../session/gas";
import { LIMITS } from "../sandbox/guest-constants";

/**
 * Bundling the sandbox's guest script: esbuild turns the TypeScript sources in `guest/`
 * (type-checked by their own tsconfig: ES lib only, no Node, no DOM) into one IIFE statement
 * that sets the wrapper's `__sc_guest` (see `../sandbox/prelude.ts`). `GAS`, `FRAME_ABI`, `FRAME_LAYOUT` and `LIMITS` are
 * inlined as literals from their one home, so guest and host cannot disagree on a code, a layout
 * or a price; the guest calls the host through `GuestHost` (`../sandbox/host-bridge.ts`).
 *
 * The result is committed as `generated/guest-script.ts` (written by
 * `pnpm --filter @shortcrust/runtime guest`; `sandbox/guest-script.test.ts` fails when it drifts from
 * the sources), so a sandbox never bundles at run time: bundling takes 60–200 ms per process,
 * and a runtime bundled into another program (the determinism test's child) has no sources.
 * A dev tool (esbuild is a dev dependency of the runtime), so it lives with the test helpers.
 */

/** The guest sources' directory (this file is in src/testing or dist/testing). */
export function guestDir(): string {
  return join(__dirname, "..", "..", "src", "sandbox", "guest");
}

/** The committed module that holds the bundled script. */
export function generatedGuestPath(): string {
  return join(__dirname, "..", "..", "src", "sandbox", "generated", "guest-script.ts");
}

/** The names the bundler replaces, each `GROUP.KEY` by its value as a literal. */
export function guestDefines(): Record<string, string> {
  const define: Record<string, string> = {};
  const groups = { GAS, FRAME_ABI, FRAME_LAYOUT, LIMITS } as const;
  for (const [group, values] of Object.entries(groups)) {
    for (const [key, value] of Object.entries(values)) {
      if (typeof value !== "number" || !Number.isFinite(value)) continue;
      define[`${group}.${key}`] = String(value);
    }
  }
  return define;
}

const CONSTANT_GROUPS = /\b(GAS|FRAME_ABI|FRAME_LAYOUT|LIMITS)\b/;

/** Bundles `guest/` (fails with a RuntimeError that says where). */
export function bundleGuest(entry = join(guestDir(), "main.ts")): string {
  let text: string;
  try {
    const out = buildSync({
      entryPoints: [entry],
      bundle: true,
      write: false,
      format: "iife",
      platform: "neutral",
      target: "es2022",
      charset: "utf8",
      legalComments: "none",
      tsconfig: join(guestDir(), "tsconfig.json"),
      // Module comments name files from the package root, whatever the caller's directory.
      absWorkingDir: join(guestDir(), "..", ".."),
      define: guestDefines(),
      logLevel: "silent",
    });
    // The ESM sources are strict, so esbuild opens with a directive: the wrapper is strict
    // already, and inside it the directive would only be a string statement.
    text = out.outputFiles[0].text.replace(/^"use strict";\n/, "");
  } catch (e) {
    throw new RuntimeError(`the sandbox's guest script (${entry}) could not be bundled`, {
      cause: e,
      hint: "run `pnpm typecheck`: the guest sources under src/sandbox/guest must compile",
    });
  }
  // A constant the bundler did not inline would be an unbound name inside the sandbox.
  const left = CONSTANT_GROUPS.exec(text);
  if (left !== null) {
    const line = text.slice(0, left.index).split("\n").length;
    throw new RuntimeError(
      `the sandbox's guest script refers to ${left[1]} at line ${line} of the bundle, which is not a constant the bundler inlines`,
      {
        hint: "use GAS.X, FRAME_ABI.X, FRAME_LAYOUT.X or LIMITS.X with a key of a numeric constant",
      },
    );
  }
  return text;
}

/** The committed module's text for a bundled script: one JSON string per line, for readable diffs. */
export function guestModule(script: string): string {
  const lines = script.split("\n").map((l) => `  ${JSON.stringify(l)},`);
  return [
    "// Generated from src/sandbox/guest by `pnpm --filter @shortcrust/runtime guest`: do not edit.",
    "// The sandbox's guest script (see src/testing/guest-bundle.ts).",
    "export const GUEST_SCRIPT = [",
    ...lines,
    '].join("\\n");',
    "",
  ].join("\n");
}

/**
 * Writes `generated/guest-script.ts` from the sources; returns whether it changed. It writes
 * only that file, which it made (it refuses to overwrite a file without its header).
 */
export function writeGuestModule(path = generatedGuestPath()): boolean {
  const text = guestModule(bundleGuest());
  let old: string | undefined;
  try {
    old = readFileSync(path, "utf8");
  } catch {
    old = undefined;
  }
  if (old === text) return false;
  if (old !== undefined && !old.startsWith("// Generated from src/sandbox/guest")) {
    throw new RuntimeError(`${path}: not a generated guest script, refusing to overwrite it`);
  }
  writeFileSync(path, text);
  return true;
}
