import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A throwaway project directory (outside the repository) holding `files`. */
export function tempProject(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "sc-proj-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, ".."), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}
