/** `shortcrust init`: a new contract project from the template. */
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join, relative, resolve } from "node:path";
import { CliFailure, type Io } from "./io";

/** Where the contract template lives (the repository's templates/contract). */
export function templateDir(): string {
  return resolve(__dirname, "..", "..", "..", "..", "templates", "contract");
}

const SKIP = new Set([
  "node_modules",
  "dist",
  "tsconfig.tsbuildinfo",
  "build",
  ".shortcrust",
  "tsconfig.json",
]);

/** The test and build tools a new project needs, at the versions this checkout uses. */
const DEV_TOOLS = ["typescript", "jest", "@swc/core", "@swc/jest", "@types/jest", "@types/node"];

export interface InitOptions {
  readonly dir: string;
  readonly name?: string;
  /**
   * How the project depends on `@shortcrust/*`: a version range from a registry, or (default,
   * since the packages are not published yet) `link:` to this checkout's packages.
   */
  readonly shortcrustVersion?: string;
}

/**
 * A new contract project from the template that installs and runs on its own: its own
 * package.json (scripts codegen, build, example, test), tsconfig, jest config and .gitignore.
 */
export function init(opts: InitOptions, io: Io): void {
  const dir = resolve(opts.dir);
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new CliFailure(`${opts.dir}: not empty (shortcrust init writes a new project)`);
  }
  const from = templateDir();
  if (!existsSync(from)) throw new CliFailure(`the contract template is missing at ${from}`);
  cpSync(from, dir, { recursive: true, filter: (src) => !SKIP.has(basename(src)) });

  const pkgPath = join(dir, "package.json");
  const pkg = JSON.parse(readFileSync(pkgPath, "utf8")) as PackageJson;
  pkg.name = opts.name ?? basename(dir);
  delete pkg.private;
  pkg.description = "A Shortcrust contract project";
  const packagesDir = resolve(from, "..", "..", "packages");
  for (const deps of [pkg.dependencies, pkg.devDependencies]) {
    for (const d of Object.keys(deps ?? {})) {
      if (!deps![d].startsWith("workspace:")) continue;
      deps![d] =
        opts.shortcrustVersion ?? `link:${join(packagesDir, d.replace("@shortcrust/", ""))}`;
    }
  }
  const rootPkg = JSON.parse(
    readFileSync(resolve(from, "..", "..", "package.json"), "utf8"),
  ) as PackageJson;
  pkg.devDependencies ??= {};
  for (const tool of DEV_TOOLS) {
    const version = rootPkg.devDependencies?.[tool];
    if (version) pkg.devDependencies[tool] = version;
  }
  // A standalone project compiles with its own tsc (the template builds through the repository's
  // project references instead).
  if (pkg.scripts?.example) pkg.scripts.example = pkg.scripts.example.replace("tsc -b", "tsc -p .");
  writeFileSync(pkgPath, `${JSON.stringify(pkg, null, 2)}\n`);

  writeJson(join(dir, "tsconfig.json"), {
    compilerOptions: {
      target: "ES2022",
      module: "nodenext",
      moduleResolution: "nodenext",
      strict: true,
      skipLibCheck: true,
      rootDir: "src",
      outDir: "dist",
      types: ["node", "jest"],
    },
    include: ["src"],
  });
  writeFileSync(
    join(dir, "jest.config.js"),
    `/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  testMatch: ["**/src/**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/dist/"],
  transform: { "^.+\\.ts$": ["@swc/jest", { jsc: { parser: { syntax: "typescript" }, target: "es2022" }, module: { type: "commonjs" } }] },
  testTimeout: 60000,
};
`,
  );
  writeFileSync(join(dir, ".gitignore"), "node_modules/\ndist/\nbuild/\n.shortcrust/\n");
  io.out(
    `created ${relative(process.cwd(), dir) || "."}: install (pnpm install), then \`pnpm codegen\`, \`pnpm test\` and \`pnpm example\`\n`,
  );
}

interface PackageJson {
  name?: string;
  description?: string;
  private?: boolean;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}
