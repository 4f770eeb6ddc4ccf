import { MAX_VALUE_BYTES } from "../session/limits";

/**
 * Numbers the guest script is built with (inlined as literals, like `GAS` and `FRAME_ABI`; see
 * `../testing/guest-bundle.ts`). Pure data, so the guest's type checker reads this file too.
 */
export const LIMITS = {
  /** piecrust's argument buffer: the largest state record, debug line or value. */
  MAX_VALUE_BYTES,
  /** Gas available to a contract's top-level code while it is evaluated (not charged to anyone). */
  LOAD_GAS: 50_000_000,
  /** Bytes of records a sandbox caches before it starts over (bounds memory; gas is unaffected). */
  CACHE_BYTES: 1024 * 1024,
  /** Keys up to this many bytes become strings in one native call (QuickJS caps argument lists). */
  KEY_CHUNK: 8192,
  /**
   * A read of a record whose key has up to this many bytes copies the key into the frame buffer
   * and makes its cache string through a view made before the snapshot (one per length), not
   * through a typed array of its own; longer keys are copied first.
   */
  KEY_VIEWS: 64,
  /**
   * Bytes of a sandbox's frame buffer (`FRAME_LAYOUT.BUFFER_*`): a header, one largest value and
   * room for a dispatch or call-out header with a few small records beside it.
   */
  FRAME_BUFFER_BYTES: MAX_VALUE_BYTES + 4096,
} as const;
