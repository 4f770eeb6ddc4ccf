export { builtinHostQueries } from "./builtin";
export { HOST_QUERY_PRICES } from "./prices";
export type { HostQueryPrice } from "./prices";
export { BLS_G1_DST } from "./signatures";
