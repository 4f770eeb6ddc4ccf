import { meterArrays } from "./arrays";
import { meterBinaryConstructors, meterBinaryMethods } from "./binary";
import { meterCollections, meterPromises, meterUri } from "./collections";
import { meterFunctions, meterJson, meterObjects } from "./objects";
import { meterRegExp } from "./regexp";
import { meterStrings } from "./strings";

/**
 * Meters native built-ins (run after the ambient authority is removed and before everything is
 * frozen): each built-in whose work grows with a size the contract controls is replaced by a
 * wrapper that charges `NATIVE_CALL` plus a size term from `GAS` and then calls the original.
 *
 * - The charge comes before the work wherever the size is known from the arguments (a string's
 *   length, a typed array's bytes, an array's length, a count); where only the result tells
 *   (`join`, `JSON.stringify`, `Object.keys`, regex matches, `split` pieces) the result is
 *   charged right after, so the work done before a charge is bounded by the heap limit.
 * - Constructors whose allocation grows with an argument (the typed arrays, `ArrayBuffer`,
 *   `RegExp`) are replaced by functions with the original's prototype object;
 *   `X.prototype.constructor` points to the replacement, so species lookups construct through it.
 * - Iteration is charged when a native iterator is created, for all its steps (an array's,
 *   typed array's, string's, Map's or Set's size): spread, destructuring, `Array.from`,
 *   `new Set(iterable)`, iterator helpers and `for…of` all create one. A `for…of` that breaks
 *   early has still paid for every element.
 * - Not wrapped (O(1) or bounded by what the contract already paid for): element access,
 *   `push` / `pop`, `at`, `charCodeAt`, `subarray` (a view), DataView accessors, `new Array(n)`
 *   (QuickJS only sets the length), `String.fromCharCode` and other variadic functions (their
 *   argument list is charged where it is built: `apply`, `Reflect.apply`, spread). The list of
 *   what stays reachable unwrapped is `../unmetered-natives.ts`.
 *
 * The order matters where wrappers share originals (`values` / `[Symbol.iterator]`) and where a
 * later group reads what an earlier one replaced; it is the order of the original single file.
 */
export function installMeter(): void {
  meterStrings();
  meterArrays();
  meterObjects();
  meterFunctions();
  meterJson();
  meterRegExp();
  meterCollections();
  meterBinaryMethods();
  meterBinaryConstructors();
  meterPromises();
  meterUri();
}
