/**
 * `BTreeMap<K, V>` as rkyv 0.7 archives it (`collections/btree_map`): a B-tree of nodes written
 * bottom-up from the largest key, each node `{ NodeHeader, entries… }` with the header's `size`
 * reaching back over the node's out-of-line data; leaves are linked in key order. The checker
 * mirrors rkyv 0.7.39's `CheckBytes for ArchivedBTreeMap` (suffix ranges per node, BFS over the
 * levels, sorted and linked leaves, equal depth, length, child keys), and additionally checks
 * that every node's entries lie inside the buffer and the unclaimed range (0.7.39 does not).
 */
import type { TypeDesc } from "./descriptor";
import type { Node } from "./node";
import type { Source } from "./source";
import { layoutOf, univariant, type Layout } from "./layout";
import type { ArchiveWriter } from "./writer";
import type { CheckContext } from "./checker";
import { failCheck, failValue, describeValue, rethrowAt, addSegment } from "./errors";
import { utf8Length } from "./utf8";
import { readU128 } from "./scalars";

const MAX_NODE_SIZE = 4096;
const INNER_HEADER_ALIGN = 8;
const U16: Layout = { size: 2, align: 2, niche: null };
const U32: Layout = { size: 4, align: 4, niche: null };
const REL: Layout = { size: 4, align: 4, niche: null };
// NodeHeader { meta: u16, size: u32, ptr: RelPtr } (repr(Rust)).
const HEADER = univariant([U16, U32, REL], false);
const [META, SIZE, PTR] = HEADER.offsets!;
// ArchivedBTreeMap { len: u32, root: RelPtr }.
const MAP = univariant([U32, REL], false);
const [LEN, ROOT] = MAP.offsets!;

function roundUp(n: number, a: number): number {
  return Math.ceil(n / a) * a;
}

/** Orders keys as Rust's `Ord` does (strings by UTF-8 bytes, i.e. by code points). */
type Compare = (a: unknown, b: unknown) => number;
/** Orders archived keys in place. */
type CompareArchived = (s: Source, a: number, b: number) => number;

const KEY_KINDS = new Set([
  "u8",
  "u16",
  "u32",
  "u64",
  "u128",
  "i8",
  "i16",
  "i32",
  "i64",
  "i128",
  "usize",
  "isize",
  "bool",
  "char",
  "string",
  "bytes",
  "unit",
]);

function compareValues(d: TypeDesc): Compare {
  switch (d.kind) {
    case "string":
    case "char":
      return (a, b) => compareCodePoints(a as string, b as string);
    case "bytes":
      return (a, b) => compareBytes(a as Uint8Array, b as Uint8Array);
    case "bool":
      return (a, b) => Number(a) - Number(b);
    case "unit":
      return () => 0;
    default:
      return (a, b) => {
        const x = typeof a === "bigint" ? a : BigInt(a as number);
        const y = typeof b === "bigint" ? b : BigInt(b as number);
        return x < y ? -1 : x > y ? 1 : 0;
      };
  }
}

function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

function compareArchived(d: TypeDesc, node: Node): CompareArchived {
  switch (d.kind) {
    case "string":
      return (s, a, b) => compareBytes(strBytes(s, a), strBytes(s, b));
    case "bytes":
      return (s, a, b) =>
        compareBytes(s.bytes.subarray(a, a + d.len), s.bytes.subarray(b, b + d.len));
    case "u128":
      return (s, a, b) => {
        const x = readU128(s.view, a);
        const y = readU128(s.view, b);
        return x < y ? -1 : x > y ? 1 : 0;
      };
    case "char":
      return (s, a, b) => s.view.getUint32(a, true) - s.view.getUint32(b, true);
    case "unit":
      return () => 0;
    default:
      return (s, a, b) => {
        const x = node.read(s, a) as number | bigint | boolean;
        const y = node.read(s, b) as number | bigint | boolean;
        return x < y ? -1 : x > y ? 1 : 0;
      };
  }
}

/** The UTF-8 bytes of a checked `ArchivedString` at `pos`. */
function strBytes(s: Source, pos: number): Uint8Array {
  const b7 = s.bytes[pos + 7];
  if ((b7 & 0x80) === 0) return s.bytes.subarray(pos, pos + b7);
  const at = pos + s.view.getInt32(pos + 4, true);
  return s.bytes.subarray(at, at + s.view.getUint32(pos, true));
}

