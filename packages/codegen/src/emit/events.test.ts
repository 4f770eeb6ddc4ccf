// The event emitters and decoders, line by line (the runtime behaviour is in contract.test.ts).
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseFiles } from "../ir/parse";
import { contractModules } from "./contract-module";

function modules(source: string, extra: Record<string, string> = {}): Map<string, string[]> {
  const dir = mkdtempSync(join(tmpdir(), "sc-events-"));
  const file = join(dir, "c.ts");
  writeFileSync(file, source);
  for (const [name, text] of Object.entries(extra)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  const { program, diagnostics } = parseFiles([file]);
  expect(diagnostics).toEqual([]);
  const layout = { root: dir, srcDir: dir, outDir: join(dir, "gen") };
  return new Map(
    contractModules(program, layout, file).map(([path, p]) => [
      path.slice(dir.length + 1),
      p
        .raw()
        .split("\n")
        .map((l) => l.trim()),
    ]),
  );
}

/** Whether `lines` hold `run` as consecutive lines (the code is laid out a statement a line). */
function hasRun(lines: readonly string[], run: readonly string[]): boolean {
  return lines.some((_, i) => run.every((r, j) => lines[i + j] === r));
}

const SOURCE =
  `import type { u64, Vec, ContractId } from "@shortcrust/sdk";\n` +
  `/** @archive */ export interface Change { by: u64 }\n` +
  `/**\n * @contract\n * @event changed Change\n * @event paid [ContractId, u64]\n * @event cleared\n */\n` +
  `export class Pot { total: u64 = 0n; add(n: u64): void { this.total += n; } }\n` +
  `/** @contract extern @event logs Vec<u64> */\n` +
  `export interface Far { ping(): void; }\n`;

describe("event emitters and decoders: exact lines", () => {
  const out = modules(SOURCE);

  it("writes an emitter module for contracts with events, none for extern ones", () => {
    expect([...out.keys()].sort()).toEqual([
      "gen/c.Far.calls.ts",
      "gen/c.Far.client.ts",
      "gen/c.Pot.calls.ts",
      "gen/c.Pot.client.ts",
      "gen/c.Pot.entry.ts",
      "gen/c.Pot.events.ts",
    ]);
  });

  it("emits archive-then-emit functions, one per topic (unit: no parameter, no data)", () => {
    const lines = out.get("gen/c.Pot.events.ts")!;
    const emitters = [
      [
        "export function emitChanged(value: Change): void {",
        'emit("changed", Change.archive(value));',
      ],
      [
        "export function emitPaid(value: [Uint8Array, bigint]): void {",
        'emit("paid", Pot$event$paid.archive(value));',
      ],
      ["export function emitCleared(): void {", 'emit("cleared", EMPTY);'],
    ];
    for (const [head, body] of emitters) expect(hasRun(lines, [head, body, "}"])).toBe(true);
    // Codecs are imported (the declaration's from its codec module, the tuple from the
    // contract's calls module), never defined here.
    expect(lines.filter((l) => l.startsWith("import"))).toEqual([
      'import { Pot$event$paid } from "./c.Pot.calls";',
      'import { Change } from "./c.codec";',
      'import { emit } from "@shortcrust/sdk/codegen-v1";',
    ]);
    expect(lines.some((l) => l.includes("Codec<"))).toBe(false);
  });

  it("emits a union discriminated by topic and a decoder that checks each payload", () => {
    const lines = out.get("gen/c.Pot.client.ts")!;
    expect(lines).toContain("export type PotEvent =");
    const member = (topic: string, value: string, end: string): string[] => [
      "| {",
      `readonly topic: "${topic}";`,
      `readonly value: ${value};`,
      "readonly source: Uint8Array;",
      "readonly reverted: boolean;",
      end,
    ];
    expect(hasRun(lines, member("changed", "Change", "}"))).toBe(true);
    expect(hasRun(lines, member("cleared", "null", "};"))).toBe(true);
    expect(lines).toContain('topics: ["changed", "paid", "cleared"] as const,');
    expect(
      hasRun(lines, [
        'case "changed":',
        'return { topic: "changed", value: eventPayload(Change, "Pot.events.changed", data), source, reverted };',
      ]),
    ).toBe(true);
    expect(lines).toContain('return unknownTopic("Pot", potEvents.topics, event);');
    expect(lines).toContain(
      "export function decodePotEvents(events: readonly ReceiptEvent[], source?: Uint8Array): PotEvent[] {",
    );
  });

  it("gives extern contracts the decoders too", () => {
    const lines = out.get("gen/c.Far.client.ts")!;
    expect(
      hasRun(lines, [
        "| {",
        'readonly topic: "logs";',
        "readonly value: Array<bigint>;",
        "readonly source: Uint8Array;",
        "readonly reverted: boolean;",
        "};",
      ]),
    ).toBe(true);
    expect(lines).toContain("export const farEvents = {");
  });

  it("contracts without events get neither", () => {
    const plain = modules(`/** @contract */ export class P { ping(): void {} }\n`);
    // (and `ping` takes and returns nothing: no calls module either)
    expect([...plain.keys()].sort()).toEqual(["gen/c.P.client.ts", "gen/c.P.entry.ts"]);
    expect(plain.get("gen/c.P.client.ts")!.some((l) => l.includes("Event"))).toBe(false);
  });

  it("does not read generated modules a contract imports (its emitters, say)", () => {
    const generated =
      "// @generated by shortcrust codegen 0.1.0 — event emitters of Q. Do not edit.\n" +
      'export type Union = { readonly topic: "a" } | { readonly topic: "b" };\n' +
      "export function emitA(): void {}\n";
    const out2 = modules(
      `import { emitA } from "./gen/c.Q.events";\n/** @contract\n * @event a\n */\nexport class Q { ping(): void { emitA(); } }\n`,
      { "gen/c.Q.events.ts": generated },
    );
    expect(
      hasRun(out2.get("gen/c.Q.events.ts")!, [
        "export function emitA(): void {",
        'emit("a", EMPTY);',
        "}",
      ]),
    ).toBe(true);
  });
});
