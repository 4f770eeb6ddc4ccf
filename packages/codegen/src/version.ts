import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The generator's own version, written into every generated file's header. */
export const CODEGEN_VERSION: string = (
  JSON.parse(readFileSync(join(__dirname, "..", "package.json"), "utf8")) as { version: string }
).version;
