/** The contract template `shortcrust init` copies: where it is, and how a packed package ships it. */
import { cpSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { CliFailure } from "./io";

/** This package's root (from `dist/cli/` compiled, `src/cli/` under jest). */
const PACKAGE_ROOT = resolve(__dirname, "..", "..");

/** Where a packed `@shortcrust/codegen` carries the template (its `files` name it). */
export const SHIPPED_TEMPLATE = "template";

/**
 * The Shortcrust repository this package runs from, or undefined when it is installed (from a
 * tarball or a registry): a checkout has the workspace file and templates/contract two levels up.
 */
export function checkoutRoot(): string | undefined {
  const root = resolve(PACKAGE_ROOT, "..", "..");
  const ours =
    existsSync(join(root, "pnpm-workspace.yaml")) &&
    existsSync(join(root, "templates", "contract", "package.json"));
  return ours ? root : undefined;
}

/**
 * Where the contract template is: in a checkout its source, the repository's templates/contract
 * (what `pnpm example` runs); in an installed package the copy packed inside it (`template/`,
 * written by `shipTemplate`).
 */
export function templateDir(): string {
  const root = checkoutRoot();
  return root === undefined
    ? join(PACKAGE_ROOT, SHIPPED_TEMPLATE)
    : join(root, "templates", "contract");
}

/**
 * Writes the template as a packed package ships it (into `dir`, which must not exist): the files
 * init copies, and in its package.json the checkout's Node engines and the versions of the test
 * and build tools init gives a new project, since an installed package has no checkout to read
 * them from.
 */
export function shipTemplate(dir: string): void {
  const root = checkoutRoot();
  if (root === undefined) {
    throw new CliFailure(
      `the template can be shipped from a Shortcrust checkout only (${PACKAGE_ROOT} is installed)`,
    );
  }
  if (existsSync(dir)) throw new CliFailure(`${dir}: exists (shipTemplate writes a new directory)`);
  const from = templateDir();
  cpSync(from, dir, { recursive: true, filter: (src) => src === from || copied(basename(src)) });
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as PackageJson;
  withTools(pkg, JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as PackageJson);
  writeJson(join(dir, "package.json"), pkg);
}

/** The checkout's Node engines and test and build tool versions, into a project's manifest. */
export function withTools(pkg: PackageJson, from: PackageJson): void {
  pkg.engines = from.engines;
  pkg.devDependencies ??= {};
  for (const tool of DEV_TOOLS) {
    const version = from.devDependencies?.[tool];
    if (version) pkg.devDependencies[tool] = version;
  }
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
export function copied(name: string): boolean {
  return !SKIP.has(name) && !name.startsWith(".docs-check-");
}

/** The test and build tools a new project needs, at the versions this checkout uses. */
const DEV_TOOLS = ["typescript", "jest", "@swc/core", "@swc/jest", "@types/jest", "@types/node"];

export interface PackageJson {
  name?: string;
  description?: string;
  private?: boolean;
  engines?: Record<string, string>;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  overrides?: Record<string, string>;
  pnpm?: {
    overrides?: Record<string, string>;
    onlyBuiltDependencies?: string[];
    ignoredBuiltDependencies?: string[];
  };
  /** npm 11: which dependencies' install scripts run (true) or are skipped without a warning. */
  allowScripts?: Record<string, boolean>;
}

export function writeJson(path: string, value: unknown): void {
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
}
