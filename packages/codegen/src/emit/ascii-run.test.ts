// A Vec of structs resolves its strings in one encode only when strings are the struct's only
// out-of-line data: a `Vec<u8>` beside a String once made the generated archive skip the bytes
// (wrong archive, unlike the composed codec and Rust).
import { codec, type TypeDesc } from "@shortcrust/sdk";
import { compileCodec } from "../testing/compile";

const rows = (fields: { name: string; type: TypeDesc }[]): TypeDesc => ({
  kind: "vec",
  element: { kind: "struct", name: "Row", fields },
});

describe("one-encode string resolve of a Vec of structs", () => {
  it.each([
    [
      "String + Vec<u8>",
      [
        { name: "a", type: { kind: "string" } },
        { name: "d", type: { kind: "vec", element: { kind: "u8" } } },
      ],
    ],
    [
      "Vec<u8> + String",
      [
        { name: "d", type: { kind: "vec", element: { kind: "u8" } } },
        { name: "a", type: { kind: "string" } },
      ],
    ],
    [
      "String + Option<String>",
      [
        { name: "a", type: { kind: "string" } },
        { name: "d", type: { kind: "option", some: { kind: "string" } } },
      ],
    ],
  ] as [string, { name: string; type: TypeDesc }[]][])(
    "archives %s as the composed codec",
    (_name, fields) => {
      const t = rows(fields);
      const value = [
        {
          a: "an ASCII string past seven bytes",
          d: fields[1].type.kind === "option" ? "inner string, long" : new Uint8Array([1, 2, 3]),
        },
        { a: "x", d: fields[1].type.kind === "option" ? null : new Uint8Array([9]) },
      ];
      const generated = compileCodec(t) as unknown as {
        archive(v: unknown): Uint8Array;
        deserialize(b: Uint8Array): unknown;
      };
      const bytes = generated.archive(value);
      expect(bytes).toEqual(codec(t).archive(value));
      expect(generated.deserialize(bytes)).toEqual(value);
    },
  );
});
