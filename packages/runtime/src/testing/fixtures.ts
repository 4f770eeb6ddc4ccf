import { join } from "node:path";
import { buildArtifact } from "@shortcrust/bundler";

const cache = new Map<string, Promise<Uint8Array>>();

/** Builds (once per process) the fixture contract `fixtures/<name>.ts`. */
export function fixture(name: string, options: { unmetered?: boolean } = {}): Promise<Uint8Array> {
  const key = `${name}:${options.unmetered ? "u" : "m"}`;
  let p = cache.get(key);
  if (p === undefined) {
    p = buildArtifact({ entry: join(__dirname, "..", "fixtures", `${name}.ts`), name, ...options });
    cache.set(key, p);
  }
  return p;
}

export const OWNER = new Uint8Array(32);
export const LIMIT = 1_000_000n;
