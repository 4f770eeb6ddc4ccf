import { Reader, Writer } from "./bytes";
import { FLUSH_OPCODES, operatorCost } from "./costs";
import { WasmFormatError } from "./errors";
import { appendToVector, emitModule, I32, I64, parseModule, type WasmModule } from "./module";
import { readOperator } from "./ops";

/** The exports a metered module adds (a mutable i64 of remaining gas and an i32 out-of-gas flag). */
export const GAS_EXPORT = "__sc_gas";
export const OOG_EXPORT = "__sc_oog";

export interface MeteredModule {
  readonly bytes: Uint8Array;
  /** The module as parsed before metering. */
  readonly original: WasmModule;
}

/**
 * Meters a module with piecrust's model (wasmtime fuel): each operator's cost (costs.ts) is added
 * up per basic block and subtracted from the gas global before the operator that ends the block
 * (calls, branches, `if`, `else`, `end`, `return`, `unreachable`, `loop`); the remaining gas is
 * checked at every function entry and loop header, where `remaining <= 0` sets the out-of-gas flag
 * and traps. A call can therefore overshoot by at most one straight-line block, as in piecrust.
 * The work is over the original operator stream (no re-shaping), so the count is the operator
 * count of the bytes the author shipped. Deterministic: the same input gives the same bytes.
 */
export function meter(bytes: Uint8Array): MeteredModule {
  const m = parseModule(bytes);
  const gasIndex = m.importedGlobals + m.globals.length;
  const oogIndex = gasIndex + 1;
  const sections = new Map(m.sections);

  // Two new globals: remaining gas (mut i64 = 0) and the flag (mut i32 = 0).
  const globals = new Writer()
    .byte(I64)
    .byte(1)
    .bytes(Uint8Array.of(0x42, 0x00, 0x0b))
    .byte(I32)
    .byte(1)
    .bytes(Uint8Array.of(0x41, 0x00, 0x0b))
    .result();
  sections.set(6, appendToVector(m.sections.get(6), 2, globals));
  const added = new Writer()
    .name(GAS_EXPORT)
    .byte(3)
    .u32(gasIndex)
    .name(OOG_EXPORT)
    .byte(3)
    .u32(oogIndex)
    .result();
  sections.set(7, appendToVector(m.sections.get(7), 2, added));

  if (m.bodies.length > 0) {
    const code = new Writer().u32(m.bodies.length);
    m.bodies.forEach((body, i) => {
      const params = m.types[m.functions[i]]?.params.length ?? 0;
      const out = meterBody(body.bytes, body.codeStart, params, gasIndex, oogIndex, body.at, i);
      code.u32(out.length).bytes(out);
    });
    sections.set(10, code.result().slice());
  }
  return { bytes: emitModule(sections), original: m };
}

/**
 * One function body. The remaining gas lives in a local while the function runs (a register, not a
 * global: V8 keeps exported globals in memory), loaded from the gas global at entry and after
 * calls, written back before calls, returns, branches out of the function and the final `end`, so
 * hosts and callees always see the current value.
 */
function meterBody(
  body: Uint8Array,
  codeStart: number,
  params: number,
  gas: number,
  oog: number,
  at: number,
  fn: number,
): Uint8Array {
  // The local declarations, plus one i64 for the gas.
  const decl = new Reader(body, 0, codeStart);
  const entries: [number, number][] = [];
  let locals = params;
  for (let n = decl.u32(); n > 0; n--) {
    const count = decl.u32();
    entries.push([count, decl.byte()]);
    locals += count;
  }
  const L = locals;
  const w = new Writer().u32(entries.length + 1);
  for (const [count, type] of entries) w.u32(count).byte(type);
  w.u32(1).byte(I64);

  const flush = (cost: number) => {
    if (cost === 0) return;
    // local.get L; i64.const cost; i64.sub; local.set L
    w.byte(0x20).u32(L).byte(0x42).sleb(cost).byte(0x7d).byte(0x21).u32(L);
  };
  const store = () => w.byte(0x20).u32(L).byte(0x24).u32(gas); // local.get L; global.set gas
  const load = () => w.byte(0x23).u32(gas).byte(0x21).u32(L); // global.get gas; local.set L
  const check = () => {
    // local.get L; i64.const 0; i64.le_s; if; <store>; i32.const 1; global.set oog; unreachable; end
    w.byte(0x20).u32(L).byte(0x42).byte(0x00).byte(0x57).byte(0x04).byte(0x40);
    store();
    w.byte(0x41).byte(0x01).byte(0x24).u32(oog).byte(0x00).byte(0x0b);
  };
  load();
  check();
  const r = new Reader(body, codeStart);
  let pending = 0;
  let depth = 1;
  while (!r.done) {
    const start = r.pos;
    let op;
    try {
      op = readOperator(r);
    } catch (e) {
      if (e instanceof WasmFormatError) {
        throw new WasmFormatError(`function ${fn} (code at byte ${at}): ${e.shortMessage}`, {
          cause: e,
        });
      }
      throw e;
    }
    const code = op.sub < 0 ? op.op : -1;
    pending += code >= 0 ? operatorCost(code) : 1;
    if (code >= 0 && FLUSH_OPCODES.has(code)) {
      flush(pending);
      pending = 0;
      const leaves =
        code === 0x0f ||
        (code === 0x0b && depth === 1) ||
        (op.labels !== undefined && op.labels.some((l) => l === depth - 1));
      if (leaves || code === 0x10 || code === 0x11) store();
    }
    w.bytes(body.subarray(start, r.pos));
    if (code === 0x10 || code === 0x11) load();
    else if (code === 0x03) check();
    if (code === 0x02 || code === 0x03 || code === 0x04) depth++;
    else if (code === 0x0b) depth--;
    if (depth === 0 && !r.done) {
      throw new WasmFormatError(`function ${fn} (code at byte ${at}): code after the final end`);
    }
  }
  if (depth !== 0) {
    throw new WasmFormatError(`function ${fn} (code at byte ${at}): the body does not end`);
  }
  return w.result().slice();
}
