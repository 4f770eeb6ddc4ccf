/**
 * A contract's ABI descriptor: the canonical JSON `shortcrust build` hashes into the artifact
 * header (`abiHash`), so two builds agree on it exactly when the contract can be called with
 * the same functions, arguments and returns and emits the same events. Declared types appear
 * once each, by their Rust spelling, with their structure (so a struct whose fields change
 * changes the hash, and a recursive type stays finite); source locations and TypeScript names
 * are left out (moving a declaration does not change what a caller sends).
 */
import type { IrContract, IrDecl, IrField, IrMethod, IrProgram, IrType } from "./ir/types";

export function contractAbi(program: IrProgram, contract: IrContract): string {
  const types = new Map<string, unknown>();
  const type = (t: IrType): unknown => {
    if (t.kind === "ref") declared(t.id);
    switch (t.kind) {
      case "array":
        return { kind: t.kind, element: type(t.element), len: t.len };
      case "vec":
        return { kind: t.kind, element: type(t.element) };
      case "option":
        return { kind: t.kind, some: type(t.some) };
      case "box":
        return { kind: t.kind, inner: type(t.inner) };
      case "tuple":
        return { kind: t.kind, elements: t.elements.map(type) };
      default:
        return t.kind === "bytes" ? { kind: t.kind, len: t.len } : { ...t };
    }
  };
  const fields = (fs: readonly IrField[]) => fs.map((f) => ({ name: f.name, type: type(f.type) }));
  const declared = (id: string): void => {
    if (types.has(id)) return;
    const d = program.decls.get(id);
    if (d === undefined) throw new Error(`contractAbi: unknown declaration ${id}`);
    types.set(id, null); // a recursive reference finds it here while its body is written
    types.set(id, body(d));
  };
  const body = (d: IrDecl): unknown => {
    switch (d.kind) {
      case "struct":
        return { kind: d.kind, fields: fields(d.fields) };
      case "tupleStruct":
        return { kind: d.kind, fields: d.fields.map(type) };
      case "unitStruct":
        return { kind: d.kind };
      case "alias":
        return { kind: d.kind, target: type(d.target) };
      case "enum":
        return {
          kind: d.kind,
          fieldless: d.fieldless,
          variants: d.variants.map((v) =>
            v.kind === "unit"
              ? { name: v.name, kind: v.kind }
              : v.kind === "tuple"
                ? { name: v.name, kind: v.kind, fields: v.fields.map(type) }
                : { name: v.name, kind: v.kind, fields: fields(v.fields) },
          ),
        };
    }
  };
  const fn = (m: IrMethod) => ({ name: m.name, args: fields(m.params), returns: type(m.returns) });
  const abi = {
    contract: contract.name,
    functions: contract.methods.map(fn),
    init: contract.init === null ? null : fn(contract.init),
    events: contract.events.map((e) => ({ topic: e.topic, type: type(e.type) })),
  };
  const sorted = Object.fromEntries([...types].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return JSON.stringify({ ...abi, types: sorted });
}
