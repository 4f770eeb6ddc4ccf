/**
 * `@shortcrust/sdk/codegen-v1`: the only module generated codecs import. Low-level and stable:
 * generated code bakes in offsets and sizes and calls these primitives. Version 1; a breaking
 * change gets a new subpath (codegen-v2), never an edit here.
 *
 * Every value is exported as a constant, not re-exported (`export { x } from`): compiled to
 * CommonJS, a re-export is an accessor on the module object, and generated code reaches each
 * helper through that object on every call (`(0, rt.readString)(…)`); V8 did not inline those
 * accessors, which made a generated codec's calls into this module cost about as much as the
 * work they did (deserializing the bench's log set took twice as long). Constants are plain data
 * properties. The export list is pinned by codegen-v1.test.ts.
 */

// --- writing: ArchiveWriter (growable buffer, alignment, zero padding, resolver stack)
import * as writer from "./archive/writer";
export const ArchiveWriter: typeof writer.ArchiveWriter = writer.ArchiveWriter;
export type ArchiveWriter = writer.ArchiveWriter;
export type InlineWriter = writer.InlineWriter;
// --- checking: CheckContext (bytecheck subtree ranges: subtreePtr/push/pop, leaf checks)
import * as checker from "./archive/checker";
export const CheckContext: typeof checker.CheckContext = checker.CheckContext;
export type CheckContext = checker.CheckContext;
export const MAX_ZERO_SIZED_LEN: typeof checker.MAX_ZERO_SIZED_LEN = checker.MAX_ZERO_SIZED_LEN;
export const NOT_ASCII: typeof checker.NOT_ASCII = checker.NOT_ASCII;
export const rootPosition: typeof checker.rootPosition = checker.rootPosition;
// --- entry points: one archive (archiveRoot, or placeRoot for a fixed-size root, archiveEmpty for
// a root of no bytes), one check (checkRoot), a reader (sourceOf)
import * as root from "./archive/root";
export const archiveRoot: typeof root.archiveRoot = root.archiveRoot;
export const archiveEmpty: typeof root.archiveEmpty = root.archiveEmpty;
export const placeRoot: typeof root.placeRoot = root.placeRoot;
export type PlacedRoot = root.PlacedRoot;
export const checkRoot: typeof root.checkRoot = root.checkRoot;
export const sourceOf: typeof root.sourceOf = root.sourceOf;
// --- flat reads (V8 only: where POOL_MAX > 0): a struct or tuple of leaves read from the bytes
// alone, byte arrays of HEAP_MAX < n <= POOL_MAX copied into the shared pool (see pool.ts)
import * as pool from "./archive/pool";
export const HEAP_MAX: typeof pool.HEAP_MAX = pool.HEAP_MAX;
export const POOL_MAX: typeof pool.POOL_MAX = pool.POOL_MAX;
export const copyBytes: typeof pool.copyBytes = pool.copyBytes;
import * as flat from "./archive/flat";
export const flatU64: typeof flat.flatU64 = flat.flatU64;
export const flatI64: typeof flat.flatI64 = flat.flatI64;
export const flatF32: typeof flat.flatF32 = flat.flatF32;
export const flatF64: typeof flat.flatF64 = flat.flatF64;
// --- types generated codecs are declared with (the composed codecs' surface and descriptors)
export type { Codec } from "./archive/codec";
import * as codecs from "./archive/codec";
/** Typed clients: a call's argument (or argument tuple), archived with failures named by parameter. */
export const archiveArgument: typeof codecs.archiveArgument = codecs.archiveArgument;
export const deserializeReturn: typeof codecs.deserializeReturn = codecs.deserializeReturn;
export const archiveArguments: typeof codecs.archiveArguments = codecs.archiveArguments;
/** Entry glue: a contract function's return value, archived with failures named by the function. */
export const archiveReturn: typeof codecs.archiveReturn = codecs.archiveReturn;
/** Raw-call stubs: the contract id they carry, checked to be 32 bytes. */
export const contractIdArgument: typeof codecs.contractIdArgument = codecs.contractIdArgument;
export type { TypeDesc, FieldDesc, VariantDesc } from "./archive/descriptor";
// --- host-side call stubs: the session and receipt shapes they use (structural; no runtime import)
export type { Receipt, ReceiptEvent, ReceiptDebugLine, RawCall, SessionLike } from "./types/host";
// --- errors: public classes and guards, internal failures with path segments
import * as errors from "./archive/errors";
export const ArchiveError: typeof errors.ArchiveError = errors.ArchiveError;
export type ArchiveError = errors.ArchiveError;
export const CheckError: typeof errors.CheckError = errors.CheckError;
export type CheckError = errors.CheckError;
export const CheckFailure: typeof errors.CheckFailure = errors.CheckFailure;
export type CheckFailure = errors.CheckFailure;
export const ValueFailure: typeof errors.ValueFailure = errors.ValueFailure;
export type ValueFailure = errors.ValueFailure;
export const addSegment: typeof errors.addSegment = errors.addSegment;
export const describeValue: typeof errors.describeValue = errors.describeValue;
export const enumJsonExpected: typeof errors.enumJsonExpected = errors.enumJsonExpected;
export const failCheck: typeof errors.failCheck = errors.failCheck;
export const failValue: typeof errors.failValue = errors.failValue;
export const isArchiveError: typeof errors.isArchiveError = errors.isArchiveError;
export const isCheckError: typeof errors.isCheckError = errors.isCheckError;
export const rethrowAt: typeof errors.rethrowAt = errors.rethrowAt;
export const toArchiveError: typeof errors.toArchiveError = errors.toArchiveError;
export const toCheckError: typeof errors.toCheckError = errors.toCheckError;
export type { CheckErrorKind } from "./archive/errors";
// --- leaf values: range checks and 128-bit reads/writes
import * as scalars from "./archive/scalars";
export const charCode: typeof scalars.charCode = scalars.charCode;
export const checkBigInt: typeof scalars.checkBigInt = scalars.checkBigInt;
export const checkBool: typeof scalars.checkBool = scalars.checkBool;
export const checkBytes: typeof scalars.checkBytes = scalars.checkBytes;
export const checkFloat: typeof scalars.checkFloat = scalars.checkFloat;
export const checkSmallInt: typeof scalars.checkSmallInt = scalars.checkSmallInt;
export const readI128: typeof scalars.readI128 = scalars.readI128;
export const readU128: typeof scalars.readU128 = scalars.readU128;
export const writeU128: typeof scalars.writeU128 = scalars.writeU128;
// --- UTF-8 without TextEncoder/TextDecoder (QuickJS has neither)
import * as utf8 from "./archive/utf8";
export const ASCII_RUNS: typeof utf8.ASCII_RUNS = utf8.ASCII_RUNS;
export const utf8Invalid: typeof utf8.utf8Invalid = utf8.utf8Invalid;
export const utf8Length: typeof utf8.utf8Length = utf8.utf8Length;
export const utf8Read: typeof utf8.utf8Read = utf8.utf8Read;
export const utf8Write: typeof utf8.utf8Write = utf8.utf8Write;
// --- views
import * as views from "./archive/views";
export const ArchivedVecView: typeof views.ArchivedVecView = views.ArchivedVecView;
export type ArchivedVecView<T = unknown> = views.ArchivedVecView<T>;
export const ArchivedView: typeof views.ArchivedView = views.ArchivedView;
export type ArchivedView = views.ArchivedView;
export type { EnumValue } from "./archive/views";
import * as source from "./archive/source";
export const readString: typeof source.readString = source.readString;
export type { Source } from "./archive/source";
// --- JSON (serde_json conventions of the vectors)
import * as json from "./archive/json";
export const bigIntFromJson: typeof json.bigIntFromJson = json.bigIntFromJson;
export const bigIntToJson: typeof json.bigIntToJson = json.bigIntToJson;
export const bytesFromJson: typeof json.bytesFromJson = json.bytesFromJson;
export const bytesToJson: typeof json.bytesToJson = json.bytesToJson;
export const f32ToJson: typeof json.f32ToJson = json.f32ToJson;
export const floatFromJson: typeof json.floatFromJson = json.floatFromJson;
export const floatToJson: typeof json.floatToJson = json.floatToJson;
// --- generated JSON forms (`*.json.ts`)
import * as jsonForms from "./archive/json-forms";
export const jsonTextValue: typeof jsonForms.jsonTextValue = jsonForms.jsonTextValue;
export const schemaFailure: typeof jsonForms.schemaFailure = jsonForms.schemaFailure;
export type { AjvError, JsonValidator } from "./archive/json-forms";
// --- contract-side API (generated entry glue, typed metadata readers, typed calls and events)
import * as contract from "./contract";
export const StateMap: typeof contract.StateMap = contract.StateMap;
export type StateMap<K, V> = contract.StateMap<K, V>;
export const StateVec: typeof contract.StateVec = contract.StateVec;
export type StateVec<T> = contract.StateVec<T>;
export const registerContract: typeof contract.registerContract = contract.registerContract;
export const stateGet: typeof contract.stateGet = contract.stateGet;
export const stateSet: typeof contract.stateSet = contract.stateSet;
export const ephemeralGet: typeof contract.ephemeralGet = contract.ephemeralGet;
export const ephemeralSet: typeof contract.ephemeralSet = contract.ephemeralSet;
export const frameState: typeof contract.frameState = contract.frameState;
export const context: typeof contract.context = contract.context;
export const metaData: typeof contract.metaData = contract.metaData;
export const emit: typeof contract.emit = contract.emit;
export const emitValue: typeof contract.emitValue = contract.emitValue;
export const feed: typeof contract.feed = contract.feed;
export const callRaw: typeof contract.callRaw = contract.callRaw;
export const hostQuery: typeof contract.hostQuery = contract.hostQuery;
export const panic: typeof contract.panic = contract.panic;
export type { CallContext, ContractError, CallResult, ContractEntry, StoreCodec } from "./contract";
// --- helpers every generated module would otherwise print (byte compare, event payloads)
import * as glue from "./contract/glue";
export const sameBytes: typeof glue.sameBytes = glue.sameBytes;
export const eventPayload: typeof glue.eventPayload = glue.eventPayload;
export const unknownTopic: typeof glue.unknownTopic = glue.unknownTopic;
