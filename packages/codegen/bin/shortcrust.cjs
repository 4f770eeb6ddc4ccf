#!/usr/bin/env node
// Thin launcher: the CLI lives in the compiled package (dist/, written by `pnpm build`).
const { existsSync } = require("node:fs");
const { join } = require("node:path");

const compiled = join(__dirname, "..", "dist", "cli", "main.js");
if (!existsSync(compiled)) {
  console.error(
    `shortcrust: the CLI is not compiled yet (${compiled} is missing)\n` +
      "  hint: run `pnpm build` in the Shortcrust checkout (the repository root), then try again",
  );
  process.exit(1);
}
require(compiled)
  .main(process.argv)
  .then(
    (code) => process.exit(code),
    (err) => {
      console.error(`shortcrust: ${err instanceof Error ? err.message : err}`);
      process.exit(1);
    },
  );
