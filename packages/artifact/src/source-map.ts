import { decode, encode, type SourceMapMappings } from "@jridgewell/sourcemap-codec";
import { originalPositionFor, TraceMap } from "@jridgewell/trace-mapping";

/**
 * Source maps of built artifacts, kept beside them rather than in them: an artifact's bytes are
 * its contract id (blake3), so a map inside would change the id whenever a line moves (a comment
 * edit) and grow what is deployed, and a map names files on this machine. buildArtifact records
 * each artifact's map here, in memory, under the artifact's blake3; sessions use it only to
 * describe a failure (never to decide one), so a contract without a map (built in another
 * process) behaves the same, its failures pointing into the bundled code instead.
 */
const MAX_MAPS = 256;
const maps = new Map<string, { map: TraceMap; files: ReadonlyMap<string, string> }>();

/** The JSON a bundler emits (version 3). */
export interface RawSourceMap {
  version: 3;
  sources: string[];
  names: string[];
  mappings: string;
  sourcesContent?: (string | null)[];
}

/**
 * Remembers the source map of the artifact whose blake3 is `artifactHashHex`; its sources are
 * module names (`./src/counter.ts`, `@shortcrust/sdk/src/…`), `files` says where each is on disk.
 */
export function registerSourceMap(
  artifactHashHex: string,
  map: RawSourceMap | string,
  files: ReadonlyMap<string, string> = new Map(),
): void {
  maps.delete(artifactHashHex);
  maps.set(artifactHashHex, { map: new TraceMap(map), files });
  // A long-lived process (a watcher) builds without end: keep the latest maps only.
  if (maps.size > MAX_MAPS) maps.delete(maps.keys().next().value!);
}

export function sourceMapFor(
  artifactHashHex: string,
): { map: TraceMap; files: ReadonlyMap<string, string> } | undefined {
  return maps.get(artifactHashHex);
}

/**
 * The bundler's map (bundle → sources) moved onto the instrumented code: the instrumenter only
 * inserts text (never a newline), so each mapped column moves right by what was inserted on its
 * line at or before it. Sources lose esbuild's `shortcrust:` namespace prefix.
 */
export function instrumentedMap(
  bundleMap: RawSourceMap,
  bundle: string,
  insertions: readonly (readonly [number, number])[],
): RawSourceMap {
  const lineStarts = [0];
  for (let i = 0; i < bundle.length; i++) if (bundle.charCodeAt(i) === 10) lineStarts.push(i + 1);
  // Per line: sorted [column, inserted length] pairs.
  const perLine: [number, number][][] = lineStarts.map(() => []);
  let line = 0;
  for (const [pos, len] of insertions) {
    while (line + 1 < lineStarts.length && lineStarts[line + 1] <= pos) line++;
    perLine[line].push([pos - lineStarts[line], len]);
  }
  const mappings: SourceMapMappings = decode(bundleMap.mappings).map((segs, l) => {
    const ins = perLine[l] ?? [];
    if (ins.length === 0) return segs;
    let k = 0;
    let shift = 0;
    return segs.map((seg) => {
      while (k < ins.length && ins[k][0] <= seg[0]) shift += ins[k++][1];
      const out = seg.slice() as typeof seg;
      out[0] = seg[0] + shift;
      return out;
    });
  });
  return {
    version: 3,
    sources: bundleMap.sources.map((s) => s.replace(/^shortcrust:/, "")),
    names: bundleMap.names,
    mappings: encode(mappings),
  };
}

/** A stack frame of contract code, at its TypeScript source when a map knows it. */
export interface ContractFrame {
  readonly fn: string;
  /** The module's location-free name (`./src/counter.ts`), or the artifact's code without a map. */
  readonly module: string;
  /** Where that module is on disk (as `module` when unknown). */
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

const FRAME = /^\s*at (.*?) \((.*):(\d+):(\d+)\)$/;

/**
 * The frames of a sandbox stack (QuickJS: `at fn (file:line:column)`, 1-based) that lie in the
 * contract's code, which starts `codeLine` lines into the evaluated file `file`; the sandbox's
 * own frames (the prelude around the code) are left out. Mapped through `map` when there is one.
 */
export function contractFrames(
  stack: string,
  file: string,
  codeLine: number,
  codeLines: number,
  source: { map: TraceMap; files: ReadonlyMap<string, string> } | undefined,
): ContractFrame[] {
  const map = source?.map;
  const out: ContractFrame[] = [];
  for (const text of stack.split("\n")) {
    const m = FRAME.exec(text);
    if (m === null || m[2] !== file) continue;
    const line = Number(m[3]) - codeLine;
    const column = Number(m[4]);
    if (line < 1 || line > codeLines) continue;
    const fn = m[1] === "<anonymous>" ? "<anonymous>" : m[1];
    const o = map ? originalPositionFor(map, { line, column: column - 1 }) : undefined;
    if (o !== undefined && o.source !== null && o.line !== null && o.column !== null) {
      const disk = source!.files.get(o.source) ?? o.source;
      out.push({ fn, module: o.source, file: disk, line: o.line, column: o.column + 1 });
    } else if (map === undefined) {
      out.push({
        fn,
        module: `${file} (bundled code)`,
        file: `${file} (bundled code)`,
        line,
        column,
      });
    }
  }
  return out;
}
