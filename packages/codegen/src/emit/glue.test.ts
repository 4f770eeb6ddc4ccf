// The entry glue's write-back: a record of immutable field values is archived and written only
// when a setter ran (`dirty`) and some field is not `Object.is` its value as loaded; a record
// with a field a contract can change in place (a Vec, a byte array, a struct) is archived and
// compared at every write-back, as before. What a contract sees is the same either way.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { buildArtifact } from "@shortcrust/bundler";
import { VM, type Session } from "@shortcrust/runtime";
import { generatedProject } from "../testing/project";

const OWNER = new Uint8Array(32).fill(7);
const LIMIT = 10_000_000n;
const NONE = new Uint8Array(0);

const SOURCE = `
import type { u64, f64, Option, Vec } from "@shortcrust/sdk";

/** Immutable values only. @contract */
export class Plain {
  value: u64 = 5n;
  tag: Option<u64> = null;
  get(): u64 { return this.value; }
  /** Assigns what is there: nothing archived, nothing written. */
  same(): void { this.value = this.value; }
  /** Changes a field and changes it back: the same as loaded, so nothing written. */
  roundTrip(): void { this.value += 1n; this.value -= 1n; }
  bump(): void { this.value += 1n; this.tag = this.value; }
  tagged(): Option<u64> { return this.tag; }
}

/** A float: compared by its archive (a NaN's payload, an f32's rounding). @contract */
export class Floaty {
  x: f64 = 0.5;
  get(): f64 { return this.x; }
  half(): void { this.x = this.x / 2; }
}

/** A field changed in place. @contract */
export class Listy {
  items: Vec<u64> = [];
  add(): void { this.items.push(BigInt(this.items.length)); }
  count(): u64 { return BigInt(this.items.length); }
}
`;

let dir = "";
let vm: VM;
let s: Session;
let plain: Uint8Array;
let listy: Uint8Array;
let floaty: Uint8Array;
let glue = "";
let plainGlue = "";
let floatyGlue = "";
const u64 = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset).getBigUint64(0, true);

beforeAll(async () => {
  const g = await generatedProject({ "g.ts": SOURCE });
  dir = g.dir;
  glue = g.files.get(join(dir, "gen", "g.Listy.entry.ts"))!;
  plainGlue = g.files.get(join(dir, "gen", "g.Plain.entry.ts"))!;
  floatyGlue = g.files.get(join(dir, "gen", "g.Floaty.entry.ts"))!;
  vm = await VM.ephemeral();
  s = vm.session();
  const deploy = async (name: string) =>
    s.deploy(await buildArtifact({ entry: join(dir, "gen", `g.${name}.entry.ts`), name }), {
      owner: OWNER,
      gasLimit: LIMIT,
    }).contractId;
  plain = await deploy("Plain");
  listy = await deploy("Listy");
  floaty = await deploy("Floaty");
}, 60_000);

afterAll(async () => {
  s?.close();
  await vm?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("entry glue write-back", () => {
  it("a call that leaves every field as loaded archives and writes nothing", () => {
    s.callRaw(plain, "bump", NONE, LIMIT); // the record exists from here on
    const get = s.callRaw(plain, "get", NONE, LIMIT).gasSpent;
    const bump = s.callRaw(plain, "bump", NONE, LIMIT).gasSpent;
    const same = s.callRaw(plain, "same", NONE, LIMIT).gasSpent;
    const roundTrip = s.callRaw(plain, "roundTrip", NONE, LIMIT).gasSpent;
    // `same` and `roundTrip` run a few getters and setters more than `get`, tens of gas; a
    // write-back (an archive of the 24-byte record and a write of at least 200 gas) is more
    // than twice that, and `bump` pays it.
    expect(same - get).toBeLessThan(100n);
    expect(roundTrip - get).toBeLessThan(150n);
    expect(bump - get).toBeGreaterThan(300n);
    expect(u64(s.callRaw(plain, "get", NONE, LIMIT).data)).toBe(7n);
  });

  it("assignments are written back, also after an earlier read-only call", () => {
    s.callRaw(plain, "get", NONE, LIMIT);
    s.callRaw(plain, "bump", NONE, LIMIT);
    expect(u64(s.callRaw(plain, "get", NONE, LIMIT).data)).toBe(8n);
    const tag = s.callRaw(plain, "tagged", NONE, LIMIT).data;
    expect(tag[0]).toBe(1);
  });

  it("a record with a float is compared by its archive, after a setter ran", () => {
    expect(plainGlue).toContain("Object.is");
    expect(floatyGlue).not.toContain("Object.is");
    expect(floatyGlue).toContain("sameBytes");
    expect(floatyGlue).toContain("dirty");
    const f64 = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset).getFloat64(0, true);
    expect(f64(s.callRaw(floaty, "get", NONE, LIMIT).data)).toBe(0.5);
    s.callRaw(floaty, "half", NONE, LIMIT);
    s.callRaw(floaty, "half", NONE, LIMIT);
    expect(f64(s.callRaw(floaty, "get", NONE, LIMIT).data)).toBe(0.125);
  });

  it("a field changed in place is written back (no dirty flag for such records)", () => {
    expect(glue).not.toContain("dirty");
    s.callRaw(listy, "add", NONE, LIMIT);
    s.callRaw(listy, "add", NONE, LIMIT);
    expect(u64(s.callRaw(listy, "count", NONE, LIMIT).data)).toBe(2n);
  });
});
