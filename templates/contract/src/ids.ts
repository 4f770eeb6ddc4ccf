/**
 * Contract ids. `session.deploy(artifact)` names a contract by blake3 of its artifact, so one
 * artifact deploys once per state; to deploy it again (two timelocks, say) choose the id
 * yourself. This helper derives it as rusk does on Dusk (`gen_contract_id`): blake2b-256 of the
 * artifact, the deployer's nonce (u64 little-endian) and the owner.
 */
import { blake2b } from "@noble/hashes/blake2.js";

export function contractIdFor(artifact: Uint8Array, nonce: bigint, owner: Uint8Array): Uint8Array {
  const input = new Uint8Array(artifact.length + 8 + owner.length);
  input.set(artifact);
  new DataView(input.buffer).setBigUint64(artifact.length, nonce, true);
  input.set(owner, artifact.length + 8);
  return blake2b(input, { dkLen: 32 });
}
