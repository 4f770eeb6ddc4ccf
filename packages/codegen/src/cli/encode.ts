/** `shortcrust encode` / `shortcrust decode`: JSON ⇄ rkyv 0.7 archive hex, for any exported type. */
import { isArchiveError, isCheckError } from "@shortcrust/sdk";
import { codecOfExport } from "./types-file";
import { CliFailure, type Io } from "./io";

export interface TypeOptions {
  readonly types: string;
  readonly type: string;
}

export function encode(opts: TypeOptions & { readonly json: string }, io: Io): void {
  const c = codecOfExport(opts.types, opts.type);
  let json: unknown;
  try {
    json = JSON.parse(opts.json);
  } catch (e) {
    throw new CliFailure(`--json: not valid JSON (${(e as Error).message})`);
  }
  try {
    io.out(`${Buffer.from(c.archive(c.fromJson(json))).toString("hex")}\n`);
  } catch (e) {
    if (isArchiveError(e)) throw new CliFailure(`encode failed: ${e.shortMessage}`);
    throw e;
  }
}

export function decode(opts: TypeOptions & { readonly hex: string }, io: Io): void {
  const c = codecOfExport(opts.types, opts.type);
  const hex = opts.hex.replace(/^0x/, "");
  if (!/^([0-9a-fA-F]{2})*$/.test(hex))
    throw new CliFailure("--hex: expected an even number of hex digits");
  // A fresh buffer (16-aligned, as the checker assumes).
  const bytes = new Uint8Array(Buffer.from(hex, "hex"));
  try {
    io.out(`${jsonText(c.toJson(c.deserialize(bytes)))}\n`);
  } catch (e) {
    if (isCheckError(e)) {
      throw new CliFailure(
        `check failed (${e.kind}) at ${e.path}, byte ${e.offset}: expected ${e.expected}, found ${e.found}`,
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
