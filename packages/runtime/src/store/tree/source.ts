import { StoreCorruptError } from "../errors";
import { bytesEqual, keyOf, toHex } from "../bytes";
import { EMPTY_HASH } from "../hash";
import { EMPTY, EMPTY_REF, LEAF, NODE, type Node, type Ref } from "./node";

/** Where tree nodes are read from: a committed store, possibly layered under pending nodes. */
export interface NodeSource {
  /** The decoded node with this hash, or undefined when it is not there. */
  node(hash: Uint8Array): Node | undefined;
}

/** A node that is about to be written: its hash (the storage key), bytes and decoded form. */
export interface PendingNode {
  readonly hash: Uint8Array;
  readonly bytes: Uint8Array;
  readonly node?: Node;
}

/** New nodes by hash; also readable as a NodeSource layered over `under`. */
export class NodeBuffer implements NodeSource {
  readonly nodes = new Map<string, PendingNode>();
  constructor(private readonly under: NodeSource) {}

  add(hash: Uint8Array, bytes: Uint8Array, node: Node): void {
    this.nodes.set(keyOf(hash), { hash, bytes, node });
  }

  node(hash: Uint8Array): Node | undefined {
    return this.nodes.get(keyOf(hash))?.node ?? this.under.node(hash);
  }
}

export function loadNode(source: NodeSource, hash: Uint8Array): Node {
  const node = source.node(hash);
  if (node === undefined) {
    throw new StoreCorruptError(`Missing tree node ${toHex(hash)}`, {
      hint: "The store lost data it referenced; restore it from a backup.",
    });
  }
  return node;
}

/** The node a Ref points to, loaded once and memoised on the Ref. */
export function deref(source: NodeSource, ref: Ref): Node {
  return (ref.node ??= loadNode(source, ref.hash));
}

/** A root hash as a Ref (the kind of a root is only known by loading it). */
export function refOf(source: NodeSource, hash: Uint8Array): Ref {
  if (bytesEqual(hash, EMPTY_HASH)) return EMPTY_REF;
  const node = loadNode(source, hash);
  return { hash, kind: node.kind === LEAF ? LEAF : NODE, node };
}

/**
 * Decoded nodes by hash, bounded: when full it starts over (cheap, and hot paths refill at once).
 * Shared by every session of a store; safe because nodes are immutable.
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
