// The sandbox's record cache and the write-back of a frame's pending writes.
import { VM } from "../vm/vm";
import type { Session } from "../session/session";
import { fixture, OWNER } from "../testing/fixtures";
import { idOf, NONE, U32 } from "../testing/helpers";
import { isInitializationError, isPanicError, type PanicError } from "../errors";

const LIMIT = 100_000_000n;
let vm: VM;

beforeAll(async () => {
  vm = await VM.ephemeral();
});
afterAll(async () => {
  await vm.close();
});

async function deployed(): Promise<{ s: Session; id: Uint8Array }> {
  const s = vm.session();
  const id = s.deploy(await fixture("records"), {
    owner: OWNER,
    contractId: idOf(1),
    gasLimit: LIMIT,
  }).contractId;
  return { s, id };
}

const read = (s: Session, id: Uint8Array, key: Uint8Array) =>
  Array.from(s.callRaw(id, "read", key, LIMIT).data);

describe("record cache", () => {
  it("keeps a pending write when the frame writes more than the cache holds", async () => {
    const { s, id } = await deployed();
    // 20 × 60 KiB is more than the sandbox's 1 MiB cache, so it starts over mid-frame.
    const r = s.callRaw(id, "flood_then_read", U32.archive(20), LIMIT);
    expect(Array.from(r.data)).toEqual([7, 7, 7]);
    expect(read(s, id, new TextEncoder().encode("a"))).toEqual([7, 7, 7]);
    expect(read(s, id, U32.archive(19))[0]).toBe(19);
    // A fresh session over the same state pays the same gas (cache hits never change gas).
    const again = await deployed();
    expect(again.s.callRaw(again.id, "flood_then_read", U32.archive(20), LIMIT).gasSpent).toBe(
      r.gasSpent,
    );
    s.close();
    again.s.close();
  });

  it("keeps a pending overwrite when the cache starts over at that very write", async () => {
    // Around 17 records of 60 KiB the 1 MiB cache overflows on the overwrite of "b" itself.
    for (const n of [15, 16, 17, 18]) {
      const { s, id } = await deployed();
      s.callRaw(id, "overwrite_after_flood", U32.archive(n), LIMIT);
      expect(read(s, id, new TextEncoder().encode("b"))[0]).toBe(9);
      s.close();
    }
  });

  it("stores keys by their bytes, whatever typed array carried them; a proxy is refused", async () => {
    const { s, id } = await deployed();
    expect(Array.from(s.callRaw(id, "odd_keys", NONE, LIMIT).data)).toEqual([1]);
    expect(read(s, id, new Uint8Array([255, 2]))).toEqual([1]);
    let err: unknown;
    try {
      s.callRaw(id, "proxy_key", NONE, LIMIT);
    } catch (e) {
      err = e;
    }
    expect(isPanicError(err)).toBe(true);
    expect((err as PanicError).panicMessage).toMatch(/TypedArray/);
    expect(read(s, id, new Uint8Array([3, 4]))).toEqual([0xee]);
    s.close();
  });

  it("reads records through odd keys, short keys and long ones, cached or not", async () => {
    const { s, id } = await deployed();
    s.callRaw(id, "odd_keys", NONE, LIMIT);
    expect(Array.from(s.callRaw(id, "odd_reads", NONE, LIMIT).data)).toEqual([1, 1]);
    // Either side of the keys the sandbox reads through the frame buffer (up to 64 bytes).
    for (const n of [0, 1, 63, 64, 65, 200]) {
      const key = Uint8Array.from({ length: n }, (_, i) => (i * 7 + n) & 255);
      s.callRaw(id, "write", Uint8Array.of(n & 255 || 1, ...key), LIMIT);
      expect(read(s, id, key)).toEqual([n & 255 || 1]);
    }
    for (const kind of [0, 1]) {
      let err: unknown;
      try {
        s.callRaw(id, "fake_read", Uint8Array.of(kind), LIMIT);
      } catch (e) {
        err = e;
      }
      expect(isPanicError(err)).toBe(true);
      expect((err as PanicError).panicMessage).toBe("stateGet: expected a Uint8Array");
    }
    s.close();
  });

  it("a call out with a contract id that is not 32 bytes is the caller's panic, saying so", async () => {
    const { s, id } = await deployed();
    for (const n of [31, 33, 0]) {
      let err: unknown;
      try {
        s.callRaw(id, "call_short_id", Uint8Array.of(n), LIMIT);
      } catch (e) {
        err = e;
      }
      expect(isPanicError(err)).toBe(true);
      expect((err as PanicError).panicMessage).toBe(
        `callRaw: contract id: expected 32 bytes, found ${n}`,
      );
    }
    s.close();
  });

  it("hands out copies", async () => {
    const { s, id } = await deployed();
    expect(Array.from(s.callRaw(id, "copies", NONE, LIMIT).data)).toEqual([1, 2, 3]);
    expect(read(s, id, new TextEncoder().encode("a"))).toEqual([1, 2, 3]);
    s.close();
  });

  it("writes back deletes and several records", async () => {
    const { s, id } = await deployed();
    s.callRaw(id, "set_and_delete", NONE, LIMIT);
    expect(read(s, id, new TextEncoder().encode("a"))).toEqual([0xee]);
    expect(read(s, id, new TextEncoder().encode("b"))).toEqual([6]);
    s.close();
  });

  it("sees a re-entrant frame's writes, and not those of a failed one", async () => {
    const { s, id } = await deployed();
    s.callRaw(id, "reenter", NONE, LIMIT);
    expect(read(s, id, new TextEncoder().encode("seen"))).toEqual([2]);
    expect(read(s, id, new TextEncoder().encode("a"))).toEqual([2]);
    expect(Array.from(s.callRaw(id, "reenter_failing", NONE, LIMIT).data)).toEqual([1, 1]);
    expect(read(s, id, new TextEncoder().encode("a"))).toEqual([1]);
    s.close();
  });

  it("passes messages larger than the frame buffer as ArrayBuffers of their own", async () => {
    // A call out carrying 120 KiB of pending writes and a 60 KiB argument, a 60 KiB reply, a
    // result with a 60 KiB write: all over the frame buffer's size (LIMITS.FRAME_BUFFER_BYTES).
    const { s, id } = await deployed();
    const r = s.callRaw(id, "big_messages", NONE, LIMIT);
    expect(Array.from(r.data)).toEqual([1, 10, 1, 9 ^ 3 ^ 5]);
    expect(read(s, id, new TextEncoder().encode("big3"))[0]).toBe(9 ^ 3 ^ 5);
    // The same call in a fresh session costs the same gas.
    const again = await deployed();
    expect(again.s.callRaw(again.id, "big_messages", NONE, LIMIT).gasSpent).toBe(r.gasSpent);
    s.close();
    again.s.close();
  });

  it("refuses state writes while a contract loads", async () => {
    const s = vm.session();
    let err: unknown;
    try {
      s.deploy(await fixture("load_writer"), { owner: OWNER, gasLimit: LIMIT });
    } catch (e) {
      err = e;
    }
    expect(isInitializationError(err)).toBe(true);
    expect(String((err as Error & { cause?: Error }).cause?.message)).toMatch(
      /state cannot be written while the contract loads/,
    );
    s.close();
  });
});
