/**
 * The guest's side of the gas counter `__sc_gas` (a `var` of the wrapper function, shared with
 * the contract's charge expressions: `((__sc_gas -= N) < 0 && __sc_oog())`). Hot paths inline
 * `if ((__sc_gas -= n) < 0) oog();` rather than call `charge` (a call costs more than the charge).
 *
 * `__sc_gas` holds at most `WINDOW` of the frame's gas, as a small integer, and `reserve` the
 * rest: QuickJS subtracts and compares two small integers on a fast path, but gas read from the
 * host is a double (and may not fit 31 bits), which sends every charge down the engine's slow
 * arithmetic path (measured: about 1,000 engine operators a charge, half of a CPU-bound loop's
 * time). `oog` refills the window from the reserve before it decides that the frame is out of
 * gas, so what a frame may spend is exactly window + reserve, as with one counter. For the same
 * reason a charge whose amount was computed (a division, or a product that may not fit 31 bits:
 * the native meter's) is followed by `__sc_gas |= 0`: every charge is a whole number and, once
 * checked, the counter is within [0, 2^30], so that only makes it a small integer again; without
 * it, one `new Uint8Array(n)` sent the rest of the frame's charges down the slow path.
 */
const WINDOW = 1 << 30;
let reserve = 0;

/** Sets the frame's gas (an integer number of gas units, or an already fractional one). */
export function setGas(g: number): void {
  if (g > WINDOW) {
    reserve = g - WINDOW;
    __sc_gas = WINDOW;
  } else {
    reserve = 0;
    // A small integer for the engine's fast path (a fractional value stays as it is).
    __sc_gas = (g | 0) === g ? g | 0 : g;
  }
}

/**
 * The window ran out: refills it from the reserve, or, when none is left, the frame is out of
 * gas: the host marks it (so catching the throw does not help), then it throws.
 */
export function oog(): void {
  const total = __sc_gas + reserve;
  if (total >= 0 && reserve > 0) {
    setGas(total);
    return;
  }
  outOfGas();
}

/** The frame is out of gas (see `oog`). */
export function outOfGas(): never {
  __sc_gas = -1;
  reserve = 0;
  __sc_host.oog();
  throw new RangeError("out of gas");
}

export function charge(n: number): void {
  if ((__sc_gas -= n) < 0) oog();
}

/** Gas left, as the host reads it (never negative). */
export function gasLeft(): number {
  const g = __sc_gas + reserve;
  return g < 0 ? 0 : g;
}
