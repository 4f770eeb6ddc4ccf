import type { Io } from "../cli/io";
import { main } from "../cli/main";

/** Runs the `shortcrust` CLI in process, capturing what it prints. */
export async function runCli(
  ...args: string[]
): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const io: Io = { out: (t) => void (out += t), err: (t) => void (err += t) };
  const code = await main(["node", "shortcrust", ...args], io);
  return { code, out, err };
}
