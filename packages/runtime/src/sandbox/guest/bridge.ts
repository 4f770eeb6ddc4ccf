import type { SandboxBridge } from "@shortcrust/sdk";
import { u8Slice, U8 } from "./intrinsics";
import { charge } from "./gas";
import { frameBridge, reply } from "./frame";

/**
 * What the contract's code reaches as `globalThis.__shortcrust` (the SDK's `SandboxBridge`, so
 * the contract-side API and this implementation are checked against one interface): each
 * function checks its arguments, charges the host schedule (`GAS`) before the work, and calls
 * the host. The frame-bound ones (state, calls out, gas limit) are in `frame.ts`.
 */

/** A Uint8Array argument's bytes as an ArrayBuffer for the host (its own buffer when whole). */
function bytesOf(v: unknown, what: string): ArrayBuffer {
  if (!(v instanceof U8)) throw new TypeError(what + ": expected a Uint8Array");
  return (
    v.byteOffset === 0 && v.byteLength === v.buffer.byteLength ? v.buffer : u8Slice.call(v).buffer
  ) as ArrayBuffer;
}

function optU8(ab: ArrayBuffer | undefined): Uint8Array | null {
  return ab === undefined ? null : new U8(ab);
}

export const bridge: SandboxBridge = {
  register: frameBridge.register,
  stateGet: frameBridge.stateGet,
  stateSet: frameBridge.stateSet,
  ephemeralGet(key) {
    const k = bytesOf(key, "ephemeralGet");
    charge(GAS.STATE_READ_BASE + GAS.STATE_READ_BYTE * k.byteLength);
    const r = __sc_host.eget(k);
    if (r !== undefined) charge(GAS.STATE_READ_BYTE * r.byteLength);
    return optU8(r);
  },
  ephemeralSet(key, value) {
    const k = bytesOf(key, "ephemeralSet");
    const v = value === null || value === undefined ? null : bytesOf(value, "ephemeralSet");
    charge(
      GAS.STATE_WRITE_BASE +
        GAS.STATE_WRITE_BYTE * (k.byteLength + (v === null ? 0 : v.byteLength)),
    );
    __sc_host.eset(k, v === null ? undefined : v);
  },
  selfId() {
    charge(GAS.CONTEXT_BASE);
    return reply(__sc_host.selfId())!;
  },
  caller() {
    charge(GAS.CONTEXT_BASE);
    return reply(__sc_host.caller());
  },
  callstack() {
    charge(GAS.CONTEXT_BASE);
    const ids = __sc_host.callstack();
    const out: Uint8Array[] = [];
    for (let i = 0; i < ids.length; i++) out[i] = new U8(ids[i]);
    return out;
  },
  owner(id) {
    charge(GAS.CONTEXT_BASE);
    return optU8(__sc_host.owner(id === undefined ? undefined : bytesOf(id, "owner")));
  },
  limit: frameBridge.limit,
  spent: frameBridge.spent,
  meta(key) {
    charge(GAS.META_BASE);
    const r = reply(__sc_host.meta(String(key)));
    if (r !== null) charge(GAS.META_BYTE * r.byteLength);
    return r;
  },
  emit(topic, data) {
    const t = String(topic);
    const d = bytesOf(data, "emit");
    charge(GAS.EVENT_BASE + GAS.EVENT_BYTE * (t.length + d.byteLength));
    __sc_host.emit(t, d);
  },
  feed(data) {
    const d = bytesOf(data, "feed");
    charge(GAS.FEED_BASE + GAS.FEED_BYTE * d.byteLength);
    __sc_host.feed(d);
  },
  frameState: frameBridge.frameState,
  call: frameBridge.call,
  debug(message) {
    const m = String(message);
    charge(GAS.DEBUG_BASE + GAS.DEBUG_CHAR * m.length);
    if (m.length > LIMITS.MAX_VALUE_BYTES) __sc_host.tooBig("a debug message", m.length);
    __sc_host.debug(m);
  },
  hostQuery(name, arg) {
    const n = String(name);
    const a = bytesOf(arg, "hostQuery");
    charge(GAS.HOST_QUERY_BASE);
    charge(__sc_host.hqPrice(n, a));
    return new U8(__sc_host.hq(n, a));
  },
};
