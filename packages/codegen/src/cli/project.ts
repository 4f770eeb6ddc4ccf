/** `shortcrust init`: a new contract project from the template. */
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { CliFailure, shownPath, type Io } from "./io";
import { vendorPackages, type VendoredPackage } from "./vendor";

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
  "vendor",
]);

/** Whether init copies a template file: not what a build, an install or the docs test left. */
function copied(name: string): boolean {
  return !SKIP.has(name) && !name.startsWith(".docs-check-");
}

/** The test and build tools a new project needs, at the versions this checkout uses. */
const DEV_TOOLS = ["typescript", "jest", "@swc/core", "@swc/jest", "@types/jest", "@types/node"];

/** Dependencies whose install scripts pnpm 10 must run (it blocks the rest). */
const BUILT_DEPENDENCIES = ["@swc/core", "esbuild", "lmdb", "msgpackr-extract"];

/**
 * Packages published as ES modules only (`@noble/curves` 2, `@noble/hashes` 2): jest runs
 * CommonJS, so its transform compiles them too. The pattern ignores every other file under a
 * node_modules, in npm's flat layout (`node_modules/@noble/curves/…`) and in pnpm's
 * (`node_modules/.pnpm/@noble+curves@2.4.0/node_modules/@noble/curves/…`) alike.
 */
export const ESM_ONLY = ["@noble/"];
export const TRANSFORM_IGNORE = `/node_modules/(?!(?:\\.pnpm/[^/]+/node_modules/)?(?:${ESM_ONLY.map((p) => p.replace(/[.+]/g, "\\$&")).join("|")}))`;

export interface InitOptions {
  readonly dir: string;
  readonly name?: string;
  /**
   * How the project depends on `@shortcrust/*`: a version range from a registry, or (default,
   * since the packages are not published yet) tarballs of this checkout's packages in `vendor/`.
   */
  readonly shortcrustVersion?: string;
}

/**
 * A new contract project from the template that installs (with pnpm or npm) and runs on its
 * own: its own package.json (scripts codegen, build, example, test), tsconfig, jest config and
 * .gitignore.
 */
export function init(opts: InitOptions, io: Io): void {
  const dir = resolve(opts.dir);
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new CliFailure(`${opts.dir}: not empty (shortcrust init writes a new project)`);
  }
  const from = templateDir();
  if (!existsSync(from)) throw new CliFailure(`the contract template is missing at ${from}`);
  const pkg = JSON.parse(readFileSync(join(from, "package.json"), "utf8")) as PackageJson;
  const local = [pkg.dependencies, pkg.devDependencies].flatMap((deps) =>
    Object.keys(deps ?? {}).filter((d) => deps![d].startsWith("workspace:")),
  );
  // Pack first: a failure (an unbuilt checkout) leaves no half-written project behind.
  const staged = mkdtempSync(join(tmpdir(), "shortcrust-init-"));
  let vendored: VendoredPackage[] = [];
  try {
    if (opts.shortcrustVersion === undefined) {
      vendored = vendorPackages(resolve(from, "..", "..", "packages"), local, staged);
    }
    cpSync(from, dir, { recursive: true, filter: (src) => copied(basename(src)) });
    if (vendored.length) cpSync(join(staged, "vendor"), join(dir, "vendor"), { recursive: true });
  } finally {
    rmSync(staged, { recursive: true, force: true });
  }

  pkg.name = opts.name ?? basename(dir);
  delete pkg.private;
  pkg.description = "A Shortcrust contract project";
  const spec = (d: string) =>
    opts.shortcrustVersion ?? `file:${vendored.find((v) => v.name === d)!.file}`;
  for (const deps of [pkg.dependencies, pkg.devDependencies]) {
    for (const d of Object.keys(deps ?? {})) {
      if (deps![d].startsWith("workspace:")) deps![d] = spec(d);
    }
  }
  if (vendored.length) {
    // The packed packages depend on each other by version; point those ranges at the tarballs
    // too (npm reads `overrides`, pnpm `pnpm.overrides`).
    pkg.overrides = Object.fromEntries(vendored.map((v) => [v.name, spec(v.name)]));
  }
  pkg.pnpm = {
    ...(vendored.length ? { overrides: pkg.overrides } : {}),
    onlyBuiltDependencies: BUILT_DEPENDENCIES,
  };
  const rootPkg = JSON.parse(
    readFileSync(resolve(from, "..", "..", "package.json"), "utf8"),
  ) as PackageJson;
  pkg.engines = rootPkg.engines;
  pkg.devDependencies ??= {};
  for (const tool of DEV_TOOLS) {
    const version = rootPkg.devDependencies?.[tool];
    if (version) pkg.devDependencies[tool] = version;
  }
  // A standalone project compiles with its own tsc (the template builds through the repository's
  // project references instead).
  if (pkg.scripts?.example) pkg.scripts.example = pkg.scripts.example.replace("tsc -b", "tsc -p .");
  writeJson(join(dir, "package.json"), pkg);

  writeJson(join(dir, "tsconfig.json"), {
    compilerOptions: {
      target: "ES2022",
      module: "nodenext",
      moduleResolution: "nodenext",
      strict: true,
      skipLibCheck: true,
      sourceMap: true,
      rootDir: "src",
      outDir: "dist",
      types: ["node", "jest"],
    },
    include: ["src"],
  });
  const swc = {
    jsc: { parser: { syntax: "typescript" }, target: "es2022" },
    module: { type: "commonjs" },
  };
  writeFileSync(
    join(dir, "jest.config.js"),
    `/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  testMatch: ["**/src/**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "/dist/"],
  // TypeScript sources, and the ES-module-only packages (${ESM_ONLY.join(", ")}) compiled to CommonJS.
  transform: { ${JSON.stringify("^.+\\.(t|j)s$")}: ["@swc/jest", ${JSON.stringify(swc)}] },
  transformIgnorePatterns: [${JSON.stringify(TRANSFORM_IGNORE)}],
  testTimeout: 60000,
};
`,
  );
  writeFileSync(join(dir, ".gitignore"), "node_modules/\ndist/\nbuild/\n.shortcrust/\n");
  io.out(
    `created ${shownPath(dir)}: install (pnpm install or npm install), then run the scripts codegen, test and example\n`,
  );
}

interface PackageJson {
  name?: string;
  description?: string;
  private?: boolean;
  engines?: Record<string, string>;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  overrides?: Record<string, string>;
  pnpm?: { overrides?: Record<string, string>; onlyBuiltDependencies?: string[] };
}

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}
