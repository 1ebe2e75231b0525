import { describe, expect, it } from "vitest";
import { filterToTokens, tokensToFilter } from "./auditFilter";

describe("audit filter", () => {
  it("turns equality tokens into query parameters and back", () => {
    const f = tokensToFilter({
      operation: "and",
      tokens: [
        { propertyKey: "actor", operator: "=", value: "root" },
        { propertyKey: "result", operator: "=", value: "denied" },
        { propertyKey: "result", operator: "!=", value: "success" },
        { operator: "=", value: "free text" },
      ],
    });
    expect(f).toEqual({ actor: "root", result: "denied" });
    expect(tokensToFilter(filterToTokens(f))).toEqual(f);
  });
});
