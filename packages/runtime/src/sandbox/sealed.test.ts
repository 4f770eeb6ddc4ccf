// The global scope and the host bridge cannot be redefined, replaced or shadowed by a contract.
import { VM } from "../vm/vm";
import type { Session } from "../session/session";
import { fixture, LIMIT, OWNER } from "../testing/fixtures";
import { idOf, NONE, text } from "../testing/helpers";

let vm: VM;
let s: Session;
let id: Uint8Array;

beforeAll(async () => {
  vm = await VM.ephemeral();
  s = vm.session();
  id = s.deploy(await fixture("sealed"), {
    owner: OWNER,
    contractId: idOf(5),
    gasLimit: LIMIT,
  }).contractId;
});
afterAll(async () => {
  s.close();
  await vm.close();
});

describe("a sealed global scope", () => {
  it("refuses every redefinition, deletion, prototype change and getter", () => {
    // `claimed|changed`: both empty.
    expect(text(s.callRaw(id, "attack", NONE, LIMIT).data)).toBe("|");
  });

  it("a later call of the attacker sees the globals the runtime installed", () => {
    s.callRaw(id, "attack", NONE, LIMIT);
    expect(text(s.callRaw(id, "check", NONE, LIMIT).data)).toBe("");
  });
});
