/**
 * Values given to `encode`/`decode`: inline, `-` (standard input) or `@file`; JSON read with
 * positions (jsonc-parser's scanner, comments off) so every mistake says where it is.
 */
import { existsSync, readFileSync } from "node:fs";
import { printParseErrorCode, visit } from "jsonc-parser";
import { CliFailure, type Io } from "./io";

/** Text of a value and how to name a place in it (`file:line:col`, `<stdin>:…`, `--json 1:5`). */
export interface InputText {
  readonly text: string;
  /** Where it came from, as the start of an error line without a place. */
  readonly name: string;
  at(line: number, col: number): string;
}

/** `-` reads standard input, `@path` a file; anything else is the value itself. */
export async function readInput(
  flag: string,
  value: string,
  command: string,
  io: Io,
): Promise<InputText> {
  if (value === "-") {
    if (!io.stdin) throw new CliFailure(`shortcrust ${command}: ${flag} -: no standard input`);
    const text = await io.stdin();
    return { text, name: "<stdin>", at: (l, c) => `<stdin>:${l}:${c}` };
  }
  if (value.startsWith("@")) {
    const file = value.slice(1);
    if (!existsSync(file)) {
      throw new CliFailure(`shortcrust ${command}: ${flag} @${file}: no such file`, {
        hint: `${flag} @FILE reads the value from FILE; ${flag} - from standard input`,
      });
    }
    return { text: readFileSync(file, "utf8"), name: file, at: (l, c) => `${file}:${l}:${c}` };
  }
  return {
    text: value,
    name: `shortcrust ${command}: ${flag}`,
    at: (l, c) => `shortcrust ${command}: ${flag} at ${l}:${c}`,
  };
}

/** Words for jsonc-parser's error codes (`CloseBracketExpected` → `expected ']'`). */
const MESSAGES: Record<string, string> = {
  InvalidSymbol: "not valid JSON here",
  InvalidNumberFormat: "not a valid number",
  PropertyNameExpected: "expected a property name (a string in double quotes)",
  ValueExpected: "expected a value",
  ColonExpected: "expected ':'",
  CommaExpected: "expected ',' (or the closing bracket)",
  CloseBraceExpected: "expected '}'",
  CloseBracketExpected: "expected ']'",
  EndOfFileExpected: "expected the end of the value",
  InvalidCommentToken: "JSON has no comments",
  UnexpectedEndOfComment: "JSON has no comments",
  UnexpectedEndOfString: "unterminated string",
  UnexpectedEndOfNumber: "unterminated number",
  InvalidUnicode: "invalid \\u escape",
  InvalidEscapeCharacter: "invalid escape character",
  InvalidCharacter: "invalid character in a string",
};

/**
 * Parses JSON, refusing (with the place) anything that is not plain JSON and any integer a
 * JavaScript number cannot hold exactly: JSON.parse would silently round it.
 */
export function parseJson(input: InputText): unknown {
  let problem: string | undefined;
  visit(
    input.text,
    {
      onError(error, _offset, _length, line, col) {
        problem ??= `${input.at(line + 1, col + 1)}: ${MESSAGES[printParseErrorCode(error)] ?? printParseErrorCode(error)}`;
      },
      onLiteralValue(value, offset, length, line, col) {
        if (problem || typeof value !== "number") return;
        const raw = input.text.slice(offset, offset + length);
        if (/^-?\d+$/.test(raw) && !Number.isSafeInteger(Number(raw))) {
          problem = `${input.at(line + 1, col + 1)}: ${raw} is not a safe integer: write it as a decimal string ("${raw}")`;
        }
      },
      onComment(_offset, _length, line, col) {
        problem ??= `${input.at(line + 1, col + 1)}: JSON has no comments`;
      },
    },
    { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
  );
  if (problem) throw new CliFailure(problem);
  return JSON.parse(input.text);
}

/** Hex digits (an optional `0x`, whitespace around), refusing the first bad character by place. */
export function parseHex(input: InputText): Uint8Array {
  const first = input.text.length - input.text.trimStart().length;
  const text = input.text.trim();
  const start = /^0x/i.test(text) ? 2 : 0;
  for (let i = start; i < text.length; i++) {
    if (!/[0-9a-fA-F]/.test(text[i])) {
      const before = input.text.slice(0, first + i).split("\n");
      throw new CliFailure(
        `${input.at(before.length, before[before.length - 1].length + 1)}: ${JSON.stringify(text[i])} is not a hex digit`,
        { hint: "an archive is given as hex digits 0-9 a-f (an optional 0x in front)" },
      );
    }
  }
  const digits = text.length - start;
  if (digits % 2) {
    throw new CliFailure(`${input.name}: ${digits} hex digits, an odd number (two per byte)`);
  }
  // A fresh buffer (16-aligned, as the checker assumes).
  return new Uint8Array(Buffer.from(text.slice(start), "hex"));
}
