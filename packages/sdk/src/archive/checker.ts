import { failCheck } from "./errors";
import { utf8Invalid } from "./utf8";

/** Thrown by a deferred check whose strings are not all ASCII: check again strictly. */
export const NOT_ASCII = { notAscii: true } as const;

/** Stricter than rkyv: a slice of zero-sized elements may claim at most this many. */
export const MAX_ZERO_SIZED_LEN = 0x1_0000;

/**
 * bytecheck 0.6 / rkyv 0.7 `ArchiveValidator` state: the buffer and the current subtree range
 * `[start, end)`. Children must lie before their parent and, once checked, a subtree's bytes are
 * consumed (push/pop), so out-of-line data must appear in the order the checker visits it.
 * The archive start is assumed 16-aligned (positions are checked, not addresses).
 */
export class CheckContext {
  // The fields are declared (`declare`) and set in the constructor, in this order: a contract's
  // bundle (ES2020) would otherwise define each through a helper call per field, and every
  // check of an archive with something inside builds a context (in a sandbox, gas per call).
  declare readonly bytes: Uint8Array;
  declare readonly view: DataView;
  declare readonly len: number;
  /** The bytes as 32-bit words for fast ASCII scans (made on first use; null if unaligned). */
  declare private wordsView: Int32Array | null | undefined;
  declare start: number;
  declare end: number;

  /**
   * Deferred mode (the default): out-of-line string bytes are collected in contiguous runs and
   * checked to be ASCII in one word-wise scan. If a run is not all ASCII, `flushAscii` throws
   * `NOT_ASCII` and the caller re-checks strictly (per-string UTF-8, exact first error).
   */
  declare readonly deferAscii: boolean;
  /** The pending run of string bytes (deferred mode); generated code may extend it inline. */
  declare pendingStart: number;
  declare pendingEnd: number;

