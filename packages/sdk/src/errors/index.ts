export { ShortcrustError, isShortcrustError } from "./base";
export type { ShortcrustErrorOptions } from "./base";
