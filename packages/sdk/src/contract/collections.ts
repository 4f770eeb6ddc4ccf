import { bridge, type SandboxBridge } from "./bridge";
import { stateGet, stateSet } from "./state";

/** The part of a codec the collections need (a composed or generated codec satisfies it). */
export interface StoreCodec<T> {
  archive(value: T): Uint8Array;
  deserialize(bytes: Uint8Array): T;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

function prefixBytes(prefix: Uint8Array | string): Uint8Array {
  return typeof prefix === "string" ? new TextEncoder().encode(prefix) : prefix.slice();
}

/**
 * A map stored record by record in the contract's storage, for state too large to load whole:
 * entry `k` lives under `prefix ‖ 0x01 ‖ archive(k)`. Only touched entries are read or written.
 * There is no iteration (the store has no range scans); keep an index in a StateVec if needed.
 */
export class StateMap<K, V> {
  private readonly prefix: Uint8Array;
  constructor(
    prefix: Uint8Array | string,
    private readonly keyCodec: StoreCodec<K>,
    private readonly valueCodec: StoreCodec<V>,
  ) {
    this.prefix = concat(prefixBytes(prefix), Uint8Array.of(1));
  }

  private slot(key: K): Uint8Array {
    return concat(this.prefix, this.keyCodec.archive(key));
  }

  get(key: K): V | null {
    const bytes = stateGet(this.slot(key));
    return bytes === null ? null : this.valueCodec.deserialize(bytes);
  }

  has(key: K): boolean {
    return stateGet(this.slot(key)) !== null;
  }

  set(key: K, value: V): void {
    stateSet(this.slot(key), this.valueCodec.archive(value));
  }

  delete(key: K): void {
    stateSet(this.slot(key), null);
  }
}

/**
 * A vector stored element by element: the length under `prefix ‖ 0x02` (u32 LE), element `i`
 * under `prefix ‖ 0x03 ‖ u32 BE i` (big-endian so keys sort by index).
 *
 * Keys and the length are written into scratch arrays the handle owns (the bridge copies what
 * it is given, and the sandbox starts every call from the module's load-time heap), so an
 * access allocates no key and builds no DataView. Each method reaches the bridge once and does
 * its key and length arithmetic inline: in a sandbox every call and every operation is metered
 * and interpreted, and `push` (a length read, an element and a length write) is what a
 * contract's history costs per call.
 */
export class StateVec<T> {
  private readonly lengthKey: Uint8Array;
  /** `prefix ‖ 0x03 ‖ u32 BE index`, the index rewritten per access. */
  private readonly key: Uint8Array;
  private readonly at: number;
  private readonly lengthBytes = new Uint8Array(4);
  constructor(
    prefix: Uint8Array | string,
    private readonly codec: StoreCodec<T>,
  ) {
    const p = prefixBytes(prefix);
    this.lengthKey = concat(p, Uint8Array.of(2));
    this.at = p.length + 1;
    this.key = new Uint8Array(this.at + 4);
    this.key.set(p, 0);
    this.key[p.length] = 3;
  }

  /** The element key of `index` (the scratch key, rewritten). */
  private slot(index: number): Uint8Array {
    const k = this.key;
    const at = this.at;
    k[at] = index >>> 24;
    k[at + 1] = (index >>> 16) & 0xff;
    k[at + 2] = (index >>> 8) & 0xff;
    k[at + 3] = index & 0xff;
    return k;
  }

  get length(): number {
    return lengthOf(bridge("stateGet").stateGet(this.lengthKey));
  }

  /** Writes the length record (deleted at 0) through `b`. */
  private setLength(b: SandboxBridge, n: number): void {
    if (n === 0) {
      b.stateSet(this.lengthKey, null);
      return;
    }
    const l = this.lengthBytes;
    l[0] = n & 0xff;
    l[1] = (n >>> 8) & 0xff;
    l[2] = (n >>> 16) & 0xff;
    l[3] = n >>> 24;
    b.stateSet(this.lengthKey, l);
  }

  get(index: number): T | null {
    const b = bridge("stateGet");
    if (!Number.isInteger(index) || index < 0 || index >= lengthOf(b.stateGet(this.lengthKey))) {
      return null;
    }
    const bytes = b.stateGet(this.slot(index));
    return bytes === null ? null : this.codec.deserialize(bytes);
  }

  set(index: number, value: T): void {
    const b = bridge("stateGet");
    const n = lengthOf(b.stateGet(this.lengthKey));
    if (!Number.isInteger(index) || index < 0 || index >= n) {
      throw new RangeError(`StateVec.set: index ${index} out of bounds (length ${n})`);
    }
    const bytes = this.codec.archive(value);
    b.stateSet(this.slot(index), bytes);
  }

  push(value: T): void {
    const b = bridge("stateGet");
    const lengthKey = this.lengthKey;
    const n = lengthOf(b.stateGet(lengthKey));
    if (n >= 0xffffffff) throw new RangeError("StateVec.push: length would exceed u32");
    const bytes = this.codec.archive(value);
    // The element under `slot(n)`, then the length n + 1 (never 0), both inline.
    const k = this.key;
    const at = this.at;
    k[at] = n >>> 24;
    k[at + 1] = (n >>> 16) & 0xff;
    k[at + 2] = (n >>> 8) & 0xff;
    k[at + 3] = n & 0xff;
    b.stateSet(k, bytes);
    const m = n + 1;
    const l = this.lengthBytes;
    l[0] = m & 0xff;
    l[1] = (m >>> 8) & 0xff;
    l[2] = (m >>> 16) & 0xff;
    l[3] = m >>> 24;
    b.stateSet(lengthKey, l);
  }

  pop(): T | null {
    const b = bridge("stateGet");
    const n = lengthOf(b.stateGet(this.lengthKey));
    if (n === 0) return null;
    const k = this.slot(n - 1);
    const bytes = b.stateGet(k);
    b.stateSet(k, null);
    this.setLength(b, n - 1);
    return bytes === null ? null : this.codec.deserialize(bytes);
  }
}

/** A StateVec's length from its length record (none: 0). */
function lengthOf(b: Uint8Array | null): number {
  if (b === null) return 0;
  if (b.length < 4) {
    throw new RangeError(`StateVec.length: the length record has ${b.length} bytes, not 4`);
  }
  return (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
}
