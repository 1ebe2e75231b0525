// An approval workflow as its form holds it: a name, the operations it
// holds, and its ordered steps, each approved by a role or a named user
// within a number of minutes. Checked here as the API checks it, and sent
// as the API takes it (the order is the steps' place in the list).

import type { CreateWorkflowRequest, Role, Workflow } from "../../api/types";

/** Limits the API applies. */
export const MAX_STEPS = 5;
export const MAX_TIMEOUT_MINUTES = 7 * 24 * 60;
export const DEFAULT_TIMEOUT_MINUTES = 24 * 60;

export interface StepForm {
  /** Keeps a row's identity while steps move. */
  key: number;
  by: "role" | "user";
  role: Role;
  userId: string;
  /** Minutes, as typed. */
  timeout: string;
}

export interface WorkflowForm {
  name: string;
  operations: string[];
  steps: StepForm[];
}

let nextKey = 1;

export function newStep(over: Partial<StepForm> = {}): StepForm {
  return { key: nextKey++, by: "role", role: "admin", userId: "", timeout: String(DEFAULT_TIMEOUT_MINUTES), ...over };
}

export function workflowForm(w?: Workflow): WorkflowForm {
  if (!w) return { name: "", operations: [], steps: [newStep()] };
  return {
    name: w.name,
    operations: [...w.operations],
    steps: [...w.steps]
      .sort((a, b) => a.order - b.order)
      .map((s) =>
        newStep({
          by: s.approverUserId ? "user" : "role",
          role: (s.approverRole as Role) || "admin",
          userId: s.approverUserId ?? "",
          timeout: String(s.timeoutMinutes),
        }),
      ),
  };
}

/** Moves the step at index by delta places (-1 up, +1 down); out of range leaves them as they are. */
export function moveStep(steps: StepForm[], index: number, delta: number): StepForm[] {
  const to = index + delta;
  if (index < 0 || index >= steps.length || to < 0 || to >= steps.length) return steps;
  const out = [...steps];
  const [s] = out.splice(index, 1);
  if (s) out.splice(to, 0, s);
  return out;
}

/** Problems by field: "name", "operations", "steps", and each step's "steps[0].approver" and "steps[0].timeoutMinutes" (see formField). */
export type WorkflowErrors = Record<string, string>;

export function validateWorkflow(f: WorkflowForm): WorkflowErrors {
  const e: WorkflowErrors = {};
  if (!f.name.trim()) e.name = "Name the workflow.";
  if (f.operations.length === 0) e.operations = "Choose at least one operation it holds.";
  if (f.steps.length === 0) e.steps = "Add at least one approval step.";
  if (f.steps.length > MAX_STEPS) e.steps = `At most ${MAX_STEPS} steps.`;
  f.steps.forEach((s, i) => {
    if (s.by === "user" && !s.userId) e[`steps[${i}].approver`] = "Choose the user who approves.";
    const t = s.timeout.trim();
    if (!/^\d+$/.test(t) || Number(t) < 1 || Number(t) > MAX_TIMEOUT_MINUTES) {
      e[`steps[${i}].timeoutMinutes`] = `Enter whole minutes, 1 to ${MAX_TIMEOUT_MINUTES.toLocaleString("en-US")} (a week).`;
    }
  });
  return e;
}

export function toWorkflowBody(f: WorkflowForm): CreateWorkflowRequest {
  return {
    name: f.name.trim(),
    operations: f.operations,
    steps: f.steps.map((s, i) => ({
      order: i + 1,
      ...(s.by === "role" ? { approverRole: s.role } : { approverUserId: s.userId }),
      timeoutMinutes: Number(s.timeout.trim()),
    })),
  };
}

/**
 * The form's name of a field the API named: "operations[1]" is the
 * operations field, "steps[0]" and "steps[0].approverRole" the step's
 * approver, "steps[0].timeoutMinutes" its time.
 */
export function formField(apiField: string): string {
  if (apiField.startsWith("operations")) return "operations";
  const m = /^steps\[(\d+)\](?:\.(\w+))?$/.exec(apiField);
  if (m) return m[2] === "timeoutMinutes" ? `steps[${m[1]}].timeoutMinutes` : `steps[${m[1]}].approver`;
  return apiField;
}
