import { describe, expect, it } from "vitest";
import { formField, moveStep, newStep, toWorkflowBody, validateWorkflow, workflowForm } from "./workflowForm";

describe("the workflow form", () => {
  it("starts with one step approved by an administrator within a day", () => {
    const f = workflowForm();
    expect(f.steps).toHaveLength(1);
    expect(f.steps[0]).toMatchObject({ by: "role", role: "admin", timeout: "1440" });
  });

  it("reads a workflow's steps in order", () => {
    const f = workflowForm({
      id: "w1", name: "Deletes", operations: ["tasks:delete"], createdBy: "u", createdAt: "", updatedAt: "", version: 2,
      steps: [
        { order: 2, approverUserId: "u-boss", timeoutMinutes: 30 },
        { order: 1, approverRole: "power_user", timeoutMinutes: 60 },
      ],
    });
    expect(f.steps.map((s) => [s.by, s.role, s.userId, s.timeout])).toEqual([
      ["role", "power_user", "", "60"],
      ["user", "admin", "u-boss", "30"],
    ]);
  });

  it("checks what the API checks", () => {
    expect(validateWorkflow({ name: " ", operations: [], steps: [] })).toEqual({
      name: "Name the workflow.",
      operations: "Choose at least one operation it holds.",
      steps: "Add at least one approval step.",
    });
    const errs = validateWorkflow({ name: "x", operations: ["tasks:delete"], steps: [newStep({ by: "user", userId: "" }), newStep({ timeout: "0" }), newStep({ timeout: "10081" })] });
    expect(errs["steps[0].approver"]).toBe("Choose the user who approves.");
    expect(errs["steps[1].timeoutMinutes"]).toMatch(/^Enter whole minutes, 1 to 10,080/);
    expect(errs["steps[2].timeoutMinutes"]).toBeDefined();
    expect(validateWorkflow({ name: "x", operations: ["a"], steps: Array.from({ length: 6 }, () => newStep()) }).steps).toBe("At most 5 steps.");
  });

  it("sends the steps in their order, each with a role or a user", () => {
    const body = toWorkflowBody({ name: " Deletes ", operations: ["credentials:delete"], steps: [newStep({ timeout: "60" }), newStep({ by: "user", userId: "u-boss", timeout: " 30 " })] });
    expect(body).toEqual({
      name: "Deletes",
      operations: ["credentials:delete"],
      steps: [
        { order: 1, approverRole: "admin", timeoutMinutes: 60 },
        { order: 2, approverUserId: "u-boss", timeoutMinutes: 30 },
      ],
    });
  });

  it("moves a step up and down, and not past the ends", () => {
    const [a, b, c] = [newStep(), newStep(), newStep()];
    const steps = [a, b, c];
    expect(moveStep(steps, 2, -1)).toEqual([a, c, b]);
    expect(moveStep(steps, 0, 1)).toEqual([b, a, c]);
    expect(moveStep(steps, 0, -1)).toBe(steps);
    expect(moveStep(steps, 2, 1)).toBe(steps);
  });

  it("puts the API's field errors beside the form's fields", () => {
    expect(formField("operations[1]")).toBe("operations");
    expect(formField("steps[0]")).toBe("steps[0].approver");
    expect(formField("steps[2].approverRole")).toBe("steps[2].approver");
    expect(formField("steps[1].timeoutMinutes")).toBe("steps[1].timeoutMinutes");
    expect(formField("name")).toBe("name");
  });
});
