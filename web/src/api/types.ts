// The API's types under the names the console uses, all taken from the
// generated description of the backend (./generated, see
// scripts/gen-api.mjs); none is written by hand. An entity is named after
// the route that answers it, so it does not depend on the backend's schema
// names; the few schemas named directly are named here only, so a renamed
// schema is a change to this file alone. Field names are the API's:
// camelCase bodies, snake_case query parameters and pagination.

import type { components } from "./generated/schema";
import type { BodyOf, ResponseOf } from "./routes";

export type { ErrorCode, PermissionKey, UiResource } from "./generated/contract";

type Schemas = components["schemas"];

export type Pagination = Schemas["Pagination"];
export type ErrorEnvelope = Schemas["ErrorBody"];
export type ErrorDetails = NonNullable<ErrorEnvelope["error"]["details"]>;

// ---- auth ---------------------------------------------------------------

export type User = ResponseOf<"GET /api/users/detail">;
export type Role = User["role"];
export type UserStatus = User["status"];
export type PermissionsResponse = ResponseOf<"GET /api/auth/permissions">;
export type LoginRequest = BodyOf<"POST /api/auth/login">;
export type ChallengeRequest = BodyOf<"POST /api/auth/challenge">;
export type RegisterRequest = BodyOf<"POST /api/auth/register">;
export type ChangePasswordRequest = BodyOf<"POST /api/auth/password">;
export type CreateUserRequest = BodyOf<"POST /api/users/create">;
export type UpdateUserRequest = BodyOf<"POST /api/users/update">;
export type PasswordReset = ResponseOf<"POST /api/users/reset-password">;
export type Assignment = BodyOf<"POST /api/users/assign-credentials">;
/** One workspace the signed-in person belongs to (GET /api/auth/workspaces). */
export type Membership = ResponseOf<"GET /api/auth/workspaces">["data"][number];

/** A sign-in answer: tokens, or a challenge (one schema with every field optional). */
export type LoginResponse = ResponseOf<"POST /api/auth/login">;
export type SessionTokens = LoginResponse & Required<Pick<LoginResponse, "token" | "user">>;
export type NewPasswordChallenge = LoginResponse & Required<Pick<LoginResponse, "challenge" | "session" | "username">>;
/** A refresh answer: a new access token (the refresh token stays in its cookie). */
export type RefreshResponse = LoginResponse & Required<Pick<LoginResponse, "token" | "user">>;

// ---- credentials --------------------------------------------------------

export type Credential = ResponseOf<"GET /api/credentials/detail">;
export type CredentialType = Credential["credentialType"];
export type Validation = NonNullable<Credential["validation"]>;
export type CredentialInput = BodyOf<"POST /api/credentials/create">;
export type UpdateCredentialRequest = BodyOf<"POST /api/credentials/update">;
export type BaseRole = ResponseOf<"GET /api/credentials/base-role">;
export type BaseRoleRequest = BodyOf<"POST /api/credentials/base-role">;
export type RoleTemplate = ResponseOf<"GET /api/credentials/role-template">;
/** An organization credential's member accounts (POST /api/credentials/discover). */
export type Discovered = ResponseOf<"POST /api/credentials/discover">;
export type OrgAccount = Discovered["accounts"][number];
/** Which accounts of an organization a task scans: OUs or accounts; absent, every active one. */
export type OrgFilter = NonNullable<CreateTaskRequest["organization"]>;
/** A scope rule (exclusion): kind account, region, service, tag, resource or cidr; source workspace or task. */
export type ScopeRule = NonNullable<CreateTaskRequest["exclusions"]>[number];

// ---- tasks --------------------------------------------------------------

export type Task = ResponseOf<"GET /api/tasks">["data"][number];
export type TaskStatus = Task["status"];
export type ProjectMetadata = Task["projectMetadata"];
export type TaskDetail = ResponseOf<"GET /api/tasks/detail">;
export type TaskUnit = TaskDetail["units"][number];
export type Coverage = TaskUnit["coverage"][number];
export type CoverageStatus = Coverage["status"];
export type TaskLog = ResponseOf<"GET /api/tasks/logs">["data"][number];
export type LogLevel = TaskLog["level"];
export type CreateTaskRequest = BodyOf<"POST /api/tasks/create">;
export type DiagramUploadRequest = BodyOf<"POST /api/uploads/diagram">;
export type DiagramContentType = DiagramUploadRequest["contentType"];
/** What a presigned PUT grant carries (network diagrams and report templates). */
export type UploadGrant = ResponseOf<"POST /api/uploads/diagram">;
export type TaskDiagrams = ResponseOf<"GET /api/tasks/diagrams">;
export type TaskDiagram = TaskDiagrams["diagrams"][number];

/** The column spec of one service and the regions a task may select (GET /api/meta/services). */
export type ServiceCatalog = ResponseOf<"GET /api/meta/services">;
export type ServiceSpec = ServiceCatalog["services"][number];

// ---- schedules ----------------------------------------------------------

export type Schedule = ResponseOf<"GET /api/schedules/detail">;
export type ScheduleRun = NonNullable<Schedule["lastRun"]>;
export type ScheduleRunStatus = ScheduleRun["status"];
export type CreateScheduleRequest = BodyOf<"POST /api/schedules/create">;
export type UpdateScheduleRequest = BodyOf<"POST /api/schedules/update">;

