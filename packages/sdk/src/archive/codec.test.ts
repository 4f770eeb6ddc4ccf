import { codec } from "./codec";
import { parseRustTypes } from "./rust-types";

describe("codec", () => {
  it("is memoised by descriptor identity", () => {
    const d = { kind: "u32" } as const;
    expect(codec(d)).toBe(codec(d));
  });

  it("handles cyclic descriptors (recursion through Vec and Box)", () => {
    const tree = parseRustTypes(
      "struct Tree { v: u32, kids: Vec<Tree>, next: Option<Box<Tree>> }",
    ).get("Tree")!;
    const k = codec(tree);
    const leaf = (v: number) => ({ v, kids: [], next: null });
    const value = {
      v: 1,
      kids: [leaf(2), { v: 3, kids: [leaf(4)], next: leaf(5) }],
      next: leaf(6),
    };
    const bytes = k.archive(value);
    expect(k.deserialize(bytes)).toEqual(value);
    const view = k.access(bytes) as {
      v: number;
      kids: { length: number; get(i: number): { v: number; next: { v: number } | null } };
      next: { v: number } | null;
    };
    expect(view.v).toBe(1);
    expect(view.kids.length).toBe(2);
    expect(view.kids.get(1).next!.v).toBe(5);
    expect(view.next!.v).toBe(6);
  });
});
