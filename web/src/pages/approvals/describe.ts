// Approval requests in words: what a workflow may hold, what a request
// asks, who approves each step, and what a held call would change, from
// the request's payload (the JSON body of the held call) against the
// resource as it is now.

import type { ApprovalRequest, ApprovalStatus, Role, User, WorkflowStep } from "../../api/types";
import { humanize, roleLabel } from "../../format";

/** The workflow operation that governs access requests (the API lists it with the operations). */
export const ACCESS_OPERATION = "access:request";

const operationLabels: Record<string, string> = {
  "credentials:delete": "Delete a credential",
  "users:update": "Raise a user's role",
  "users:delete": "Delete a user",
  "workers:purge": "Purge workers (stop every execution)",
  "base-role:update": "Change the base role",
  "roles:update": "Change a role's permissions",
  "tasks:delete": "Delete a task",
  "reports:delete": "Delete a report",
  [ACCESS_OPERATION]: "Access requests (permissions for a while)",
};

/** What a workflow operation holds, in words: "credentials:delete" -> "Delete a credential". */
export function operationLabel(op: string): string {
  return operationLabels[op] ?? humanize(op.replace(":", " "));
}

const nouns: Record<string, string> = {
  credential: "credential",
  user: "user",
  task: "task",
  report: "report",
};

