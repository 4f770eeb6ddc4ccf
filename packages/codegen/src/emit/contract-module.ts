/**
 * Per `@contract`: the entry glue (the module `shortcrust build` bundles: dispatch from function
 * name to method, argument check + deserialize, lazy state load, return archive, state write-back)
 * and the call stubs (a typed client over a runtime session, raw transaction encoders, and typed
 * inter-contract calls for use inside other contracts). `@contract extern` gets stubs only.
 * Declared events (`@event`) get typed emitters for the contract's code (`<Contract>.events`)
 * and, in the call stubs, a typed union with checked decoders (extern contracts too).
 */
import type { IrProgram } from "../ir/types";
import { sharedShapes } from "./shared-module";
import type { ModulePrinter } from "./printer";
import type { OutputLayout } from "./layout";
import { CallCodecs } from "./contract/interface";
import { callsModule } from "./contract/calls-module";
import { glueModule } from "./contract/glue-module";
import { eventsModule } from "./contract/events-module";
import { clientModule } from "./contract/client-module";

export { collectionPrefix } from "./contract/glue-module";

export function contractModules(
  program: IrProgram,
  layout: OutputLayout,
  file: string,
): [string, ModulePrinter][] {
  const out: [string, ModulePrinter][] = [];
  const shared = sharedShapes(program, layout);
  for (const c of program.files.get(file)?.contracts ?? []) {
    const calls = new CallCodecs(layout, file, c, shared);
    if (calls.defines) out.push(callsModule(layout, file, calls));
    if (!c.extern) out.push(glueModule(program, layout, file, c, calls));
    if (!c.extern && c.events.length) out.push(eventsModule(program, layout, file, c, calls));
    out.push(clientModule(program, layout, file, c, calls));
  }
  return out;
}
