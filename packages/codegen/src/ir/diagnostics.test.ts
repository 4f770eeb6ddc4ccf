import { join } from "node:path";
import { parseFiles } from "./parse";
import { formatDiagnostic } from "./diagnostics";

const fixture = join(__dirname, "..", "fixtures", "diagnostics", "unsupported.ts");

describe("diagnostics for unsupported constructs", () => {
  const { diagnostics } = parseFiles([fixture]);
  const lines = diagnostics.map((d) => formatDiagnostic(d, join(__dirname, "..", "fixtures")));

  it("reports every problem at once, with file:line:col and a hint", () => {
    expect(lines).toEqual([
      "diagnostics/unsupported.ts:6:9: unsupported type 'Date'\n  hint: store a timestamp as u64 (e.g. milliseconds since the epoch)",
      "diagnostics/unsupported.ts:7:13: unsupported type 'any'\n  hint: every archived value needs a concrete type such as u32, string or an @archive interface",
      "diagnostics/unsupported.ts:8:13: function types have no archived form\n  hint: store data only; contract functions are methods of a @contract class",
      "diagnostics/unsupported.ts:9:3: index signature\n  hint: declare the fields explicitly, or use Vec<[K, V]>",
      "diagnostics/unsupported.ts:10:3: optional property 'maybe'\n  hint: write maybe: Option<T> (null is None)",
      "diagnostics/unsupported.ts:11:10: unsupported type 'number'\n  hint: write a sized type: u8, u16, u32, i8, i16, i32, f32 or f64 (u64/i64 are bigint)",
      'diagnostics/unsupported.ts:12:11: unsupported union \'string | u8\'\n  hint: declare an enum: /** @archive */ type E = { case: "A"; value: T } | { case: "B" }',
      "diagnostics/unsupported.ts:13:13: unsupported union 'u64 | null'\n  hint: write Option<u64>",
      "diagnostics/unsupported.ts:14:9: unsupported type 'u8[]'\n  hint: write Vec<u8> (or FixedArray<T, N>)",
      "diagnostics/unsupported.ts:15:8: unsupported type 'bigint'\n  hint: write u64, i64, u128 or i128",
      "diagnostics/unsupported.ts:16:11: inline object type\n  hint: declare it as a /** @archive */ interface and use its name",
      "diagnostics/unsupported.ts:17:12: unknown type 'Missing'\n  hint: declare it with /** @archive */ (in this file or a relatively imported one), or import it from @shortcrust/sdk",
      "diagnostics/unsupported.ts:18:10: unsupported type 'Uint8Array'\n  hint: write Vec<u8> (any length) or Bytes<N> (exactly N bytes)",
      "diagnostics/unsupported.ts:23:3: explicit value for enum member 'A'\n  hint: rkyv numbers variants in declaration order; remove the initializer",
      'diagnostics/unsupported.ts:27:41: enum variant \'u8\' is not an object type\n  hint: write each variant as { case: "Name" } or { case: "Name"; value: T }',
      'diagnostics/unsupported.ts:30:23: an @archive type alias must be a tuple (a tuple struct) or a union of { case: "Name"; value?: … } (an enum)\n  hint: for a struct write /** @archive */ interface; for a plain name drop @archive',
      "diagnostics/unsupported.ts:33:40: enum variant without `case` (its tag is named 'kind')\n  hint: the tag of an enum variant is named case: write { case: \"B\" }",
      "diagnostics/unsupported.ts:36:34: enum variant field 'extra' outside `value`\n  hint: put a struct variant's fields inside value: { … }",
    ]);
  });
});

describe("diagnostics for bad event declarations", () => {
  const file = join(__dirname, "..", "fixtures", "diagnostics", "events.ts");
  const { diagnostics, program } = parseFiles([file]);
  const lines = diagnostics.map((d) => formatDiagnostic(d, join(__dirname, "..", "fixtures")));

  it("locates each at file:line:col (the topic, the type, or the tag)", () => {
    expect(lines).toEqual([
      "diagnostics/events.ts:12:11: duplicate event topic 'changed'\n  hint: each topic is declared once, with one type",
      "diagnostics/events.ts:13:17: unknown type 'Missing'\n  hint: declare it with /** @archive */ (in this file or a relatively imported one), or import it from @shortcrust/sdk",
      "diagnostics/events.ts:14:11: event topic 'bad-topic' is not an identifier\n  hint: topics name typed emitters (emitChanged); use letters, digits and _",
      "diagnostics/events.ts:15:4: @event needs a topic\n  hint: write @event <topic> <Type>, e.g. @event changed Change (no type: an event without data)",
      "diagnostics/events.ts:16:19: 'u8 u16' is not one type\n  hint: write @event <topic> <Type> with the type on the tag's line",
      "diagnostics/events.ts:17:11: event topics 'changed' and 'Changed' would both be emitted by emitChanged\n  hint: rename one of them",
      "diagnostics/events.ts:18:20: unsupported type 'Date'\n  hint: store a timestamp as u64 (e.g. milliseconds since the epoch)",
      "diagnostics/events.ts:26:16: unknown type 'Nowhere'\n  hint: declare it with /** @archive */ (in this file or a relatively imported one), or import it from @shortcrust/sdk",
      "diagnostics/events.ts:32:14: @event outside a @contract\n  hint: declare events on the contract that emits them: /** @contract … @event changed Change */",
    ]);
  });

  it("keeps only the good declaration, its type read in the contract's file", () => {
    const events = program.files.get(file)!.contracts.find((c) => c.name === "Events")!.events;
    expect(events.map((e) => [e.topic, e.type, e.loc.line, e.loc.col])).toEqual([
      ["changed", { kind: "ref", id: "Change" }, 11, 4],
    ]);
  });
});

