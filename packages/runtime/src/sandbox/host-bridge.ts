/**
 * The host functions a sandbox's guest code receives (as `__sc_host`, an object the host fills
 * before the guest script runs), typed as the guest sees them: bytes cross through the frame
 * buffer (`FRAME_LAYOUT.BUFFER_*`) when they fit, else as ArrayBuffers. A function marked
 * "buffered" takes its bytes argument from the frame buffer when called without it, and replies
 * undefined when its bytes are in the frame buffer (length `BUFFER_ABSENT`: none). One home for both sides: `instance.ts` installs exactly these names
 * (it checks the list when it loads a sandbox), and the guest sources (`guest/`) call them
 * through this type. Pure types and names only, so the guest's type checker (no Node, no DOM)
 * can read this file.
 */
export interface GuestHost {
  /** The frame's gas ran out: the host marks it OutOfGas (uncatchable), the guest then throws. */
  oog(): void;
  /** A state record of the running contract (buffered: the key and the reply). */
  sget(key?: ArrayBuffer): ArrayBuffer | undefined;
  /** A value over the 64 KiB limit (`what` names it): the host fails the frame. */
  tooBig(what: string, size: number): void;
  eget(key: ArrayBuffer): ArrayBuffer | undefined;
  /** Sets an ephemeral record; undefined deletes it. */
  eset(key: ArrayBuffer, value: ArrayBuffer | undefined): void;
  /** Buffered reply. */
  selfId(): ArrayBuffer | undefined;
  /** Buffered reply (none: the frame has no caller). */
  caller(): ArrayBuffer | undefined;
  callstack(): ArrayBuffer[];
  owner(id: ArrayBuffer | undefined): ArrayBuffer | undefined;
  /** A session metadata value (buffered reply). */
  meta(key: string): ArrayBuffer | undefined;
  emit(topic: string, data: ArrayBuffer): void;
  feed(data: ArrayBuffer): void;
  /**
   * An inter-contract call: `frame` is the call-out layout of `FRAME_ABI` (asked limit, gas,
   * id, argument, the caller's pending writes); the reply is the call-out reply layout (both
   * buffered).
   */
  call(fnName: string, frame?: ArrayBuffer): ArrayBuffer | undefined;
  /**
   * A RegExp pattern's shape for the exec wrapper's charge: `[unbounded quantifiers,
   * alternatives, anchored ? 1 : 0]`, or why the sandbox refuses the pattern.
   */
  reShape(source: string, flags: string): [number, number, number] | string;
  /** A debug line, already charged. */
  debug(message: string): void;
  /** What a host query costs for this argument (charged before it runs). */
  hqPrice(name: string, arg: ArrayBuffer): number;
  hq(name: string, arg: ArrayBuffer): ArrayBuffer;
}

/** Every name of `GuestHost`, in the order the host installs them. */
export const GUEST_HOST_FUNCTIONS = [
  "oog",
  "sget",
  "tooBig",
  "eget",
  "eset",
  "selfId",
  "caller",
  "callstack",
  "owner",
  "meta",
  "emit",
  "feed",
  "call",
  "reShape",
  "debug",
  "hqPrice",
  "hq",
] as const satisfies readonly (keyof GuestHost)[];

/** Fails to compile when a `GuestHost` function is missing from the list above. */
type Unlisted = Exclude<keyof GuestHost, (typeof GUEST_HOST_FUNCTIONS)[number]>;
const _complete: [Unlisted] extends [never] ? true : Unlisted = true;
void _complete;
