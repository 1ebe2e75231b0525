import { describe, expect, it } from "vitest";
import type { Coverage, TaskUnit } from "../../api/types";
import { rangeToUrl } from "./dateRange";
import { stillChanging } from "./TaskDetail";
import { coverageMatrix, unitProgress, unitStatus } from "./taskUnits";

const cov = (service: string, region: string, status: Coverage["status"] = "ok"): Coverage => ({
  service, accountId: "111122223333", region, status, resources: 1, calls: 1, throttles: 0, retries: 0, durationMs: 1,
});
const unit = (region: string, status: string, services: string[]): TaskUnit => ({
  accountId: "111122223333", credentialId: "c1", region, status, resources: services.length, durationMs: 1, calls: 1, throttles: 0, warnings: 0, coverage: services.map((s) => cov(s, region)),
});

describe("unit progress", () => {
  const done = unit("us-east-1", "completed", ["ec2", "rds", "vpc", "lambda"]);
  it("is 100 for a finished unit and 0 for one not started", () => {
    expect(unitProgress(done, [done])).toBe(100);
    expect(unitProgress({ ...done, status: "done" }, [done])).toBe(100);
    expect(unitProgress({ ...done, status: "failed" }, [done])).toBe(100);
    expect(unitProgress(unit("eu-west-1", "pending", []), [done])).toBe(0);
  });
  it("measures a running regional unit against finished regional units", () => {
    const running = unit("eu-west-1", "running", ["ec2"]);
    const global = unit("global", "completed", ["cloudfront", "route53"]);
    expect(unitProgress(running, [done, global, running])).toBe(25);
  });
  it("is unknown while no unit of its kind has finished", () => {
    const running = unit("global", "running", ["s3"]);
    expect(unitProgress(running, [done, running])).toBeUndefined();
  });
});

describe("a unit's status", () => {
  it.each([
    [{ status: "done", warnings: 0 }, { type: "success", label: "Done" }],
    [{ status: "succeeded", warnings: 0 }, { type: "success", label: "Succeeded" }],
    [{ status: "done", warnings: 2 }, { type: "warning", label: "Completed with warnings (2)" }],
    [{ status: "succeeded", warnings: 1 }, { type: "warning", label: "Completed with warnings (1)" }],
    [{ status: "failed", warnings: 1 }, { type: "error", label: "Failed" }],
    [{ status: "running", warnings: 1 }, { type: "in-progress", label: "Running" }],
    [{ status: "pending", warnings: 0 }, { type: "pending", label: "Pending" }],
  ])("%o reads %o", (u, want) => {
    expect(unitStatus(u)).toEqual(want);
  });
});

describe("coverage matrix", () => {
  it("has a row per service and a column per unit, global first", () => {
    const m = coverageMatrix([unit("us-east-1", "completed", ["vpc", "ec2"]), unit("global", "completed", ["s3"])]);
    expect(m.services).toEqual(["ec2", "s3", "vpc"]);
    expect(m.columns.map((c) => c.region)).toEqual(["global", "us-east-1"]);
    expect(m.cell("ec2", "111122223333/us-east-1")?.status).toBe("ok");
    expect(m.cell("ec2", "111122223333/global")).toBeUndefined();
  });
  it("follows the server's column spec for order and titles", () => {
    const spec = ["vpc", "ec2", "s3"].map((key) => ({ key, title: key.toUpperCase() + " title" }));
    const m = coverageMatrix([unit("us-east-1", "completed", ["ec2", "vpc", "unknown"]), unit("global", "completed", ["s3"])], spec);
    expect(m.services).toEqual(["vpc", "ec2", "s3", "unknown"]);
    expect(m.title("ec2")).toBe("EC2 title");
    expect(m.title("unknown")).toBe("unknown");
  });
});

describe("polling a task", () => {
  const now = Date.parse("2026-01-01T00:10:00Z");
  it.each([
    ["running", { status: "running" as const }, true],
    ["completed without a report yet", { status: "completed" as const, completedAt: "2026-01-01T00:09:00Z" }, true],
    ["completed with its report", { status: "completed" as const, reportId: "r", completedAt: "2026-01-01T00:09:00Z" }, false],
    ["long completed without a report", { status: "completed" as const, completedAt: "2025-12-31T00:00:00Z" }, false],
    ["failed", { status: "failed" as const }, false],
    ["completed, its report failed", { status: "partially_completed" as const, reportError: "could not be built", completedAt: "2026-01-01T00:09:00Z" }, false],
  ])("%s: %s", (_, t, want) => {
    expect(stillChanging(t, now)).toBe(want);
  });
});

describe("date range filter", () => {
  it("ends an absolute range at the end of its last day", () => {
    const r = rangeToUrl({ type: "absolute", startDate: "2026-01-01", endDate: "2026-01-02" });
    expect(new Date(r.to as string).getHours()).toBe(23);
    expect(new Date(r.from as string).getDate()).toBe(1);
  });
  it("resolves a relative range from now", () => {
    expect(rangeToUrl({ type: "relative", amount: 1, unit: "day" }, Date.parse("2026-01-02T00:00:00Z"))).toEqual({ from: "2026-01-01T00:00:00.000Z", to: undefined });
  });
});
