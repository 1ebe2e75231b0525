import { describe, expect, it } from "vitest";
import { activeHref, visibleNav } from "./nav";

describe("navigation", () => {
  it("drops sections the user has no link in", () => {
    const nav = visibleNav((ui) => ui === "menu:tasks" || ui === "menu:dashboard");
    expect(nav.map((s) => s.text)).toEqual(["Scans"]);
    expect(nav[0]?.links.map((l) => l.href)).toEqual(["/", "/tasks", "/exports"]);
  });
  it("shows schedules and notifications only with their menu resources", () => {
    const nav = visibleNav((ui) => ui === "menu:schedules");
    expect(nav.map((s) => s.text)).toEqual(["Automation"]);
    expect(nav[0]?.links.map((l) => l.href)).toEqual(["/schedules"]);
  });
  it("shows report templates beside reports, and settings in the workspace section", () => {
    const nav = visibleNav((ui) => ui === "menu:reports" || ui === "menu:templates" || ui === "menu:settings");
    expect(nav.map((s) => s.text)).toEqual(["Scans", "Workspace"]);
    expect(nav[0]?.links.map((l) => l.text)).toEqual(["Reports", "Report templates"]);
    expect(nav[1]?.links.map((l) => l.href)).toEqual(["/settings"]);
  });
  it("shows the governance pages by their own menu resources", () => {
    expect(visibleNav((ui) => ui === "menu:approvals").map((s) => [s.text, s.links.map((l) => l.href)])).toEqual([["Governance", ["/approvals"]]]);
    const all = visibleNav((ui) => ["menu:approvals", "menu:approval-workflows", "menu:grants", "menu:alerts", "menu:alert-rules"].includes(ui));
    expect(all[0]?.links.map((l) => l.text)).toEqual(["Approvals", "Approval workflows", "Temporary grants", "Security alerts", "Alert rules"]);
    expect(activeHref("/approvals/r1")).toBe("/approvals");
    expect(activeHref("/approvals/workflows")).toBe("/approvals/workflows");
    expect(activeHref("/approvals/grants")).toBe("/approvals/grants");
    expect(activeHref("/alerts/a1")).toBe("/alerts");
    expect(activeHref("/alerts/rules")).toBe("/alerts/rules");
  });
  it("shows workspaces under administration only to platform administrators", () => {
    expect(visibleNav((ui) => ui === "menu:users").flatMap((s) => s.links.map((l) => l.href))).not.toContain("/workspaces");
    const nav = visibleNav((ui) => ui === "menu:users" || ui === "menu:workspaces");
    expect(nav.map((s) => [s.text, s.links.map((l) => l.text)])).toEqual([["Administration", ["Users", "Workspaces"]]]);
  });
  it("highlights the section of nested pages", () => {
    expect(activeHref("/tasks/abc")).toBe("/tasks");
    expect(activeHref("/credentials/new")).toBe("/credentials");
    expect(activeHref("/schedules/s1/edit")).toBe("/schedules");
    expect(activeHref("/notifications/new")).toBe("/notifications");
    expect(activeHref("/account")).toBe("");
    expect(activeHref("/")).toBe("/");
  });
});
