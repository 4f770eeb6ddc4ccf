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
  "CheckError",
  "CheckFailure",
  "ValueFailure",
  "addSegment",
  "describeValue",
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
  "readString",
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
