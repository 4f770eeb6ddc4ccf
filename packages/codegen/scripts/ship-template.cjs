#!/usr/bin/env node
// npm/pnpm `prepack` and `postpack` of @shortcrust/codegen: the package ships the contract
// template `shortcrust init` copies in template/ (package.json "files"), written here from the
// checkout's templates/contract before packing (shipTemplate refuses an existing template/) and
// removed after — only what this wrote: a directory holding the template's package.json.
const { existsSync, readFileSync, rmSync } = require("node:fs");
const { join } = require("node:path");

const dir = join(__dirname, "..", "template");
const compiled = join(__dirname, "..", "dist", "cli", "template.js");
if (process.argv[2] === "--remove") {
  const manifest = join(dir, "package.json");
  if (!existsSync(dir)) process.exit(0);
  const name = existsSync(manifest) ? JSON.parse(readFileSync(manifest, "utf8")).name : undefined;
  if (name !== "@shortcrust/contract-template") {
    console.error(`ship-template: ${dir} is not a shipped template; left alone`);
    process.exit(1);
  }
  rmSync(dir, { recursive: true });
} else {
  if (!existsSync(compiled)) {
    console.error(`ship-template: ${compiled} is missing (run pnpm build at the repository root)`);
    process.exit(1);
  }
  try {
    require(compiled).shipTemplate(dir);
  } catch (e) {
    console.error(`ship-template: ${e instanceof Error ? e.message : e}`);
    process.exit(1);
  }
}
