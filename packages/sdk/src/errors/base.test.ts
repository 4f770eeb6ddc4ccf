import { ShortcrustError, isShortcrustError } from "./base";

describe("ShortcrustError", () => {
  it("keeps the short message, details, hint and cause", () => {
    const cause = new RangeError("inner");
    const err = new ShortcrustError("could not do it", {
      details: "because",
      hint: "try this",
      cause,
    });
    expect(err.shortMessage).toBe("could not do it");
    expect(err.message).toBe("could not do it\n\nDetails: because\nHint: try this");
    expect(err.cause).toBe(cause);
    expect(isShortcrustError(err)).toBe(true);
    expect(isShortcrustError(cause)).toBe(false);
  });

  it("walks the cause chain", () => {
    const root = new TypeError("root");
    const mid = new ShortcrustError("mid", { cause: root });
    const top = new ShortcrustError("top", { cause: mid });
    expect(top.walk((e) => e instanceof TypeError)).toBe(root);
    expect(top.walk(() => false)).toBeUndefined();
  });
});
