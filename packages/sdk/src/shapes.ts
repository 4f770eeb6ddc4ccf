/**
 * `@shortcrust/sdk/shapes`: the archive format's code shapes (pure builders that return code),
 * for tools that build codecs as source: `@shortcrust/codegen`'s emitter, like the SDK's own
 * runtime specialiser. Toolchain-side; contracts never import it. See archive/shapes/index.ts.
 */
export * from "./archive/shapes/index";
