import { describe, expect, it } from "vitest";
import { catalog, role } from "../../test/tenancy";
import { createBody, groupState, nameProblem, newRoleForm, rankCeiling, rankProblem, roleFormOf, setGroup, setPermission, updateBody } from "./roleForm";

const scans = catalog.groups[1]!;
const people = catalog.groups[3]!;

describe("the role form", () => {
  it("checks a name as the API does", () => {
    expect(nameProblem("")).toBe("Enter a name.");
    expect(nameProblem("a")).toMatch(/^Use 2 to 40 lower-case/);
    expect(nameProblem("Auditor")).toMatch(/^Use 2 to 40/);
    expect(nameProblem("1st")).toMatch(/^Use 2 to 40/);
    expect(nameProblem("sec-audit_2")).toBeUndefined();
    expect(nameProblem("a".repeat(41))).toMatch(/^Use 2 to 40/);
  });

  it("bounds the rank by the caller's own", () => {
    expect(rankCeiling(200, 300)).toBe(200);
    expect(rankCeiling(300, 300)).toBe(300);
    expect(rankProblem("", 200)).toBe("Enter a rank.");
    expect(rankProblem("1.5", 200)).toBe("Enter a whole number.");
    expect(rankProblem("0", 200)).toBe("Enter 1 to 200.");
    expect(rankProblem("201", 200)).toBe("Enter 1 to 200.");
    expect(rankProblem(" 200 ", 200)).toBeUndefined();
    expect(newRoleForm(50).rank).toBe("50");
    expect(newRoleForm(300).rank).toBe("100");
  });

  it("ticks a group's permissions the caller may give, never clearing the one every role holds", () => {
    const may = (k: string) => k !== "roles:update";
    const none = newRoleForm(300).permissions;
    expect(groupState(scans, none)).toBe("none");
    const ticked = setGroup(none, scans, true, may);
    expect(groupState(scans, ticked)).toBe("all");
    expect(groupState(people, setGroup(ticked, people, true, may))).toBe("some");
    expect(setGroup(ticked, scans, false, may).has("tasks:read")).toBe(false);
    expect(setPermission(ticked, "auth:self", false).has("auth:self")).toBe(true);
  });

  it("sends the keys in catalog order, and a rank only for a custom role", () => {
    const form = { ...newRoleForm(300), name: " auditor ", description: " Reads ", rank: "120", permissions: new Set(["reports:read", "auth:self", "tasks:read"]) };
    expect(createBody(form, catalog.groups)).toEqual({ name: "auditor", description: "Reads", rank: 120, permissions: ["auth:self", "tasks:read", "reports:read"] });
    const custom = role();
    expect(updateBody(custom, roleFormOf(custom), catalog.groups)).toEqual({
      role: "auditor",
      description: "Reads <b>reports</b>",
      permissions: ["auth:self", "reports:read"],
      rank: 150,
      version: 3,
    });
    const builtIn = role({ role: "user", builtIn: true, rank: 100 });
    expect(updateBody(builtIn, roleFormOf(builtIn), catalog.groups)).not.toHaveProperty("rank");
  });
});
