// The public surface of @shortcrust/runtime. Explicit named exports only: index.test.ts pins the list.
export { RUNTIME_FORMAT_VERSION } from "./version";
