// Seeded byte-level damage of valid archives, shared by the checker-agreement tests (composed
// and generated codecs against the Rust oracle).

/** Byte-level damage: flips, overwrites, truncation, insertion, and pointer-ish nudges. */
export function mutate(bytes: Uint8Array, rnd: () => number): Uint8Array {
  const pick = (n: number): number => Math.floor(rnd() * n);
  const out = new Uint8Array(bytes);
  if (out.length === 0) return new Uint8Array([pick(256)]);
  const at = pick(out.length);
  switch (pick(6)) {
    case 0:
      out[at] ^= 1 << pick(8);
      return out;
    case 1:
      out[at] = [0, 1, 2, 7, 8, 0x7f, 0x80, 0xff][pick(8)];
      return out;
    case 2:
      out[at] = (out[at] + (pick(2) ? 4 : -4)) & 0xff;
      return out;
    case 3:
      return out.slice(pick(2) ? 1 + pick(Math.min(8, out.length)) : 0, pick(2) ? out.length : at);
    case 4: {
      const pad = new Uint8Array(1 + pick(8));
      const joined = new Uint8Array(pad.length + out.length);
      joined.set(pad, 0);
      joined.set(out, pad.length);
      return joined;
    }
    default:
      out[at] = pick(256);
      out[pick(out.length)] = pick(256);
      return out;
  }
}

/** A small seeded generator for the mutations. */
export function lcg(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 0x1_0000_0000;
  };
}
