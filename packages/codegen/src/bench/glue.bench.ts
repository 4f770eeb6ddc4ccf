/**
 * Suite `glue`: what generated entry glue costs per call, in one session. `increment` of the
 * template's `Counter` (history push, metadata read, event) against a one-field generated
 * counter (`value: u64`, `this.value += 1n`), and the runtime's hand-written fixture counter
 * (no glue: `field(...)` reads and writes one record) for the glue's own share. Each case's gas
 * per call is printed once at setup (gas is deterministic; the table times the calls).
 * `glue/template-parts` splits the template's `increment` into its pieces: the same fields and
 * types, with one method per piece (each also adds 1 to `value`), so the table shows what the
 * history push, the event and the metadata read each cost next to the one-field counter's call.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildArtifact } from "@shortcrust/bundler";
import { VM, type Session } from "@shortcrust/runtime";
import { generatedProject } from "../testing/project";

export const suite = "glue";

const LIMIT = 1_000_000_000n;
const OWNER = new Uint8Array(32);
const NONE = new Uint8Array(0);
const REPO = join(__dirname, "..", "..", "..", "..");

const ONE_FIELD = `import type { u64 } from "@shortcrust/sdk";
/** @contract */
export class One {
  value: u64 = 0n;
  increment(): void {
    this.value += 1n;
  }
}
`;

/**
 * The template's Counter taken apart: its field types and its `change` body, one piece per
 * method (`increment` is the whole of the template's).
 */
const PARTS = `import type { u64, Option, StateVec } from "@shortcrust/sdk";
import { context } from "@shortcrust/sdk";
import type { Change } from "./types";
import { metaData } from "../gen/types.Chain.metadata";
import { emitChanged } from "../gen/parts.Parts.events";

/**
 * @contract
 * @event changed Change
 */
export class Parts {
  value: u64 = 0n;
  readonly changes!: StateVec<Change>;
  lastHeight: Option<u64> = null;

  bump(): void {
    this.value += 1n;
  }

  bump_push(): void {
    this.value += 1n;
    this.changes.push({ by: new Uint8Array(32), amount: 1n, note: null });
  }

  bump_event(): void {
    this.value += 1n;
    emitChanged({ by: new Uint8Array(32), amount: 1n, note: null });
  }

  bump_metadata(): void {
    this.value += 1n;
    this.lastHeight = metaData.block_height();
  }

  increment(): void {
    this.value += 1n;
    const change: Change = { by: context().caller ?? new Uint8Array(32), amount: 1n, note: null };
    this.changes.push(change);
    this.lastHeight = metaData.block_height();
    emitChanged(change);
  }
}
`;

/** The parts contract's entry glue, generated with the template's own `types.ts`. */
async function partsEntry(): Promise<string> {
  const types = readFileSync(join(REPO, "templates", "contract", "src", "types.ts"), "utf8");
  const { dir } = await generatedProject({ "types.ts": types, "parts.ts": PARTS });
  return join(dir, "gen", "parts.Parts.entry.ts");
}

/** The one-field counter's entry glue, generated now (as `shortcrust codegen` would). */
async function oneFieldEntry(): Promise<string> {
  const { dir } = await generatedProject({ "one.ts": ONE_FIELD });
  return join(dir, "gen", "one.One.entry.ts");
}

/** u64 little-endian (the template's `init` argument). */
function u64(n: bigint): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, n, true);
  return b;
}

export async function cases() {
  const vm = await VM.ephemeral();
  // Chain metadata the template's counter reads on every change (`block_height`, a u64).
  const s: Session = vm.session({ metadata: { block_height: u64(42n) } });
  const deploy = async (entry: string, name: string, initArg?: Uint8Array): Promise<Uint8Array> => {
    const art = await buildArtifact({ entry, name });
    return s.deploy(art, { owner: OWNER, gasLimit: LIMIT, initArg }).contractId;
  };
  const template = await deploy(
    join(REPO, "templates", "contract", "src", "generated", "counter.Counter.entry.ts"),
    "template-counter",
    u64(10n),
  );
  const one = await deploy(await oneFieldEntry(), "one-field-counter");
  const fixture = await deploy(
    join(REPO, "packages", "runtime", "src", "fixtures", "counter.ts"),
    "fixture-counter",
  );
  const parts = await deploy(await partsEntry(), "template-parts");
  const gas = (id: Uint8Array): bigint => s.callRaw(id, "increment", NONE, LIMIT).gasSpent;
  const g = { template: gas(template), one: gas(one), fixture: gas(fixture) };
  console.log(
    `glue gas per increment: template-counter ${g.template}, one-field-counter ${g.one}, ` +
      `hand-written-counter ${g.fixture} (one-field / hand-written ${(Number(g.one) / Number(g.fixture)).toFixed(2)}x, ` +
      `template / one-field ${(Number(g.template) / Number(g.one)).toFixed(2)}x)`,
  );
  const part = (fn: string) => ({
    case: "glue/template-parts",
    impl: fn,
    fn: () => s.callRaw(parts, fn, NONE, LIMIT),
  });
  return [
    {
      case: "glue/increment",
      impl: "template-counter",
      fn: () => s.callRaw(template, "increment", NONE, LIMIT),
    },
    {
      case: "glue/increment",
      impl: "one-field-counter",
      fn: () => s.callRaw(one, "increment", NONE, LIMIT),
    },
    {
      case: "glue/increment",
      impl: "hand-written-counter",
      fn: () => s.callRaw(fixture, "increment", NONE, LIMIT),
    },
    part("bump"),
    part("bump_push"),
    part("bump_event"),
    part("bump_metadata"),
    part("increment"),
  ];
}
