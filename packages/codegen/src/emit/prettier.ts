/**
 * `format: "prettier"`: generated modules laid out by prettier 3 with the pinned config.
 *
 * Prettier runs in worker threads: its CommonJS entry loads the real (ES module) code with a
 * dynamic `import()`, which a CommonJS host such as jest cannot serve; a worker is a plain Node
 * context. The modules are split over up to two workers (prettier is the whole cost of such a
 * run, ~2 MB/s per core on this kind of machine).
 */
import { availableParallelism } from "node:os";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

/** The pinned prettier options of `format: "prettier"`. */
export const PRETTIER_CONFIG = {
  parser: "typescript",
  printWidth: 100,
  singleQuote: false,
  trailingComma: "all",
} as const;

const WORKER = `
const { parentPort, workerData } = require("node:worker_threads");
import(workerData.prettier)
  .then(async (m) => {
    const prettier = m.default ?? m;
    const out = [];
    for (const text of workerData.texts) out.push(await prettier.format(text, workerData.config));
    parentPort.postMessage({ out });
  })
  .catch((e) => parentPort.postMessage({ error: String((e && e.stack) || e) }));
`;

function formatIn(texts: readonly string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const w = new Worker(WORKER, {
      eval: true,
      workerData: {
        texts,
        config: PRETTIER_CONFIG,
        prettier: pathToFileURL(require.resolve("prettier")).href,
      },
    });
    w.once("message", (m: { out?: string[]; error?: string }) => {
      void w.terminate();
      if (m.out) resolve(m.out);
      else reject(new Error(`prettier failed on generated code: ${m.error}`));
    });
    w.once("error", reject);
    // (After an answer this rejects nothing: a settled promise stays as it is.)
    w.once("exit", (code) => reject(new Error(`prettier worker exited (${code}) without output`)));
  });
}

/** `texts` laid out by prettier with `PRETTIER_CONFIG`, in order. */
export async function formatWithPrettier(texts: readonly string[]): Promise<string[]> {
  if (texts.length === 0) return [];
  const n = Math.min(2, availableParallelism(), texts.length);
  const size = Math.ceil(texts.length / n);
  const parts = Array.from({ length: n }, (_, i) => texts.slice(i * size, (i + 1) * size));
  return (await Promise.all(parts.map(formatIn))).flat();
}
