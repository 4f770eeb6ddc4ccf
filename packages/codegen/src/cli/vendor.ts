/**
 * The `@shortcrust/*` packages of this checkout as tarballs a new project installs from, while
 * the packages are not published. A tarball (`file:vendor/…tgz`) is the one local form that both
 * pnpm and npm install as an ordinary package, with its dependencies in the project's own
 * node_modules: npm refuses `link:`, and a `file:` directory would make npm install the
 * dependencies into this checkout (and fail on its `workspace:` ranges).
 */
import { execFileSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { CliFailure } from "./io";
import { SHIPPED_TEMPLATE, shipTemplate } from "./template";

/** What a tarball leaves out of a package's files: tests, fixtures and benchmarks. */
const LEAVE_OUT =
  /(\.test\.(ts|js|d\.ts)(\.map)?$|^(fixtures|__golden__|bench|testing)$|\.tsbuildinfo$)/;

export interface VendoredPackage {
  readonly name: string;
  readonly version: string;
  /** The tarball's path relative to the project, as `file:` names it. */
  readonly file: string;
}

/**
 * Packs each of `wanted` (`@shortcrust/sdk` …, packages under `packagesDir`) and the
 * `@shortcrust/*` packages they depend on into `<projectDir>/vendor/`, with their `workspace:`
 * ranges replaced by the packed versions; `@shortcrust/codegen` carries the template
 * (`shipTemplate`). The checkout must be built (`dist/`), since a project runs the compiled
 * packages.
 */
export function vendorPackages(
  packagesDir: string,
  wanted: readonly string[],
  projectDir: string,
): VendoredPackage[] {
  const manifests = new Map<string, { dir: string; pkg: Manifest }>();
  const visit = (name: string, from?: string): void => {
    if (manifests.has(name)) return;
    const dir = join(packagesDir, name.replace("@shortcrust/", ""));
    if (!existsSync(join(dir, "package.json"))) {
      throw new CliFailure(
        `${from ?? "the template"} depends on ${name}, which is not a package of ${packagesDir}`,
      );
    }
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Manifest;
    manifests.set(name, { dir, pkg });
    for (const [d, range] of Object.entries(pkg.dependencies ?? {})) {
      if (range.startsWith("workspace:")) visit(d, name);
    }
  };
  for (const name of wanted) visit(name);
  const names = [...manifests.keys()];
  const vendor = join(projectDir, "vendor");
  mkdirSync(vendor, { recursive: true });
  const staging = mkdtempSync(join(tmpdir(), "shortcrust-pack-"));
  try {
    const stages = names.map((name) => {
      const { dir, pkg } = manifests.get(name)!;
      if (!existsSync(join(dir, "dist"))) {
        throw new CliFailure(
          `${join(dir, "dist")}: missing (build this checkout first: pnpm build); shortcrust init packs the compiled packages`,
        );
      }
      const stage = join(staging, basename(dir));
      mkdirSync(stage);
      for (const f of pkg.files ?? []) {
        if (!existsSync(join(dir, f))) continue;
        cpSync(join(dir, f), join(stage, f), {
          recursive: true,
          filter: (src) => !LEAVE_OUT.test(basename(src)),
        });
      }
      if (name === "@shortcrust/codegen") {
        shipTemplate(join(stage, SHIPPED_TEMPLATE));
        if (!pkg.files?.includes(SHIPPED_TEMPLATE)) {
          throw new CliFailure(`${dir}/package.json: "files" must name ${SHIPPED_TEMPLATE}/`);
        }
      }
      const out: Manifest = { ...pkg };
      delete out.devDependencies;
      delete out.scripts;
      if (pkg.dependencies) {
        out.dependencies = Object.fromEntries(
          Object.entries(pkg.dependencies).map(([d, range]) => {
            if (!range.startsWith("workspace:")) return [d, range];
            const local = manifests.get(d);
            if (!local)
              throw new CliFailure(`${name} depends on ${d}, which is not packed with it`);
            return [d, local.pkg.version];
          }),
        );
      }
      writeFileSync(join(stage, "package.json"), `${JSON.stringify(out, null, 2)}\n`);
      return stage;
    });
    const tarballs = pack(stages, vendor);
    return names.map((name) => ({
      name,
      version: manifests.get(name)!.pkg.version,
      file: `vendor/${tarballs.get(name)}`,
    }));
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** One `npm pack` of every staged folder (npm comes with Node): package name → tarball file name. */
function pack(dirs: readonly string[], into: string): Map<string, string> {
  let out: string;
  try {
    out = execFileSync(
      "npm",
      ["pack", "--json", "--ignore-scripts", "--pack-destination", into, ...dirs],
      { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
    );
  } catch (e) {
    const stderr = (e as { stderr?: string }).stderr ?? "";
    throw new CliFailure(`npm pack failed: ${stderr.trim() || String(e)}`);
  }
  const packed = JSON.parse(out) as { name: string; filename: string }[];
  return new Map(packed.map((p) => [p.name, basename(p.filename)]));
}

interface Manifest {
  name: string;
  version: string;
  files?: string[];
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}
