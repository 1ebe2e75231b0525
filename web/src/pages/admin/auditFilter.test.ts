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
        { propertyKey: "resource_id", operator: "=", value: "c-1" },
        { propertyKey: "unknown", operator: "=", value: "x" },
      ],
    });
    expect(f).toEqual({ actor: "root", result: "denied", resource_id: "c-1" });
    expect(tokensToFilter(filterToTokens(f))).toEqual(f);
  });

  it("sends free text as q, trimmed, the last one winning, and only as contains", () => {
    const f = tokensToFilter({
      operation: "and",
      tokens: [
        { operator: ":", value: "first" },
        { propertyKey: "action", operator: "=", value: "credentials.create" },
        { operator: ":", value: "  <b>x</b>=cmd|' /C calc'!A0 " },
        { operator: "!:", value: "excluded" },
        { operator: ":", value: "   " },
      ],
    });
    expect(f).toEqual({ action: "credentials.create", q: "<b>x</b>=cmd|' /C calc'!A0" });
    expect(filterToTokens(f).tokens).toContainEqual({ operator: ":", value: "<b>x</b>=cmd|' /C calc'!A0" });
    expect(tokensToFilter(filterToTokens(f))).toEqual(f);
  });

  it("becomes the export's body, with the time range as RFC 3339", () => {
    const values = { actor: "root", action: "", resource_type: "task", resource_id: "t-1", result: "denied", q: "prod", from: "2026-01-01T00:00:00.000Z", to: "" };
    expect(toAuditExport(values)).toEqual({ actor: "root", resourceType: "task", resourceId: "t-1", result: "denied", q: "prod", from: "2026-01-01T00:00:00.000Z" });
  });
});
