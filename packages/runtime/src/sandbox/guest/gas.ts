/**
 * The guest's side of the gas counter `__sc_gas` (a `var` of the wrapper function, shared with
 * the contract's charge expressions: `((__sc_gas -= N) < 0 && __sc_oog())`). Hot paths inline
 * `if ((__sc_gas -= n) < 0) oog();` rather than call `charge` (a call costs more than the charge).
 */

/** Out of gas: the host marks the frame (so catching the throw does not help), then it throws. */
export function oog(): never {
  __sc_gas = -1;
  __sc_host.oog();
  throw new RangeError("out of gas");
}

export function charge(n: number): void {
  if ((__sc_gas -= n) < 0) oog();
}

/** Gas left, as the host reads it (never negative). */
export function gasLeft(): number {
  return __sc_gas < 0 ? 0 : __sc_gas;
}