describe("diagnostics for collections where they cannot be", () => {
  const file = join(__dirname, "..", "fixtures", "diagnostics", "collections.ts");
  const { diagnostics, program } = parseFiles([file]);
  const lines = diagnostics.map((d) => formatDiagnostic(d, join(__dirname, "..", "fixtures")));
  const nested = (name: string) =>
    `${name} inside another type\n  hint: a ${name} can only be the type of a @contract class field, written directly on the field (not in Vec, Option, a tuple, an alias, an @archive type or an event)`;

  it("locates each: nested, in an @archive type or alias or event, initialized, crossing a call", () => {
    expect(lines).toEqual([
      `diagnostics/collections.ts:6:10: ${nested("StateVec")}`,
      `diagnostics/collections.ts:9:21: ${nested("StateMap")}`,
      `diagnostics/collections.ts:16:15: ${nested("StateMap")}`,
      `diagnostics/collections.ts:17:17: ${nested("StateVec")}`,
      "diagnostics/collections.ts:18:24: collection field 'made' has an initializer\n  hint: write made!: StateVec<u8>; (the entry glue gives every instance the collection, built with the generated codecs)",
      "diagnostics/collections.ts:19:11: StateMap takes 2 type argument(s)",
      "diagnostics/collections.ts:21:3: collection field '\"odd-name\"' is not an identifier\n  hint: its name is part of the collection's storage keys; use letters, digits and _",
      "diagnostics/collections.ts:23:11: StateMap in parameter 'm' of take: a collection lives in the contract's storage and cannot cross a call\n  hint: pass or return keys and values instead (K, V, Option<V>, Vec<[K, V]>)",
      "diagnostics/collections.ts:27:11: StateVec in the return type of give: a collection lives in the contract's storage and cannot cross a call\n  hint: pass or return elements instead (T, Option<T>, Vec<T>)",
      `diagnostics/collections.ts:13:17: ${nested("StateVec")}`,
    ]);
  });

  it("keeps the good collection field, out of the state record", () => {
    const c = program.files.get(file)!.contracts[0];
    expect(c.collections.map((x) => [x.name, x.kind, x.loc.line, x.loc.col])).toEqual([
      ["fine", "map", 20, 10],
    ]);
    expect(c.collections[0]).toMatchObject({
      key: { kind: "u8" },
      value: { kind: "vec", element: { kind: "u64" } },
    });
    expect(c.state.map((f) => f.name)).toEqual([]);
  });
});

describe("diagnostics for metadata keys", () => {
  it("refuses one key with two types, at the second interface, naming the first", () => {
    const file = join(__dirname, "..", "fixtures", "diagnostics", "metadata.ts");
    const { diagnostics } = parseFiles([file]);
    expect(diagnostics.map((d) => formatDiagnostic(d, join(__dirname, "..", "fixtures")))).toEqual([
      "diagnostics/metadata.ts:11:1: metadata key 'block_height' is u32 in Block, but u64 in Chain (metadata.ts:5:1)\n  hint: a session has one value per key: give both the same type, or use another key",
    ]);
  });
});

describe("diagnostics for contract function parameters", () => {
  const file = join(__dirname, "..", "fixtures", "diagnostics", "params.ts");
  const { diagnostics } = parseFiles([file]);
  const lines = diagnostics.map((d) => formatDiagnostic(d, join(__dirname, "..", "fixtures")));

  it("places each at the parameter, with the archived way to write it", () => {
    expect(lines).toEqual([
      "diagnostics/params.ts:7:12: parameter 'o' of optional is optional\n  hint: every argument is archived: write o: Option<u64> (callers pass null for none)",
      "diagnostics/params.ts:8:8: parameter 'xs' of rest is a rest parameter\n  hint: take one Vec: xs: Vec<…>",
      "diagnostics/params.ts:10:11: parameter 'x' of untyped needs a type\n  hint: write x: u64 (or another archived type)",
    ]);
  });
});
