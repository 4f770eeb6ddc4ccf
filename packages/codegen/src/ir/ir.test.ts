import { codec, layoutOf } from "@shortcrust/sdk";
import { parseFiles } from "./parse";
import { Lowering } from "./lower";
import { VECTOR_TYPES } from "../fixtures/vectors/shapes";
import { hex, loadVectors, supported, unhex, vectorFixture } from "../testing/vectors";

const file = loadVectors();
const { program, diagnostics } = parseFiles([vectorFixture]);
const lowering = new Lowering(program);
const exportsOf = program.files.get(vectorFixture)!.exports;
const descOf = (rustType: string) => {
  const name = VECTOR_TYPES[rustType] ?? rustType;
  const t = exportsOf.get(name);
  if (!t) throw new Error(`fixture lacks ${rustType}`);
  return lowering.type(t);
};

describe("IR of the vector shapes, lowered to TypeDesc", () => {
  it("parses without diagnostics", () => {
    expect(diagnostics).toEqual([]);
  });

  it("lowers declarations to the runtime's descriptors", () => {
    expect(descOf("Shape")).toEqual({
      kind: "enum",
      name: "Shape",
      variants: [
        { name: "Empty", kind: "unit" },
        { name: "Circle", kind: "tuple", fields: [{ kind: "u32" }] },
        {
          name: "Rect",
          kind: "struct",
          fields: [
            { name: "w", type: { kind: "u16" } },
            { name: "h", type: { kind: "u64" } },
          ],
        },
        { name: "Label", kind: "tuple", fields: [{ kind: "string" }] },
        {
          name: "Pair",
          kind: "tuple",
          fields: [{ kind: "u8" }, { kind: "struct", name: "Point", fields: expect.any(Array) }],
        },
      ],
    });
    expect(descOf("TupleStruct").kind).toBe("tupleStruct");
    expect(descOf("(u32, u64)").kind).toBe("tuple");
    expect(descOf("UnitStruct")).toEqual({ kind: "unitStruct", name: "UnitStruct" });
    expect(descOf("()")).toEqual({ kind: "unit" });
    // One descriptor object per declaration.
    expect((descOf("Vec<Point>") as { element: unknown }).element).toBe(descOf("Point"));
  });

  for (const c of file.cases.filter((x) => supported(x.rustType))) {
    it(`vector ${c.name} (${c.rustType})`, () => {
      const d = descOf(c.rustType);
      const k = codec(d);
      expect([layoutOf(d).size, layoutOf(d).align]).toEqual([c.archivedSize, c.archivedAlign]);
      expect(hex(k.archive(k.fromJson(c.value)))).toBe(c.bytes);
      expect(k.toJson(k.deserialize(unhex(c.bytes)))).toEqual(c.value);
    });
  }
});
