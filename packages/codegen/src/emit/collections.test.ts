// Collection fields of a @contract class (StateMap / StateVec): the entry glue line by line, then
// fixtures/project/registry.ts's glue (committed in __golden__) in a real runtime session.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { VM, isPanicError, verifyProof } from "@shortcrust/runtime";
import { buildArtifact } from "@shortcrust/bundler";
import { parseFiles } from "../ir/parse";
import { collectionPrefix, contractModules } from "./contract-module";
import { registryClient } from "../fixtures/__golden__/project/registry.Registry.client";
import { Entry } from "../fixtures/__golden__/project/types.codec";

function glue(source: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), "sc-collections-"));
  const file = join(dir, "c.ts");
  writeFileSync(file, source);
  const { program, diagnostics } = parseFiles([file]);
  expect(diagnostics).toEqual([]);
  const layout = { root: dir, srcDir: dir, outDir: join(dir, "gen") };
  const mods = new Map(contractModules(program, layout, file));
  return mods
    .get(join(dir, "gen", "c.Book.entry.ts"))!
    .raw()
    .split("\n")
    .map((l) => l.trim());
}

const bytes = (s: string): string => [...Buffer.from(s)].join(", ");

describe("entry glue of collection fields: exact lines", () => {
  const lines = glue(
    `import type { u32, u64, string, StateMap, StateVec } from "@shortcrust/sdk";\n` +
      `/** @archive */ export interface Note { text: string }\n` +
      `/** @contract */\n` +
      `export class Book {\n` +
      `  size: u32 = 0;\n` +
      `  readonly pages!: StateMap<u64, Note>;\n` +
      `  declare readonly notes: StateVec<Note>;\n` +
      `  count(): u32 { return this.notes.length; }\n` +
      `}\n`,
  );

  it("builds each collection once per module, with the generated codecs and its prefix", () => {
    // `Note`'s codec is the codec module's and `u64`'s the project's shared shape: both
    // imported, neither defined in the glue.
    expect(lines).toContain(
      `const $$pages = new StateMap(new Uint8Array([0, ${bytes("pages")}]), $u64, Note);`,
    );
    expect(lines).toContain(
      `const $$notes = new StateVec(new Uint8Array([0, ${bytes("notes")}]), Note);`,
    );
    expect(lines.filter((l) => /^export const \S+: Codec</.test(l))).toEqual([
      expect.stringMatching(/^export const Book\$State: Codec<BookState\b/),
    ]);
    expect(lines.find((l) => l.startsWith("// options:"))).toBe(
      "// options: abi=piecrust contract=Book state=one record + pages,notes",
    );
  });

  it("installs the handles on the call's instance and keeps them out of the state record", () => {
    expect(lines).toContain(
      'Object.defineProperty(self, "pages", { value: $$pages, enumerable: true });',
    );
    expect(lines).toContain(
      'Object.defineProperty(self, "notes", { value: $$notes, enumerable: true });',
    );
    expect(lines).toContain("const defaults: BookState = { size: self.size };");
    expect(lines).toContain("export type BookState = { size: number };");
    const self = lines.indexOf("const self = new Book();");
    expect(lines[self + 1]).toMatch(/^Object\.defineProperty\(self, "pages"/);
  });

  it("imports the collections from codegen-v1 only, and codecs from the modules that export them", () => {
    expect(lines.filter((l) => l.startsWith("import"))).toEqual([
      'import { Book } from "../c";',
      'import { Book$count$ret } from "./c.Book.calls";',
      'import { Note } from "./c.codec";',
      'import { $u64 } from "./shared.shapes";',
      expect.stringMatching(
        /^import \{ .*StateMap, StateVec, .* \} from "@shortcrust\/sdk\/codegen-v1";$/,
      ),
    ]);
  });

  it("a contract without collections gets the glue it always had", () => {
    const plain = glue(
      `import type { u32 } from "@shortcrust/sdk";\n` +
        `/** @contract */ export class Book { size: u32 = 0; count(): u32 { return this.size; } }\n`,
    );
    expect(plain.some((l) => l.includes("$$") || l.includes("State" + "Vec"))).toBe(false);
    expect(plain.find((l) => l.startsWith("// options:"))).toBe(
      "// options: abi=piecrust contract=Book state=one record",
    );
  });

  it("prefixes are 0x00 ‖ the name: never the state record's key, never another field's", () => {
    expect([...collectionPrefix("log")]).toEqual([0, 108, 111, 103]);
    expect([...collectionPrefix("é")]).toEqual([0, 0xc3, 0xa9]);
    expect(collectionPrefix("state")[0]).not.toBe("s".charCodeAt(0));
  });
});

// ----------------------------------------------------------------------------------- runtime

const entry = join(__dirname, "..", "fixtures", "__golden__", "project", "registry.Registry.entry");
const OWNER = new Uint8Array(32).fill(7);
const LIMIT = 1_000_000_000n;

/** The account ids `seed` makes: `n` big-endian in the first four bytes. */
function id(n: number): Uint8Array {
  const b = new Uint8Array(32);
  new DataView(b.buffer).setUint32(0, n, false);
  return b;
}

const key = (...parts: (string | number[] | Uint8Array)[]): Uint8Array =>
  new Uint8Array(parts.flatMap((p) => (typeof p === "string" ? [...Buffer.from(p)] : [...p])));

let vm: VM;
let artifact: Uint8Array;
beforeAll(async () => {
  vm = await VM.ephemeral();
  artifact = await buildArtifact({ entry, name: "registry" });
});
afterAll(() => vm.close());

function deploy(base?: Uint8Array) {
  const session = vm.session({ base });
  const { contractId } = session.deploy(artifact, { owner: OWNER, gasLimit: LIMIT });
  return { session, contractId, registry: registryClient(session, contractId, LIMIT) };
}

const note = (n: number, memo: string | null = null): Entry => ({
  owner: id(n),
  amount: BigInt(n),
  memo,
});

describe("collection fields in a runtime session", () => {
  it("entries persist across calls and commits; the state record holds only the other fields", async () => {
    const { session, contractId, registry } = deploy();
    expect(registry.deposit(id(1), 5n).data).toBe(5n);
    expect(registry.deposit(id(1), 3n).data).toBe(8n);
    expect(registry.deposit(id(2), 1n).data).toBe(1n);
    expect(registry.known(id(3)).data).toBe(false);
    expect(registry.record(note(1, "first")).data).toBe(1);
    expect(registry.record(note(2)).data).toBe(2);
    expect(registry.entry(1).data).toEqual(note(2));
    expect(registry.entry(2).data).toBeNull();
    const root = await session.commit();
    session.close();

    const next = vm.session({ base: root });
    const again = registryClient(next, contractId, LIMIT);
    expect(again.balance(id(1)).data).toBe(8n);
    expect(again.known(id(2)).data).toBe(true);
    expect(again.count().data).toBe(2);
    expect(again.entry(0).data).toEqual(note(1, "first"));
    expect(again.undo().data).toEqual(note(2));
    expect(again.count().data).toBe(1);
    again.forget(id(1));
    expect(again.known(id(1)).data).toBe(false);
    expect(again.balance(id(1)).data).toBe(0n);
    // The "state" record is the struct { total: u64 } alone (8 bytes), whatever the collections hold.
    const state = next.prove(contractId, key("state"));
    expect(state.value).toEqual(new Uint8Array([1, 0, 0, 0, 0, 0, 0, 0])); // 9 deposited, 8 forgotten
    next.close();
  });

  it("a failed call leaves the entries it wrote as they were", () => {
    const { session, registry } = deploy();
    registry.seed(0, 3); // ids 0, 1, 2 with balance 1
    const root = session.root();
    let err: unknown;
    try {
      registry.transfer(id(0), id(1), 5n); // credits id(1), then panics on id(0)'s shortfall
    } catch (e) {
      err = e;
    }
    expect(isPanicError(err)).toBe(true);
    expect(session.root()).toEqual(root);
    expect(registry.balance(id(1)).data).toBe(1n);
    expect(registry.balance(id(0)).data).toBe(1n);
    registry.transfer(id(0), id(1), 1n);
    expect([registry.balance(id(0)).data, registry.balance(id(1)).data]).toEqual([0n, 2n]);
  });

  it("a call touching one entry costs the same gas with 10 or 1000 entries", () => {
    const gasWith = (entries: number): bigint[] => {
      const { registry } = deploy();
      registry.seed(0, entries);
      expect(registry.count().data).toBe(entries);
      return [
        registry.deposit(id(5), 2n).gasSpent,
        registry.balance(id(7)).gasSpent,
        registry.transfer(id(3), id(4), 1n).gasSpent,
        registry.record(note(9, "memo")).gasSpent,
        registry.entry(3).gasSpent,
        registry.count().gasSpent,
        registry.undo().gasSpent,
      ];
    };
    const small = gasWith(10);
    const large = gasWith(1000);
    expect(large).toEqual(small);
    expect(small.every((g) => g > 0n)).toBe(true);
  });

  it("an entry's key opens with session.prove: 0x00 ‖ field ‖ tag ‖ …", () => {
    const { session, contractId, registry } = deploy();
    registry.seed(0, 5);
    registry.deposit(id(3), 41n);
    const root = session.root();
    const balance = session.prove(contractId, key([0], "balances", [1], id(3)));
    expect(balance.value).toEqual(new Uint8Array([42, 0, 0, 0, 0, 0, 0, 0]));
    expect(verifyProof(root, balance)).toBe(true);
    const element = session.prove(contractId, key([0], "log", [3], [0, 0, 0, 4]));
    expect(Entry.deserialize(element.value!)).toEqual({ owner: id(4), amount: 1n, memo: null });
    expect(verifyProof(root, element)).toBe(true);
    const length = session.prove(contractId, key([0], "log", [2]));
    expect(length.value).toEqual(new Uint8Array([5, 0, 0, 0]));
    const absent = session.prove(contractId, key([0], "balances", [1], id(99)));
    expect(absent.value).toBeNull();
    expect(verifyProof(root, absent)).toBe(true);
  });
});
