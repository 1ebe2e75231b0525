// Every HTTP route the console calls, in one table. scripts/check-api.mjs
// reads this file as text and checks each path against the backend's
// /api/openapi.json, so keep each entry on one line in the exact form
//   name: { method: "GET", path: "/api/..." },
// (routes.test.ts fails if an entry drifts from that form).

export type Method = "GET" | "POST";

export interface Route {
  method: Method;
  path: string;
  /** Public routes are called without a token and never trigger a refresh. */
  public?: boolean;
}

export const ROUTES = {
  health: { method: "GET", path: "/api/health", public: true },
  login: { method: "POST", path: "/api/auth/login", public: true },
  challenge: { method: "POST", path: "/api/auth/challenge", public: true },
  refresh: { method: "POST", path: "/api/auth/refresh", public: true },
  register: { method: "POST", path: "/api/auth/register", public: true },
  logout: { method: "POST", path: "/api/auth/logout" },
  me: { method: "GET", path: "/api/auth/me" },
  changePassword: { method: "POST", path: "/api/auth/password" },
  permissions: { method: "GET", path: "/api/auth/permissions" },
  serviceCatalog: { method: "GET", path: "/api/meta/services" },

  users: { method: "GET", path: "/api/users" },
  userDetail: { method: "GET", path: "/api/users/detail" },
  userCreate: { method: "POST", path: "/api/users/create" },
  userUpdate: { method: "POST", path: "/api/users/update" },
  userDelete: { method: "POST", path: "/api/users/delete" },
  userAssign: { method: "POST", path: "/api/users/assign-credentials" },
  userCredentials: { method: "GET", path: "/api/users/credentials" },

  credentials: { method: "GET", path: "/api/credentials" },
  credentialDetail: { method: "GET", path: "/api/credentials/detail" },
  credentialCreate: { method: "POST", path: "/api/credentials/create" },
  credentialUpdate: { method: "POST", path: "/api/credentials/update" },
  credentialDelete: { method: "POST", path: "/api/credentials/delete" },
  credentialValidate: { method: "POST", path: "/api/credentials/validate" },
  baseRole: { method: "GET", path: "/api/credentials/base-role" },
  baseRoleUpdate: { method: "POST", path: "/api/credentials/base-role" },
  roleTemplate: { method: "GET", path: "/api/credentials/role-template" },

  tasks: { method: "GET", path: "/api/tasks" },
  taskDetail: { method: "GET", path: "/api/tasks/detail" },
  taskCreate: { method: "POST", path: "/api/tasks/create" },
  taskCancel: { method: "POST", path: "/api/tasks/cancel" },
  taskDelete: { method: "POST", path: "/api/tasks/delete" },
  taskLogs: { method: "GET", path: "/api/tasks/logs" },
  taskExport: { method: "GET", path: "/api/tasks/export" },
  diagramUpload: { method: "POST", path: "/api/uploads/diagram" },

  reports: { method: "GET", path: "/api/reports" },
  reportDetail: { method: "GET", path: "/api/reports/detail" },
  reportDownload: { method: "GET", path: "/api/reports/download" },
  reportDelete: { method: "POST", path: "/api/reports/delete" },
  reportRebuild: { method: "POST", path: "/api/reports/rebuild" },

  roles: { method: "GET", path: "/api/roles" },
  roleUpdate: { method: "POST", path: "/api/roles/update" },
  invites: { method: "GET", path: "/api/invites" },
  inviteCreate: { method: "POST", path: "/api/invites/create" },
  inviteDelete: { method: "POST", path: "/api/invites/delete" },
  audit: { method: "GET", path: "/api/audit" },
  auditExport: { method: "GET", path: "/api/audit/export" },
  workers: { method: "GET", path: "/api/workers" },
  workerStats: { method: "GET", path: "/api/workers/stats" },
  workersPurge: { method: "POST", path: "/api/workers/purge" },
} as const satisfies Record<string, Route>;

export type RouteName = keyof typeof ROUTES;
