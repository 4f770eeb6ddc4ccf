/**
 * Loads the shared rkyv 0.7 vectors (`../shared/vectors/rkyv-0.7.json` beside the repo) and the
 * descriptors of their Rust types. Test support: the oracle tests reuse it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { TypeDesc } from "../descriptor";
import { parseRustType, parseRustTypes } from "../rust-types";

export interface VectorCase {
  name: string;
  rustType: string;
  value: unknown;
  bytes: string;
  rootPos: number;
  size: number;
  archivedSize: number;
  archivedAlign: number;
  layout?: {
    size: number;
    align: number;
    fields: { name: string; offset: number; size: number }[];
  };
}

export interface NegativeCase {
  name: string;
  rustType: string;
  bytes: string;
  kind: string;
  error: string;
}

export interface NonCanonicalCase {
  name: string;
  rustType: string;
  bytes: string;
  value: unknown;
  canonicalBytes: string;
}

export interface VectorFile {
  conventions: Record<string, string>;
  rustTypesSource: string;
  cases: VectorCase[];
  negative: NegativeCase[];
  acceptedNonCanonical: NonCanonicalCase[];
}

/** Where the shared vectors live: `$SHORTCRUST_VECTORS` or `../shared/vectors/rkyv-0.7.json`. */
export const vectorsPath =
  process.env.SHORTCRUST_VECTORS ??
  join(__dirname, "..", "..", "..", "..", "..", "..", "shared", "vectors", "rkyv-0.7.json");

export function loadVectors(path = vectorsPath): VectorFile {
  return JSON.parse(readFileSync(path, "utf8")) as VectorFile;
}

/** Resolves a vector's `rustType` against the named types of its `rustTypesSource`. */
export function vectorTypes(file: VectorFile): (rustType: string) => TypeDesc {
  const named = parseRustTypes(file.rustTypesSource);
  const cache = new Map<string, TypeDesc>();
  return (rustType) => {
    let d = cache.get(rustType);
    if (!d) {
      d = parseRustType(rustType, named);
      cache.set(rustType, d);
    }
    return d;
  };
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}

export function unhex(s: string): Uint8Array {
  // A copy at offset 0 of a fresh ArrayBuffer: 16-aligned, as the checker assumes.
  return new Uint8Array(Buffer.from(s, "hex"));
}
