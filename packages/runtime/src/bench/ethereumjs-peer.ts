// The `@ethereumjs/vm` peer of "open a session, call once, commit": a counter contract's
// increment as a transaction (`runTx`), then the state root (`getStateRoot`), both in memory.
import { Common, Hardfork, Mainnet } from "@ethereumjs/common";
import { createLegacyTx } from "@ethereumjs/tx";
import { Address, createAccount, createAddressFromPrivateKey, hexToBytes } from "@ethereumjs/util";
import { createVM, runTx } from "@ethereumjs/vm";

/**
 * EVM bytecode of the counter's increment: `PUSH1 0 SLOAD PUSH1 1 ADD PUSH1 0 SSTORE STOP`
 * (slot 0 += 1), written by hand (a contract needs no compiler for this).
 */
const INCREMENT = hexToBytes("0x60005460010160005500");

/** A VM holding the counter, and one step: the signed increment run again, then the root. */
export async function ethereumCounter(): Promise<{
  step: () => Promise<Uint8Array>;
  slot: () => Promise<bigint>;
}> {
  const common = new Common({ chain: Mainnet, hardfork: Hardfork.Shanghai });
  const vm = await createVM({ common });
  const key = hexToBytes(`0x${"11".repeat(32)}`);
  const sender = createAddressFromPrivateKey(key);
  await vm.stateManager.putAccount(sender, createAccount({ nonce: 0n, balance: 10n ** 20n }));
  const counter = new Address(hexToBytes(`0x${"22".repeat(20)}`));
  await vm.stateManager.putCode(counter, INCREMENT);
  // Signed once: the step measures the VM, not secp256k1 (nonce and balance checks skipped, so
  // the same transaction runs every time).
  const tx = createLegacyTx({ to: counter, gasLimit: 100_000n, gasPrice: 10n }, { common }).sign(
    key,
  );
  return {
    step: async () => {
      const r = await runTx(vm, { tx, skipNonce: true, skipBalance: true });
      if (r.execResult.exceptionError !== undefined) {
        throw new Error(`the EVM counter failed: ${r.execResult.exceptionError.error}`);
      }
      return vm.stateManager.getStateRoot();
    },
    slot: async () => {
      const v = await vm.stateManager.getStorage(counter, new Uint8Array(32));
      return v.reduce((n, b) => (n << 8n) | BigInt(b), 0n);
    },
  };
}
