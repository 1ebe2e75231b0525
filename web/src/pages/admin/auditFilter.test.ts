import { describe, expect, it } from "vitest";
import { filterToTokens, toAuditExport, tokensToFilter } from "./auditFilter";

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

  it("becomes the export's body, with the time range as RFC 3339", () => {
    const values = { actor: "root", action: "", resource_type: "task", result: "denied", from: "2026-01-01T00:00:00.000Z", to: "" };
    expect(toAuditExport(values)).toEqual({ actor: "root", resourceType: "task", result: "denied", from: "2026-01-01T00:00:00.000Z" });
  });
});
