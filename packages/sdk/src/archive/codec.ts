import type { TypeDesc } from "./descriptor";
import { nodeOf } from "./nodes";
import type { Node } from "./node";
import { archiveEmpty, archiveRoot, checkRoot, sourceOf } from "./root";
import { ArchiveError, CheckError, describeValue, toArchiveError } from "./errors";
import { FRAME_ABI } from "../contract/frame-abi";

/**
 * A codec for one archived type, with rkyv's vocabulary: `archive` (Rust's `to_bytes`),
 * `check` (`check_archived_root`), `access` (`archived_root` after a check), `deserialize`.
 */
export interface Codec<T = unknown, V = unknown> {
  readonly desc: TypeDesc;
  /** The Rust spelling of the type; the root of error paths. */
  readonly name: string;
  /** `size_of::<Archived<T>>()`. */
  readonly size: number;
  /** `align_of::<Archived<T>>()`. */
  readonly align: number;
  /**
   * The rkyv 0.7 archive of `value` (fresh bytes; a type of no bytes, such as unit, always gives
   * the same frozen empty array); throws `ArchiveError`.
   */
  archive(value: T): Uint8Array;
  /** Validates `bytes` with bytecheck's rules; throws `CheckError`. */
  check(bytes: Uint8Array): void;
  /** Checks, then returns a zero-copy view of the root. */
  access(bytes: Uint8Array): V;
  /** A zero-copy view of bytes already checked or trusted (no validation). */
  accessUnchecked(bytes: Uint8Array): V;
  /** Checks, then reads the whole value. */
  deserialize(bytes: Uint8Array): T;
  /** The value in the serde_json form of the vectors (64-bit ints as strings, …). */
  toJson(value: T): unknown;
  /** Parses the serde_json form; throws `ArchiveError` with the path. */
  fromJson(json: unknown): T;
}

const codecs = new WeakMap<TypeDesc, Codec>();

/** The codec of `desc`, compiled once per descriptor object (cyclic descriptors allowed). */
export function codec<T = unknown, V = unknown>(desc: TypeDesc): Codec<T, V> {
  const hit = codecs.get(desc);
  if (hit) return hit as Codec<T, V>;
  const c = makeCodec(nodeOf(desc));
  codecs.set(desc, c);
  return c as Codec<T, V>;
}

function makeCodec(n: Node): Codec {
  const { size, align, name } = n;
  const resolve = n.ool ? n.resolve : null;
  const checker = n.trivial ? null : n.check;
  // A root with nothing inside to check needs only its bounds and alignment, tested inline;
  // `checkRoot` then runs only to report the failure.
  const check =
    checker === null
      ? (bytes: Uint8Array): number => {
          const pos = bytes.length - size;
          return pos < 0 || (pos & (align - 1)) !== 0
            ? checkRoot(bytes, size, align, name, null)
            : pos;
        }
      : (bytes: Uint8Array): number => checkRoot(bytes, size, align, name, checker);
  return {
    desc: n.desc,
    name,
    size,
    align,
    archive:
      size === 0 && resolve === null
        ? (value) => archiveEmpty(value, name, n.write)
        : (value) => archiveRoot(value, size, align, name, resolve, n.write),
    check(bytes) {
      check(bytes);
    },
    access: (bytes) => n.view(sourceOf(bytes), check(bytes)),
    accessUnchecked: (bytes) => n.view(sourceOf(bytes), bytes.length - size),
    // A leaf, or a struct of leaves, reads from the bytes alone: no Source to build.
    deserialize: n.readFlat
      ? (bytes) => n.readFlat!(bytes, check(bytes))
      : (bytes) => n.read(sourceOf(bytes), check(bytes)),
    toJson(value) {
      try {
        return n.toJson(value);
      } catch (err) {
        throw toArchiveError(err, name);
      }
    },
    fromJson(json) {
      try {
        return n.fromJson(json);
      } catch (err) {
        throw toArchiveError(err, name);
      }
    },
  };
}

/**
 * `codec.archive(value)`, with a failure's path rooted at `name` instead of the codec's type
 * (the rest of the path, a field or an index, kept): what names arguments and returns.
 */
