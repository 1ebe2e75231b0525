import { describe, expect, it } from "vitest";
import type { Schedule } from "../../api/types";
import { expressionProblem, formFromSchedule, toggled } from "./form";

describe("schedule expressions", () => {
  it.each(["rate(5 minutes)", "rate(1 day)", "cron(0 2 * * ? *)", "cron(0 8 ? * MON-FRI *)", "at(2027-01-31T09:00:00)"])("takes %s", (e) => {
    expect(expressionProblem(e)).toBeUndefined();
  });
  it.each([
    ["", /Enter when/],
    ["every day", /rate\(\.\.\.\), cron/],
    ["rate(5 weeks)", /minutes, hours or days/],
    ["cron(0 2 * * *)", /6 fields.*has 5/],
    ["at(2027-01-31 09:00)", /yyyy-mm-ddThh:mm:ss/],
  ])("refuses %j", (e, why) => {
    expect(expressionProblem(e)).toMatch(why);
  });
});

describe("enabling or disabling a schedule", () => {
  it("sends every other setting as it is", () => {
    const s = {
      id: "s1", version: 3, name: "Nightly", expression: "cron(0 2 * * ? *)", timezone: "Europe/Berlin", enabled: true,
      credentialIds: ["c1"], regions: ["eu-west-1"], services: ["ec2"], channelIds: ["ch1"], nextRuns: [],
      projectMetadata: { clientName: "C", projectName: "P", bdManager: "B", solutionsArchitect: "S", cloudEngineer: "E", cloudEngineerEmail: "e@example.com", networkDiagramKey: "uploads/d.png" },
      createdAt: "", createdBy: "u", createdByName: "root", updatedAt: "",
    } as Schedule;
    expect(formFromSchedule(s).task.diagram?.key).toBe("uploads/d.png");
    expect(toggled(s, false)).toEqual({
      id: "s1", version: 3, name: "Nightly", expression: "cron(0 2 * * ? *)", timezone: "Europe/Berlin", enabled: false,
      credentialIds: ["c1"], regions: ["eu-west-1"], services: ["ec2"], channelIds: ["ch1"], projectMetadata: s.projectMetadata,
    });
  });

  it("keeps the schedule's report template, and sends none for the workspace default", () => {
    const s = {
      id: "s1", version: 3, name: "Nightly", expression: "rate(1 day)", timezone: "UTC", enabled: true, credentialIds: ["c1"], regions: ["eu-west-1"],
      nextRuns: [], templateId: "t-acme",
      projectMetadata: { clientName: "C", projectName: "P", bdManager: "B", solutionsArchitect: "S", cloudEngineer: "E", cloudEngineerEmail: "e@example.com" },
      createdAt: "", createdBy: "u", createdByName: "root", updatedAt: "",
    } as Schedule;
    expect(formFromSchedule(s).task.templateId).toBe("t-acme");
    expect(toggled(s, false).templateId).toBe("t-acme");
    expect(toggled({ ...s, templateId: undefined }, false)).not.toHaveProperty("templateId");
  });
});
