import type { Io } from "../cli/io";
import { main } from "../cli/main";

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** Runs the `shortcrust` CLI in process, capturing what it prints. */
export async function runCli(...args: string[]): Promise<CliRun> {
  return runCliWith({}, ...args);
}

/** `runCli` with standard input (`--json -`) and a colour setting. */
export async function runCliWith(
  opts: { stdin?: string; color?: boolean },
  ...args: string[]
): Promise<CliRun> {
  let out = "";
  let err = "";
  const io: Io = {
    out: (t) => void (out += t),
    err: (t) => void (err += t),
    color: opts.color,
    stdin: opts.stdin === undefined ? undefined : () => Promise.resolve(opts.stdin!),
  };
  const code = await main(["node", "shortcrust", ...args], io);
  return { code, out, err };
}
