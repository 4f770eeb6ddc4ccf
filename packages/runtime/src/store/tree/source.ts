import { StoreCorruptError } from "../errors";
import { bytesEqual, toHex } from "../bytes";
import { EMPTY_HASH } from "../hash";
import { decodeNode, EMPTY_REF, LEAF, NODE, type Node, type Ref } from "./node";

/** Where tree nodes are read from: a committed store, possibly layered under pending nodes. */
export interface NodeSource {
  /** The node's stored bytes, or undefined when it is not there. */
  nodeBytes(hash: Uint8Array): Uint8Array | undefined;
}

/** A node that is about to be written: its hash (the storage key) and its bytes. */
export interface PendingNode {
  readonly hash: Uint8Array;
  readonly bytes: Uint8Array;
}

/** New nodes by hex hash; also readable as a NodeSource layered over `under`. */
export class NodeBuffer implements NodeSource {
  readonly nodes = new Map<string, PendingNode>();
  constructor(private readonly under: NodeSource) {}

  add(hash: Uint8Array, bytes: Uint8Array): void {
    this.nodes.set(toHex(hash), { hash, bytes });
  }

  nodeBytes(hash: Uint8Array): Uint8Array | undefined {
    return this.nodes.get(toHex(hash))?.bytes ?? this.under.nodeBytes(hash);
  }
}

export function loadNode(source: NodeSource, hash: Uint8Array): Node {
  const bytes = source.nodeBytes(hash);
  if (bytes === undefined) {
    throw new StoreCorruptError(`Missing tree node ${toHex(hash)}`, {
      hint: "The store lost data it referenced; restore it from a backup.",
    });
  }
  return decodeNode(hash, bytes);
}

/** A root hash as a Ref (the kind of a root is only known by loading it). */
export function refOf(source: NodeSource, hash: Uint8Array): Ref {
  if (bytesEqual(hash, EMPTY_HASH)) return EMPTY_REF;
  const node = loadNode(source, hash);
  return { hash, kind: node.kind === LEAF ? LEAF : NODE };
}

export { NODE };
