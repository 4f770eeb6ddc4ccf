// The package cut cannot drift from its description: docs/architecture.md's table of packages
// says what each depends on at run time and what only in development, and this holds it to every
// package.json of the workspace; a published package's sources (tests, benches and test helpers
// aside) import only its run-time dependencies, so a dev dependency never ships by accident.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { checkoutRoot } from "./cli/template";

const REPO = checkoutRoot()!;
const SCOPE = "@shortcrust/";

interface Manifest {
  name: string;
  private?: boolean;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

interface Row {
  name: string;
  dir: string;
  deps: string[];
  dev: string[];
}

/** The rows of the table under "## Packages and what may import what". */
function documented(): Row[] {
  const doc = readFileSync(join(REPO, "docs", "architecture.md"), "utf8");
  const section = doc.split(/^## /m).find((s) => s.startsWith("Packages and what may import what"));
  if (section === undefined) throw new Error("docs/architecture.md: no package section");
  const list = (cell: string) =>
    cell === "—"
      ? []
      : cell
          .split(",")
          .map((n) => `${SCOPE}${n.trim()}`)
          .sort();
  return section
    .split("\n")
    .filter((l) => l.startsWith("| `@shortcrust/"))
    .map((l) => {
      const [name, dir, deps, dev] = l
        .split("|")
        .slice(1, -1)
        .map((c) => c.trim());
      return {
        name: /`([^`]+)`/.exec(name)![1],
        dir: /`([^`]+)`/.exec(dir)![1],
        deps: list(deps),
        dev: list(dev),
      };
    });
}

/** Every workspace package's directory (pnpm-workspace.yaml's globs, one level deep). */
function workspaceDirs(): string[] {
  const globs = readFileSync(join(REPO, "pnpm-workspace.yaml"), "utf8")
    .split(/^\S.*:\s*$/m)[1]
    .split("\n")
    .map((l) => /^\s+-\s+(\S+)/.exec(l)?.[1])
    .filter((g): g is string => g !== undefined);
  return globs
    .flatMap((g) =>
      g.endsWith("/*")
        ? readdirSync(join(REPO, g.slice(0, -2))).map((d) => `${g.slice(0, -2)}/${d}`)
        : [g],
    )
    .filter((d) => {
      try {
        return statSync(join(REPO, d, "package.json")).isFile();
      } catch {
        return false;
      }
    })
    .sort();
}

const manifest = (dir: string): Manifest =>
  JSON.parse(readFileSync(join(REPO, dir, "package.json"), "utf8")) as Manifest;
const ours = (deps: Record<string, string> | undefined) =>
  Object.keys(deps ?? {})
    .filter((d) => d.startsWith(SCOPE))
    .sort();

/** Non-test TypeScript under src/ (not tests, benches, fixtures or test helpers). */
function shippedSources(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (!["bench", "testing", "fixtures", "__golden__"].includes(e.name)) walk(p);
      } else if (e.name.endsWith(".ts") && !/\.(test|bench)\.ts$/.test(e.name)) out.push(p);
    }
  };
  walk(join(REPO, dir, "src"));
  return out;
}

describe("the package graph", () => {
  const rows = documented();

  it("docs/architecture.md lists every workspace package, at its directory", () => {
    expect(rows.map((r) => r.dir).sort()).toEqual(workspaceDirs());
    for (const r of rows) expect(manifest(r.dir).name).toBe(r.name);
  });

  it("each package's @shortcrust dependencies and dev dependencies are the documented ones", () => {
    for (const r of rows) {
      const m = manifest(r.dir);
      expect({ name: r.name, deps: ours(m.dependencies), dev: ours(m.devDependencies) }).toEqual({
        name: r.name,
        deps: r.deps,
        dev: r.dev,
      });
    }
  });

  it("a published package's own sources import only its run-time dependencies", () => {
    const bad: string[] = [];
    for (const r of rows) {
      const m = manifest(r.dir);
      if (m.private) continue;
      const allowed = new Set([m.name, ...Object.keys(m.dependencies ?? {})]);
      for (const file of shippedSources(r.dir)) {
        const text = readFileSync(file, "utf8");
        const specs = [
          ...text.matchAll(/^(?:import|export)\b[^;"]*?\bfrom\s+"([^"]+)"/gm),
          ...text.matchAll(/^import\s+"([^"]+)"/gm),
          ...text.matchAll(/\b(?:import|require)\(\s*"([^"]+)"\s*\)/g),
        ].map((m) => m[1]);
        for (const spec of specs) {
          if (spec.startsWith(".") || spec.startsWith("node:")) continue;
          const pkg = spec.startsWith("@")
            ? spec.split("/").slice(0, 2).join("/")
            : spec.split("/")[0];
          if (!allowed.has(pkg)) bad.push(`${relative(REPO, file)}: imports ${spec}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it("no run-time dependency reaches the bundler from the runtime, or the runtime from codegen", () => {
    const closure = (name: string): Set<string> => {
      const seen = new Set<string>();
      const visit = (n: string) => {
        const r = rows.find((x) => x.name === n)!;
        for (const d of r.deps) {
          if (seen.has(d)) continue;
          seen.add(d);
          visit(d);
        }
      };
      visit(name);
      return seen;
    };
    expect([...closure(`${SCOPE}runtime`)]).not.toContain(`${SCOPE}bundler`);
    expect([...closure(`${SCOPE}codegen`)]).not.toContain(`${SCOPE}runtime`);
    // Nor esbuild, through any of the runtime's packages.
    const dirOf = (n: string) => rows.find((x) => x.name === n)!.dir;
    const installed = [`${SCOPE}runtime`, ...closure(`${SCOPE}runtime`)].flatMap((n) =>
      Object.keys(manifest(dirOf(n)).dependencies ?? {}),
    );
    expect(installed).toContain("quickjs-emscripten");
    expect(installed).not.toContain("esbuild");
  });
});
