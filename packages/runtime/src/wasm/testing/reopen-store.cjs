// Reopens a committed store in a fresh process (rust-scenarios.test.ts spawns this): the built
// runtime (dist/, from `tsc -b`) opens `dir` at `root`, calls each `id:fn` with no argument and
// prints the session's root and the raw return bytes as JSON hex, so the test decodes them.
"use strict";
const { join } = require("node:path");
const { VM } = require(join(__dirname, "..", "..", "..", "dist", "index.js"));

async function main() {
  const [dir, rootHex, ...calls] = process.argv.slice(2);
  const vm = await VM.open(dir);
  const s = vm.session({ base: Buffer.from(rootHex, "hex") });
  const out = { root: Buffer.from(s.root()).toString("hex"), results: [] };
  for (const c of calls) {
    const [id, fn] = c.split(":");
    const r = s.callRaw(Buffer.from(id, "hex"), fn, new Uint8Array(0), 1_000_000n);
    out.results.push(Buffer.from(r.data).toString("hex"));
  }
  s.close();
  await vm.close();
  process.stdout.write(JSON.stringify(out) + "\n");
}

main().catch((e) => {
  process.stderr.write(`${e && e.stack ? e.stack : e}\n`);
  process.exit(1);
});