  constructor(bytes: Uint8Array, deferAscii = false) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.len = bytes.length;
    this.wordsView = undefined;
    this.start = 0;
    this.end = bytes.length;
    this.deferAscii = deferAscii;
    this.pendingStart = 0;
    this.pendingEnd = -1;
  }

  get words(): Int32Array | null {
    if (this.wordsView === undefined) {
      const b = this.bytes;
      this.wordsView =
        (b.byteOffset & 3) === 0 ? new Int32Array(b.buffer, b.byteOffset, b.length >> 2) : null;
    }
    return this.wordsView;
  }

  /** Scans the pending run of string bytes; throws `NOT_ASCII` if it is not all ASCII. */
  flushAscii(): void {
    const start = this.pendingStart;
    const end = this.pendingEnd;
    this.pendingEnd = -1;
    if (end <= start) return;
    const bytes = this.bytes;
    let i = start;
    const words = end - start >= 32 ? this.words : null;
    if (words !== null) {
      while ((i & 3) !== 0 && i < end) if (bytes[i++] >= 0x80) throw NOT_ASCII;
      const wend = end >> 2;
      let w = i >> 2;
      // Two words per step, then the last one.
      for (; w + 1 < wend; w += 2)
        if (((words[w] | words[w + 1]) & 0x80808080) !== 0) throw NOT_ASCII;
      if (w < wend && (words[w] & 0x80808080) !== 0) throw NOT_ASCII;
      i = Math.max(i, wend << 2);
    }
    for (; i < end; i++) if (bytes[i] >= 0x80) throw NOT_ASCII;
  }

  /**
   * rkyv's `check_subtree_ptr`: checks that an object of `size`/`align` at `target` lies in the
   * buffer, is aligned, and lies in the current subtree range. Returns `target`.
   */
  subtreePtr(target: number, size: number, align: number, base: number): number {
    // One test for the common case; which rule failed, and its message, are worked out out of
    // line (a sandbox charges a function's whole body at every call).
    if (
      target < 0 ||
      target > this.len ||
      (target & (align - 1)) !== 0 ||
      this.len - target < size ||
      target < this.start ||
      (size === 0 ? target > this.end : target >= this.end || this.end - target < size)
    ) {
      this.failPtr(target, size, align, base);
    }
    return target;
  }

  /** Throws the CheckError of the first rule of `subtreePtr` that `target` breaks. */
  private failPtr(target: number, size: number, align: number, base: number): void {
    if (target < 0 || target > this.len) {
      failCheck(
        "ptr_out_of_bounds",
        base,
        `a pointer into 0..${this.len}`,
        `target ${target} (offset ${target - base})`,
      );
    }
    if ((target & (align - 1)) !== 0) {
      failCheck("unaligned", base, `a pointer aligned to ${align}`, `target ${target}`);
    }
    if (this.len - target < size) {
      failCheck(
        "overrun",
        base,
        `${size} bytes at ${target} within ${this.len}`,
        `${this.len - target} bytes left`,
      );
    }
    if (size === 0) {
      if (target < this.start || target > this.end) {
        failCheck(
          "subtree_out_of_bounds",
          base,
          `a pointer into the unclaimed range ${this.start}..${this.end}`,
          `target ${target}`,
        );
      }
    } else {
      if (target < this.start || target >= this.end) {
        failCheck(
          "subtree_out_of_bounds",
          base,
          `a pointer into the unclaimed range ${this.start}..${this.end}`,
          `target ${target}`,
        );
      }
      if (this.end - target < size) {
        failCheck(
          "subtree_overrun",
          base,
          `${size} bytes at ${target} within ${this.start}..${this.end}`,
          `${this.end - target} bytes`,
        );
      }
    }
  }

  /**
   * Claims `[a, b)`: its children must lie in `[start, a)`. Returns the saved range end to pass
   * to `pop` (the saved range is `[b, end)`).
   */
  push(a: number): number {
    const saved = this.end;
    this.end = a;
    return saved;
  }

  /** Ends the subtree of the object at `[a, b)` pushed before: the range becomes `[b, saved)`. */
  pop(b: number, saved: number): void {
    this.start = b;
    this.end = saved;
  }

  /** Checks a relative pointer (`i32` at `pos`) to `size`/`align` bytes; returns the target. */
  relPtr(pos: number, size: number, align: number): number {
    return this.subtreePtr(pos + this.view.getInt32(pos, true), size, align, pos);
  }

  bool(pos: number): void {
    const b = this.bytes[pos];
    if (b > 1) failCheck("bool", pos, "0 or 1", String(b));
  }

  char(pos: number): void {
    const c = this.view.getUint32(pos, true);
    if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff)) {
      failCheck("char", pos, "a Unicode scalar value", `0x${c.toString(16)}`);
    }
  }

  /** Checks an enum tag (`tagSize` bytes) against the variant count; returns the tag. */
  tag(pos: number, tagSize: number, count: number): number {
    const t =
      tagSize === 1
        ? this.bytes[pos]
        : tagSize === 2
          ? this.view.getUint16(pos, true)
          : this.view.getUint32(pos, true);
    if (t >= count) failCheck("enum_tag", pos, `a tag below ${count}`, String(t));
    return t;
  }

  utf8(start: number, len: number, at: number): void {
    const bytes = this.bytes;
    const end = start + len;
    // ASCII fast path, four bytes at a time where the buffer allows; the full validator only
    // from the first word holding a non-ASCII byte.
    let i = start;
    const words = len >= 32 ? this.words : null;
    if (words !== null) {
      while ((i & 3) !== 0 && bytes[i] < 0x80) i++;
      if ((i & 3) === 0) {
        const wend = end >> 2;
        let w = i >> 2;
        while (w < wend && (words[w] & 0x80808080) === 0) w++;
        i = w << 2;
      }
    }
    for (; i < end; i++) {
      if (bytes[i] >= 0x80) {
        const bad = utf8Invalid(bytes, i, end - i);
        if (bad >= 0) {
          failCheck("utf8", at, "valid UTF-8", `an invalid sequence at byte ${i + bad}`);
        }
        return;
      }
    }
  }

  /** Checks an `ArchivedString` at `pos` (inline or out of line) with its push/pop. */
  string(pos: number): void {
    const b7 = this.bytes[pos + 7];
    if ((b7 & 0x80) === 0) {
      if (b7 > 7) failCheck("inline_string_len", pos, "an inline length ≤ 7", String(b7));
      this.utf8(pos, b7, pos);
      return;
    }
    const len = this.view.getUint32(pos, true);
    const target = pos + this.view.getInt32(pos + 4, true);
    // Fast path: inside the unclaimed range implies every bounds check passes (start ≥ 0,
    // end ≤ len); push + pop of a leaf then only moves `start` past it.
    if (target >= this.start && target + len <= this.end) {
      if (this.deferAscii) {
        // Out-of-line strings usually sit back to back: validate the run in one scan later.
        if (target !== this.pendingEnd) {
          this.flushAscii();
          this.pendingStart = target;
        }
        this.pendingEnd = target + len;
      } else this.utf8(target, len, target);
      this.start = target + len;
      return;
    }
    // Always throws (the fast path failed), with the precise error; kept total for safety.
    this.subtreePtr(target, len, 1, pos);
    const saved = this.push(target);
    this.utf8(target, len, target);
    this.pop(target + len, saved);
  }

  /** Checks the `{ offset: i32, len: u32 }` of a slice at `pos`; returns its data position. */
  slice(pos: number, elemSize: number, align: number): number {
    const len = this.view.getUint32(pos + 4, true);
    const target = pos + this.view.getInt32(pos, true);
    const size = len * elemSize;
    if (
      target >= this.start &&
      target + size <= this.end &&
      (target & (align - 1)) === 0 &&
      (elemSize !== 0 || len <= MAX_ZERO_SIZED_LEN)
    ) {
      return target;
    }
    if (elemSize === 0 && len > MAX_ZERO_SIZED_LEN) {
      // Valid for rkyv, but a JS reader would have to build an array of 4 billion nulls.
      failCheck("overrun", pos, `at most ${MAX_ZERO_SIZED_LEN} zero-sized elements`, String(len));
    }
    return this.subtreePtr(target, size, align, pos);
  }
}

/**
 * Checks that `bytes` hold a root of `size`/`align` at their end (rkyv's `check_archived_root`)
 * and returns its position; the caller then checks the root's bytes between `push`/`pop`.
 */
export function rootPosition(c: CheckContext, size: number, align: number): number {
  const rootPos = c.len - size;
  if (rootPos < 0) {
    failCheck("ptr_out_of_bounds", 0, `at least ${size} bytes for the root`, `${c.len} bytes`);
  }
  return c.subtreePtr(rootPos, size, align, rootPos);
}
