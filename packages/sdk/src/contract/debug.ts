import { bridge } from "./bridge";

const HEX = "0123456789abcdef";

function show(part: unknown): string {
  if (part instanceof Uint8Array) {
    let s = "0x";
    for (let i = 0; i < part.length; i++) s += HEX[part[i] >> 4] + HEX[part[i] & 15];
    return s;
  }
  if (typeof part === "bigint") return `${part}n`;
  return String(part);
}

/**
 * Prints a line of debug output (piecrust-uplink's `debug!`, the host's `hdebug`): the parts
 * joined by spaces, byte arrays as `0x…` hex, bigints with an `n`. The line shows up in the
 * call's receipt (`receipt.debug`) and, when the call fails, on the thrown error (its message
 * lists the lines), while the failed call's state and events are rolled back. Costs gas like any
 * host call: a base plus one per character, whether or not anyone reads it.
 */
export function debug(...parts: unknown[]): void {
  let line = "";
  for (let i = 0; i < parts.length; i++) line += (i === 0 ? "" : " ") + show(parts[i]);
  bridge("debug").debug(line);
}
