import { codec } from "./codec";
import { parseRustTypes } from "./rust-types";
import { isCheckError, type CheckError } from "./errors";
import { layoutOf } from "./layout";

// The checker validates out-of-line strings in ASCII runs first and re-checks strictly when a
// run is not ASCII or anything fails: these pin that the result is still exact.
const types = parseRustTypes(`
struct Row { name: String, note: String, ok: bool }
struct Table { rows: Vec<Row> }
`);
const table = codec<{ rows: { name: string; note: string; ok: boolean }[] }>(types.get("Table")!);

function checkError(bytes: Uint8Array): CheckError {
  try {
    table.check(bytes);
  } catch (e) {
    if (isCheckError(e)) return e;
    throw e;
  }
  throw new Error("accepted");
}

const rows = [
  { name: "plain ascii name", note: "short", ok: true },
  { name: "naïve café ünïcode", note: "日本語のテキスト", ok: false },
  { name: "another plain one", note: "x", ok: true },
];

describe("string checks", () => {
  it("accepts valid non-ASCII strings and reads them back", () => {
    const bytes = table.archive({ rows });
    expect(table.deserialize(bytes)).toEqual({ rows });
  });

  it("finds invalid UTF-8 after valid non-ASCII strings, with its path", () => {
    const bytes = table.archive({ rows });
    // Corrupt the first byte of "another plain one" (row 2's name, out of line).
    const at = Buffer.from(bytes).indexOf("another plain one");
    bytes[at] = 0xff;
    const e = checkError(bytes);
    expect([e.kind, e.path]).toEqual(["utf8", "Table.rows[2].name"]);
  });

  it("reports the first error in visiting order (bad string before a bad bool)", () => {
    const bytes = table.archive({ rows });
    const at = Buffer.from(bytes).indexOf("plain ascii name");
    bytes[at + 3] = 0xc0; // invalid UTF-8 in row 0's name
    // Make the last row's bool invalid too: it is visited later.
    const view = table.accessUnchecked(bytes) as unknown as {
      rows: { get(i: number): { $pos: number } };
    };
    const okAt = view.rows.get(2).$pos + layoutOf(types.get("Row")!).offsets![2];
    expect(bytes[okAt]).toBe(1);
    bytes[okAt] = 2;
    const e = checkError(bytes);
    expect([e.kind, e.path]).toEqual(["utf8", "Table.rows[0].name"]);
    // With the string repaired, the bool is the (only) error.
    bytes[at + 3] = "p".charCodeAt(0);
    const e2 = checkError(bytes);
    expect([e2.kind, e2.path]).toEqual(["bool", "Table.rows[2].ok"]);
  });

  it("rejects an out-of-line string whose bytes run past the buffer", () => {
    const k = codec({ kind: "string" });
    const bytes = k.archive("a string longer than seven");
    bytes[bytes.length - 4] = 0xf8; // offset -8: 26 bytes from there overrun the buffer
    bytes[bytes.length - 3] = 0xff;
    bytes[bytes.length - 2] = 0xff;
    bytes[bytes.length - 1] = 0xff;
    expect(() => k.check(bytes)).toThrow(expect.objectContaining({ kind: "overrun" }));
  });
});
