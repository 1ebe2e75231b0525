// The typed API: one function per route, grouped by resource. Pages call
// these through TanStack Query; nothing else names a route. What each
// function takes and answers is its route's (see routes.ts); the few
// answers typed with a corrected alias of types.ts say so with `as`.

import type { ApiClient } from "./client";
import { ApiError } from "./errors";
import type { QueryOf, ResponseOf, RouteKey } from "./routes";
import type * as T from "./types";

/** A list answer whose items are typed with a corrected alias. */
type ListOf<K extends RouteKey, Item> = Omit<ResponseOf<K>, "data"> & { data: Item[] };

export function isChallenge(r: T.LoginResponse): r is T.NewPasswordChallenge {
  return r.challenge === "NEW_PASSWORD_REQUIRED" && !!r.session && !!r.username;
}

function hasTokens(r: T.LoginResponse): r is T.SessionTokens {
  return !!(r.token && r.user);
}

/** The header that lets the session cookie be used (the API refuses it without). */
const csrf = { "X-CloudCensus-CSRF": "1" };

/** A sign-in answer is tokens or a challenge: anything else is refused here, not deep in the session. */
function signedIn(r: T.LoginResponse): T.SessionTokens | T.NewPasswordChallenge {
  if (isChallenge(r) || hasTokens(r)) return r;
  throw new ApiError(502, "INTERNAL", "The sign-in answer carries neither tokens nor a challenge.");
}

function refreshed(r: T.LoginResponse): T.RefreshResponse {
  if (r.token && r.user) return { ...r, token: r.token, user: r.user };
  throw new ApiError(502, "INTERNAL", "The refresh answer carries no token.");
}