/** The JSON body of the held call as an object ({} when it is not one). */
export function payloadOf(req: Pick<ApprovalRequest, "payload">): Record<string, unknown> {
  if (!req.payload) return {};
  try {
    const v: unknown = JSON.parse(req.payload);
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function isRole(v: unknown): v is Role {
  return v === "admin" || v === "power_user" || v === "user";
}

/** "1 hour", "3 hours". */
export function hours(n: number | undefined): string {
  const h = n ?? 0;
  return `${h} hour${h === 1 ? "" : "s"}`;
}

/** "30 minutes", "2 hours", "1 day 2 hours". */
export function minutes(n: number): string {
  if (n < 60) return `${n} minute${n === 1 ? "" : "s"}`;
  const d = Math.floor(n / (24 * 60));
  const h = Math.floor((n % (24 * 60)) / 60);
  const m = n % 60;
  const parts = [d && `${d} day${d === 1 ? "" : "s"}`, h && `${h} hour${h === 1 ? "" : "s"}`, m && `${m} minute${m === 1 ? "" : "s"}`];
  return parts.filter(Boolean).join(" ");
}

/**
 * What a request asks, in words: "Delete credential Prod (01H…)",
 * "Raise the role of user ann to Administrator", "Access to audit:read for
 * 1 hour". name is the resource's name when it is known.
 */
export function describeRequest(req: ApprovalRequest, name?: string): string {
  if (req.kind === "access") return `Access to ${(req.permissions ?? []).join(", ") || "no permission"} for ${hours(req.durationHours)}`;
  const payload = payloadOf(req);
  const target = name || req.resourceId || "";
  const noun = nouns[req.resourceType ?? ""] ?? req.resourceType ?? "";
  switch (req.operation) {
    case "users:update":
      return isRole(payload.role) ? `Raise the role of user ${target} to ${roleLabel(payload.role)}` : `Change user ${target}`;
    case "roles:update":
      return isRole(payload.role) ? `Change the permissions of the ${roleLabel(payload.role)} role` : "Change a role's permissions";
    case "workers:purge":
      return "Purge the workers: stop every running execution";
    case "base-role:update":
      return "Change the base role scans assume accounts with";
    case "credentials:delete":
    case "users:delete":
    case "tasks:delete":
    case "reports:delete":
      return `Delete ${noun} ${target}`.trim();
    default:
      return `${operationLabel(req.operation ?? "")}${target ? ` (${target})` : ""}`;
  }
}

/** What the request's list cell says in its "Operation or permissions" column. */
export function requestSubject(req: ApprovalRequest): string {
  return req.kind === "access" ? (req.permissions ?? []).join(", ") : (req.operation ?? "-");
}

/** Who approves a step: "Administrators", "the user ann". */
export function approverLabel(step: WorkflowStep, users?: ReadonlyMap<string, string>): string {
  if (step.approverRole) return isRole(step.approverRole) ? `${roleLabel(step.approverRole)}s` : humanize(step.approverRole);
  if (step.approverUserId) return `User ${users?.get(step.approverUserId) ?? step.approverUserId}`;
  return "Nobody named";
}

/** "Step 2 of 3" for a pending request; the steps it had once it ended. */
export function stepLabel(req: ApprovalRequest): string {
  const n = req.steps.length;
  if (req.status !== "pending") return `${n} step${n === 1 ? "" : "s"}`;
  return `Step ${Math.min(req.currentStep + 1, n)} of ${n}`;
}

export interface Me {
  id: string;
  role: Role | undefined;
}

/**
 * Whether me may approve or reject the request now, and if not why: the
 * API's rules (nobody decides their own request, a step is for its role or
 * its user, an ended request has nothing left to decide).
 */
export function decision(req: ApprovalRequest, me: Me): { may: boolean; why?: string } {
  if (req.status !== "pending") return { may: false, why: `The request is ${req.status}: there is nothing left to decide.` };
  if (req.requestedBy === me.id) return { may: false, why: "You made this request: someone else approves it." };
  const step = req.steps[req.currentStep];
  if (!step) return { may: false, why: "The request has no step left to decide." };
  if ((step.approverUserId && step.approverUserId === me.id) || (step.approverRole && step.approverRole === me.role)) return { may: true };
  return { may: false, why: `Step ${step.order} is for ${step.approverUserId ? "a named user" : `the role ${roleLabel(step.approverRole as Role)}`}.` };
}

/** One line of the comparison of a held call with the resource now. */
export interface Change {
  field: string;
  label: string;
  now: string;
  requested: string;
}

const hidden = /secret|password|token/i;

function show(field: string, v: unknown): string {
  if (v === undefined || v === null || v === "") return "-";
  if (hidden.test(field)) return "(hidden)";
  if (field === "role" && isRole(v)) return roleLabel(v);
  if (typeof v === "boolean") return v ? "Yes" : "No";
  if (typeof v === "string" || typeof v === "number") return field === "status" && typeof v === "string" ? humanize(v) : String(v);
  if (Array.isArray(v)) return v.map((x) => (typeof x === "string" ? x : JSON.stringify(x))).join(", ") || "-";
  return JSON.stringify(v);
}

/**
 * The held call against the resource now: for a delete, the resource that
 * would go; for a change, each field the call sets, now and requested (the
 * id and version only say which resource, and are left out).
 */
export function changesOf(req: ApprovalRequest, current: Record<string, unknown> | undefined, name?: string): Change[] {
  const payload = payloadOf(req);
  if (req.operation?.endsWith(":delete")) {
    const noun = nouns[req.resourceType ?? ""] ?? "resource";
    return [{ field: "exists", label: humanize(noun), now: current ? `${name ?? req.resourceId} exists` : req.executed ? "Gone" : "Not found", requested: "Deleted" }];
  }
  return Object.entries(payload)
    .filter(([k]) => k !== "id" && k !== "version")
    .map(([k, v]) => ({ field: k, label: humanize(k.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase()), now: current ? show(k, current[k]) : "-", requested: show(k, v) }));
}

/** The resource's name for the words of a request, from its detail. */
export function resourceName(type: string | undefined, r: unknown): string | undefined {
  if (!r || typeof r !== "object") return undefined;
  if (type === "user") return (r as User).username;
  const n = (r as { name?: unknown }).name;
  return typeof n === "string" ? n : undefined;
}

/** The request statuses a filter offers, in order. */
export const APPROVAL_STATUSES: ApprovalStatus[] = ["pending", "approved", "rejected", "cancelled", "expired"];
