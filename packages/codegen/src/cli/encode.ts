/** `shortcrust encode` / `shortcrust decode`: JSON ⇄ rkyv 0.7 archive hex, for any exported type. */
import { isArchiveError, isCheckError } from "@shortcrust/sdk";
import { codecOfExport } from "./types-file";
import { CliFailure, type Io } from "./io";
import { parseHex, parseJson, readInput } from "./input";

export interface TypeOptions {
  readonly types: string;
  readonly type: string;
}

export async function encode(opts: TypeOptions & { readonly json: string }, io: Io): Promise<void> {
  const c = codecOfExport(opts.types, opts.type, "encode");
  const json = parseJson(await readInput("--json", opts.json, "encode", io));
  try {
    io.out(`${Buffer.from(c.archive(c.fromJson(json))).toString("hex")}\n`);
  } catch (e) {
    if (isArchiveError(e))
      throw new CliFailure(`shortcrust encode: ${e.shortMessage}`, { hint: e.hint });
    throw e;
  }
}

export async function decode(opts: TypeOptions & { readonly hex: string }, io: Io): Promise<void> {
  const c = codecOfExport(opts.types, opts.type, "decode");
  const bytes = parseHex(await readInput("--hex", opts.hex, "decode", io));
  try {
    io.out(`${jsonText(c.toJson(c.deserialize(bytes)))}\n`);
  } catch (e) {
    if (isCheckError(e)) {
      throw new CliFailure(
        `shortcrust decode: check failed (${e.kind}) at ${e.path}, byte ${e.offset}: expected ${e.expected}, found ${e.found}`,
      );
    }
    throw e;
  }
}

const NEG_ZERO = "\u0000-0\u0000";

/** JSON text as serde_json writes it for our values: like JSON.stringify, but -0.0 keeps its sign. */
export function jsonText(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => (Object.is(x, -0) ? NEG_ZERO : x)).replaceAll(
    JSON.stringify(NEG_ZERO),
    "-0.0",
  );
}