// ---- notification channels ----------------------------------------------

export type Channel = ResponseOf<"GET /api/notification-channels/detail">;
export type ChannelHealth = Channel["health"];
export type CreateChannelRequest = BodyOf<"POST /api/notification-channels/create">;
export type UpdateChannelRequest = BodyOf<"POST /api/notification-channels/update">;
/** The answer types a channel as a plain string; the create body names the types. */
export type ChannelType = CreateChannelRequest["type"];
export type ChannelConfig = CreateChannelRequest["config"];
export type ChannelTestResult = ResponseOf<"POST /api/notification-channels/test">;
export type Delivery = ResponseOf<"GET /api/notification-channels/deliveries">["data"][number];
export type DeliveryStatus = Delivery["status"];

// ---- reports, templates and settings ------------------------------------

export type Report = ResponseOf<"GET /api/reports/detail">;
export type Template = ResponseOf<"GET /api/templates/detail">;
export type TemplateDownload = ResponseOf<"GET /api/templates/download">;
export type CreateTemplateRequest = BodyOf<"POST /api/templates/create">;
export type WorkspaceSettings = ResponseOf<"POST /api/templates/default">;
export type Settings = ResponseOf<"GET /api/settings">;
export type SettingsUpdate = BodyOf<"POST /api/settings/update">;

// ---- administration -----------------------------------------------------

export type RolePermissions = ResponseOf<"GET /api/roles">["data"][number];
export type RolesResponse = ResponseOf<"GET /api/roles">;
export type RoleCreate = BodyOf<"POST /api/roles/create">;
export type RoleUpdate = BodyOf<"POST /api/roles/update">;
export type RoleDelete = BodyOf<"POST /api/roles/delete">;
/** The permission catalog in plain-language groups, for the role editor. */
export type PermissionGroup = RolesResponse["catalog"]["groups"][number];
export type CatalogPermission = PermissionGroup["permissions"][number];
export type WorkspacesResponse = ResponseOf<"GET /api/workspaces">;
export type Workspace = WorkspacesResponse["data"][number];
export type CreateWorkspaceRequest = BodyOf<"POST /api/workspaces/create">;
export type UpdateWorkspaceRequest = BodyOf<"POST /api/workspaces/update">;
export type Invite = ResponseOf<"GET /api/invites">["data"][number];
export type CreateInviteRequest = BodyOf<"POST /api/invites/create">;
export type CreatedInvite = ResponseOf<"POST /api/invites/create">;
export type AuditEntry = ResponseOf<"GET /api/audit">["data"][number];
export type AuditResult = AuditEntry["result"];
export type AuditExportRequest = BodyOf<"POST /api/audit/export">;

// ---- approvals, temporary grants and batch checks -----------------------

export type WorkflowsResponse = ResponseOf<"GET /api/approvals/workflows">;
export type Workflow = WorkflowsResponse["workflows"][number];
export type WorkflowStep = Workflow["steps"][number];
export type CreateWorkflowRequest = BodyOf<"POST /api/approvals/workflows/create">;
export type UpdateWorkflowRequest = BodyOf<"POST /api/approvals/workflows/update">;
export type ApprovalRequest = ResponseOf<"GET /api/approvals/requests/detail">;
export type ApprovalStatus = ApprovalRequest["status"];
export type ApprovalDecision = ApprovalRequest["history"][number];
export type ApprovalResult = NonNullable<ApprovalRequest["result"]>;
export type AccessRequestBody = BodyOf<"POST /api/approvals/requests/create">;
export type DecisionBody = BodyOf<"POST /api/approvals/requests/approve">;
export type Grant = ResponseOf<"GET /api/approvals/grants">["data"][number];
export type PermissionCheck = BodyOf<"POST /api/auth/permissions/check">["checks"][number];
export type PermissionCheckResult = ResponseOf<"POST /api/auth/permissions/check">["results"][number];

// ---- security alerts ----------------------------------------------------

export type Alert = ResponseOf<"GET /api/alerts">["data"][number];
export type AlertSeverity = Alert["severity"];
export type AlertStatus = Alert["status"];
/** An alert with its evidence: the audit entries that raised it, and the ids no longer found. */
export type AlertDetail = ResponseOf<"GET /api/alerts/detail">;
export type AlertRule = ResponseOf<"GET /api/alerts/rules">["data"][number];
export type AlertRuleUpdate = BodyOf<"POST /api/alerts/rules/update">;

// ---- background jobs (exports and rebuilds) -----------------------------

type JobSchema = ResponseOf<"GET /api/exports/detail">;
type Optional<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>;
/**
 * One export or rebuild, as /api/exports/detail answers it (with `download`
 * once it succeeded). The document marks startedAt, finishedAt and the
 * audit range of params as required; the API leaves them out until they
 * are set, so they are optional here.
 */
export type Job = Omit<Optional<JobSchema, "startedAt" | "finishedAt">, "params"> & { params: JobParams };
export type JobParams = Optional<JobSchema["params"], "from" | "to">;
export type JobKind = Job["kind"];
export type JobStatus = Job["status"];
export type JobDownload = NonNullable<Job["download"]>;
/** The formats an inventory export writes (the body types format as a plain string). */
export type ExportFormat = "json" | "csv" | "xlsx";
