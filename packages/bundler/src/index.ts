// The public surface of @shortcrust/bundler. Explicit named exports only: index.test.ts pins the list.
export { buildArtifact } from "./build";
export type { BuildOptions } from "./build";
export { BundleError, isBundleError } from "./errors";
