// Child process of the determinism test: runs the hostile corpus in a fresh VM of its own and
// prints the outcomes as JSON. Usage: node child.js <hostile artifact> <corpus artifact>
import { readFileSync } from "node:fs";
import { runCorpus } from "./corpus";

runCorpus({
  hostile: readFileSync(process.argv[2]),
  corpus: readFileSync(process.argv[3]),
}).then(
  (out) => process.stdout.write(JSON.stringify(out)),
  (e: unknown) => {
    process.stderr.write(`${String((e as Error)?.stack ?? e)}\n`);
    process.exit(1);
  },
);