function archiveNamed<T>(codec: Codec<T, unknown>, value: T, name: string): Uint8Array {
  try {
    return codec.archive(value);
  } catch (err) {
    const rest = err instanceof ArchiveError ? pathUnder(err.path, codec.name) : null;
    if (rest === null) throw err;
    const e = err as ArchiveError;
    throw new ArchiveError(`${name}${rest}`, e.expected, e.found, e);
  }
}

/**
 * What follows `root` in an error's path when the path is under it: nothing, a field or an
 * index (`.x`, `[0]`), or an enum's variant (`::Open.id`); null for a path rooted elsewhere.
 */
function pathUnder(path: string, root: string): string | null {
  if (!path.startsWith(root)) return null;
  const rest = path.slice(root.length);
  return rest === "" || rest[0] === "." || rest[0] === "[" || rest.startsWith("::") ? rest : null;
}

/**
 * A typed client's only call argument, archived with its own codec: a failure names the function
 * and the parameter (`Vault.owner_of.id: expected 32 bytes, found 31`), not the argument's type.
 */
export function archiveArgument<T>(
  codec: Codec<T, unknown>,
  value: T,
  fn: string,
  param: string,
): Uint8Array {
  return archiveNamed(codec, value, `${fn}.${param}`);
}

/**
 * A contract function's return value (entry glue), archived with its own codec: a failure names
 * the function as a call (`Ledger.count(): expected u32 (0..=4294967295), found 4294967302`,
 * `Counter.summary().last.by: …`), not the value's type.
 */
export function archiveReturn<T>(codec: Codec<T, unknown>, value: T, fn: string): Uint8Array {
  return archiveNamed(codec, value, `${fn}()`);
}

/**
 * A typed stub's decode of a function's archived return: a failure names the function as a call
 * (`Ledger.count(): expected at least 8 bytes for the root, found 4 bytes at byte 0`), as
 * `archiveReturn` does, and says that the call itself ran (its effects stand): the declared
 * return type does not match what the contract returned.
 */
export function deserializeReturn<T>(codec: Codec<T, unknown>, bytes: Uint8Array, fn: string): T {
  try {
    return codec.deserialize(bytes);
  } catch (err) {
    if (!(err instanceof CheckError)) throw err;
    const root = codec.name;
    const rest = pathUnder(err.path, root);
    throw new CheckError(
      err.kind,
      rest !== null ? `${fn}()${rest}` : `${fn}(): ${err.path}`,
      err.offset,
      err.expected,
      err.found,
      err,
      `the call ran (its effects stand) and returned ${bytes.length} bytes that are not a ${root}: check ${fn}'s declared return type against the contract`,
    );
  }
}

/**
 * A typed client's call arguments, archived as their tuple: a failure names the function and the
 * parameter (`Chain.pass.path[0]: expected 32 bytes, found 31`), not the tuple's position.
 */
export function archiveArguments<T>(
  codec: Codec<T, unknown>,
  values: T,
  fn: string,
  params: readonly string[],
): Uint8Array {
  try {
    return codec.archive(values);
  } catch (err) {
    // The path's root is the tuple (`(Vec<[u8; 32]>, u64).0[0]`): its position becomes the name.
    const root = codec.name;
    const at =
      err instanceof ArchiveError && err.path.startsWith(root)
        ? /^\.(\d+)/.exec(err.path.slice(root.length))
        : null;
    const param = at === null ? undefined : params[Number(at[1])];
    if (at === null || param === undefined) throw err;
    const e = err as ArchiveError;
    const rest = e.path.slice(root.length + at[0].length);
    throw new ArchiveError(`${fn}.${param}${rest}`, e.expected, e.found, e);
  }
}

/**
 * A stub's contract id, checked where the stub is made (`tokenCalls.contract: expected 32 bytes,
 * found 3`): raw calls carry it into a transaction, where nothing else would check it.
 */
export function contractIdArgument(id: Uint8Array, where: string): Uint8Array {
  if (!(id instanceof Uint8Array)) {
    throw new ArchiveError(where, "a contract id (Uint8Array)", describeValue(id));
  }
  if (id.length !== FRAME_ABI.CONTRACT_ID_BYTES) {
    throw new ArchiveError(where, `${FRAME_ABI.CONTRACT_ID_BYTES} bytes`, `${id.length}`);
  }
  return id;
}
