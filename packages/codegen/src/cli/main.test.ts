import { main } from "./main";
import { CODEGEN_VERSION } from "../version";

describe("shortcrust CLI", () => {
  it("prints its version", async () => {
    const out: string[] = [];
    const spy = jest.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    try {
      expect(await main(["node", "shortcrust", "--version"])).toBe(0);
    } finally {
      spy.mockRestore();
    }
    expect(out.join("")).toBe(`${CODEGEN_VERSION}\n`);
    expect(CODEGEN_VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });
});
