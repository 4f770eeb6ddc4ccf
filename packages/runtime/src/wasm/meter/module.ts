import { Reader, Writer } from "./bytes";
import { WasmFormatError } from "./errors";

/** Value types by their byte. */
export const I32 = 0x7f;
export const I64 = 0x7e;

export interface FuncType {
  readonly params: readonly number[];
  readonly results: readonly number[];
}
export interface Import {
  readonly module: string;
  readonly name: string;
  /** 0 function, 1 table, 2 memory, 3 global. */
  readonly kind: number;
  /** For a function: its type index. */
  readonly type: number;
}
export interface Export {
  readonly name: string;
  /** 0 function, 1 table, 2 memory, 3 global. */
  readonly kind: number;
  readonly index: number;
}
export interface Limits {
  readonly flags: number;
  readonly min: number;
  readonly max: number | undefined;
}
export interface Global {
  readonly type: number;
  readonly mutable: boolean;
  /** The init expression's bytes, `end` included. */
  readonly init: Uint8Array;
}
export interface DataSegment {
  /** 0 active on memory 0, 1 passive, 2 active with a memory index. */
  readonly mode: number;
  /** The init expression of an active segment's offset (bytes, `end` included). */
  readonly offset: Uint8Array | undefined;
  readonly bytes: Uint8Array;
}
export interface Body {
  /** The whole body (local declarations and code), without its size prefix. */
  readonly bytes: Uint8Array;
  /** Where the code starts, after the local declarations (relative to `bytes`). */
  readonly codeStart: number;
  /** The offset of the body in the module, for error messages. */
  readonly at: number;
}

/** A module's sections, decoded as far as validation and instrumentation need. */
export interface WasmModule {
  readonly types: FuncType[];
  readonly imports: Import[];
  /** Type index of each defined function. */
  readonly functions: number[];
  /** The table section's bytes, kept as is. */
  tableSection: Uint8Array | undefined;
  readonly memories: Limits[];
  readonly globals: Global[];
  readonly exports: Export[];
  start: number | undefined;
  elementSection: Uint8Array | undefined;
  dataCountSection: Uint8Array | undefined;
  readonly data: DataSegment[];
  readonly bodies: Body[];
  /** Every non-custom section's body as it came (id → bytes), for rewriting passes. */
  readonly sections: Map<number, Uint8Array>;
  /** How many globals are imported (they come first in the global index space). */
  importedGlobals: number;
  /** How many functions are imported. */
  importedFunctions: number;
}

/** The order non-custom sections must appear in. */
export const SECTION_ORDER = [1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 10, 11] as const;

const MAGIC = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

/** True when the bytes start with the WASM magic and version 1. */
export function isWasm(bytes: Uint8Array): boolean {
  if (bytes.length < 8) return false;
  for (let i = 0; i < 8; i++) if (bytes[i] !== MAGIC[i]) return false;
  return true;
}

function limits(r: Reader, what: string): Limits {
  const flags = r.byte();
  if (flags & ~0x01) {
    const kind =
      flags & 0x04
        ? "memory64"
        : flags & 0x02
          ? "shared (threads)"
          : `flags 0x${flags.toString(16)}`;
    throw new WasmFormatError(`${what}: ${kind} is not supported (byte ${r.pos - 1})`);
  }
  const min = r.u32();
  const max = flags & 0x01 ? r.u32() : undefined;
  return { flags, min, max };
}

/** An init expression: its bytes up to and including `end` (constant expressions only). */
function constExpr(r: Reader): Uint8Array {
  const start = r.pos;
  for (;;) {
    const op = r.byte();
    if (op === 0x0b) return r.bytes.subarray(start, r.pos);
    if (op === 0x41) r.skipSigned(32);
    else if (op === 0x42) r.skipSigned(64);
    else if (op === 0x43) r.skip(4);
    else if (op === 0x44) r.skip(8);
    else if (op === 0x23) r.u32();
    else r.fail(`unsupported constant expression operator 0x${op.toString(16)}`);
  }
}

function valType(r: Reader): number {
  const t = r.byte();
  if (t === 0x7f || t === 0x7e || t === 0x7d || t === 0x7c) return t;
  if (t === 0x7b) r.fail("SIMD value type v128 is not supported");
  return r.fail(`value type 0x${t.toString(16)} (reference types or later) is not supported`);
}

