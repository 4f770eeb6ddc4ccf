import { newQuickJSWASMModuleFromVariant, RELEASE_SYNC } from "quickjs-emscripten";
import type { QuickJSSyncVariant, QuickJSWASMModule } from "quickjs-emscripten";
import { dirname } from "node:path";

let shared: Promise<QuickJSWASMModule> | undefined;

/**
 * The one QuickJS WASM module every sandbox runtime lives in (runtimes are isolated from each
 * other inside it). The variant's module loader is replaced by `require`, which works both in
 * node and under CommonJS jest (the default loader uses a dynamic `import()`).
 */
export function quickjsModule(): Promise<QuickJSWASMModule> {
  if (shared === undefined) {
    const from = dirname(require.resolve("quickjs-emscripten"));
    const modulePath = require.resolve("@jitl/quickjs-wasmfile-release-sync/emscripten-module", {
      paths: [from],
    });
    const variant: QuickJSSyncVariant = {
      ...RELEASE_SYNC,
      importModuleLoader: () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const m = require(modulePath) as { default?: unknown };
        return Promise.resolve((m.default ?? m) as never);
      },
    };
    shared = newQuickJSWASMModuleFromVariant(variant);
  }
  return shared;
}
