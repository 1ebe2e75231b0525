// Permission keys ("resource:operation") the console checks for actions
// that have no UI resource id of their own. They are the backend's keys
// (functions/internal/authz), as GET /api/auth/permissions lists them.

export const PERM = {
  baseRoleRead: "base-role:read",
  baseRoleUpdate: "base-role:update",
  reportsRebuild: "reports:rebuild",
  tasksExport: "tasks:export",
  auditExport: "audit:export",
} as const;
