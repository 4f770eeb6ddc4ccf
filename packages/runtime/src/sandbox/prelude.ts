import { FORIN_FN, GAS_VAR, OOG_FN, SPREAD_FN } from "@shortcrust/artifact";
import { LIMITS } from "./guest-constants";
import { GUEST_SCRIPT } from "./generated/guest-script";

/**
 * The text a contract's sandbox evaluates: a function of the host bridge (`GuestHost`, as
 * `__sc_host`) that declares the gas counter, runs the guest script (`guest/`, bundled by
 * `guest-script.ts` into `generated/guest-script.ts`: it removes ambient authority, installs the UTF-8 codecs and the native
 * meter, defines the frozen `globalThis.__shortcrust` bridge and freezes every intrinsic), then
 * runs the contract's (verified) code in a nested strict function whose `globalThis` is the
 * guest's sealed copy, and returns the guest's dispatcher to the host.
 *
 * The only names the contract's code can reach in this function's scope are the `__sc_`
 * bindings below (deploy refuses any `__sc_` identifier outside a charge expression or a
 * `for…in` / spread operand, `build/verify.ts`); the guest's own names live inside its IIFE.
 */
export function wrapContract(code: string): string {
  return `(function (__sc_host) {
"use strict";
var ${GAS_VAR} = ${LIMITS.LOAD_GAS}; // var, not let: QuickJS checks the TDZ on every captured let access
var __sc_guest = null;
${GUEST_SCRIPT}
var ${OOG_FN} = __sc_guest.oog, ${FORIN_FN} = __sc_guest.forin, ${SPREAD_FN} = __sc_guest.spread;
(function (globalThis) {
${code}
})(__sc_guest.global);
return __sc_guest.loaded();
})`;
}

/** The line of the evaluated file just before the contract's first line (stack frames → code lines). */
export function codeLineOffset(): number {
  const marker = "\u0000contract\u0000";
  const wrapped = wrapContract(marker);
  return wrapped.slice(0, wrapped.indexOf(marker)).split("\n").length - 1;
}
