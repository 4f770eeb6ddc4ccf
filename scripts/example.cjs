#!/usr/bin/env node
// The main job: the example contract project end to end (codegen, deploy, calls, commit) on the
// embedded default store. Until the runtime and codegen land, it checks that the workspace built.
const { existsSync } = require("node:fs");
const { join } = require("node:path");

const root = join(__dirname, "..");
const built = ["packages/sdk", "packages/codegen", "packages/runtime"].map((p) =>
  join(root, p, "dist", "index.js"),
);
const missing = built.filter((f) => !existsSync(f));
if (missing.length > 0) {
  console.error(`not built: ${missing.join(", ")}`);
  process.exit(1);
}
console.log("workspace built; the example contract arrives with the runtime and codegen issues");
