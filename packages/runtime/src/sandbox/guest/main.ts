import { bridge } from "./bridge";
import { forin, spread } from "./enumerate";
import { fixEngineBugs } from "./engine-fixes";
import { dispatcher, type Dispatcher } from "./frame";
import { oog } from "./gas";
import { freezeAll, removeAmbientAuthority, sealedGlobal } from "./harden";
import { installMeter } from "./meter";
import { installTextCodecs } from "./utf8";

/**
 * The guest script's entry: what runs inside a contract's QuickJS context before its code. The
 * sandbox evaluates it inside the wrapper `../prelude.ts` writes, which holds the gas counter
 * and runs the contract's code in a nested strict function with `globalThis` bound to the
 * sealed copy made here; the contract's charge expressions reach `oog`, `forin` and `spread`
 * through the wrapper's `__sc_` bindings (`@shortcrust/artifact`'s gas-pattern.ts).
 */
export interface GuestExports {
  /** The charge expressions' `__sc_oog`: refills the gas window, or fails the frame (gas.ts). */
  readonly oog: () => void;
  readonly forin: <T>(o: T) => T;
  readonly spread: <T>(o: T) => T;
  /** The frozen copy of the global object the contract's code sees as `globalThis`. */
  readonly global: object;
  /** Called once the contract's code has run: the dispatcher over what it registered. */
  loaded(): Dispatcher;
}

removeAmbientAuthority();
fixEngineBugs();
installTextCodecs();
installMeter();
Object.defineProperty(globalThis, "__shortcrust", {
  value: Object.freeze(bridge),
  writable: false,
  enumerable: false,
  configurable: false,
});
freezeAll();
__sc_guest = Object.freeze({ oog, forin, spread, global: sealedGlobal(), loaded: dispatcher });
