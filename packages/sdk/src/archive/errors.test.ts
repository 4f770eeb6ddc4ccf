import {
  archiveArgument,
  archiveArguments,
  archiveReturn,
  codec,
  deserializeReturn,
} from "./codec";
import { parseRustType, parseRustTypes } from "./rust-types";
import { isArchiveError, isCheckError, type ArchiveError, type CheckError } from "./errors";
import { loadVectors } from "./testing/vectors";

const named = parseRustTypes(
  loadVectors().rustTypesSource +
    `
pub struct Point3 { pub x: i64, pub y: i64, pub z: i64 }
pub struct Ledger { pub entries: Vec<(u32, String)>, pub total: i64, pub owner: Option<Box<Point3>> }
`,
);
const type = (src: string) => codec(parseRustType(src, named));

function archiveError(src: string, value: unknown): ArchiveError {
  try {
    type(src).archive(value);
  } catch (e) {
    if (isArchiveError(e)) return e;
    throw e;
  }
  throw new Error("archived without error");
}

describe("ArchiveError", () => {
  it.each([
    ["u8", 300, "u8", "u8 (0..=255)"],
    ["u32", 1.5, "u32", "u32"],
    ["u32", -1, "u32", "u32 (0..=4294967295)"],
    ["u64", -1n, "u64", "u64 (0..=18446744073709551615)"],
    [
      "i128",
      2n ** 127n,
      "i128",
      "i128 (-170141183460469231731687303715884105728..=170141183460469231731687303715884105727)",
    ],
    ["String", "a\ud800b", "String", "a string without lone surrogates"],
    [
      "String",
      "a very long string with a lone \udc00 in it",
      "String",
      "a string without lone surrogates",
    ],
    ["char", "ab", "char", "a char (one Unicode scalar value)"],
    ["Option<String>", 5, "Option<String>.some", "a string"],
  ])("%s given %p", (src, value, path, expected) => {
    const e = archiveError(src, value);
    expect(e.path).toBe(path);
    expect(e.expected).toBe(expected);
  });

  it("names the field of a struct: FnData.signature given 63 bytes", () => {
    const e = archiveError("FnData", {
      signature: new Uint8Array(63),
      public_key: new Uint8Array(96),
      counter: 1n,
    });
    expect(e.path).toBe("FnData.signature");
    expect(e.shortMessage).toBe("FnData.signature: expected 64 bytes, found 63");
  });

  it("names vec elements and tuple members: Ledger.entries[1].1", () => {
    const e = archiveError("Ledger", {
      entries: [
        [1, "one"],
        [2, 7],
      ],
      total: 0n,
      owner: null,
    });
    expect(e.path).toBe("Ledger.entries[1].1");
  });

  it("rejects a wrong enum case and names enum variant fields", () => {
    expect(archiveError("Shape", { case: "Square" }).path).toBe("Shape");
    expect(archiveError("Shape", { case: "Rect", value: { w: 70000, h: 1n } }).path).toBe(
      "Shape::Rect.w",
    );
  });

  it("fromJson errors carry the path", () => {
    let err: unknown;
    try {
      type("Person").fromJson({ name: "a", nickname: null, tags: ["x", 3], age: 1 });
    } catch (e) {
      err = e;
    }
    expect(isArchiveError(err) && err.path).toBe("Person.tags[1]");
  });

  it("leaves the next archive unaffected after a failure", () => {
    const k = type("Vec<String>");
    expect(() => k.archive(["a long string here", 5])).toThrow();
    expect(Buffer.from(k.archive(["a"])).toString("hex")).toBe("6100000000000001f8ffffff01000000");
  });
});

describe("CheckError", () => {
  it("reports path, offset, expected and found", () => {
    const k = type("Vec<bool>");
    let err: unknown;
    try {
      k.check(new Uint8Array([1, 0, 2, 0, 0xfc, 0xff, 0xff, 0xff, 3, 0, 0, 0]));
    } catch (e) {
      err = e;
    }
    expect(isCheckError(err)).toBe(true);
    const c = err as CheckError;
    expect([c.kind, c.path, c.offset, c.expected, c.found]).toEqual([
      "bool",
      "Vec<bool>[2]",
      2,
      "0 or 1",
      "2",
    ]);
  });

  it("rejects an inline string longer than 7 (rkyv 0.7.45+)", () => {
    const bytes = new Uint8Array([0x61, 0, 0, 0, 0, 0, 0, 8]);
    expect(() => type("String").check(bytes)).toThrow(
      expect.objectContaining({ kind: "inline_string_len" }),
    );
  });
});