/** Fills `n` (a `map` node) with the BTreeMap closures. */
export function btreeMap(n: Node, keyDesc: TypeDesc, k: Node, v: Node): void {
  if (!KEY_KINDS.has(keyDesc.kind)) {
    throw new TypeError(
      `BTreeMap keys of type ${k.name} are not supported (integers, bool, char, String, [u8; N])`,
    );
  }
  const leaf = univariant([layoutOf(k.desc), layoutOf(v.desc)], false);
  const [LK, LV] = leaf.offsets!;
  const inner = univariant([REL, layoutOf(k.desc)], false);
  const [IP, IK] = inner.offsets!;
  const leafTail = roundUp(HEADER.size, leaf.align);
  const innerTail = roundUp(HEADER.size, inner.align);
  const cmp = compareValues(keyDesc);
  const cmpArchived = compareArchived(keyDesc, k);

  const entriesOf = (m: unknown): [unknown, unknown][] => {
    if (!(m instanceof Map)) failValue("a Map", describeValue(m));
    const out = [...(m as Map<unknown, unknown>).entries()];
    out.sort((a, b) => cmp(a[0], b[0]));
    for (let i = 1; i < out.length; i++) {
      if (cmp(out[i - 1][0], out[i][0]) === 0) {
        failValue("distinct keys", `the key ${describeValue(out[i][0])} twice`);
      }
    }
    if (keyDesc.kind === "string") {
      for (const [key] of out) {
        if (typeof key !== "string" || utf8Length(key) < 0)
          failValue("a string key", describeValue(key));
      }
    }
    return out;
  };

  n.ool = true;
  n.trivial = false;

  // ------------------------------------------------------------- archive
  // `ArchivedBTreeMap::serialize_from_reverse_iter`, step for step.
  n.resolve = (w: ArchiveWriter, m) => {
    const entries = entriesOf(m);
    if (entries.length === 0) {
      w.pushResolver(0);
      return;
    }
    const mark = w.rtop;
    const cur = w.rcur;
    const seg = (i: number) => `[${describeValue(entries[i][0])}]`;
    let nextLevel: { key: number; pos: number }[] = [];
    let idx = entries.length - 1;
    while (idx >= 0) {
      const blockStart = w.pos;
      const group: number[] = [];
      const marks: number[] = [];
      const add = (i: number): void => {
        marks.push(w.rtop);
        group.push(i);
        try {
          if (k.ool) k.resolve(w, entries[i][0]);
          if (v.ool) v.resolve(w, entries[i][1]);
        } catch (err) {
          rethrowAt(err, seg(i));
        }
      };
      add(idx--);
      for (;;) {
        const est = w.pos - blockStart + HEADER.size + group.length * leaf.size;
        if (est >= MAX_NODE_SIZE && group.length >= 1) break;
        if (idx >= 0) add(idx--);
        else break;
      }
      w.align(Math.max(HEADER.align, leaf.align));
      const header = w.reserve(HEADER.size, HEADER.align);
      const next = nextLevel.length > 0 ? nextLevel[nextLevel.length - 1].pos : header + PTR;
      w.view.setUint16(header + META, group.length, true);
      w.view.setUint32(header + SIZE, header - blockStart, true);
      w.view.setInt32(header + PTR, next - (header + PTR), true);
      nextLevel.push({ key: group[group.length - 1], pos: header });
      w.align(leaf.align);
      for (let j = group.length - 1; j >= 0; j--) {
        const at = w.reserve(leaf.size, leaf.align);
        const i = group[j];
        w.rcur = marks[j];
        try {
          k.write(w, at + LK, entries[i][0]);
          v.write(w, at + LV, entries[i][1]);
        } catch (err) {
          rethrowAt(err, seg(i));
        }
      }
    }
    while (nextLevel.length > 1) {
      const level = nextLevel;
      nextLevel = [];
      let it = 0;
      while (level.length - it > 1) {
        const blockStart = w.pos;
        const group: { key: number; pos: number; mark: number }[] = [];
        const add = (): void => {
          const e = level[it++];
          const m2 = w.rtop;
          if (k.ool) k.resolve(w, entries[e.key][0]);
          group.push({ key: e.key, pos: e.pos, mark: m2 });
        };
        while (level.length - it > 1) {
          add();
          const est = w.pos - blockStart + HEADER.size + group.length * inner.size;
          if (est >= MAX_NODE_SIZE && group.length >= 2) break;
        }
        if (level.length - it === 2) add();
        const first = level[it++];
        // rkyv aligns inner nodes for the *unarchived* `NodeHeaderData` (a `usize` inside): 8 on
        // 64-bit hosts like the vectors' and the oracle's (a wasm32 contract would use 4).
        w.align(Math.max(INNER_HEADER_ALIGN, inner.align));
        const header = w.reserve(HEADER.size, HEADER.align);
        w.view.setUint16(header + META, 0x8000 | group.length, true);
        w.view.setUint32(header + SIZE, header - blockStart, true);
        w.view.setInt32(header + PTR, first.pos - (header + PTR), true);
        nextLevel.push({ key: first.key, pos: header });
        w.align(inner.align);
        for (let j = group.length - 1; j >= 0; j--) {
          const at = w.reserve(inner.size, inner.align);
          w.view.setInt32(at + IP, group[j].pos - (at + IP), true);
          w.rcur = group[j].mark;
          k.write(w, at + IK, entries[group[j].key][0]);
        }
      }
    }
    w.rcur = cur;
    w.rtop = mark;
    w.pushResolver(nextLevel[0].pos);
  };
  n.write = (w, pos, m: Map<unknown, unknown>) => {
    const root = w.nextResolver();
    w.view.setUint32(pos + LEN, m.size, true);
    w.view.setInt32(pos + ROOT, root - (pos + ROOT), true);
  };

  // ------------------------------------------------------------- read
  /** Visits the entries in key order (the archive is checked): f(keyPos, valuePos). */
  const each = (s: Source, pos: number, f: (kp: number, vp: number) => void): void => {
    const len = s.view.getUint32(pos + LEN, true);
    if (len === 0) return;
    let node = pos + ROOT + s.view.getInt32(pos + ROOT, true);
    while (s.view.getUint16(node + META, true) & 0x8000) {
      node = node + PTR + s.view.getInt32(node + PTR, true);
    }
    let seen = 0;
    for (;;) {
      const count = s.view.getUint16(node + META, true) & 0x7fff;
      for (let i = 0; i < count; i++) {
        const e = node + leafTail + i * leaf.size;
        f(e + LK, e + LV);
      }
      seen += count;
      const off = s.view.getInt32(node + PTR, true);
      // (count === 0 only in unchecked garbage: stop rather than loop)
      if (seen >= len || off === 0 || count === 0) return;
      node = node + PTR + off;
    }
  };
  n.read = (s, pos) => {
    const out = new Map<unknown, unknown>();
    each(s, pos, (kp, vp) => out.set(k.read(s, kp), v.read(s, vp)));
    return out;
  };
  n.view = (s, pos) => {
    const out = new Map<unknown, unknown>();
    each(s, pos, (kp, vp) => out.set(k.view(s, kp), v.view(s, vp)));
    return out;
  };
  n.toJson = (m: Map<unknown, unknown>) =>
    entriesOf(m).map(([key, val]) => [k.toJson(key), v.toJson(val)]);
  n.fromJson = (j) => {
    if (!Array.isArray(j)) failValue("an array of [key, value] pairs", describeValue(j));
    const out = new Map<unknown, unknown>();
    j.forEach((pair, i) => {
      if (!Array.isArray(pair) || pair.length !== 2) {
        failValue(`a [key, value] pair at index ${i}`, describeValue(pair));
      }
      try {
        out.set(k.fromJson(pair[0]), v.fromJson(pair[1]));
      } catch (err) {
        rethrowAt(err, `[${i}]`);
      }
    });
    return out;
  };

  // ------------------------------------------------------------- check
  const nodeSize = (s: Source, node: number): number => {
    const meta = s.view.getUint16(node + META, true);
    const count = meta & 0x7fff;
    return meta & 0x8000 ? innerTail + count * inner.size : leafTail + count * leaf.size;
  };
  /** A node pointer target: rkyv's subtree check of the header, plus our bounds for its entries. */
  const nodeAt = (c: CheckContext, s: Source, base: number): number => {
    const node = c.subtreePtr(base + c.view.getInt32(base, true), HEADER.size, HEADER.align, base);
    const size = nodeSize(s, node);
    if (node + size > c.len)
      failCheck("overrun", node, `a node of ${size} bytes`, `${c.len - node} bytes left`);
    if (node + size > c.end) {
      failCheck(
        "subtree_overrun",
        node,
        `a node of ${size} bytes before ${c.end}`,
        `it ends at ${node + size}`,
      );
    }
    return node;
  };
  /** `manual_check_contents`: the node's own out-of-line data lies in [node - size, node). */
  const contents = (c: CheckContext, node: number): void => {
    const size = c.view.getUint32(node + SIZE, true);
    const start = node - size;
    if (start < 0)
      failCheck("ptr_out_of_bounds", node, "a node size within the buffer", String(size));
    if (start < c.start) {
      failCheck(
        "subtree_out_of_bounds",
        node,
        `node data after ${c.start}`,
        `it starts at ${start}`,
      );
    }
    const saved = c.start;
    c.start = start;
    c.end = node;
    const meta = c.view.getUint16(node + META, true);
    const count = meta & 0x7fff;
    if (meta & 0x8000) {
      if (count + 1 < 2)
        failCheck("map", node, "an inner node with at least 2 children", String(count + 1));
      for (let i = count - 1; i >= 0; i--) {
        try {
          k.check(c, node + innerTail + i * inner.size + IK);
        } catch (err) {
          rethrowAt(err, `{inner key ${i}}`);
        }
      }
    } else {
      if (count < 1) failCheck("map", node, "a leaf with at least 1 entry", "0");
      for (let i = count - 1; i >= 0; i--) {
        const e = node + leafTail + i * leaf.size;
        let part = ".key";
        try {
          k.check(c, e + LK);
          part = ".value";
          v.check(c, e + LV);
        } catch (err) {
          addSegment(err, part);
          rethrowAt(err, `{entry ${i}}`);
        }
      }
    }
    c.end = c.start;
    c.start = saved;
  };
  n.check = (c, pos) => {
    const len = c.view.getUint32(pos + LEN, true);
    if (len === 0) return;
    const s: Source = { bytes: c.bytes, view: c.view, win: "", winStart: 0, winEnd: 0 };
    const root = nodeAt(c, s, pos + ROOT);
    const saved = c.push(root);
    contents(c, root);
    const nodes: { node: number; depth: number }[] = [{ node: root, depth: 0 }];
    let head = 0;
    while (head < nodes.length) {
      const { node, depth } = nodes[head];
      const meta = c.view.getUint16(node + META, true);
      if ((meta & 0x8000) === 0) break;
      head++;
      const child = nodeAt(c, s, node + PTR);
      contents(c, child);
      nodes.push({ node: child, depth: depth + 1 });
      const count = meta & 0x7fff;
      for (let i = 0; i < count; i++) {
        const grand = nodeAt(c, s, node + innerTail + i * inner.size + IP);
        contents(c, grand);
        nodes.push({ node: grand, depth: depth + 1 });
      }
    }
    c.pop(root + nodeSize(s, root), saved);
    const leaves = nodes.slice(head);
    let total = 0;
    for (let i = 0; i < leaves.length; i++) {
      const { node, depth } = leaves[i];
      const meta = c.view.getUint16(node + META, true);
      if (meta & 0x8000) failCheck("map", node, "a leaf on the leaf level", "an inner node");
      if (depth !== leaves[0].depth) {
        failCheck("map", node, `leaf depth ${leaves[0].depth}`, `depth ${depth}`);
      }
      const count = meta & 0x7fff;
      const keyAt = (nd: number, j: number) => nd + leafTail + j * leaf.size + LK;
      for (let j = 1; j < count; j++) {
        if (cmpArchived(s, keyAt(node, j), keyAt(node, j - 1)) < 0) {
          failCheck("map", node, "leaf keys in sorted order", `entry ${j} out of order`);
        }
      }
      const off = c.view.getInt32(node + PTR, true);
      if (i < leaves.length - 1) {
        const target = node + PTR + off;
        if (target < 0 || target > c.len) {
          failCheck(
            "ptr_out_of_bounds",
            node + PTR,
            `a pointer into 0..${c.len}`,
            `target ${target}`,
          );
        }
        const next = leaves[i + 1].node;
        if (target !== next)
          failCheck("map", node + PTR, `a link to the next leaf at ${next}`, `${target}`);
        if (cmpArchived(s, keyAt(next, 0), keyAt(node, count - 1)) < 0) {
          failCheck("map", next, "leaves in sorted order", "a smaller first key");
        }
      } else if (off !== 0) {
        failCheck("map", node + PTR, "a null forward pointer in the last leaf", `offset ${off}`);
      }
      total += count;
    }
    if (total !== len) failCheck("map", pos + LEN, `${len} entries`, `${total}`);
    const rootMeta = c.view.getUint16(root + META, true);
    if (rootMeta & 0x8000) verify(c, s, root);
  };
  /** `verify_integrity`: each inner key equals the first key of its child; returns the first key. */
  const verify = (c: CheckContext, s: Source, node: number): number => {
    const firstKey = (child: number): number =>
      c.view.getUint16(child + META, true) & 0x8000 ? verify(c, s, child) : child + leafTail + LK;
    const count = c.view.getUint16(node + META, true) & 0x7fff;
    for (let i = 0; i < count; i++) {
      const e = node + innerTail + i * inner.size;
      const child = e + IP + c.view.getInt32(e + IP, true);
      if (cmpArchived(s, e + IK, firstKey(child)) !== 0) {
        failCheck("map", e + IK, "inner keys equal to their child's first key", "a different key");
      }
    }
    return firstKey(node + PTR + c.view.getInt32(node + PTR, true));
  };
}
