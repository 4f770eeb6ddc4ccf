import { StoreCorruptError } from "../errors";
import { bytesEqual, keyOf, toHex } from "../bytes";
import { EMPTY_HASH } from "../hash";
import { EMPTY, EMPTY_REF, LEAF, NODE, type Node, type Ptr, type Ref } from "./node";

/** Where tree nodes are read from: a committed store, possibly layered under pending nodes. */
export interface NodeSource {
  /** The decoded node at `ptr`, or undefined when it is not there. */
  node(ptr: Ptr): Node | undefined;
}

/** A node that is about to be written: its hash, encoded bytes and decoded form. */
export interface PendingNode {
  readonly hash: Uint8Array;
  readonly bytes: Uint8Array;
  readonly node?: Node;
}

/** A session's new (PENDING) nodes by hash, readable as a NodeSource layered over `under`. */
export class NodeBuffer implements NodeSource {
  readonly nodes = new Map<string, PendingNode>();
  constructor(private readonly under: NodeSource) {}

  add(hash: Uint8Array, bytes: Uint8Array, node: Node): void {
    this.nodes.set(keyOf(hash), { hash, bytes, node });
  }

  node(ptr: Ptr): Node | undefined {
    return this.nodes.get(keyOf(ptr.hash))?.node ?? this.under.node(ptr);
  }
}

export function loadNode(source: NodeSource, ptr: Ptr): Node {
  const node = source.node(ptr);
  if (node === undefined) {
    throw new StoreCorruptError(`Missing tree node ${toHex(ptr.hash)} (commit ${ptr.loc})`, {
      hint: "The store lost data it referenced; restore it from a backup.",
    });
  }
  return node;
}

/** The node a pointer points to, loaded once and memoised on the pointer. */
export function deref(source: NodeSource, ptr: Ptr): Node {
  return (ptr.node ??= loadNode(source, ptr));
}

/** A root pointer as a Ref (the kind of a root is only known by loading it). */
export function refOf(source: NodeSource, ptr: Ptr): Ref {
  if (bytesEqual(ptr.hash, EMPTY_HASH)) return EMPTY_REF;
  const node = deref(source, ptr);
  return { hash: ptr.hash, loc: ptr.loc, kind: node.kind === LEAF ? LEAF : NODE, node };
}

/**
 * Decoded nodes by storage key, bounded: when full it starts over (cheap, and hot paths refill
 * at once). Shared by every session of a store; safe because stored nodes are immutable.
 */
export class NodeCache {
  private map = new Map<string, Node>();
  constructor(private readonly limit: number) {}

  get(key: string): Node | undefined {
    return this.map.get(key);
  }

  set(key: string, node: Node): void {
    if (this.map.size >= this.limit) this.map = new Map();
    this.map.set(key, node);
  }
}

export { EMPTY };
