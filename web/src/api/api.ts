// The typed API: one function per route of the contract, grouped by
// resource. Pages call these through TanStack Query; nothing else builds
// a URL.

import type { ApiClient, FileResponse, Query } from "./client";
import { normalizeTask, normalizeTaskDetail } from "./normalize";
import { ROUTES } from "./routes";
import type * as T from "./types";

function q(v: object | undefined): Query {
  return (v ?? {}) as Query;
}

export function createApi(c: ApiClient) {
  return {
    health: () => c.call<T.HealthResponse>(ROUTES.health),
    serviceCatalog: () => c.call<T.ServiceCatalog>(ROUTES.serviceCatalog),
    auth: {
      login: (body: T.LoginRequest) => c.call<T.LoginResponse>(ROUTES.login, { body }),
      challenge: (body: T.ChallengeRequest) => c.call<T.LoginResponse>(ROUTES.challenge, { body }),
      refresh: (refreshToken: string) => c.call<T.RefreshResponse>(ROUTES.refresh, { body: { refreshToken } }),
      register: (body: T.RegisterRequest) => c.call<{ user: T.User }>(ROUTES.register, { body }),
      logout: (refreshToken: string) => c.call<void>(ROUTES.logout, { body: { refreshToken } }),
      me: () => c.call<T.User>(ROUTES.me),
      changePassword: (body: T.ChangePasswordRequest) => c.call<void>(ROUTES.changePassword, { body }),
      permissions: (check?: string[]) =>
        c.call<T.PermissionsResponse>(ROUTES.permissions, { query: { check: check?.join(",") } }),
    },
    users: {
      list: (query?: T.UserQuery) => c.call<T.Page<T.User>>(ROUTES.users, { query: q(query) }),
      detail: (id: string) => c.call<T.User>(ROUTES.userDetail, { query: { id } }),
      create: (body: T.CreateUserRequest) => c.call<T.User>(ROUTES.userCreate, { body }),
      update: (body: T.UpdateUserRequest) => c.call<T.User>(ROUTES.userUpdate, { body }),
      remove: (id: string) => c.call<void>(ROUTES.userDelete, { body: { id } }),
      assignCredentials: (body: T.Assignment) => c.call<T.Assignment>(ROUTES.userAssign, { body }),
      credentials: (id: string) => c.call<T.UserCredentials>(ROUTES.userCredentials, { query: { id } }),
    },
    credentials: {
      list: (query?: T.CredentialQuery) => c.call<T.Page<T.Credential>>(ROUTES.credentials, { query: q(query) }),
      detail: (id: string) => c.call<T.Credential>(ROUTES.credentialDetail, { query: { id } }),
      create: (body: T.CredentialInput) => c.call<T.Credential>(ROUTES.credentialCreate, { body }),
      update: (body: T.UpdateCredentialRequest) => c.call<T.Credential>(ROUTES.credentialUpdate, { body }),
      remove: (id: string) => c.call<void>(ROUTES.credentialDelete, { body: { id } }),
      validate: (id: string) => c.call<T.Credential>(ROUTES.credentialValidate, { body: { id } }),
      baseRole: () => c.call<T.BaseRole>(ROUTES.baseRole),
      setBaseRole: (body: T.BaseRoleRequest) => c.call<T.BaseRole>(ROUTES.baseRoleUpdate, { body }),
      roleTemplate: (externalId?: string) => c.call<T.RoleTemplate>(ROUTES.roleTemplate, { query: { externalId } }),
    },
    tasks: {
      list: async (query?: T.TaskQuery) => {
        const p = await c.call<T.Page<T.Task>>(ROUTES.tasks, { query: q(query) });
        return { ...p, data: p.data.map(normalizeTask) };
      },
      detail: async (id: string) => normalizeTaskDetail(await c.call<T.TaskDetail>(ROUTES.taskDetail, { query: { id } })),
      create: (body: T.CreateTaskRequest, idempotencyKey?: string) =>
        c.call<T.Task>(ROUTES.taskCreate, {
          body,
          headers: idempotencyKey ? { "Idempotency-Key": idempotencyKey } : {},
        }),
      cancel: (id: string) => c.call<T.Task>(ROUTES.taskCancel, { body: { id } }),
      remove: (id: string) => c.call<void>(ROUTES.taskDelete, { body: { id } }),
      logs: (query: T.LogQuery) => c.call<T.Page<T.TaskLog>>(ROUTES.taskLogs, { query: q(query) }),
      exportFile: (id: string, format: "json" | "csv"): Promise<FileResponse> =>
        c.file(ROUTES.taskExport, { query: { id, format } }),
      diagramUpload: (body: T.DiagramUploadRequest) => c.call<T.DiagramUpload>(ROUTES.diagramUpload, { body }),
    },
    reports: {
      list: (query?: T.ReportQuery) => c.call<T.Page<T.Report>>(ROUTES.reports, { query: q(query) }),
      detail: (id: string) => c.call<T.Report>(ROUTES.reportDetail, { query: { id } }),
      download: (id: string) => c.call<T.ReportDownload>(ROUTES.reportDownload, { query: { id } }),
      remove: (id: string) => c.call<void>(ROUTES.reportDelete, { body: { id } }),
      rebuild: (taskId: string) => c.call<T.Report>(ROUTES.reportRebuild, { body: { taskId } }),
    },
    admin: {
      roles: () => c.call<T.RolesResponse>(ROUTES.roles),
      updateRole: (body: T.RolePermissions) => c.call<T.RolePermissions>(ROUTES.roleUpdate, { body }),
      invites: (query?: T.PageQuery) => c.call<T.Page<T.Invite>>(ROUTES.invites, { query: q(query) }),
      createInvite: (body: T.CreateInviteRequest) => c.call<T.CreatedInvite>(ROUTES.inviteCreate, { body }),
      deleteInvite: (id: string) => c.call<void>(ROUTES.inviteDelete, { body: { id } }),
      audit: (query?: T.AuditFilter & T.PageQuery) => c.call<T.Page<T.AuditEntry>>(ROUTES.audit, { query: q(query) }),
      auditExport: (query?: T.AuditFilter): Promise<FileResponse> => c.file(ROUTES.auditExport, { query: q(query) }),
      workers: () => c.call<{ data: T.Worker[] }>(ROUTES.workers),
      workerStats: () => c.call<T.WorkerStats>(ROUTES.workerStats),
      purgeWorkers: () => c.call<{ stopped: number }>(ROUTES.workersPurge),
    },
  };
}

export type Api = ReturnType<typeof createApi>;
