// The mock's scan: a task's units finish one after another on a clock, two
// at a time, each reporting coverage for a handful of made-up services, so
// the console's live progress, coverage grid and logs have something real
// to show. Advanced lazily whenever the state is read.

import type { Coverage, CoverageStatus, TaskUnit } from "../src/api/types";
import { newId, now, type State } from "./data.ts";
import { docx } from "./zip.ts";

const GLOBAL_SERVICES = ["acm", "cloudfront", "route53", "s3", "waf"];
const REGIONAL_SERVICES = ["cloudwatch_logs", "dynamodb", "ec2", "ecs", "eks", "elb", "lambda", "rds", "subnet", "vpc"];
const CONCURRENCY = 2;

type MockTask = State["tasks"][number];

export function planUnits(accounts: string[], regions: string[]): TaskUnit[] {
  return accounts.flatMap((accountId) =>
    ["global", ...regions].map((region) => ({ accountId, region, status: "pending", resources: 0, durationMs: 0, coverage: [] })),
  );
}

function hash(s: string): number {
  let h = 0;
  for (const c of s) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h;
}

function coverageOf(u: TaskUnit, service: string): Coverage {
  const h = hash(`${u.accountId}/${u.region}/${service}`);
  let status: CoverageStatus = "ok";
  if (/^(me|af|il)-/.test(u.region)) status = "region_disabled";
  else if (service === "eks") status = "access_denied";
  else if (h % 11 === 0) status = "throttled";
  const resources = status === "ok" ? h % 9 : 0;
  return {
    service, accountId: u.accountId, region: u.region === "global" ? "us-east-1" : u.region, status, resources,
    calls: 1 + (h % 5), throttles: status === "throttled" ? 4 : h % 2, retries: status === "throttled" ? 3 : 0,
    durationMs: 80 + (h % 400),
    ...(status === "access_denied" ? { error: `AccessDenied: not authorized to perform ${service}:List*` } : {}),
  };
}

function log(state: State, t: MockTask, level: "info" | "warning" | "error", message: string, extra: Partial<State["logs"][number]> = {}) {
  state.logs.push({ id: newId(), taskId: t.id, level, message, timestamp: now(), ...extra });
}

/** Moves t forward to the present. */
export function advance(state: State, t: MockTask): void {
  if (t.status !== "pending" && t.status !== "running") return;
  const elapsed = Date.now() - t.startMs;
  if (elapsed < 0) return;
  if (t.status === "pending") {
    t.status = "running";
    t.startedAt = now();
    log(state, t, "info", `Scan started: ${t.units.length} units`);
  }
  t.units.forEach((u, i) => {
    if (u.status === "completed") return;
    const begins = Math.floor(i / CONCURRENCY) * t.unitMs;
    if (elapsed < begins) return;
    const services = u.region === "global" ? GLOBAL_SERVICES : REGIONAL_SERVICES;
    const fraction = Math.min(1, (elapsed - begins) / t.unitMs);
    u.status = fraction >= 1 ? "completed" : "running";
    u.coverage = services.slice(0, Math.floor(services.length * fraction)).map((s) => coverageOf(u, s));
    u.resources = u.coverage.reduce((n, c) => n + c.resources, 0);
    u.durationMs = Math.round(Math.min(elapsed - begins, t.unitMs));
    if (u.status === "completed") {
      for (const c of u.coverage.filter((c) => c.status !== "ok")) {
        log(state, t, c.status === "access_denied" ? "error" : "warning", `${c.service}: ${c.status}`, {
          accountId: c.accountId, region: c.region, service: c.service, details: c.error ? { error: c.error, retries: c.retries } : undefined,
        });
      }
      log(state, t, "info", `Unit ${u.accountId}/${u.region} done: ${u.resources} resources`, { accountId: u.accountId, region: u.region });
    }
  });
  t.unitsDone = t.units.filter((u) => u.status === "completed").length;
  t.progress = Math.floor((t.unitsDone / Math.max(1, t.unitsTotal)) * 100);
  if (t.unitsDone === t.unitsTotal) finish(state, t);
}

function finish(state: State, t: MockTask): void {
  t.status = "completed";
  t.progress = 100;
  t.completedAt = now();
  const version = state.reports.filter((r) => r.taskId === t.id).length + 1;
  const report = {
    id: newId(), taskId: t.id, taskName: t.name,
    fileName: `${t.projectMetadata.clientName}-${t.projectMetadata.projectName}-v${version}.docx`.replace(/[^\w.-]+/g, "_"),
    fileSize: 0, format: "docx" as const, version, createdAt: now(), createdBy: t.createdBy,
  };
  report.fileSize = docx(t.name, []).length;
  state.reports.unshift(report);
  t.reportId = report.id;
  log(state, t, "info", `Report ${report.fileName} built`);
}
