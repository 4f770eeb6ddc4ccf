#!/usr/bin/env node
// Thin launcher: the CLI lives in the compiled package (run `pnpm build` first).
require("../dist/cli/main.js")
  .main(process.argv)
  .then(
    (code) => process.exit(code),
    (err) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
