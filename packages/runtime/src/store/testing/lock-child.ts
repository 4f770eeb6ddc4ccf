// A process that holds a store open until it is killed (lock.test.ts): opens `argv[2]`, says so.
import { openStore } from "../open";

void openStore(process.argv[2]).then(
  () => {
    process.stdout.write("open\n");
    setInterval(() => {}, 1 << 30);
  },
  (e: unknown) => {
    process.stdout.write(`failed ${(e as Error).name}: ${(e as Error).message}\n`);
    process.exit(1);
  },
);
