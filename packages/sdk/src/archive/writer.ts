import { encodeAscii, utf8Length, utf8Write } from "./utf8";
import { failValue, describeValue } from "./errors";
import { HEAP_MAX, POOL_MAX, copyBytes } from "./pool";

/** The buffer and view of a writer that has not needed one yet (made once, at load). */
const NO_BYTES = new Uint8Array(0);
const NO_VIEW = new DataView(NO_BYTES.buffer);

/**
 * What writing a value with no out-of-line data needs: the bytes and a DataView over them.
 * `ArchiveWriter` is one; so is the holder `placeRoot` returns (root.ts).
 */
export interface InlineWriter {
  readonly buf: Uint8Array;
  readonly view: DataView;
}

/**
 * The archive writer: a growable byte buffer with rkyv's position rules (positions aligned
 * relative to the archive start, zero padding) and a resolver stack.
 *
 * Archiving is two passes per object, as in rkyv: `resolve` writes a value's out-of-line data
 * (children first, in declaration order) and pushes what its parent needs to point at them
 * (`pushResolver`); `write` then fills the object's inline bytes, reading those resolvers back
 * in the same order (`nextResolver`). Buffers are reused between calls.
 */
export class ArchiveWriter implements InlineWriter {
  // Declared, then set in the constructor: a contract's bundle (ES2020) would define each field
  // through a helper call, and a sandbox builds a writer in every call that archives.
  declare buf: Uint8Array;
  declare view: DataView;
  declare pos: number;
  /** Resolver stack (positions and lengths recorded by `resolve`). */
  declare res: number[];
  /** Top of the resolver stack. */
  declare rtop: number;
  /** Read cursor of `write` into the resolver stack. */
  declare rcur: number;

  /**
   * Bytes from here on are zero: `reserve` fills only below it (a fresh buffer needs no fill).
   * A `buf` swapped in from outside (root.ts) must be fresh and is put back before the next use.
   */
  declare zeroFrom: number;

  /**
   * `capacity` defaults to 4 KiB on V8, where the writer lives for the process. Elsewhere (a
   * contract's sandbox, which starts every call from its load-time heap and so builds a writer
   * per call, and meters the allocation by size) it starts with no buffer, and the first
   * `ensure` allocates 256 bytes, grown by doubling: most archives there are a root with
   * nothing out of line, which root.ts writes into bytes of its own, so the writer's buffer
   * would go unused.
   */
  constructor(capacity = POOL_MAX === 0 ? 0 : 4096) {
    if (capacity === 0) {
      this.buf = NO_BYTES;
      this.view = NO_VIEW;
    } else {
      this.buf = new Uint8Array(capacity);
      this.view = new DataView(this.buf.buffer);
    }
    this.pos = 0;
    this.res = [];
    this.rtop = 0;
    this.rcur = 0;
    this.zeroFrom = 0;
  }

  /** Starts a new archive (keeps the buffers; `finish` or the failure moved `zeroFrom`). */
  reset(): void {
    this.pos = 0;
    this.rtop = 0;
    this.rcur = 0;
  }

