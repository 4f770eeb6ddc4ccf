/**
 * The reader's side of an archive: `Source` (the bytes, a DataView over them, and the window
 * of the last decoded ASCII run) and `readString`, which the composed codecs (nodes.ts,
 * specialize.ts), the B-tree reader and generated code all read strings with.
 */
import { asciiRun, utf8Read } from "./utf8";

/**
 * What readers need: the archive bytes and a DataView over exactly them, plus a cache of the
 * last ASCII run decoded as one string (`win` covers bytes `winStart..winEnd`): out-of-line
 * strings usually sit back to back, and slicing one flat string beats decoding each one.
 */
export interface Source {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  win: string;
  winStart: number;
  winEnd: number;
}

/** Reads a (checked) `ArchivedString` at `pos`. */
export function readString(s: Source, pos: number): string {
  const bytes = s.bytes;
  const b7 = bytes[pos + 7];
  if ((b7 & 0x80) === 0) return utf8Read(bytes, pos, b7);
  const len = s.view.getUint32(pos, true);
  const at = pos + s.view.getInt32(pos + 4, true);
  if (at >= s.winStart && at + len <= s.winEnd) {
    return s.win.slice(at - s.winStart, at - s.winStart + len);
  }
  if (len <= WINDOW) {
    // Open a new window: the ASCII run from this string on, up to WINDOW bytes in the direction
    // of reading (forwards in vecs; backwards in BTreeMap nodes, whose keys' bytes are stored in
    // reverse order).
    const backwards = at < s.winStart;
    const hiLimit = Math.min(bytes.length, backwards ? at + len : at + len + WINDOW);
    let end = at;
    // Eight bytes per step while they fit (one OR of two words), then byte by byte.
    const view = s.view;
    while (
      end + 8 <= hiLimit &&
      ((view.getInt32(end, true) | view.getInt32(end + 4, true)) & 0x80808080) === 0
    )
      end += 8;
    while (end < hiLimit && bytes[end] < 0x80) end++;
    if (end >= at + len) {
      const loLimit = backwards ? Math.max(0, at - WINDOW) : at;
      let start = at;
      while (start > loLimit && bytes[start - 1] < 0x80) start--;
      s.win = asciiRun(bytes, start, end);
      s.winStart = start;
      s.winEnd = end;
      return s.win.slice(at - start, at - start + len);
    }
  }
  return utf8Read(bytes, at, len);
}

/** How far a new ASCII window reaches from the string that opens it. */
const WINDOW = 4096;
