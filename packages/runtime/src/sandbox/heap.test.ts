// The interpreter heap's snapshot, restore, checkpoint/rollback and wild-store guard, on a bare
// metered interpreter (no contract): what the sandbox's frames rely on.
import type { QuickJSContext } from "quickjs-emscripten";
import { isRuntimeError } from "../errors";
import { DIRTY_BLOCK_SHIFT } from "../wasm/meter/costs";
import { interpreterImage, newInterpreter, type Interpreter } from "./quickjs";

let it: Interpreter;
let ctx: QuickJSContext;

const run = (js: string) => {
  const h = ctx.unwrapResult(ctx.evalCode(js));
  const out = ctx.dump(h) as unknown;
  h.dispose();
  return out;
};
const memory = () => new Uint8Array(it.quickjs.getWasmMemory().buffer).slice();

beforeAll(async () => {
  it = newInterpreter(await interpreterImage());
  it.fuel.value = 2n ** 62n;
  ctx = it.quickjs.newContext();
  run("globalThis.log = []; 0");
  it.heap.snapshot();
});

test("a restore puts back every byte written since the snapshot, and only marked blocks", () => {
  expect(it.heap.atSnapshot()).toBe(true);
  expect(run("log.push('x'.repeat(5000)); globalThis.y = { a: [1, 2, 3] }; log.length")).toBe(1);
  expect(it.heap.atSnapshot()).toBe(false);
  const n = it.heap.restore();
  expect(n).toBeGreaterThan(0);
  expect(it.heap.atSnapshot()).toBe(true);
  expect(run("log.length + (typeof y)")).toBe("0undefined");
  it.heap.restore();
  expect(it.heap.restore()).toBe(0); // nothing marked since
});

test("a rollback returns to the checkpoint's bytes, the blocks dirty then still marked", () => {
  run("log.push(1); 0");
  const cp = it.heap.checkpoint();
  const at = memory();
  run("log.push(2, 3); globalThis.z = 'z'.repeat(3000); 0");
  it.heap.rollback(cp);
  expect(memory()).toEqual(at);
  expect(run("log.join() + (typeof z)")).toBe("1undefined");
  it.heap.restore();
  expect(it.heap.atSnapshot()).toBe(true);
});

test("a mark on the map (a wild store) stops the heap: restore throws, and keeps throwing", () => {
  it.heap.markBlocks([it.heap.mapAddress >>> DIRTY_BLOCK_SHIFT]);
  let err: unknown;
  try {
    it.heap.restore();
  } catch (e) {
    err = e;
  }
  expect(isRuntimeError(err)).toBe(true);
  expect((err as Error).message).toMatch(/dirty map or heap snapshot/);
  expect(() => it.heap.restore()).toThrow(/wild store/);
});
