import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import * as v1 from "./codegen-v1";

// Pins the runtime export list of @shortcrust/sdk/codegen-v1, the module generated code imports:
// removing or renaming a name breaks generated code in the field (a breaking change gets a new
// subpath); adding one is a deliberate change to this list.
const expected = [
  // writing, checking, entry points
  "ArchiveWriter",
  "CheckContext",
  "MAX_ZERO_SIZED_LEN",
  "NOT_ASCII",
  "archiveEmpty",
  "archiveRoot",
  "checkRoot",
  "placeRoot",
  "rootPosition",
  "sourceOf",
  // flat reads and the byte pool (V8 only)
  "HEAP_MAX",
  "POOL_MAX",
  "copyBytes",
  "flatF32",
  "flatF64",
  "flatI64",
  "flatU64",
  // errors
  "ArchiveError",
  "archiveArgument",
  "deserializeReturn",
  "archiveArguments",
  "archiveReturn",
  "contractIdArgument",
  "CheckError",
  "CheckFailure",
  "ValueFailure",
  "addSegment",
  "describeValue",
  "enumJsonExpected",
  "failCheck",
  "failValue",
  "isArchiveError",
  "isCheckError",
  "rethrowAt",
  "toArchiveError",
  "toCheckError",
  // leaf values and UTF-8
  "charCode",
  "checkBigInt",
  "checkBool",
  "checkBytes",
  "checkFloat",
  "checkSmallInt",
  "readI128",
  "readU128",
  "ASCII_RUNS",
  "utf8Invalid",
  "utf8Length",
  "utf8Read",
  "utf8Write",
  "writeU128",
  // views and JSON
  "ArchivedVecView",
  "ArchivedView",
  "bigIntFromJson",
  "bigIntToJson",
  "bytesFromJson",
  "bytesToJson",
  "f32ToJson",
  "floatFromJson",
  "floatToJson",
  "jsonTextValue",
  "readString",
  "schemaFailure",
  // contract-side API
  "StateMap",
  "StateVec",
  "callRaw",
  "context",
  "emit",
  "emitValue",
  "ephemeralGet",
  "ephemeralSet",
  "feed",
  "frameState",
  "hostQuery",
  "metaData",
  "panic",
  "registerContract",
  "stateGet",
  "stateSet",
  // helpers shared by generated modules
  "eventPayload",
  "unknownTopic",
  "sameBytes",
];

describe("@shortcrust/sdk/codegen-v1 exports", () => {
  it("exports exactly the pinned names", () => {
    expect(Object.keys(v1).sort()).toEqual([...expected].sort());
  });

  it("exports every value as a data property when compiled to CommonJS", () => {
    // tsc compiles a re-export to an accessor that generated code would call on every use of a
    // helper; the module declares constants instead. Compile it as the build does and look.
    const file = join(__dirname, "codegen-v1.ts");
    const out = ts.transpileModule(readFileSync(file, "utf8"), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
      fileName: file,
    }).outputText;
    const accessors = [...out.matchAll(/defineProperty\(exports, "(\w+)", \{[^}]*get:/g)].map(
      (m) => m[1],
    );
    expect(accessors).toEqual([]);
    for (const name of expected) expect(out).toContain(`exports.${name} = `);
  });
});

describe("helpers shared by generated modules", () => {
  it("sameBytes compares lengths and every byte", () => {
    expect(v1.sameBytes(new Uint8Array([1, 2]), new Uint8Array([1, 2]))).toBe(true);
    expect(v1.sameBytes(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).toBe(false);
    expect(v1.sameBytes(new Uint8Array([1]), new Uint8Array([1, 0]))).toBe(false);
    expect(v1.sameBytes(new Uint8Array(0), new Uint8Array(0))).toBe(true);
  });

  it("unknownTopic names who emitted an event the contract does not declare", () => {
    let err: unknown;
    try {
      v1.unknownTopic("Ledger", ["recorded", "failed"], {
        topic: "exploding",
        source: Uint8Array.of(0xab, 0xcd, 0x01, 0x02, 0x03),
      });
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({
      name: "CheckError",
      kind: "enum_tag",
      shortMessage:
        'Ledger.events: expected a topic of Ledger (recorded, failed), found "exploding" from contract abcd0102… at byte 0',
      hint: "to decode one contract's events from a receipt of nested calls, pass its id: decodeLedgerEvents(events, id) skips the others",
    });
  });

  it("eventPayload re-roots a codec's CheckError at the event's path and keeps the cause", () => {
    const codec = {
      name: "Entry",
      deserialize(bytes: Uint8Array): number {
        if (bytes.length !== 1) throw new v1.CheckError("overrun", "Entry.key", 3, "1 byte", "2");
        return bytes[0];
      },
    };
    expect(v1.eventPayload(codec, "Registry.events.added", new Uint8Array([7]))).toBe(7);
    let caught: unknown;
    try {
      v1.eventPayload(codec, "Registry.events.added", new Uint8Array(2));
    } catch (e) {
      caught = e;
    }
    expect(v1.isCheckError(caught)).toBe(true);
    const e = caught as InstanceType<typeof v1.CheckError>;
    expect(e.path).toBe("Registry.events.added.key");
    expect(e.offset).toBe(3);
    expect(v1.isCheckError(e.cause)).toBe(true);
    const other = new Error("not a check");
    expect(() =>
      v1.eventPayload(
        {
          name: "X",
          deserialize: () => {
            throw other;
          },
        },
        "p",
        new Uint8Array(0),
      ),
    ).toThrow(other);
  });
});
