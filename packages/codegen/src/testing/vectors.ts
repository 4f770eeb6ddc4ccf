/** The shared rkyv 0.7 vectors and the fixture that spells their types in the input language. */
import { join } from "node:path";
import { readFileSync } from "node:fs";

export interface VectorCase {
  name: string;
  rustType: string;
  value: unknown;
  bytes: string;
  archivedSize: number;
  archivedAlign: number;
}
export interface NegativeCase {
  name: string;
  rustType: string;
  bytes: string;
  kind: string;
}
export interface NonCanonicalCase {
  name: string;
  rustType: string;
  bytes: string;
  value: unknown;
  canonicalBytes: string;
}
export interface VectorFile {
  cases: VectorCase[];
  negative: NegativeCase[];
  acceptedNonCanonical: NonCanonicalCase[];
}

export const vectorsPath =
  process.env.SHORTCRUST_VECTORS ??
  join(__dirname, "..", "..", "..", "..", "..", "shared", "vectors", "rkyv-0.7.json");

export function loadVectors(): VectorFile {
  return JSON.parse(readFileSync(vectorsPath, "utf8")) as VectorFile;
}

export const vectorFixture = join(__dirname, "..", "fixtures", "vectors", "shapes.ts");

export const supported = (rustType: string): boolean => !rustType.startsWith("BTreeMap");

export function hex(b: Uint8Array): string {
  return Buffer.from(b).toString("hex");
}
export function unhex(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, "hex"));
}
