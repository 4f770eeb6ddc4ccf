import { bridge } from "./bridge";

/** Session metadata set by the host (`block_height`, `chain_id`, …); typed readers wrap `raw`. */
export const metaData = {
  /** The archived bytes under `key`, or null when the session has no such key. */
  raw(key: string): Uint8Array | null {
    return bridge("metaData.raw").meta(key);
  },
};
