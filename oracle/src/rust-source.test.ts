import type { TypeDesc } from "@shortcrust/sdk";
import { isOracleError } from "./errors";
import { rustSource } from "./rust-source";

const point: TypeDesc = {
  kind: "struct",
  name: "Point",
  fields: [
    { name: "x", type: { kind: "i32" } },
    { name: "type", type: { kind: "u8" } },
  ],
};

test("declares named types once, with piecrust's derive, raw identifiers and one alias per root", () => {
  const other: TypeDesc = { kind: "struct", name: "Point", fields: [] };
  const { source, names } = rustSource([
    point,
    { kind: "vec", element: point },
    { kind: "tuple", elements: [other, { kind: "string" }] },
  ]);
  expect(names).toEqual(["T0", "T1", "T2"]);
  expect(source).toContain(
    "#[derive(Archive, Serialize, Deserialize)]\n#[archive_attr(derive(CheckBytes))]\npub struct Point {",
  );
  expect(source).toContain("pub r#type: u8,");
  expect(source).toContain('json::write_key(out, "type");');
  // A different shape with the same name gets its own Rust name.
  expect(source).toContain("pub struct Point_2 {");
  expect(source).toContain("pub type T1 = Vec<Point>;");
  expect(source).toContain("pub type T2 = (Point_2, String,);");
  expect(source).toContain('("T2", &Typed::<T2>::NEW),');
});

test("refuses what the oracle cannot declare, with an OracleError", () => {
  const list: { kind: "struct"; name: string; fields: { name: string; type: TypeDesc }[] } = {
    kind: "struct",
    name: "List",
    fields: [],
  };
  list.fields.push({ name: "next", type: { kind: "option", some: { kind: "box", inner: list } } });
  const attempts: TypeDesc[] = [
    list,
    { kind: "enum", name: "Never", variants: [] },
    { kind: "struct", name: "Bad", fields: [{ name: "not-an-ident", type: { kind: "u8" } }] },
  ];
  for (const d of attempts) {
    let err: unknown;
    try {
      rustSource([d]);
    } catch (e) {
      err = e;
    }
    expect(isOracleError(err)).toBe(true);
  }
});
