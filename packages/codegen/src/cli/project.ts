/** `shortcrust build` (bundle + meter a contract's entry glue) and `shortcrust init` (a new project). */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { buildArtifact } from "@shortcrust/runtime";
import { CliFailure, type Io } from "./io";

export async function build(
  opts: { entry: string; out?: string; name?: string },
  io: Io,
): Promise<void> {
  const entry = resolve(opts.entry);
  if (!existsSync(entry)) {
    throw new CliFailure(
      `${opts.entry}: no such file (build the entry glue: shortcrust codegen writes <Contract>.entry.ts)`,
    );
  }
  const name =
    opts.name ??
    basename(entry)
      .replace(/(\.entry)?\.ts$/, "")
      .split(".")
      .pop()!;
  const bytes = await buildArtifact({ entry, name });
  const out = resolve(opts.out ?? join("build", `${name}.scrt`));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, bytes);
  io.out(`${relative(process.cwd(), out)}: ${bytes.length} bytes (contract ${name})\n`);
}

/** Where the contract template lives (the repository's templates/contract). */
export function templateDir(): string {
  return resolve(__dirname, "..", "..", "..", "..", "templates", "contract");
}

const SKIP = new Set(["node_modules", "dist", "tsconfig.tsbuildinfo", "build"]);

export function init(opts: { dir: string; name?: string }, io: Io): void {
  const dir = resolve(opts.dir);
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new CliFailure(`${opts.dir}: not empty (shortcrust init writes a new project)`);
  }
  const from = templateDir();
  if (!existsSync(from)) throw new CliFailure(`the contract template is missing at ${from}`);
  cpSync(from, dir, { recursive: true, filter: (src) => !SKIP.has(basename(src)) });
  // A standalone project: its own name, and the workspace dependencies as plain versions.
  const pkgPath = join(dir, "package.json");
  const pkg = JSON.parse(readFileSync(pkgPath, "utf8")) as Record<string, unknown>;
  pkg.name = opts.name ?? basename(dir);
  for (const k of ["dependencies", "devDependencies"]) {
    const deps = pkg[k] as Record<string, string> | undefined;
    if (deps)
      for (const d of Object.keys(deps)) if (deps[d].startsWith("workspace:")) deps[d] = "^0.1.0";
  }
  delete pkg.private;
  writeFileSync(pkgPath, `${JSON.stringify(pkg, null, 2)}\n`);
  const tsconfig = join(dir, "tsconfig.json");
  writeFileSync(
    tsconfig,
    `${JSON.stringify({ compilerOptions: { target: "ES2022", module: "nodenext", moduleResolution: "nodenext", strict: true, skipLibCheck: true, types: ["node", "jest"] }, include: ["src"] }, null, 2)}\n`,
  );
  io.out(
    `created ${relative(process.cwd(), dir) || "."}: install, then \`npm run codegen\` and \`npm test\`\n`,
  );
}
