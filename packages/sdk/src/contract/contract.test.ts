import {
  callRaw,
  context,
  emit,
  isNotInSandboxError,
  metaData,
  registerContract,
  stateGet,
  StateMap,
} from "./index";

describe("contract-side API outside a sandbox", () => {
  it("fails with a typed error that names the function", () => {
    const calls: [string, () => unknown][] = [
      ["stateGet", () => stateGet(new Uint8Array(1))],
      ["context", () => context()],
      ["metaData.raw", () => metaData.raw("height")],
      ["emit", () => emit("t", new Uint8Array(0))],
      ["callRaw", () => callRaw(new Uint8Array(32), "f", new Uint8Array(0))],
      [
        "registerContract",
        () => registerContract({ name: "x", functions: [], dispatch: () => new Uint8Array(0) }),
      ],
      [
        "stateGet",
        () =>
          new StateMap(
            "p",
            { archive: () => new Uint8Array(1), deserialize: () => 1 },
            {
              archive: () => new Uint8Array(1),
              deserialize: () => 1,
            },
          ).get(1),
      ],
    ];
    for (const [name, f] of calls) {
      let err: unknown;
      try {
        f();
      } catch (e) {
        err = e;
      }
      expect(isNotInSandboxError(err)).toBe(true);
      expect((err as Error).message).toContain(
        `${name}: not running inside a Shortcrust contract sandbox`,
      );
    }
  });
});
