/**
 * `<source>.<Contract>.client.ts`: the call stubs. A typed client over a runtime session (bad
 * arguments named by parameter), raw transaction encoders, typed inter-contract calls for use
 * inside other contracts, and the contract's event decoders.
 */
import type { IrContract, IrMethod, IrProgram } from "../../ir/types";
import { ModulePrinter } from "../printer";
import { codeWriter, member } from "../codecs/writer";
import { outputPath, type OutputLayout } from "../layout";
import { CallCodecs, contractModule } from "./interface";
import { eventDecoders } from "./events-module";

export function clientModule(
  program: IrProgram,
  layout: OutputLayout,
  file: string,
  c: IrContract,
  calls: CallCodecs,
): [string, ModulePrinter] {
  const path = outputPath(layout, file, `${c.name}.client`);
  const { p, em } = contractModule(program, layout, file, path, calls, `call stubs of ${c.name}`, {
    contract: c.name,
    extern: c.extern,
    abi: "piecrust",
  });
  const Session = p.sdkType("SessionLike");
  const Receipt = p.sdkType("Receipt");
  const RawCall = p.sdkType("RawCall");
  const CallResult = p.sdkType("CallResult");
  const callRaw = p.sdk("callRaw");
  const ms = c.methods;
  const sig = (m: IrMethod): string =>
    m.params.map((x) => `${x.name}: ${em.valueTs(x.type)}`).join(", ");
  // Every stub (host-side, raw calls, in-contract) names a bad argument by its parameter
  // (`Token.transfer.memo: expected 4 bytes, found 3`), not by its position in the tuple.
  const argBytes = (m: IrMethod): string => {
    const fn = JSON.stringify(`${c.name}.${m.name}`);
    if (m.params.length === 0) return "EMPTY";
    if (m.params.length === 1) {
      const x = m.params[0];
      return `${p.sdk("archiveArgument")}(${calls.args(p, path, m)}, ${x.name}, ${fn}, ${JSON.stringify(x.name)})`;
    }
    const values = `[${m.params.map((x) => x.name).join(", ")}]`;
    const names = `[${m.params.map((x) => JSON.stringify(x.name)).join(", ")}]`;
    return `${p.sdk("archiveArguments")}(${calls.args(p, path, m)}, ${values}, ${fn}, ${names})`;
  };
  // A return that does not decode names the function as a call (`Ledger.count(): …`).
  const decode = (m: IrMethod, bytes: string): string =>
    m.returns.kind === "unit"
      ? "null"
      : `${p.sdk("deserializeReturn")}(${calls.ret(p, path, m)}, ${bytes}, ${JSON.stringify(`${c.name}.${m.name}`)})`;
  const retTs = (m: IrMethod): string =>
    m.returns.kind === "unit" ? "null" : em.valueTs(m.returns);
  const lower = c.name.charAt(0).toLowerCase() + c.name.slice(1);
  const init = c.init;
  const w = codeWriter();
  w.writeLine(`const EMPTY = new Uint8Array(0);`);
  if (init && init.params.length) {
    w.blankLine();
    w.writeLine(
      `/** The archived argument of \`init\` (pass it as \`initArg\` to \`session.deploy\`). */`,
    );
    member(
      w,
      `export function ${lower}InitArg(${sig(init)}): Uint8Array`,
      () => w.write(`return ${argBytes(init)};`),
      "",
    );
  }
  w.blankLine();
  // 10^8: a hundred times the template's costliest call, and a runaway loop runs out of it in
  // seconds, well before the runtime's wall-clock safety net (so gas, not time, ends it).
  w.writeLine(`/** Gas limit of stub calls unless given. */`);
  w.writeLine(`export const DEFAULT_GAS_LIMIT = 100_000_000n;`);
  w.blankLine();
  w.writeLine(
    `/** Typed calls of \`${c.name}\` over a runtime session: typed data plus the receipt. */`,
  );
  w.write(`export interface ${c.name}Client`).space();
  w.inlineBlock(() =>
    ms.forEach((m) => w.writeLine(`${m.name}(${sig(m)}): ${Receipt}<${retTs(m)}>;`)),
  );
  w.newLine().blankLine();
  member(
    w,
    `export function ${lower}Client(session: ${Session}, contractId: Uint8Array, gasLimit: bigint = DEFAULT_GAS_LIMIT): ${c.name}Client`,
    () => {
      w.write(`return`).space();
      w.inlineBlock(() =>
        ms.forEach((m) =>
          member(w, `${m.name}(${sig(m)})`, () => {
            w.writeLine(
              `const r = session.callRaw(contractId, ${JSON.stringify(m.name)}, ${argBytes(m)}, gasLimit);`,
            );
            w.write(`return { ...r, data: ${decode(m, "r.data")} };`);
          }),
        ),
      );
      w.write(";");
    },
    "",
  );
  w.blankLine();
  w.writeLine(
    `/** Raw calls as a transaction carries them (\`{ contract, fnName, fnArgs }\`), without a session. */`,
  );
  member(
    w,
    `export function ${lower}Calls(contract: Uint8Array)`,
    () => {
      w.writeLine(`${p.sdk("contractIdArgument")}(contract, "${lower}Calls.contract");`);
      w.write(`return`).space();
      w.inlineBlock(() =>
        ms.forEach((m) =>
          w.writeLine(
            `${m.name}: (${sig(m)}): ${RawCall} => ({ contract, fnName: ${JSON.stringify(m.name)}, fnArgs: ${argBytes(m)} }),`,
          ),
        ),
      );
      w.write(";");
    },
    "",
  );
  w.blankLine();
  w.writeLine(
    `/** Decoders of each function's archived return (for receipts obtained elsewhere). */`,
  );
  w.write(`export const ${lower}Returns =`).space();
  w.inlineBlock(() =>
    ms.forEach((m) =>
      w.writeLine(`${m.name}: (bytes: Uint8Array): ${retTs(m)} => ${decode(m, "bytes")},`),
    ),
  );
  w.write(";").newLine().blankLine();
  eventDecoders(w, c, p, em, (i) => calls.event(p, path, i), lower);
  w.writeLine(
    `/** Inter-contract calls from inside another contract: \`{ ok }\` or \`{ err: ContractError }\`. */`,
  );
  member(
    w,
    `export function ${lower}Contract(contractId: Uint8Array, gasLimit?: bigint)`,
    () => {
      w.write(`return`).space();
      w.inlineBlock(() =>
        ms.forEach((m) =>
          member(w, `${m.name}(${sig(m)}): ${CallResult}<${retTs(m)}>`, () => {
            w.writeLine(
              `const r = ${callRaw}(contractId, ${JSON.stringify(m.name)}, ${argBytes(m)}, gasLimit);`,
            );
            w.write(`return "ok" in r ? { ok: ${decode(m, "r.ok")} } : r;`);
          }),
        ),
      );
      w.write(";");
    },
    "",
  );
  p.code(w.toString());
  return [path, p];
}
