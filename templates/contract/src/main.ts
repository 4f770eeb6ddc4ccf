/**
 * The project's main job (`pnpm example` at the repository root, `npm run example` here): the
 * story of `src/story.ts`, with the artifacts `npm run build` wrote to `build/`, on the embedded
 * default store `.shortcrust/store` (or `SHORTCRUST_STORE`). Delete `.shortcrust/` to start over.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { story } from "./story";

const project = resolve(__dirname, "..");

story({
  artifact: (name) => {
    const path = join(project, "build", `${name}.scrt`);
    if (!existsSync(path)) throw new Error(`${path}: missing (run \`npm run build\` first)`);
    return new Uint8Array(readFileSync(path));
  },
  storeDir: resolve(process.env.SHORTCRUST_STORE ?? join(project, ".shortcrust", "store")),
}).catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
