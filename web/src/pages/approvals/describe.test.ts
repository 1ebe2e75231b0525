import { describe, expect, it } from "vitest";
import { request } from "../../test/governance";
import { approverLabel, changesOf, decision, describeRequest, minutes, operationLabel, stepLabel } from "./describe";

describe("a request in words", () => {
  it("names the operation and what it acts on, by name when known", () => {
    expect(describeRequest(request())).toBe("Delete credential c1");
    expect(describeRequest(request(), "Prod")).toBe("Delete credential Prod");
    expect(describeRequest(request({ operation: "users:update", resourceType: "user", resourceId: "u9", payload: '{"id":"u9","version":2,"role":"admin"}' }), "ann")).toBe(
      "Raise the role of user ann to Administrator",
    );
    expect(describeRequest(request({ operation: "roles:update", resourceType: "role", payload: '{"role":"power_user","permissions":[]}' }))).toBe(
      "Change the permissions of the Power user role",
    );
    expect(describeRequest(request({ operation: "workers:purge", payload: "{}" }))).toBe("Purge the workers: stop every running execution");
  });

  it("says what an access request asks and for how long", () => {
    expect(describeRequest(request({ kind: "access", operation: undefined, permissions: ["audit:read"], durationHours: 1 }))).toBe("Access to audit:read for 1 hour");
    expect(describeRequest(request({ kind: "access", permissions: ["audit:read", "audit:export"], durationHours: 8 }))).toBe("Access to audit:read, audit:export for 8 hours");
  });

  it("labels the operations a workflow may hold in plain language", () => {
    expect(operationLabel("credentials:delete")).toBe("Delete a credential");
    expect(operationLabel("access:request")).toBe("Access requests (permissions for a while)");
    expect(operationLabel("things:frobnicate")).toBe("Things frobnicate");
  });

  it("says who approves a step and how long it has", () => {
    expect(approverLabel({ order: 1, approverRole: "admin", timeoutMinutes: 1 })).toBe("Administrators");
    expect(approverLabel({ order: 1, approverUserId: "u-boss", timeoutMinutes: 1 }, new Map([["u-boss", "boss"]]))).toBe("User boss");
    expect(approverLabel({ order: 1, approverUserId: "u-x", timeoutMinutes: 1 })).toBe("User u-x");
    expect(minutes(1)).toBe("1 minute");
    expect(minutes(60)).toBe("1 hour");
    expect(minutes(1500)).toBe("1 day 1 hour");
    expect(minutes(10080)).toBe("7 days");
    expect(stepLabel(request({ currentStep: 1 }))).toBe("Step 2 of 2");
    expect(stepLabel(request({ status: "approved" }))).toBe("2 steps");
  });
});

describe("who may decide", () => {
  it("follows the API's rules", () => {
    expect(decision(request(), { id: "u-admin", role: "admin" })).toEqual({ may: true });
    expect(decision(request(), { id: "u-power_user", role: "admin" }).why).toBe("You made this request: someone else approves it.");
    expect(decision(request(), { id: "u-user", role: "user" }).why).toBe("Step 1 is for the role Administrator.");
    expect(decision(request({ currentStep: 1 }), { id: "u-admin", role: "admin" }).why).toBe("Step 2 is for a named user.");
    expect(decision(request({ currentStep: 1 }), { id: "u-boss", role: "user" })).toEqual({ may: true });
    expect(decision(request({ status: "rejected" }), { id: "u-admin", role: "admin" }).why).toBe("The request is rejected: there is nothing left to decide.");
  });
});

describe("what a held call changes", () => {
  it("compares each field the call sets with the resource now", () => {
    const raise = request({ operation: "users:update", resourceType: "user", payload: '{"id":"u9","version":2,"role":"admin","status":"active"}' });
    expect(changesOf(raise, { role: "user", status: "active", version: 2 })).toEqual([
      { field: "role", label: "Role", now: "User", requested: "Administrator" },
      { field: "status", label: "Status", now: "Active", requested: "Active" },
    ]);
  });

  it("shows a delete as the resource that would go, and hides secrets", () => {
    expect(changesOf(request(), { name: "Prod" }, "Prod")).toEqual([{ field: "exists", label: "Credential", now: "Prod exists", requested: "Deleted" }]);
    expect(changesOf(request({ executed: true }), undefined)[0]?.now).toBe("Gone");
    const key = request({ operation: "base-role:update", resourceType: "", payload: '{"mode":"access_key","secretAccessKey":"abc"}' });
    expect(changesOf(key, undefined).map((c) => c.requested)).toEqual(["access_key", "(hidden)"]);
  });
});
