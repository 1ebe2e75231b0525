import { describe, expect, it } from "vitest";
import { formatRelative, sentence } from "../../format";
import { permissionFor } from "../../components/Guard";
import { accessProblems } from "./access";
import { grantEnd, pagesOpenedBy } from "./ApplyPermission";
import { accessRequest } from "../../test/governance";

describe("an access request", () => {
  it("needs a permission, a reason and 1 to 168 hours", () => {
    expect(accessProblems({ permissions: [], reason: " ", hours: "0" })).toEqual({
      permissions: "Choose at least one permission.",
      reason: "Say why you need it.",
      hours: "Enter whole hours, 1 to 168.",
    });
    expect(accessProblems({ permissions: ["audit:read"], reason: "x".repeat(1001), hours: "169" })).toEqual({
      reason: "At most 1,000 characters.",
      hours: "Enter whole hours, 1 to 168.",
    });
    expect(accessProblems({ permissions: ["audit:read"], reason: "Audit", hours: " 168 " })).toEqual({});
  });

  it("knows the permission that opens a page, and the pages a permission opens", () => {
    expect(permissionFor("menu:audit")).toBe("audit:read");
    expect(permissionFor("menu:grants")).toBe("approvals:configure");
    expect(pagesOpenedBy(["audit:read"])).toEqual([{ text: "Audit log", href: "/audit", ui: "menu:audit" }]);
    expect(pagesOpenedBy(["audit:export", "nonsense"])).toEqual([]);
  });

  it("ends the grant its hours after it ran", () => {
    const ran = accessRequest({ status: "approved", executed: true, durationHours: 2, history: [{ step: 0, decision: "executed", actor: "system", actorName: "approvals", at: "2026-03-01T10:00:00Z" }] });
    expect(grantEnd(ran)).toBe("2026-03-01T12:00:00.000Z");
    expect(grantEnd(accessRequest())).toBeUndefined();
  });
});

describe("times and reasons in words", () => {
  it("says how far a time is from now", () => {
    const now = Date.parse("2026-03-01T10:00:00Z");
    expect(formatRelative("2026-03-01T13:00:00Z", now)).toBe("in 3 hours");
    expect(formatRelative("2026-03-01T09:55:00Z", now)).toBe("5 minutes ago");
    expect(formatRelative("2026-03-02T10:00:00Z", now)).toBe("tomorrow");
    expect(formatRelative("2026-03-01T10:00:20Z", now)).toBe("now");
    expect(formatRelative(undefined, now)).toBe("-");
  });

  it("makes an API reason a sentence", () => {
    expect(sentence("must be from 2 to 10000")).toBe("Must be from 2 to 10000.");
    expect(sentence("Say why.")).toBe("Say why.");
  });
});