describe("archiveArguments (typed clients' argument tuples)", () => {
  const args = type("(Vec<[u8; 32]>, u64)");
  it("names the function and the parameter instead of the tuple's position", () => {
    let err: unknown;
    try {
      archiveArguments(args, [[new Uint8Array(31)], 1n], "Chain.pass", ["path", "v"]);
    } catch (e) {
      err = e;
    }
    expect(isArchiveError(err)).toBe(true);
    expect((err as ArchiveError).message).toBe("Chain.pass.path[0]: expected 32 bytes, found 31");
    expect((err as ArchiveError).cause).toBeDefined();
  });
  it("archives what the tuple codec archives", () => {
    const v: [Uint8Array[], bigint] = [[new Uint8Array(32).fill(1)], 7n];
    expect(archiveArguments(args, v, "Chain.pass", ["path", "v"])).toEqual(args.archive(v));
  });
});

describe("archiveArgument (typed clients' only argument)", () => {
  const fail = (f: () => unknown): ArchiveError => {
    try {
      f();
    } catch (e) {
      expect(isArchiveError(e)).toBe(true);
      return e as ArchiveError;
    }
    throw new Error("no error");
  };
  it("names the function and the parameter instead of the argument's type", () => {
    const id = type("[u8; 32]");
    const e = fail(() => archiveArgument(id, new Uint8Array(31), "Vesting.vested", "who"));
    expect(e.message).toBe("Vesting.vested.who: expected 32 bytes, found 31");
    expect(e.cause).toBeDefined();
  });
  it("keeps the path inside the argument", () => {
    const v = type("Vec<(u64, u16)>");
    const e = fail(() =>
      archiveArgument(
        v,
        [
          [1n, 2],
          [3n, 70000],
        ],
        "Batch.run",
        "items",
      ),
    );
    expect(e.message).toBe("Batch.run.items[1].1: expected u16 (0..=65535), found 70000");
    // …an enum's variant too.
    const shape = fail(() =>
      archiveArgument(type("Shape"), { case: "Rect", value: { w: 70000, h: 1n } }, "Pen.draw", "s"),
    );
    expect(shape.message).toBe("Pen.draw.s::Rect.w: expected u16 (0..=65535), found 70000");
  });
  it("archives what the codec archives", () => {
    const id = type("[u8; 32]");
    const b = new Uint8Array(32).fill(3);
    expect(archiveArgument(id, b, "Vesting.vested", "who")).toEqual(id.archive(b));
  });
});

describe("archiveReturn (entry glue: a contract function's return value)", () => {
  it("names the function as a call instead of the value's type", () => {
    let err: unknown;
    try {
      archiveReturn(type("u32"), 4294967302, "Ledger.count");
    } catch (e) {
      err = e;
    }
    expect(isArchiveError(err)).toBe(true);
    expect((err as ArchiveError).message).toBe(
      "Ledger.count(): expected u32 (0..=4294967295), found 4294967302",
    );
    let inner: unknown;
    try {
      archiveReturn(type("Vec<[u8; 32]>"), [new Uint8Array(31)], "Chain.path");
    } catch (e) {
      inner = e;
    }
    expect((inner as ArchiveError).message).toBe("Chain.path()[0]: expected 32 bytes, found 31");
    expect(archiveReturn(type("u32"), 7, "Ledger.count")).toEqual(type("u32").archive(7));
  });
});

describe("deserializeReturn (typed stubs: a function's archived return)", () => {
  const thrown = (f: () => unknown): CheckError => {
    try {
      f();
    } catch (e) {
      if (isCheckError(e)) return e;
      throw e;
    }
    throw new Error("did not throw");
  };
  it("names the function as a call and says that the call ran", () => {
    // A u32 the contract returned, read as the u64 its stub declares.
    const e = thrown(() => deserializeReturn(type("u64"), type("u32").archive(7), "Book.count"));
    expect(e.shortMessage).toBe(
      "Book.count(): expected at least 8 bytes for the root, found 4 bytes at byte 0",
    );
    expect(e.hint).toBe(
      "the call ran (its effects stand) and returned 4 bytes that are not a u64: check Book.count's declared return type against the contract",
    );
    const inner = thrown(() =>
      deserializeReturn(type("Option<bool>"), Uint8Array.of(1, 2), "Book.flag"),
    );
    expect(inner.path).toBe("Book.flag().some");
    expect(deserializeReturn(type("u32"), type("u32").archive(7), "Book.count")).toBe(7);
  });
});
