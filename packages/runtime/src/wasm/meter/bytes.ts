import { WasmFormatError } from "./errors";

/** A cursor over WASM bytes with the LEB128 decoding the binary format uses. */
export class Reader {
  pos: number;
  constructor(
    readonly bytes: Uint8Array,
    start = 0,
    readonly end = bytes.length,
  ) {
    this.pos = start;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  fail(what: string): never {
    throw new WasmFormatError(`${what} at byte ${this.pos}`);
  }

  byte(): number {
    if (this.pos >= this.end) this.fail("unexpected end of data");
    return this.bytes[this.pos++];
  }

  u32(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.byte();
      if (shift === 28 && (b & 0x70) !== 0) this.fail("u32 LEB128 out of range");
      result |= (b & 0x7f) << shift;
      if ((b & 0x80) === 0) return result >>> 0;
      shift += 7;
      if (shift > 28) this.fail("u32 LEB128 too long");
    }
  }

  /** A signed LEB128 of at most `bits` bits, skipped (only its length matters here). */
  skipSigned(bits: number): void {
    const max = Math.ceil(bits / 7);
    for (let i = 0; i < max; i++) if ((this.byte() & 0x80) === 0) return;
    this.fail(`s${bits} LEB128 too long`);
  }

  /** A signed 32-bit LEB128 value. */
  s32(): number {
    let result = 0;
    let shift = 0;
    let b: number;
    do {
      b = this.byte();
      result |= (b & 0x7f) << shift;
      shift += 7;
      if (shift > 35) this.fail("s32 LEB128 too long");
    } while (b & 0x80);
    if (shift < 32 && b & 0x40) result |= -1 << shift;
    return result | 0;
  }

  skip(n: number): void {
    if (this.pos + n > this.end) this.fail("unexpected end of data");
    this.pos += n;
  }

  slice(n: number): Uint8Array {
    const start = this.pos;
    this.skip(n);
    return this.bytes.subarray(start, this.pos);
  }

  name(): string {
    const n = this.u32();
    const b = this.slice(n);
    try {
      return new TextDecoder("utf-8", { fatal: true }).decode(b);
    } catch {
      return this.fail("a name is not valid UTF-8");
    }
  }
}

/** Appends WASM encodings to a growing byte list. */
export class Writer {
  private buf = new Uint8Array(1024);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }

  byte(b: number): this {
    this.room(1);
    this.buf[this.length++] = b;
    return this;
  }

  bytes(b: Uint8Array): this {
    this.room(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
    return this;
  }

  u32(v: number): this {
    let x = v >>> 0;
    do {
      let b = x & 0x7f;
      x >>>= 7;
      if (x !== 0) b |= 0x80;
      this.byte(b);
    } while (x !== 0);
    return this;
  }

  /** A signed LEB128 of a safe integer. */
  sleb(v: number | bigint): this {
    let x = BigInt(v);
    for (;;) {
      const b = Number(x & 0x7fn);
      x >>= 7n;
      const signBit = (b & 0x40) !== 0;
      if ((x === 0n && !signBit) || (x === -1n && signBit)) {
        this.byte(b);
        return this;
      }
      this.byte(b | 0x80);
    }
  }

  name(s: string): this {
    const b = new TextEncoder().encode(s);
    return this.u32(b.length).bytes(b);
  }

  /** A section: id, then the size-prefixed body. */
  section(id: number, body: Writer): this {
    return this.byte(id).u32(body.length).bytes(body.result());
  }

  result(): Uint8Array {
    return this.buf.subarray(0, this.length);
  }
}
