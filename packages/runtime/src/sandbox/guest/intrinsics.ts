/**
 * Built-ins the guest's own bookkeeping uses, captured as the engine made them: this module is
 * evaluated before anything else in the guest script (it imports nothing), so before `meter/`
 * wraps the metered ones and before the contract's code runs. Frames pay only the host schedule
 * for the guest's work.
 */
export const U8 = Uint8Array;
export const U32 = Uint32Array;
export const F64 = Float64Array;
export const AB = ArrayBuffer;
export const apply = Reflect.apply;
export const construct = Reflect.construct;
export const fromCharCode = String.fromCharCode;
export const fromCodePoint = String.fromCodePoint;
export const u8Slice = Uint8Array.prototype.slice;
export const u8Set = Uint8Array.prototype.set;
/**
 * %TypedArray%.prototype's `length` getter: a typed array's own element count, read without any
 * property a contract could have defined, and a brand check (it throws on anything else).
 */
export const taLength = Object.getOwnPropertyDescriptor(
  Object.getPrototypeOf(Uint8Array.prototype),
  "length",
)!.get as (this: unknown) => number;
export const freeze = Object.freeze;
export const isFrozen = Object.isFrozen;
export const protoOf = Object.getPrototypeOf;
export const setProtoOf = Object.setPrototypeOf;
export const descriptors = Object.getOwnPropertyDescriptors;
export const descriptor = Object.getOwnPropertyDescriptor;
export const defineProperty = Object.defineProperty;
export const defineProperties = Object.defineProperties;
export const create = Object.create;
export const hasOwn = Object.prototype.hasOwnProperty;
export const ownKeys = Reflect.ownKeys;
export const isArray = Array.isArray;
export const isView = ArrayBuffer.isView;
export const Str = String;
export const TE = TypeError;
export const Err = Error;
export const MapC = Map;
export const SetC = Set;
