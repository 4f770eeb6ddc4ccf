/** `shortcrust init`: a new contract project from the template. */
import validatePackageName from "validate-npm-package-name";
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { CODEGEN_VERSION } from "../version";
import { CliFailure, shownPath, type Io } from "./io";
import {
  checkoutRoot,
  copied,
  templateDir,
  withTools,
  writeJson,
  type PackageJson,
} from "./template";
import { vendorPackages, type VendoredPackage } from "./vendor";

/** Dependencies whose install scripts must run (pnpm 10 and npm 11 block the rest). */
const BUILT_DEPENDENCIES = ["@swc/core", "esbuild", "lmdb", "msgpackr-extract"];
/**
 * Dependencies whose install scripts are not needed and are named so pnpm 10 and npm 11 do not
 * warn about them on every install: jest's optional native watcher (jest falls back to Node's watcher).
 */
const IGNORED_BUILD_DEPENDENCIES = ["@parcel/watcher"];

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
   * How the project depends on `@shortcrust/*`: a version range from a registry, or (default in
   * a checkout, since the packages are not published yet) tarballs of this checkout's packages in
   * `vendor/`. An installed CLI defaults to `^` its own version.
   */
  readonly shortcrustVersion?: string;
}

/**
 * A new contract project from the template that installs (with pnpm or npm) and runs on its
 * own: its own package.json (scripts codegen, build, example, test), tsconfig, jest config and
 * .gitignore.
 */
/** Refuses a target that is a file, or whose nearest existing ancestor is one. */
function notUnderAFile(shown: string, dir: string): void {
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw new CliFailure(`${shown}: not a directory`);
    return;
  }
  let up = dirname(dir);
  while (!existsSync(up) && dirname(up) !== up) up = dirname(up);
  if (existsSync(up) && !statSync(up).isDirectory()) {
    throw new CliFailure(`${shown}: ${up} is a file, not a directory`);
  }
}

/** The package name npm would refuse to install or publish, before anything is written. */
function refuseBadName(name: string, fromDir: boolean): void {
  const v = validatePackageName(name);
  if (v.validForNewPackages) return;
  const why = [...(v.errors ?? []), ...(v.warnings ?? [])].join("; ");
  throw new CliFailure(
    `${JSON.stringify(name)} is not a valid npm package name${fromDir ? " (the directory's name)" : ""}: ${why}`,
    { hint: "pass --name with a lowercase name such as my-contracts or @acme/contracts" },
  );
}

export function init(opts: InitOptions, io: Io): void {
  const dir = resolve(opts.dir);
  notUnderAFile(opts.dir, dir);
  refuseBadName(opts.name ?? basename(dir), opts.name === undefined);
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    throw new CliFailure(`${opts.dir}: not empty (shortcrust init writes a new project)`);
  }
  const from = templateDir();
  if (!existsSync(join(from, "package.json"))) {
    throw new CliFailure(`the contract template is missing at ${from}`, {
      hint: "a packed @shortcrust/codegen carries it in template/; reinstall the package",
    });
  }
  const root = checkoutRoot();
  const version =
    opts.shortcrustVersion ?? (root === undefined ? `^${CODEGEN_VERSION}` : undefined);
  const pkg = JSON.parse(readFileSync(join(from, "package.json"), "utf8")) as PackageJson;
  const local = [pkg.dependencies, pkg.devDependencies].flatMap((deps) =>
    Object.keys(deps ?? {}).filter((d) => deps![d].startsWith("workspace:")),
  );
  // Pack first: a failure (an unbuilt checkout) leaves no half-written project behind.
  const staged = mkdtempSync(join(tmpdir(), "shortcrust-init-"));
  let vendored: VendoredPackage[] = [];
  try {
    if (version === undefined) vendored = vendorPackages(join(root!, "packages"), local, staged);
    cpSync(from, dir, { recursive: true, filter: (src) => copied(basename(src)) });
    if (vendored.length) cpSync(join(staged, "vendor"), join(dir, "vendor"), { recursive: true });
  } finally {
    rmSync(staged, { recursive: true, force: true });
  }

  pkg.name = opts.name ?? basename(dir);
  delete pkg.private;
  pkg.description = "A Shortcrust contract project";
  const spec = (d: string) => version ?? `file:${vendored.find((v) => v.name === d)!.file}`;
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
    ignoredBuiltDependencies: IGNORED_BUILD_DEPENDENCIES,
  };
  // npm 11's counterpart: without it, every install lists these scripts for approval.
  pkg.allowScripts = Object.fromEntries([
    ...BUILT_DEPENDENCIES.map((d) => [d, true] as const),
    ...IGNORED_BUILD_DEPENDENCIES.map((d) => [d, false] as const),
  ]);
  // A shipped template carries the tool versions already (shipTemplate).
  if (root !== undefined) {
    withTools(pkg, JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as PackageJson);
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
    `created ${shownPath(dir)}: install (pnpm install or npm install), then run the scripts codegen, build, test and example\n`,
  );
}
