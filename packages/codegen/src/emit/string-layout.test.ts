// The layout pass for string-spliced code (contract-module.ts's chunks): whitespace only; it puts
// statements on lines of their own and indents blocks as a person would.
import { layoutCode } from "./string-layout";

const formatCode = (src: string): string => layoutCode(src) + "\n";

describe("layoutCode", () => {
  it("puts statements on their own lines and indents blocks and switch clauses", () => {
    expect(
      formatCode(
        `function f(x: number): void { if (x) { return; } else { g(); } let i = 0; for (i = 0; i < 3; i++) h(i); switch (x) { case 1: return; case 2: { break; } default: throw new Error("no"); } try { a(); } catch {} }\n`,
      ),
    ).toBe(
      [
        "function f(x: number): void {",
        "  if (x) {",
        "    return;",
        "  } else {",
        "    g();",
        "  }",
        "  let i = 0;",
        "  for (i = 0; i < 3; i++) h(i);",
        "  switch (x) {",
        "    case 1:",
        "      return;",
        "    case 2: {",
        "      break;",
        "    }",
        "    default:",
        '      throw new Error("no");',
        "  }",
        "  try {",
        "    a();",
        "  } catch {}",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("takes `{` after const, let or var for a destructuring, not a block", () => {
    const src = "function f(o: T): void {\n  const { a, b } = o;\n  let { c } = o;\n}\n";
    expect(formatCode(src)).toBe(src);
  });

  it("keeps one blank line at most, none at the start or end of a block", () => {
    expect(formatCode(`\n\nfunction f() {\n\n  a();\n\n\n  b();\n\n}\n\n\nc();\n\n`)).toBe(
      `function f() {\n  a();\n\n  b();\n}\n\nc();\n`,
    );
  });
});
