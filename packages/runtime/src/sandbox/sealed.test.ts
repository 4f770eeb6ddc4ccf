// The global scope and the host bridge cannot be redefined, replaced or shadowed by a contract.
import { deployedFixture, LIMIT } from "../testing/fixtures";
import { idOf, NONE, text } from "../testing/helpers";

const f = deployedFixture("sealed", idOf(5));

describe("a sealed global scope", () => {
  it("refuses every redefinition, deletion, prototype change and getter", () => {
    // `claimed|changed`: both empty.
    expect(text(f.session.callRaw(f.id, "attack", NONE, LIMIT).data)).toBe("|");
  });

  it("a later call of the attacker sees the globals the runtime installed", () => {
    f.session.callRaw(f.id, "attack", NONE, LIMIT);
    expect(text(f.session.callRaw(f.id, "check", NONE, LIMIT).data)).toBe("");
  });
});
