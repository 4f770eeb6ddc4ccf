/**
 * What the guest script finds around it when the sandbox evaluates it (see `../prelude.ts`,
 * which writes the wrapper): the host functions, the gas counter the contract's charge
 * expressions decrement, and the slot the script fills with what the wrapper needs next. The
 * constants are inlined by the bundler from their one home (`GAS`, `FRAME_ABI`, `FRAME_LAYOUT`, `LIMITS`: see `../../testing/guest-bundle.ts`).
 */

/** The host functions (`instance.ts` installs them). */
declare const __sc_host: import("../host-bridge").GuestHost;
/**
 * The running frame's gas: a `var` of the wrapper function, so the contract's charge
 * expressions (`@shortcrust/artifact`'s gas-pattern.ts) and the guest reach the same variable.
 */
declare let __sc_gas: number;
/** Set once by `main.ts`: what the wrapper uses to run the contract's code and dispatch. */
declare let __sc_guest: import("./main").GuestExports;

/** The gas schedule (`session/gas.ts`), inlined as literals. */
declare const GAS: typeof import("../../session/gas").GAS;
/** The host↔sandbox frame layouts (`@shortcrust/sdk`), inlined as literals. */
declare const FRAME_ABI: typeof import("@shortcrust/sdk").FRAME_ABI;
/** Where each frame header field sits (`@shortcrust/sdk`), inlined as literals. */
declare const FRAME_LAYOUT: typeof import("@shortcrust/sdk").FRAME_LAYOUT;
/** Sandbox limits and budgets (`../guest-constants.ts`), inlined as literals. */
declare const LIMITS: typeof import("../guest-constants").LIMITS;
