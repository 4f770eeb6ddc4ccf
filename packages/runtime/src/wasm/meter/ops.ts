import type { Reader } from "./bytes";
import { WasmFormatError } from "./errors";

/**
 * The operator table this layer accepts: WASM MVP + sign-extension + non-trapping float-to-int +
 * bulk memory + multi-value (block types by type index). `readOperator` consumes one operator with
 * its immediates and says what it was; anything else (SIMD, threads, exceptions, tail calls,
 * reference-type table operators, GC) is refused with the proposal it belongs to.
 */
export interface Operator {
  /** The first byte. */
  readonly op: number;
  /** The sub-opcode of a 0xFC-prefixed operator, else -1. */
  readonly sub: number;
  /** For `memory.init` / `data.drop`: the data segment index. */
  readonly index: number;
  /** For `br`, `br_if`, `br_table`: the label indices (relative depths) it may branch to. */
  readonly labels: readonly number[] | undefined;
}

const UNSUPPORTED: Readonly<Record<number, string>> = {
  0x06: "exception handling (try)",
  0x07: "exception handling (catch)",
  0x08: "exception handling (throw)",
  0x09: "exception handling (rethrow)",
  0x0a: "exception handling (throw_ref)",
  0x12: "tail calls (return_call)",
  0x13: "tail calls (return_call_indirect)",
  0x14: "typed function references (call_ref)",
  0x15: "typed function references (return_call_ref)",
  0x18: "exception handling (delegate)",
  0x19: "exception handling (catch_all)",
  0x1f: "exception handling (try_table)",
  0x25: "reference types (table.get)",
  0x26: "reference types (table.set)",
  0xd0: "reference types (ref.null)",
  0xd1: "reference types (ref.is_null)",
  0xd2: "reference types (ref.func)",
  0xfb: "garbage collection",
  0xfd: "SIMD",
  0xfe: "threads (atomics)",
};

function blockType(r: Reader): void {
  const b = r.bytes[r.pos];
  if (b === 0x40 || b === 0x7f || b === 0x7e || b === 0x7d || b === 0x7c) {
    r.pos++;
    return;
  }
  if (b === 0x7b) throw new WasmFormatError(`SIMD block type (v128) at byte ${r.pos}`);
  if (b === 0x70 || b === 0x6f) {
    throw new WasmFormatError(`reference types block type at byte ${r.pos}`);
  }
  r.skipSigned(33); // a type index (multi-value)
}

function memarg(r: Reader): void {
  const align = r.u32();
  if (align & 0x40) throw new WasmFormatError(`multi-memory memarg at byte ${r.pos}`);
  r.u32();
}

function zeroByte(r: Reader, what: string): void {
  if (r.byte() !== 0)
    throw new WasmFormatError(`${what}: multi-memory is not supported (byte ${r.pos - 1})`);
}

export function readOperator(r: Reader): Operator {
  const at = r.pos;
  const op = r.byte();
  let sub = -1;
  let index = -1;
  let labels: number[] | undefined;
  if (op in UNSUPPORTED) {
    throw new WasmFormatError(
      `unsupported operator 0x${op.toString(16)} (${UNSUPPORTED[op]}) at byte ${at}`,
    );
  }
  switch (op) {
    case 0x02:
    case 0x03:
    case 0x04:
      blockType(r);
      break;
    case 0x0c:
    case 0x0d:
      labels = [r.u32()];
      break;
    case 0x0e: {
      const n = r.u32();
      labels = [];
      for (let i = 0; i <= n; i++) labels.push(r.u32());
      break;
    }
    case 0x10:
      r.u32();
      break;
    case 0x11:
      r.u32();
      if (r.byte() !== 0)
        throw new WasmFormatError(`call_indirect on a table other than 0 at byte ${at}`);
      break;
    case 0x1c: {
      // select with explicit types
      const n = r.u32();
      for (let i = 0; i < n; i++) {
        const t = r.byte();
        if (t !== 0x7f && t !== 0x7e && t !== 0x7d && t !== 0x7c) {
          throw new WasmFormatError(`select with a non-numeric type at byte ${at}`);
        }
      }
      break;
    }
    case 0x20:
    case 0x21:
    case 0x22:
    case 0x23:
    case 0x24:
      r.u32();
      break;
    case 0x3f:
    case 0x40:
      zeroByte(r, op === 0x3f ? "memory.size" : "memory.grow");
      break;
    case 0x41:
      r.skipSigned(32);
      break;
    case 0x42:
      r.skipSigned(64);
      break;
    case 0x43:
      r.skip(4);
      break;
    case 0x44:
      r.skip(8);
      break;
    case 0xfc: {
      sub = r.u32();
      switch (sub) {
        case 0:
        case 1:
        case 2:
        case 3:
        case 4:
        case 5:
        case 6:
        case 7:
          break; // trunc_sat
        case 8: // memory.init
          index = r.u32();
          zeroByte(r, "memory.init");
          break;
        case 9: // data.drop
          index = r.u32();
          break;
        case 10: // memory.copy
          zeroByte(r, "memory.copy");
          zeroByte(r, "memory.copy");
          break;
        case 11: // memory.fill
          zeroByte(r, "memory.fill");
          break;
        case 12: // table.init
        case 14: // table.copy
          r.u32();
          r.u32();
          break;
        case 13: // elem.drop
          r.u32();
          break;
        default:
          throw new WasmFormatError(
            `unsupported operator 0xfc ${sub} (reference types or later) at byte ${at}`,
          );
      }
      break;
    }
    default:
      if (op >= 0x28 && op <= 0x3e) memarg(r);
      else if (
        op === 0x00 ||
        op === 0x01 ||
        op === 0x05 ||
        op === 0x0b ||
        op === 0x0f ||
        op === 0x1a ||
        op === 0x1b ||
        (op >= 0x45 && op <= 0xc4)
      ) {
        // no immediates
      } else {
        throw new WasmFormatError(`unknown operator 0x${op.toString(16)} at byte ${at}`);
      }
  }
  return { op, sub, index, labels };
}
