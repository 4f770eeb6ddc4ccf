import { apply, fromCodePoint, isView, Str, u8Slice, U8 } from "./intrinsics";
import { charge } from "./gas";

/**
 * The UTF-8 `TextEncoder` / `TextDecoder` the sandbox provides (QuickJS has none). The codecs
 * are guest code, not instrumented, so they charge for their loops up front: `UTF8_UNIT` per
 * UTF-16 unit encoded or byte decoded.
 */

/** UTF-8 encoding of `s` into `d` (the codecs' work, unmetered: the classes charge for it). */
export function utf8Into(s: string, d: Uint8Array): { read: number; written: number } {
  const n = s.length;
  let p = 0,
    i = 0;
  for (; i < n; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const e = s.charCodeAt(i + 1);
      if (e >= 0xdc00 && e <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (e - 0xdc00);
      } else c = 0xfffd;
    } else if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    const need = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    if (p + need > d.length) break;
    if (need === 1) d[p++] = c;
    else if (need === 2) {
      d[p++] = 0xc0 | (c >> 6);
      d[p++] = 0x80 | (c & 63);
    } else if (need === 3) {
      d[p++] = 0xe0 | (c >> 12);
      d[p++] = 0x80 | ((c >> 6) & 63);
      d[p++] = 0x80 | (c & 63);
    } else {
      d[p++] = 0xf0 | (c >> 18);
      d[p++] = 0x80 | ((c >> 12) & 63);
      d[p++] = 0x80 | ((c >> 6) & 63);
      d[p++] = 0x80 | (c & 63);
      i++;
    }
  }
  return { read: i, written: p };
}

/** UTF-8 decoding; invalid sequences become U+FFFD, or throw when `fatal`. */
export function utf8Decode(b: Uint8Array, fatal: boolean): string {
  const n = b.length;
  let out = "";
  let chunk: number[] = [];
  const bad = () => {
    if (fatal) throw new TypeError("The encoded data was not valid utf-8");
    chunk.push(0xfffd);
  };
  for (let i = 0; i < n;) {
    const c = b[i];
    let cp = -1,
      len = 1;
    if (c < 0x80) cp = c;
    else if (c >= 0xc2 && c <= 0xdf) len = 2;
    else if (c >= 0xe0 && c <= 0xef) len = 3;
    else if (c >= 0xf0 && c <= 0xf4) len = 4;
    else len = 0;
    if (len === 0) {
      bad();
      i++;
    } else if (cp >= 0) {
      chunk.push(cp);
      i++;
    } else {
      let v = c & (len === 2 ? 0x1f : len === 3 ? 0x0f : 0x07);
      let j = 1;
      for (; j < len; j++) {
        const d = b[i + j];
        if (i + j >= n || (d & 0xc0) !== 0x80) break;
        if (
          j === 1 &&
          ((c === 0xe0 && d < 0xa0) ||
            (c === 0xed && d > 0x9f) ||
            (c === 0xf0 && d < 0x90) ||
            (c === 0xf4 && d > 0x8f))
        )
          break;
        v = (v << 6) | (d & 0x3f);
      }
      if (j < len) {
        bad();
        i += j === 0 ? 1 : j;
      } else {
        chunk.push(v);
        i += len;
      }
    }
    if (chunk.length > 4096) {
      out += apply(fromCodePoint, null, chunk);
      chunk = [];
    }
  }
  return out + apply(fromCodePoint, null, chunk);
}

const TextEncoderClass = class TextEncoder {
  get encoding() {
    return "utf-8";
  }
  encode(s?: unknown): Uint8Array {
    const t = s === undefined ? "" : Str(s);
    charge(GAS.NATIVE_CALL + GAS.UTF8_UNIT * t.length);
    const out = new U8(t.length * 3);
    return u8Slice.call(out, 0, utf8Into(t, out).written);
  }
  encodeInto(s: unknown, d: Uint8Array): { read: number; written: number } {
    const t = Str(s);
    const room = d.length;
    charge(GAS.NATIVE_CALL + GAS.UTF8_UNIT * (room < t.length ? room : t.length));
    return utf8Into(t, d);
  }
};

const TextDecoderClass = class TextDecoder {
  declare readonly fatal: boolean;
  constructor(label?: unknown, options?: { fatal?: unknown }) {
    const l = label === undefined ? "utf-8" : Str(label).toLowerCase();
    if (l !== "utf-8" && l !== "utf8") throw new RangeError("TextDecoder: only utf-8 is supported");
    this.fatal = !!(options && options.fatal);
  }
  get encoding() {
    return "utf-8";
  }
  decode(input?: ArrayBuffer | ArrayBufferView): string {
    if (input === undefined) return "";
    const b =
      input instanceof U8
        ? input
        : isView(input)
          ? new U8(input.buffer, input.byteOffset, input.byteLength)
          : new U8(input);
    charge(GAS.NATIVE_CALL + GAS.UTF8_UNIT * b.length);
    return utf8Decode(b, this.fatal);
  }
};

/** Defines the codecs on the global object (read-only, before everything is frozen). */
export function installTextCodecs(): void {
  const locked = { writable: false, enumerable: false, configurable: false } as const;
  Object.defineProperty(globalThis, "TextEncoder", { value: TextEncoderClass, ...locked });
  Object.defineProperty(globalThis, "TextDecoder", { value: TextDecoderClass, ...locked });
}
