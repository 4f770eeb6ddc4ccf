/**
 * The host↔sandbox frame protocol, defined once: the runtime's host side, its sandbox prelude
 * and the SDK's contract-side API all read these (layouts are little-endian).
 *
 * - dispatch argument: `f64 gas ‖ f64 limit ‖ f64 state epoch ‖ argument bytes`;
 * - dispatch result: u32 `gasLo, gasHi, retLen, n, (keyLen, valueLen)×n` ‖ return ‖
 *   `(key ‖ value)×n` (the frame's pending writes); n = `PANIC` marks a panic, whose message
 *   the host fetches with a second call; valueLen = `DELETED` deletes the record;
 * - call out: u32 `askedLo, askedHi, gasLo, gasHi, idLen, argLen, n, (keyLen, valueLen)×n` ‖
 *   id ‖ argument ‖ writes, then the function name as a string;
 * - call-out reply: u32 `code, chargedLo, chargedHi, epochLo, epochHi` ‖ return bytes (code
 *   OK) or the UTF-8 panic message (code PANIC).
 */
export const FRAME_ABI = Object.freeze({
  /** Bytes of the dispatch argument's header (three f64). */
  DISPATCH_HEADER_BYTES: 24,
  /** u32 words before the write count in a dispatch result. */
  RESULT_HEADER_WORDS: 3,
  /** u32 words before the write count in a call out. */
  CALL_HEADER_WORDS: 6,
  /** Bytes of a call-out reply's header. */
  REPLY_HEADER_BYTES: 20,
  /** Bytes of a contract id (a call out with another length is the caller's panic). */
  CONTRACT_ID_BYTES: 32,
  /** The write count that marks a panicking frame. */
  PANIC: 0xffffffff,
  /** The value length that marks a deleted record. */
  DELETED: 0xffffffff,
  /** Codes of a call-out reply (piecrust's ContractError cases after OK). */
  CALL_OK: 0,
  CALL_PANIC: 1,
  CALL_OUT_OF_GAS: 2,
  CALL_DOES_NOT_EXIST: 3,
  CALL_UNKNOWN: 4,
} as const);

export type CallCode =
  | typeof FRAME_ABI.CALL_OK
  | typeof FRAME_ABI.CALL_PANIC
  | typeof FRAME_ABI.CALL_OUT_OF_GAS
  | typeof FRAME_ABI.CALL_DOES_NOT_EXIST
  | typeof FRAME_ABI.CALL_UNKNOWN;

/**
 * Where each header field sits (f64 slots of the dispatch argument, u32 words of the others):
 * the host side (`instance.ts`) and the sandbox's guest code read and write them by these names.
 * Apart from `FRAME_ABI` so contract bundles, which need only its codes, do not carry them.
 */
export const FRAME_LAYOUT = /* @__PURE__ */ Object.freeze({
  /** f64 slots of the dispatch argument's header. */
  DISPATCH_GAS: 0,
  DISPATCH_LIMIT: 1,
  DISPATCH_EPOCH: 2,
  /** u32 words of a dispatch result's header: gas left (lo, hi), the return's length. */
  RESULT_GAS_WORD: 0,
  RESULT_RET_LEN_WORD: 2,
  /** u32 words of a call out's header: asked limit (lo, hi), gas (lo, hi), id and argument lengths. */
  CALL_ASKED_WORD: 0,
  CALL_GAS_WORD: 2,
  CALL_ID_LEN_WORD: 4,
  CALL_ARG_LEN_WORD: 5,
  /** u32 words of a call-out reply's header: code, charged gas (lo, hi), state epoch (lo, hi). */
  REPLY_CODE_WORD: 0,
  REPLY_CHARGED_WORD: 1,
  REPLY_EPOCH_WORD: 3,
  /**
   * The frame buffer: one ArrayBuffer per sandbox, made before its snapshot, through which the
   * host and the sandbox pass every message above that fits (and state values, metadata, ids):
   * u32 word `BUFFER_LEN_WORD` holds the message's length in bytes (`BUFFER_ABSENT`: no value;
   * `BUFFER_ELSEWHERE`: the message came as its own ArrayBuffer), the message starts at byte
   * `BUFFER_DATA_AT`. A message that does not fit travels as its own ArrayBuffer, as before.
   */
  BUFFER_LEN_WORD: 0,
  BUFFER_DATA_AT: 8,
  BUFFER_ABSENT: 0xffffffff,
  BUFFER_ELSEWHERE: 0xfffffffe,
} as const);
