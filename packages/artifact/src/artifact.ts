import { ArtifactFormatError } from "./errors";
import { createBLAKE3 } from "hash-wasm";

/** "SCRT": Shortcrust artifact. */
const MAGIC = [0x53, 0x43, 0x52, 0x54];
export const ARTIFACT_FORMAT_VERSION = 1;

/** True if `bytes` start as an artifact does (its magic): what a tool may overwrite as one. */
export function isArtifactBytes(bytes: Uint8Array): boolean {
  return bytes.length >= MAGIC.length && MAGIC.every((m, i) => bytes[i] === m);
}

/**
 * A deployable artifact: `magic(4) ‖ version u16 LE ‖ nameLen u16 LE ‖ name utf8 ‖ abiHash(32) ‖
 * metered u8 ‖ codeLen u32 LE ‖ code utf8`. The code is bundled, gas-instrumented JavaScript.
 */
export interface Artifact {
  readonly name: string;
  readonly abiHash: Uint8Array;
  /** False only for unmetered builds (benchmarks); the runtime refuses to deploy them. */
  readonly metered: boolean;
  readonly code: string;
}

export function encodeArtifact(a: Artifact): Uint8Array {
  const name = Buffer.from(a.name, "utf8");
  const code = Buffer.from(a.code, "utf8");
  if (name.length > 0xffff) throw new ArtifactFormatError("artifact name longer than 65535 bytes");
  if (a.abiHash.length !== 32) throw new ArtifactFormatError("artifact ABI hash must be 32 bytes");
  const out = Buffer.alloc(4 + 2 + 2 + name.length + 32 + 1 + 4 + code.length);
  let p = 0;
  for (const m of MAGIC) out[p++] = m;
  out.writeUInt16LE(ARTIFACT_FORMAT_VERSION, p);
  out.writeUInt16LE(name.length, p + 2);
  p += 4;
  name.copy(out, p);
  p += name.length;
  out.set(a.abiHash, p);
  p += 32;
  out[p++] = a.metered ? 1 : 0;
  out.writeUInt32LE(code.length, p);
  code.copy(out, p + 4);
  return new Uint8Array(out.buffer, out.byteOffset, out.length);
}

export function decodeArtifact(bytes: Uint8Array): Artifact {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const need = (n: number, at: number, what: string) => {
    if (at + n > b.length) {
      throw new ArtifactFormatError(`artifact truncated: expected ${what} at byte ${at}`, {
        details: `the artifact is ${b.length} bytes`,
      });
    }
  };
  need(8, 0, "the header");
  for (let i = 0; i < 4; i++) {
    if (b[i] !== MAGIC[i]) {
      throw new ArtifactFormatError("not a Shortcrust artifact: bad magic at byte 0", {
        hint: "build the contract with `shortcrust build` (buildArtifact)",
      });
    }
  }
  const version = b.readUInt16LE(4);
  if (version !== ARTIFACT_FORMAT_VERSION) {
    throw new ArtifactFormatError(
      `artifact format version ${version} is not supported (expected ${ARTIFACT_FORMAT_VERSION})`,
    );
  }
  const nameLen = b.readUInt16LE(6);
  let p = 8;
  need(nameLen, p, "the name");
  const name = b.toString("utf8", p, p + nameLen);
  p += nameLen;
  need(37, p, "the ABI hash, metering flag and code length");
  const abiHash = new Uint8Array(b.subarray(p, p + 32));
  p += 32;
  const metered = b[p++] === 1;
  const codeLen = b.readUInt32LE(p);
  p += 4;
  need(codeLen, p, "the code");
  if (p + codeLen !== b.length) {
    throw new ArtifactFormatError(
      `artifact has ${b.length - p - codeLen} trailing bytes after the code`,
    );
  }
  return { name, abiHash, metered, code: b.toString("utf8", p, p + codeLen) };
}

/**
 * The header's ABI hash: blake3 of the contract's ABI descriptor text (the toolchain passes the
 * canonical JSON of the contract's functions and their argument and return types, so two
 * contracts that differ in what they can be called with differ here; "" for a hand-built entry).
 */
export async function abiHash(abi: string): Promise<Uint8Array> {
  const hasher = await createBLAKE3();
  hasher.update(abi);
  return hasher.digest("binary");
}
