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
 */
export class StateVec<T> {
  private readonly prefix: Uint8Array;
  private readonly lengthKey: Uint8Array;
  constructor(
    prefix: Uint8Array | string,
    private readonly codec: StoreCodec<T>,
  ) {
    const p = prefixBytes(prefix);
    this.prefix = concat(p, Uint8Array.of(3));
    this.lengthKey = concat(p, Uint8Array.of(2));
  }

  private slot(index: number): Uint8Array {
    const k = new Uint8Array(this.prefix.length + 4);
    k.set(this.prefix, 0);
    new DataView(k.buffer).setUint32(this.prefix.length, index, false);
    return k;
  }

  get length(): number {
    const b = stateGet(this.lengthKey);
    return b === null ? 0 : new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(0, true);
  }

  private setLength(n: number): void {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, n, true);
    stateSet(this.lengthKey, n === 0 ? null : b);
  }

  get(index: number): T | null {
    if (!Number.isInteger(index) || index < 0 || index >= this.length) return null;
    const bytes = stateGet(this.slot(index));
    return bytes === null ? null : this.codec.deserialize(bytes);
  }

  set(index: number, value: T): void {
    const n = this.length;
    if (!Number.isInteger(index) || index < 0 || index >= n) {
      throw new RangeError(`StateVec.set: index ${index} out of bounds (length ${n})`);
    }
    stateSet(this.slot(index), this.codec.archive(value));
  }

  push(value: T): void {
    const n = this.length;
    if (n >= 0xffffffff) throw new RangeError("StateVec.push: length would exceed u32");
    stateSet(this.slot(n), this.codec.archive(value));
    this.setLength(n + 1);
  }

  pop(): T | null {
    const n = this.length;
    if (n === 0) return null;
    const bytes = stateGet(this.slot(n - 1));
    stateSet(this.slot(n - 1), null);
    this.setLength(n - 1);
    return bytes === null ? null : this.codec.deserialize(bytes);
  }
}
