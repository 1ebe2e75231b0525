// Approval requests, workflows, grants and alerts as the API answers them,
// for the governance pages' tests.

import type { Alert, AlertDetail, AlertRule, ApprovalRequest, Grant, Workflow } from "../api/types";

export function request(over: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return {
    id: "r1",
    kind: "operation",
    operation: "credentials:delete",
    route: "POST /api/credentials/delete",
    payload: '{"id":"c1"}',
    resourceType: "credential",
    resourceId: "c1",
    resourceVersion: 3,
    workflowId: "w1",
    steps: [
      { order: 1, approverRole: "admin", timeoutMinutes: 60 },
      { order: 2, approverUserId: "u-boss", timeoutMinutes: 1440 },
    ],
    currentStep: 0,
    stepDeadline: "2026-03-01T11:00:00Z",
    status: "pending",
    requestedBy: "u-power_user",
    requestedByName: "pat",
    history: [{ step: 0, decision: "requested", actor: "u-power_user", actorName: "pat", at: "2026-03-01T10:00:00Z" }],
    executed: false,
    createdAt: "2026-03-01T10:00:00Z",
    updatedAt: "2026-03-01T10:00:00Z",
    version: 1,
    ...over,
  };
}

export function accessRequest(over: Partial<ApprovalRequest> = {}): ApprovalRequest {
  return request({
    id: "r2",
    kind: "access",
    operation: undefined,
    route: undefined,
    payload: undefined,
    resourceType: undefined,
    resourceId: undefined,
    resourceVersion: undefined,
    workflowId: "",
    permissions: ["audit:read"],
    reason: "Quarterly review",
    durationHours: 1,
    steps: [{ order: 1, approverRole: "admin", timeoutMinutes: 1440 }],
    requestedBy: "u-user",
    requestedByName: "ann",
    history: [{ step: 0, decision: "requested", actor: "u-user", actorName: "ann", at: "2026-03-01T10:00:00Z" }],
    ...over,
  });
}

export function workflow(over: Partial<Workflow> = {}): Workflow {
  return {
    id: "w1",
    name: "Deletes",
    operations: ["credentials:delete"],
    steps: [{ order: 1, approverRole: "admin", timeoutMinutes: 60 }],
    createdBy: "u-admin",
    createdAt: "2026-03-01T10:00:00Z",
    updatedAt: "2026-03-01T10:00:00Z",
    version: 1,
    ...over,
  };
}

export function grant(over: Partial<Grant> = {}): Grant {
  return {
    id: "g1",
    userId: "u-user",
    username: "ann",
    permissions: ["audit:read"],
    requestId: "r2",
    expiresAt: new Date(Date.now() + 3600_000).toISOString(),
    createdAt: "2026-03-01T10:00:00Z",
    updatedAt: "2026-03-01T10:00:00Z",
    version: 1,
    ...over,
  };
}

export function alert(over: Partial<Alert> = {}): Alert {
  return {
    id: "a1",
    rule: "role_elevation",
    severity: "high",
    title: "Permissions added to a role",
    message: "root gave the role power_user: credentials:delete.",
    subject: "power_user",
    subjectName: "power_user",
    evidence: ["e1"],
    status: "open",
    firedAt: "2026-03-01T10:00:00Z",
    createdAt: "2026-03-01T10:01:00Z",
    updatedAt: "2026-03-01T10:01:00Z",
    version: 1,
    ...over,
  };
}

export function alertDetail(over: Partial<AlertDetail> = {}): AlertDetail {
  return {
    ...alert(),
    evidenceEntries: [
      {
        id: "e1", workspaceId: "w1", actor: "u-admin", actorName: "root", action: "roles.update", resourceType: "role", resourceId: "power_user",
        result: "success", ip: "10.0.0.1", userAgent: "test", requestId: "req-1", timestamp: "2026-03-01T10:00:00.250Z",
      },
    ],
    ...over,
  };
}

export function rule(over: Partial<AlertRule> = {}): AlertRule {
  const config = { count: 10, minutes: 10 };
  return { id: "repeated_denials", title: "Repeated refusals", description: "One user was refused many times.", enabled: true, config, defaults: config, version: 0, ...over };
}