export function createApi(c: ApiClient) {
  return {
    health: () => c.call("GET /api/health"),
    serviceCatalog: () => c.call("GET /api/meta/services"),
    auth: {
      login: async (body: T.LoginRequest) => signedIn(await c.call("POST /api/auth/login", { body })),
      challenge: async (body: T.ChallengeRequest) => signedIn(await c.call("POST /api/auth/challenge", { body })),
      // The refresh token lives in an HttpOnly cookie: the console never holds it.
      refresh: async () => refreshed(await c.call("POST /api/auth/refresh", { body: {}, headers: csrf })),
      register: (body: T.RegisterRequest) => c.call("POST /api/auth/register", { body }),
      logout: () => c.call("POST /api/auth/logout", { body: {}, headers: csrf }),
      me: () => c.call("GET /api/auth/me") as Promise<T.User>,
      changePassword: (body: T.ChangePasswordRequest) => c.call("POST /api/auth/password", { body }),
      permissions: (check?: T.PermissionKey[]) => c.call("GET /api/auth/permissions", { query: { check: check?.join(",") } }),
      /** Which of these actions on these resources the caller may take (at most 100 checks a call). */
      check: (checks: T.PermissionCheck[]) => c.call("POST /api/auth/permissions/check", { body: { checks } }),
      /** The workspaces the signed-in person belongs to, the current one marked. */
      workspaces: () => c.call("GET /api/auth/workspaces"),
      /** A new access token for another of one's workspaces, traded for the session cookie (no password). */
      switchWorkspace: async (workspaceId: string) =>
        refreshed(await c.call("POST /api/auth/workspace", { body: { workspaceId }, headers: csrf })),
      /** Joins another workspace with its invite code; answers the new membership's user row. */
      join: (inviteCode: string) => c.call("POST /api/auth/join", { body: { inviteCode } }) as Promise<T.User>,
    },
    users: {
      list: (query?: QueryOf<"GET /api/users">) => c.call("GET /api/users", { query }) as Promise<ListOf<"GET /api/users", T.User>>,
      detail: (id: string) => c.call("GET /api/users/detail", { query: { id } }) as Promise<T.User>,
      create: (body: T.CreateUserRequest) => c.call("POST /api/users/create", { body }) as Promise<T.User>,
      update: (body: T.UpdateUserRequest) => c.call("POST /api/users/update", { body }) as Promise<T.User>,
      remove: (id: string) => c.call("POST /api/users/delete", { body: { id } }),
      /** A new temporary password, in this answer only; the user must change it at the next sign-in. */
      resetPassword: (id: string) => c.call("POST /api/users/reset-password", { body: { id } }) as Promise<T.PasswordReset>,
      assignCredentials: (body: T.Assignment) => c.call("POST /api/users/assign-credentials", { body }),
      credentials: (id: string) =>
        c.call("GET /api/users/credentials", { query: { id } }) as Promise<ListOf<"GET /api/users/credentials", T.Credential>>,
    },
    credentials: {
      list: (query?: QueryOf<"GET /api/credentials">) =>
        c.call("GET /api/credentials", { query }) as Promise<ListOf<"GET /api/credentials", T.Credential>>,
      detail: (id: string) => c.call("GET /api/credentials/detail", { query: { id } }) as Promise<T.Credential>,
      create: (body: T.CredentialInput) => c.call("POST /api/credentials/create", { body }) as Promise<T.Credential>,
      update: (body: T.UpdateCredentialRequest) => c.call("POST /api/credentials/update", { body }) as Promise<T.Credential>,
      remove: (id: string) => c.call("POST /api/credentials/delete", { body: { id } }),
      validate: (id: string) => c.call("POST /api/credentials/validate", { body: { id } }) as Promise<T.Credential>,
      baseRole: () => c.call("GET /api/credentials/base-role"),
      setBaseRole: (body: T.BaseRoleRequest) => c.call("POST /api/credentials/base-role", { body }),
      /** organization: the role of an organization credential (it also lists the members), with its StackSets variant. */
      roleTemplate: (externalId?: string, organization?: boolean) =>
        c.call("GET /api/credentials/role-template", { query: { externalId, ...(organization ? { organization: true } : {}) } }),
      /** The member accounts of an organization credential (503 names the actions its role lacks). */
      discover: (id: string) => c.call("POST /api/credentials/discover", { body: { id } }),
    },
    tasks: {
      list: (query?: QueryOf<"GET /api/tasks">) => c.call("GET /api/tasks", { query }),
      detail: (id: string) => c.call("GET /api/tasks/detail", { query: { id } }) as Promise<T.TaskDetail>,
      create: (body: T.CreateTaskRequest, idempotencyKey?: string) =>
        c.call("POST /api/tasks/create", { body, headers: idempotencyKey ? { "Idempotency-Key": idempotencyKey } : {} }),
      cancel: (id: string) => c.call("POST /api/tasks/cancel", { body: { id } }),
      remove: (id: string) => c.call("POST /api/tasks/delete", { body: { id } }),
      logs: (query: QueryOf<"GET /api/tasks/logs">) => c.call("GET /api/tasks/logs", { query }),
      /** Starts writing the inventory; the job's file is at exports.detail. */
      exportInventory: (id: string, format: T.ExportFormat) => c.call("POST /api/tasks/export", { body: { id, format } }) as Promise<T.Job>,
      diagramUpload: (body: T.DiagramUploadRequest) => c.call("POST /api/uploads/diagram", { body }),
      /** The network diagrams drawn from the task's results, as SVG text (409 once the results expired). */
      diagrams: (id: string) => c.call("GET /api/tasks/diagrams", { query: { id } }),
    },
    schedules: {
      list: (query?: QueryOf<"GET /api/schedules">) => c.call("GET /api/schedules", { query }),
      detail: (id: string) => c.call("GET /api/schedules/detail", { query: { id } }),
      create: (body: T.CreateScheduleRequest) => c.call("POST /api/schedules/create", { body }),
      update: (body: T.UpdateScheduleRequest) => c.call("POST /api/schedules/update", { body }),
      remove: (id: string) => c.call("POST /api/schedules/delete", { body: { id } }),
      /** Starts the schedule's scan now; answers the task (409 when disabled or skipped). */
      run: (id: string) => c.call("POST /api/schedules/run", { body: { id } }),
    },
    notifications: {
      list: (query?: QueryOf<"GET /api/notification-channels">) => c.call("GET /api/notification-channels", { query }),
      detail: (id: string) => c.call("GET /api/notification-channels/detail", { query: { id } }),
      create: (body: T.CreateChannelRequest) => c.call("POST /api/notification-channels/create", { body }),
      update: (body: T.UpdateChannelRequest) => c.call("POST /api/notification-channels/update", { body }),
      remove: (id: string) => c.call("POST /api/notification-channels/delete", { body: { id } }),
      /** Sends a channel.test message now; answers what the receiver said. */
      test: (id: string) => c.call("POST /api/notification-channels/test", { body: { id } }),
      deliveries: (query: QueryOf<"GET /api/notification-channels/deliveries">) => c.call("GET /api/notification-channels/deliveries", { query }),
    },
    reports: {
      list: (query?: QueryOf<"GET /api/reports">) => c.call("GET /api/reports", { query }),
      detail: (id: string) => c.call("GET /api/reports/detail", { query: { id } }),
      download: (id: string) => c.call("GET /api/reports/download", { query: { id } }),
      remove: (id: string) => c.call("POST /api/reports/delete", { body: { id } }),
      /** Starts building the report again; the job names the new report once done. */
      rebuild: (taskId: string) => c.call("POST /api/reports/rebuild", { body: { taskId } }) as Promise<T.Job>,
    },
    /** Report templates: the built-in one (id "builtin") first, then the workspace's uploads. */
    templates: {
      list: (query?: QueryOf<"GET /api/templates">) => c.call("GET /api/templates", { query }),
      detail: (id: string) => c.call("GET /api/templates/detail", { query: { id } }),
      /** A short-lived link to the template's .docx (the built-in one too). */
      download: (id: string) => c.call("GET /api/templates/download", { query: { id } }),
      /** A presigned PUT for a .docx of size bytes; its key goes to create. */
      upload: (size: number) => c.call("POST /api/templates/upload", { body: { size } }),
      /** Checks the uploaded .docx and keeps it (400 names what is wrong with it). */
      create: (body: T.CreateTemplateRequest) => c.call("POST /api/templates/create", { body }),
      remove: (id: string) => c.call("POST /api/templates/delete", { body: { id } }),
      makeDefault: (id: string) => c.call("POST /api/templates/default", { body: { id } }),
    },
    /** The workspace's settings: report retention and the default template. */
    settings: {
      get: () => c.call("GET /api/settings"),
      update: (body: T.SettingsUpdate) => c.call("POST /api/settings/update", { body }),
    },
    /** The caller's own background jobs: exports and rebuilds. */
    exports: {
      list: (query?: QueryOf<"GET /api/exports">) => c.call("GET /api/exports", { query }) as Promise<ListOf<"GET /api/exports", T.Job>>,
      detail: (id: string) => c.call("GET /api/exports/detail", { query: { id } }) as Promise<T.Job>,
    },
    /** Approval workflows, the requests they hold, access requests and the grants they make. */
    approvals: {
      workflows: () => c.call("GET /api/approvals/workflows"),
      createWorkflow: (body: T.CreateWorkflowRequest) => c.call("POST /api/approvals/workflows/create", { body }),
      updateWorkflow: (body: T.UpdateWorkflowRequest) => c.call("POST /api/approvals/workflows/update", { body }),
      deleteWorkflow: (id: string) => c.call("POST /api/approvals/workflows/delete", { body: { id } }),
      /** filter: mine (the API's default), awaiting (the caller may decide them), all (approvals:configure). */
      requests: (query?: QueryOf<"GET /api/approvals/requests">) => c.call("GET /api/approvals/requests", { query }),
      request: (id: string) => c.call("GET /api/approvals/requests/detail", { query: { id } }),
      /** Files an access request: permissions for a number of hours, once approved. */
      requestAccess: (body: T.AccessRequestBody) => c.call("POST /api/approvals/requests/create", { body }),
      approve: (body: T.DecisionBody) => c.call("POST /api/approvals/requests/approve", { body }),
      reject: (body: T.DecisionBody) => c.call("POST /api/approvals/requests/reject", { body }),
      cancel: (body: T.DecisionBody) => c.call("POST /api/approvals/requests/cancel", { body }),
      grants: (query?: QueryOf<"GET /api/approvals/grants">) => c.call("GET /api/approvals/grants", { query }),
      revokeGrant: (id: string) => c.call("POST /api/approvals/grants/revoke", { body: { id } }),
    },
    /** Security alerts the monitor raises from the audit log, and its rules. */
    alerts: {
      list: (query?: QueryOf<"GET /api/alerts">) => c.call("GET /api/alerts", { query }),
      detail: (id: string) => c.call("GET /api/alerts/detail", { query: { id } }),
      acknowledge: (id: string, version?: number) => c.call("POST /api/alerts/acknowledge", { body: { id, version } }),
      resolve: (id: string, comment: string, version?: number) => c.call("POST /api/alerts/resolve", { body: { id, comment, version } }),
      rules: () => c.call("GET /api/alerts/rules"),
      updateRule: (body: T.AlertRuleUpdate) => c.call("POST /api/alerts/rules/update", { body }),
    },
    admin: {
      roles: () => c.call("GET /api/roles") as Promise<T.RolesResponse>,
      createRole: (body: T.RoleCreate) => c.call("POST /api/roles/create", { body }),
      updateRole: (body: T.RoleUpdate) => c.call("POST /api/roles/update", { body }),
      /** 409 names the users (or invites) that hold the role. */
      deleteRole: (body: T.RoleDelete) => c.call("POST /api/roles/delete", { body }),
      invites: (query?: QueryOf<"GET /api/invites">) => c.call("GET /api/invites", { query }),
      createInvite: (body: T.CreateInviteRequest) => c.call("POST /api/invites/create", { body }),
      deleteInvite: (id: string) => c.call("POST /api/invites/delete", { body: { id } }),
      audit: (query?: QueryOf<"GET /api/audit">) => c.call("GET /api/audit", { query }),
      /** Starts writing the audit log as CSV; the job's file is at exports.detail. */
      auditExport: (body: T.AuditExportRequest) => c.call("POST /api/audit/export", { body }) as Promise<T.Job>,
      workers: () => c.call("GET /api/workers"),
      workerStats: () => c.call("GET /api/workers/stats"),
      purgeWorkers: () => c.call("POST /api/workers/purge"),
    },
    /** The deployment's workspaces (workspaces:manage, honoured in its first workspace only). */
    workspaces: {
      list: () => c.call("GET /api/workspaces"),
      /** The creator joins the new workspace as its administrator. */
      create: (body: T.CreateWorkspaceRequest) => c.call("POST /api/workspaces/create", { body }),
      rename: (body: T.UpdateWorkspaceRequest) => c.call("POST /api/workspaces/update", { body }),
    },
  };
}

export type Api = ReturnType<typeof createApi>;
