// Status values drawn as Cloudscape status indicators, one mapping each.
// The mappings also list the values a filter offers. The API describes
// these fields as plain strings, so a value missing here still shows (as
// "info"); once it publishes their enums, each Record checks it names them all.
// A short status keeps to one line (Status): in a narrow column it widens
// the column or is cut with an ellipsis, never broken mid-word.

import StatusIndicator, { type StatusIndicatorProps } from "@cloudscape-design/components/status-indicator";
import type { ReactNode } from "react";
import type {
  AlertSeverity,
  AlertStatus,
  ApprovalStatus,
  ChannelHealth,
  CoverageStatus,
  DeliveryStatus,
  Grant,
  JobStatus,
  LogLevel,
  ScheduleRunStatus,
  TaskStatus,
  UserStatus,
  Validation,
} from "../api/types";
import { formatDate, humanize } from "../format";
import { NoWrap } from "./table";

export type Kind = StatusIndicatorProps.Type;

/** A status indicator that never wraps: "Partially completed", never "Partially c / ompleted". */
export function Status({ type, children }: { type: Kind; children: ReactNode }) {
  return (
    <NoWrap>
      <StatusIndicator type={type}>{children}</StatusIndicator>
    </NoWrap>
  );
}

const taskKinds: Record<TaskStatus, Kind> = {
  pending: "pending",
  running: "in-progress",
  completed: "success",
  partially_completed: "warning",
  failed: "error",
  cancelled: "stopped",
};
export const TASK_STATUSES = Object.keys(taskKinds) as TaskStatus[];

export function isActive(status: TaskStatus): boolean {
  return status === "pending" || status === "running";
}

export function TaskStatusIndicator({ status }: { status: TaskStatus }) {
  return <Status type={taskKinds[status] ?? "info"}>{humanize(status)}</Status>;
}

const userKinds: Record<UserStatus, Kind> = { active: "success", inactive: "stopped", locked: "error" };
export const USER_STATUSES = Object.keys(userKinds) as UserStatus[];

/** An active user who has not yet replaced a temporary password reads "Force change password", as in Cognito. */
export function UserStatusIndicator({ status, passwordChangeRequired }: { status: UserStatus; passwordChangeRequired?: boolean }) {
  if (status === "active" && passwordChangeRequired) return <Status type="pending">Force change password</Status>;
  return <Status type={userKinds[status] ?? "info"}>{humanize(status)}</Status>;
}

export const coverageKinds: Record<CoverageStatus, Kind> = {
  ok: "success",
  partial: "warning",
  access_denied: "error",
  region_disabled: "stopped",
  throttled: "warning",
  error: "error",
  skipped: "info",
  excluded: "stopped",
};

const logKinds: Record<LogLevel, Kind> = { info: "info", warning: "warning", error: "error" };
export const LOG_LEVELS = Object.keys(logKinds) as LogLevel[];

export function LogLevelIndicator({ level }: { level: LogLevel }) {
  return <Status type={logKinds[level] ?? "info"}>{humanize(level)}</Status>;
}

/** A unit's status value is open in the contract (the backend uses pending, running, done, failed). */
export function unitKind(status: string): Kind {
  switch (status) {
    case "done":
    case "completed":
    case "succeeded":
    case "ok":
      return "success";
    case "running":
    case "in_progress":
      return "in-progress";
    case "failed":
    case "error":
      return "error";
    case "partial":
    case "partially_completed":
      return "warning";
    case "cancelled":
    case "aborted":
      return "stopped";
    default:
      return "pending";
  }
}

export function ValidationIndicator({ validation, at }: { validation?: Validation; at?: string }) {
  if (!validation) return <Status type="info">Not validated</Status>;
  const when = at ? ` ${formatDate(at)}` : "";
  return validation.ok ? (
    <Status type="success">Valid{when ? ` (${when.trim()})` : ""}</Status>
  ) : (
    <Status type="error">{humanize(validation.reason || "invalid")}</Status>
  );
}

const jobKinds: Record<JobStatus, Kind> = { queued: "pending", running: "in-progress", succeeded: "success", failed: "error" };

/** Whether a job has ended (its status no longer changes). */
export function isJobEnded(status: JobStatus): boolean {
  return status === "succeeded" || status === "failed";
}

