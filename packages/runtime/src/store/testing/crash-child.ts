// Child process for the crash and restart tests: commits in a loop and prints "<root hex> <i>"
// after each commit() resolves, until it is killed (or, given a count, exits cleanly after that
// many commits). Continues from the newest commit of the store. With "gc" it also deletes the
// oldest commits (printing "deleting <root hex>" first) and collects garbage now and then, so
// kills land in those too. Usage: node child.js <dir> [count | -] [gc]
import { toHex } from "../bytes";
import { blake3 } from "../hash";
import { openStore } from "../open";

const CONTRACT = new Uint8Array(32).fill(0xc0);
const ARTIFACT = new TextEncoder().encode("crash-test artifact");
const enc = (s: string) => new TextEncoder().encode(s);

async function main(): Promise<void> {
  const dir = process.argv[2];
  const count = process.argv[3];
  const limit = count === undefined || count === "-" ? Infinity : Number(count);
  const gc = process.argv[4] === "gc";
  const store = await openStore(dir);
  const commits = store.commits();
  const base = commits.length > 0 ? commits[commits.length - 1] : null;
  const s = store.checkout(base);
  let i = 0;
  if (base === null) {
    s.setContract(
      CONTRACT,
      { artifactHash: blake3(ARTIFACT), owner: new Uint8Array(32) },
      ARTIFACT,
    );
  } else {
    i = Number(new TextDecoder().decode(s.get(CONTRACT, enc("n")))) + 1;
  }
  for (let done = 0; done < limit; i++, done++) {
    s.set(CONTRACT, enc("n"), enc(String(i)));
    s.set(CONTRACT, enc(`k${i % 50}`), enc(`v${i}`));
    // Every few commits a big one, so kills also land inside long write transactions.
    if (i % 5 === 0) {
      for (let j = 0; j < 2000; j++) s.set(CONTRACT, enc(`bulk${j}`), enc(`${i}:${j}`));
    }
    const root = await s.commit();
    process.stdout.write(`${toHex(root)} ${i}\n`);
    if (gc && i % 4 === 0 && store.commits().length > 8) {
      const oldest = store.commits()[0];
      process.stdout.write(`deleting ${toHex(oldest)}\n`);
      await store.deleteCommit(oldest);
    }
    if (gc && i % 6 === 0) await store.collectGarbage?.();
  }
  s.release();
  await store.close();
}

main().catch((err) => {
  process.stderr.write(String(err?.stack ?? err) + "\n");
  process.exit(1);
});
