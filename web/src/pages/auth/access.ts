// An access request as its form holds it: the permissions asked for, the
// reason the approvers read, and for how many hours (1 to a week, 1 by
// default), checked as the API checks them.

import type { PermissionKey } from "../../api/types";

export const MAX_ACCESS_HOURS = 7 * 24;
export const MAX_REASON = 1000;

/** Permissions the API never grants for a while: they change who approves. */
export const UNGRANTABLE: readonly PermissionKey[] = ["approvals:configure", "roles:update"];

export interface AccessForm {
  permissions: string[];
  reason: string;
  /** Hours, as typed. */
  hours: string;
}

export function accessProblems(f: AccessForm): Partial<Record<"permissions" | "reason" | "hours", string>> {
  const e: Partial<Record<"permissions" | "reason" | "hours", string>> = {};
  if (f.permissions.length === 0) e.permissions = "Choose at least one permission.";
  const reason = f.reason.trim();
  if (!reason) e.reason = "Say why you need it.";
  else if ([...reason].length > MAX_REASON) e.reason = `At most ${MAX_REASON.toLocaleString("en-US")} characters.`;
  const h = f.hours.trim();
  if (!/^\d+$/.test(h) || Number(h) < 1 || Number(h) > MAX_ACCESS_HOURS) e.hours = `Enter whole hours, 1 to ${MAX_ACCESS_HOURS}.`;
  return e;
}