export function JobStatusIndicator({ status }: { status: JobStatus }) {
  return <Status type={jobKinds[status] ?? "info"}>{humanize(status)}</Status>;
}

/** A user kept out by failed sign-ins, until the time the API gives. */
export function SignInClosedIndicator({ until }: { until: string }) {
  return <StatusIndicator type="warning">Sign-in closed until {formatDate(until)} (failed attempts)</StatusIndicator>;
}

const runKinds: Record<ScheduleRunStatus, Kind> = { started: "success", skipped: "warning", failed: "error" };

/** How a schedule's run went: started a task, was skipped (the last one still ran), or failed. */
export function ScheduleRunIndicator({ status }: { status: ScheduleRunStatus }) {
  return <Status type={runKinds[status] ?? "info"}>{humanize(status)}</Status>;
}

const deliveryKinds: Record<DeliveryStatus, Kind> = { pending: "pending", delivered: "success", failed: "warning", dead: "error" };

export function DeliveryStatusIndicator({ status }: { status: DeliveryStatus }) {
  return <Status type={deliveryKinds[status] ?? "info"}>{status === "dead" ? "Gave up" : humanize(status)}</Status>;
}

/** A channel's health: failing (with the receiver's last error) once the API marks it unhealthy. */
export function ChannelHealthIndicator({ health }: { health: ChannelHealth }) {
  if (health.unhealthy) return <StatusIndicator type="warning">Failing: {health.lastError || "the receiver refuses deliveries"}</StatusIndicator>;
  if (health.consecutiveFailures > 0) {
    return <StatusIndicator type="info">{`${health.consecutiveFailures} failed deliver${health.consecutiveFailures === 1 ? "y" : "ies"} in a row`}</StatusIndicator>;
  }
  if (health.lastDeliveredAt) return <StatusIndicator type="success">Delivered {formatDate(health.lastDeliveredAt)}</StatusIndicator>;
  return <StatusIndicator type="pending">No deliveries yet</StatusIndicator>;
}

const approvalKinds: Record<ApprovalStatus, Kind> = { pending: "pending", approved: "success", rejected: "error", cancelled: "stopped", expired: "stopped" };

/** An approval request's status; an approved operation that failed to run says so. */
export function ApprovalStatusIndicator({ status, failed }: { status: ApprovalStatus; failed?: boolean }) {
  if (status === "approved" && failed) return <Status type="warning">Approved, not done</Status>;
  return <Status type={approvalKinds[status] ?? "info"}>{humanize(status)}</Status>;
}

/** A decision in a request's history (requested, approved, rejected, cancelled, expired, executed, failed). */
export function decisionKind(decision: string): Kind {
  switch (decision) {
    case "approved":
    case "executed":
      return "success";
    case "rejected":
    case "failed":
      return "error";
    case "cancelled":
    case "expired":
      return "stopped";
    default:
      return "info";
  }
}

export type GrantStatus = "active" | "expired" | "revoked";

/** A grant is active until it is revoked or its end passes. */
export function grantStatus(g: Pick<Grant, "expiresAt" | "revokedAt">, now: number = Date.now()): GrantStatus {
  if (g.revokedAt) return "revoked";
  return new Date(g.expiresAt).getTime() <= now ? "expired" : "active";
}

const grantKinds: Record<GrantStatus, Kind> = { active: "success", expired: "stopped", revoked: "stopped" };

export function GrantStatusIndicator({ status }: { status: GrantStatus }) {
  return <Status type={grantKinds[status]}>{humanize(status)}</Status>;
}

const severityKinds: Record<AlertSeverity, Kind> = { high: "error", medium: "warning", low: "info" };
export const ALERT_SEVERITIES = Object.keys(severityKinds) as AlertSeverity[];

export function SeverityIndicator({ severity }: { severity: AlertSeverity }) {
  return <Status type={severityKinds[severity] ?? "info"}>{humanize(severity)}</Status>;
}

const alertKinds: Record<AlertStatus, Kind> = { open: "warning", acknowledged: "in-progress", resolved: "success" };
export const ALERT_STATUSES = Object.keys(alertKinds) as AlertStatus[];

export function AlertStatusIndicator({ status }: { status: AlertStatus }) {
  return <Status type={alertKinds[status] ?? "info"}>{humanize(status)}</Status>;
}
