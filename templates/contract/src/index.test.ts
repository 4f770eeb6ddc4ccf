import { TEMPLATE_NAME } from "./index";

describe("contract template", () => {
  it("is the contract template", () => {
    expect(TEMPLATE_NAME).toBe("contract");
  });
});