export function parseModule(bytes: Uint8Array): WasmModule {
  if (!isWasm(bytes)) throw new WasmFormatError("not a WASM module (expected \\0asm version 1)");
  const m: WasmModule = {
    types: [],
    imports: [],
    functions: [],
    tableSection: undefined,
    memories: [],
    globals: [],
    exports: [],
    start: undefined,
    elementSection: undefined,
    dataCountSection: undefined,
    data: [],
    bodies: [],
    sections: new Map(),
    importedGlobals: 0,
    importedFunctions: 0,
  };
  const r = new Reader(bytes, 8);
  let lastId = 0;
  const order: readonly number[] = [0, ...SECTION_ORDER];
  while (!r.done) {
    const id = r.byte();
    const size = r.u32();
    const end = r.pos + size;
    if (end > bytes.length) r.fail(`section ${id} runs past the end of the module`);
    const s = new Reader(bytes, r.pos, end);
    if (id !== 0) {
      const rank = order.indexOf(id);
      if (rank < 0) r.fail(`unknown section id ${id}`);
      if (rank <= order.indexOf(lastId) && lastId !== 0) r.fail(`section ${id} out of order`);
      lastId = id;
      m.sections.set(id, bytes.subarray(r.pos, end));
    }
    switch (id) {
      case 0:
        break; // custom sections are dropped
      case 1:
        for (let n = s.u32(); n > 0; n--) {
          if (s.byte() !== 0x60) s.fail("a type that is not a function type");
          const params: number[] = [];
          for (let k = s.u32(); k > 0; k--) params.push(valType(s));
          const results: number[] = [];
          for (let k = s.u32(); k > 0; k--) results.push(valType(s));
          m.types.push({ params, results });
        }
        break;
      case 2:
        for (let n = s.u32(); n > 0; n--) {
          const module = s.name();
          const name = s.name();
          const kind = s.byte();
          let type = -1;
          if (kind === 0) type = s.u32();
          else if (kind === 1) {
            s.byte();
            limits(s, `import ${module}.${name}`);
          } else if (kind === 2) limits(s, `import ${module}.${name}`);
          else if (kind === 3) {
            valType(s);
            s.byte();
          } else s.fail(`import ${module}.${name} has unknown kind ${kind}`);
          if (kind === 0) m.importedFunctions++;
          if (kind === 3) m.importedGlobals++;
          m.imports.push({ module, name, kind, type });
        }
        break;
      case 3:
        for (let n = s.u32(); n > 0; n--) m.functions.push(s.u32());
        break;
      case 4:
        m.tableSection = bytes.subarray(s.pos, end);
        for (let n = s.u32(); n > 0; n--) {
          const t = s.byte();
          if (t !== 0x70) s.fail("a table of a type other than funcref");
          limits(s, "table");
        }
        break;
      case 5:
        for (let n = s.u32(); n > 0; n--) m.memories.push(limits(s, "memory"));
        break;
      case 6:
        for (let n = s.u32(); n > 0; n--) {
          const type = valType(s);
          const mut = s.byte();
          if (mut > 1) s.fail("a global with bad mutability");
          m.globals.push({ type, mutable: mut === 1, init: constExpr(s) });
        }
        break;
      case 7:
        for (let n = s.u32(); n > 0; n--) {
          const name = s.name();
          const kind = s.byte();
          m.exports.push({ name, kind, index: s.u32() });
        }
        break;
      case 8:
        m.start = s.u32();
        break;
      case 9:
        m.elementSection = bytes.subarray(s.pos, end);
        s.pos = end;
        break;
      case 12:
        m.dataCountSection = bytes.subarray(s.pos, end);
        s.u32();
        break;
      case 10:
        for (let n = s.u32(); n > 0; n--) {
          const len = s.u32();
          const at = s.pos;
          const body = new Reader(bytes, at, at + len);
          for (let k = body.u32(); k > 0; k--) {
            body.u32();
            valType(body);
          }
          m.bodies.push({ bytes: bytes.subarray(at, at + len), codeStart: body.pos - at, at });
          s.skip(len);
        }
        break;
      case 11:
        for (let n = s.u32(); n > 0; n--) {
          const mode = s.u32();
          let offset: Uint8Array | undefined;
          if (mode === 0) offset = constExpr(s);
          else if (mode === 2) {
            if (s.u32() !== 0) s.fail("a data segment for a memory other than 0");
            offset = constExpr(s);
          } else if (mode !== 1) s.fail(`data segment mode ${mode}`);
          const len = s.u32();
          m.data.push({ mode, offset, bytes: s.slice(len) });
        }
        break;
    }
    if (id !== 0 && id !== 9 && s.pos !== end) s.fail(`section ${id} has trailing bytes`);
    r.pos = end;
  }
  if (m.functions.length !== m.bodies.length) {
    throw new WasmFormatError(
      `${m.functions.length} functions declared but ${m.bodies.length} bodies given`,
    );
  }
  return m;
}

/** The value of an `i32.const N end` init expression, or undefined for anything else. */
export function constI32(expr: Uint8Array): number | undefined {
  if (expr[0] !== 0x41) return undefined;
  const r = new Reader(expr, 1);
  const v = r.s32();
  return r.pos === expr.length - 1 && expr[r.pos] === 0x0b ? v : undefined;
}

/** A module from section bodies (id → bytes; absent ids are left out), in the required order. */
export function emitModule(sections: ReadonlyMap<number, Uint8Array>): Uint8Array {
  const w = new Writer().bytes(Uint8Array.from(MAGIC));
  for (const id of SECTION_ORDER) {
    const body = sections.get(id);
    if (body !== undefined) w.byte(id).u32(body.length).bytes(body);
  }
  return w.result().slice();
}

/** A vector section's body with `extra` entries (already encoded) appended. */
export function appendToVector(
  body: Uint8Array | undefined,
  count: number,
  extra: Uint8Array,
): Uint8Array {
  let n = 0;
  let rest: Uint8Array = new Uint8Array(0);
  if (body !== undefined) {
    const r = new Reader(body);
    n = r.u32();
    rest = body.subarray(r.pos);
  }
  return new Writer()
    .u32(n + count)
    .bytes(rest)
    .bytes(extra)
    .result()
    .slice();
}