  /** Makes room for `n` more bytes after `pos`. */
  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let cap = this.buf.length < 128 ? 256 : this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
    if (this.pos > 0) next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
    // Only the bytes copied over can be non-zero.
    this.zeroFrom = this.pos;
  }

  /** Bytes below `end` may have been written (see `zeroFrom`). */
  touched(end: number): void {
    if (end > this.zeroFrom) this.zeroFrom = end;
  }

  /** Zeroes `[from, to)`, the part of it below `zeroFrom` (above it the bytes are zero). */
  private zero(from: number, to: number): void {
    const z = this.zeroFrom;
    if (from >= z) return;
    const end = to < z ? to : z;
    const buf = this.buf;
    // A short loop beats `fill`'s call on V8; in a sandbox the loop costs gas per byte.
    if (end - from <= 32 && POOL_MAX !== 0) for (let i = from; i < end; i++) buf[i] = 0;
    else buf.fill(0, from, end);
  }

  /** Pads with zero bytes until `pos` is a multiple of `align`. */
  align(align: number): void {
    const rem = this.pos & (align - 1);
    if (rem !== 0) {
      const pad = align - rem;
      this.ensure(pad);
      this.zero(this.pos, this.pos + pad);
      this.pos += pad;
    }
  }

  /** Aligns, then reserves `size` zeroed bytes and returns their position. */
  reserve(size: number, align: number): number {
    this.align(align);
    this.ensure(size);
    const at = this.pos;
    const end = at + size;
    this.zero(at, end);
    this.pos = end;
    return at;
  }

  /** Copies raw bytes (no alignment) and returns their position. */
  writeBytes(bytes: Uint8Array): number {
    this.ensure(bytes.length);
    const at = this.pos;
    this.buf.set(bytes, at);
    this.pos += bytes.length;
    return at;
  }

  /**
   * Resolves a `String`: strings longer than 7 UTF-8 bytes are written out of line (no
   * alignment); pushes two resolvers: the byte length and the data position (-1 if inline).
   */
  resolveString(s: string): void {
    if (typeof s !== "string") failValue("a string", describeValue(s));
    const n = s.length;
    if (n <= 7) {
      const len = utf8Length(s);
      if (len < 0) utf8Write(new Uint8Array(4 * n), 0, s); // throws, naming the surrogate
      if (len <= 7) {
        this.pushResolver(len);
        this.pushResolver(-1);
        return;
      }
    }
    // Out of line: at most 3 bytes per UTF-16 unit (written before `pos` moves: a lone
    // surrogate throws halfway, so all of them count as touched).
    this.ensure(n * 3);
    const at = this.pos;
    this.touched(at + n * 3);
    const len = utf8Write(this.buf, at, s);
    this.pos = at + len;
    this.pushResolver(len);
    this.pushResolver(at);
  }

  /**
   * Finishes a batch of strings resolved at once (generated Vec resolves): `joined` is every
   * out-of-line string pushed since resolver `from`, concatenated in order, each pushed as
   * `(its length, -2)`. If `joined` is all ASCII it is written here with one encode, each `-2`
   * becomes its string's position, and this returns true. Otherwise nothing is written (`pos`
   * stays; bytes past it are never read) and the caller truncates the resolvers to `from` and
   * resolves string by string, which finds the non-ASCII bytes or the bad value on its own.
   */
  resolveAsciiRun(joined: string, from: number): boolean {
    const n = joined.length;
    this.ensure(n);
    const start = this.pos;
    // (A run that is not ASCII stops halfway, its bytes past `pos` written.)
    this.touched(start + n);
    if (!encodeAscii(this.buf, start, joined)) return false;
    const res = this.res;
    let at = start;
    for (let k = from + 1; k < this.rtop; k += 2) {
      if (res[k] === -2) {
        res[k] = at;
        at += res[k - 1];
      }
    }
    this.pos = start + n;
    return true;
  }

  /** Writes an `ArchivedString` at `pos` from the two resolvers `resolveString` pushed. */
  writeString(pos: number, s: string): void {
    const len = this.res[this.rcur++];
    const data = this.res[this.rcur++];
    if (data < 0) {
      if (len > 0) utf8Write(this.buf, pos, s);
      this.buf[pos + 7] = len;
    } else {
      this.view.setUint32(pos, len, true);
      this.view.setInt32(pos + 4, data - pos, true);
    }
  }

  pushResolver(v: number): void {
    this.res[this.rtop++] = v;
  }

  nextResolver(): number {
    return this.res[this.rcur++];
  }

  /** Copies out the finished archive (fresh bytes; see pool.ts for how small ones are kept). */
  finish(): Uint8Array {
    const n = this.pos;
    if (n > this.zeroFrom) this.zeroFrom = n;
    return n > HEAP_MAX && n <= POOL_MAX ? copyBytes(this.buf, 0, n) : this.buf.slice(0, n);
  }
}
