/** Compiles WAT text to WASM bytes for tests (the npm `wabt` package, no system tools needed). */
type Wabt = {
  parseWat(
    name: string,
    text: string,
    features?: Record<string, boolean>,
  ): { toBinary(o: object): { buffer: Uint8Array }; destroy(): void };
};
let wabt: Promise<Wabt> | undefined;

export async function wat(text: string): Promise<Uint8Array> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  wabt ??= (require("wabt") as () => Promise<Wabt>)();
  const w = await wabt;
  const m = w.parseWat("contract.wat", text, {
    bulk_memory: true,
    sign_extension: true,
    multi_value: true,
    sat_float_to_int: true,
  });
  try {
    return new Uint8Array(m.toBinary({}).buffer);
  } finally {
    m.destroy();
  }
}
