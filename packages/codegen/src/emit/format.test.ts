// The formatter of generated code changes whitespace only (plus trailing commas where it breaks a
// list), is idempotent, and only wraps: the emitters lay their code out as they write it.
import ts from "typescript";
import { formatCode, PRINT_WIDTH } from "./format";
import { GOLDEN_FIXTURES } from "../golden";
import { fixtureModules } from "../testing/fixture-modules";

/** TypeScript's own tokens of a text, without trivia and what line breaking adds. */
function tokens(text: string): string[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text);
  const out: string[] = [];
  let templateDepth = 0;
  for (let k = scanner.scan(); k !== ts.SyntaxKind.EndOfFileToken; k = scanner.scan()) {
    // Re-scan `/`… as a regular expression and `}` as a template continuation where they are.
    if (k === ts.SyntaxKind.SlashToken || k === ts.SyntaxKind.SlashEqualsToken) {
      const prev = out[out.length - 1];
      if (prev === undefined || /^[(,=:[!&|?{};]$|^return$|^\+=$/.test(prev))
        k = scanner.reScanSlashToken();
    } else if (k === ts.SyntaxKind.CloseBraceToken && templateDepth > 0) {
      k = scanner.reScanTemplateToken(false);
    }
    if (k === ts.SyntaxKind.TemplateHead) templateDepth++;
    if (k === ts.SyntaxKind.TemplateTail) templateDepth--;
    const t = scanner.getTokenText();
    // What breaking a line adds: a trailing comma (or `;` in a type), a leading `|` in a union.
    if ((t === ")" || t === "]" || t === "}") && out[out.length - 1] === ",") out.pop();
    if (t === "}" && out[out.length - 1] === ";") out.pop();
    if (t === "|" && out[out.length - 1] === "=") continue;
    out.push(t);
  }
  return out;
}
describe("formatCode", () => {
  for (const name of GOLDEN_FIXTURES) {
    it(`changes only layout in every module of fixtures/${name}, and is idempotent`, () => {
      const all = fixtureModules(name);
      expect(all.length).toBeGreaterThan(0);
      for (const [path, m] of all) {
        const raw = m.raw();
        const printed = m.print();
        expect({ path, tokens: tokens(printed) }).toEqual({ path, tokens: tokens(raw) });
        // (ajv's validator code is kept verbatim by the printer: formatting it again would not be.)
        if (!path.endsWith(".json.ts"))
          expect({ path, again: formatCode(printed) }).toEqual({ path, again: printed });
        const long = printed
          .split("\n")
          .filter((l) => l.length > PRINT_WIDTH && !/^\s*(\/\/|\/\*|\*)/.test(l));
        // Lines left long are ajv's code, strings, and a few conditions: few of them.
        expect(long.length).toBeLessThan(Math.max(5, printed.split("\n").length / 20));
      }
    });
  }

  it("leaves strings, templates, regular expressions and object literals alone", () => {
    const src = [
      "const o = { a: 1, b: { c: [1, 2] } };",
      "const t = `x ${ { a: 1 }.a } ; { y }`;",
      'const r = /[{;}]"/g.test("{;}");',
      "const s = '{ ; }';",
      "type T = { a: string; b: number };",
      "",
    ].join("\n");
    expect(formatCode(src)).toBe(src);
  });

  it("breaks long lines at the items of a group, with trailing commas (never after a rest)", () => {
    const long = "a".repeat(40);
    expect(formatCode(`call(${long}, ${long}, { x: 1, y: 2 });\n`)).toBe(
      `call(\n  ${long},\n  ${long},\n  { x: 1, y: 2 },\n);\n`,
    );
    expect(formatCode(`function f(${long}: number, ...${long}: string[]): void {}\n`)).toBe(
      `function f(\n  ${long}: number,\n  ...${long}: string[]\n): void {}\n`,
    );
    // Type arguments and `for (;;)` headers are not broken.
    const typed = `const x: Map<[${long}, ${long}], number> = y;\n`;
    expect(formatCode(typed)).toBe(typed);
    expect(formatCode(`if (${long} && ${long}) call(${long}, 1);\n`)).toBe(
      `if (${long} && ${long})\n  call(${long}, 1);\n`,
    );
    // A union is laid out by its emitter (one alternative per line), and kept.
    const union = `export type U =\n  | { case: "${long}" }\n  | { case: "${long}"; value: u8 };\n`;
    expect(formatCode(union)).toBe(union);
  });

  it("breaks an object type inside type arguments at its members, and nothing else there", () => {
    const long = "a".repeat(40);
    expect(
      formatCode(`type T = Codec<[${long}], V & { readonly 0: ${long}; readonly 1: u8 }>;\n`),
    ).toBe(`type T = Codec<[${long}], V & {\n  readonly 0: ${long};\n  readonly 1: u8;\n}>;\n`);
  });

  it("keeps every line that fits as written, its indentation included, and one blank line at most", () => {
    const src = "function f() {\n    a();\n\n\n  if (x) b(); else c();\n}\n\n\nc();\n";
    expect(formatCode(src)).toBe(
      "function f() {\n    a();\n\n  if (x) b(); else c();\n}\n\nc();\n",
    );
  });

  it("indents what it breaks under the line's own indentation", () => {
    const long = "a".repeat(48);
    expect(formatCode(`    call(${long}, ${long});\n`)).toBe(
      `    call(\n      ${long},\n      ${long},\n    );\n`,
    );
  });
});
