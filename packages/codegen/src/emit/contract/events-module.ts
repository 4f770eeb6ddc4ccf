/**
 * `<source>.<Contract>.events.ts`: typed emitters for the contract's own code (`emitChanged(v)`
 * archives, then emits), and the typed event union with checked decoders the client module
 * prints (`eventDecoders`).
 */
import type { IrContract, IrProgram } from "../../ir/types";
import { emitterName } from "../../ir/naming";
import { CodecEmitter } from "../codecs";
import { ModulePrinter } from "../printer";
import { codeWriter, member, type CodeBlockWriter } from "../codecs/writer";
import { outputPath, type OutputLayout } from "../layout";
import { CallCodecs, contractModule } from "./interface";

/** Typed emitters for the contract's own code: `emitChanged(value)` archives, then emits. */
export function eventsModule(
  program: IrProgram,
  layout: OutputLayout,
  file: string,
  c: IrContract,
  calls: CallCodecs,
): [string, ModulePrinter] {
  const path = outputPath(layout, file, `${c.name}.events`);
  const { p, em } = contractModule(
    program,
    layout,
    file,
    path,
    calls,
    `event emitters of ${c.name}`,
    {
      contract: c.name,
      abi: "piecrust",
    },
  );
  const emit = p.sdk("emit");
  const unit = c.events.some((e) => e.type.kind === "unit");
  const w = codeWriter();
  if (unit) w.writeLine(`const EMPTY = new Uint8Array(0);`);
  c.events.forEach((e, i) => {
    if (i > 0 || unit) w.blankLine();
    const topic = JSON.stringify(e.topic);
    if (e.type.kind === "unit") {
      w.writeLine(`/** Emits \`${e.topic}\` (no data) into the call's receipt. */`);
      member(
        w,
        `export function ${emitterName(e.topic)}(): void`,
        () => w.write(`${emit}(${topic}, EMPTY);`),
        "",
      );
    } else {
      w.writeLine(
        `/** Emits \`${e.topic}\` (\`${em.keyOf(e.type)}\`, archived) into the call's receipt. */`,
      );
      member(
        w,
        `export function ${emitterName(e.topic)}(value: ${em.valueTs(e.type)}): void`,
        () => w.write(`${emit}(${topic}, ${calls.event(p, path, i)}.archive(value));`),
        "",
      );
    }
  });
  p.code(w.toString());
  return [path, p];
}

/**
 * The event half of the call stubs: `<Contract>Event` (a union discriminated by `topic`),
 * `<contract>Events.decode(event)` and `decode<Contract>Events(events, source?)`. Payloads are
 * checked by the generated codec before they are read; a bad payload throws a CheckError whose
 * path starts at `<Contract>.events.<topic>`, and a topic the contract does not declare throws a
 * CheckError (`enum_tag`) at `<Contract>.events`.
 */
export function eventDecoders(
  w: CodeBlockWriter,
  c: IrContract,
  p: ModulePrinter,
  em: CodecEmitter,
  payload: (index: number) => string,
  lower: string,
): void {
  if (c.events.length === 0) return;
  const ReceiptEvent = p.sdkType("ReceiptEvent");
  const eventPayload = p.sdk("eventPayload");
  const sameBytes = p.sdk("sameBytes");
  const E = `${c.name}Event`;
  const topics = c.events.map((e) => JSON.stringify(e.topic));
  w.writeLine(
    `/** An event of \`${c.name}\` (its \`@event\` declarations), decoded: \`topic\` says which. */`,
  );
  w.writeLine(`export type ${E} =`);
  w.indent(() =>
    c.events.forEach((e, i) => {
      w.writeLine(`| {`);
      // Prettier's layout: the members under the `{`, the `}` under them.
      w.indent(() => {
        w.indent(() => {
          w.writeLine(`readonly topic: ${JSON.stringify(e.topic)};`);
          w.writeLine(`readonly value: ${em.valueTs(e.type)};`);
          w.writeLine(`readonly source: Uint8Array;`);
          w.writeLine(`readonly reverted: boolean;`);
        });
        w.writeLine(`}${i === c.events.length - 1 ? ";" : ""}`);
      });
    }),
  );
  w.blankLine();
  w.writeLine(
    `/** Decoders of \`${c.name}\`'s events (receipt events, or ones obtained elsewhere). */`,
  );
  w.write(`export const ${lower}Events =`).space();
  w.inlineBlock(() => {
    w.writeLine(`topics: [${topics.join(", ")}] as const,`);
    w.writeLine(
      `/** One event; its topic must be one \`${c.name}\` declares (else a CheckError). */`,
    );
    member(w, `decode(event: ${ReceiptEvent}): ${E}`, () => {
      w.writeLine(`const { source, reverted, data } = event;`);
      member(
        w,
        `switch (event.topic)`,
        () => {
          c.events.forEach((e, i) => {
            const topic = JSON.stringify(e.topic);
            const value = `${eventPayload}(${payload(i)}, ${JSON.stringify(`${c.name}.events.${e.topic}`)}, data)`;
            w.writeLine(`case ${topic}:`);
            w.indent(() =>
              w.writeLine(`return { topic: ${topic}, value: ${value}, source, reverted };`),
            );
          });
        },
        "",
      );
      w.write(
        `return ${p.sdk("unknownTopic")}(${JSON.stringify(c.name)}, ${lower}Events.topics, event);`,
      );
    });
  });
  w.write(";").newLine().blankLine();
  w.writeLine(`/**`);
  w.writeLine(
    ` * Every event of \`events\` decoded in order; with \`source\` (the contract's id), only the events`,
  );
  w.writeLine(` * that contract emitted (others in the receipt, from nested calls, are skipped).`);
  w.writeLine(` */`);
  member(
    w,
    `export function decode${c.name}Events(events: readonly ${ReceiptEvent}[], source?: Uint8Array): ${E}[]`,
    () => {
      w.writeLine(`const out: ${E}[] = [];`);
      member(
        w,
        `for (const e of events)`,
        () =>
          w.write(
            `if (source === undefined || ${sameBytes}(e.source, source)) out.push(${lower}Events.decode(e));`,
          ),
        "",
      );
      w.write(`return out;`);
    },
    "",
  );
  w.blankLine();
}
