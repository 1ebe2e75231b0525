// Types of the CloudCensus HTTP API, mirroring the contract the backend
// implements (docs: the API contract, served as /api/openapi.json). Field
// names are the API's: camelCase bodies, snake_case query parameters and
// pagination. Nothing here may import React or the router.

export type Role = "admin" | "power_user" | "user";
export const ROLES: readonly Role[] = ["admin", "power_user", "user"];

export type UserStatus = "active" | "inactive" | "locked";
export const USER_STATUSES: readonly UserStatus[] = ["active", "inactive", "locked"];

export interface Versioned {
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface User extends Versioned {
  id: string;
  username: string;
  email: string;
  role: Role;
  status: UserStatus;
}

export interface Pagination {
  page: number;
  page_size: number;
  total: number;
  total_pages: number;
}

export interface Page<T> {
  data: T[];
  pagination: Pagination;
  next_cursor?: string;
}

/** Query parameters every list accepts. */
export interface PageQuery {
  page?: number;
  page_size?: number;
}

// ---- errors -------------------------------------------------------------

export type ErrorCode =
  | "VALIDATION_ERROR"
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "PAYLOAD_TOO_LARGE"
  | "RATE_LIMITED"
  | "INTERNAL";

export interface ErrorDetails {
  field?: string;
  reason?: string;
  permission?: string;
  applyUrl?: string;
  requestId?: string;
  [key: string]: unknown;
}

export interface ErrorEnvelope {
  error: { code: ErrorCode | string; message: string; details?: ErrorDetails };
}

// ---- auth ---------------------------------------------------------------

export interface HealthResponse {
  status: "ok" | "starting";
  dependencies: Record<string, string>;
}

export interface LoginRequest {
  username: string;
  password: string;
}

export interface SessionTokens {
  token: string;
  refreshToken: string;
  expiresIn: number;
  user: User;
}

export interface NewPasswordChallenge {
  challenge: "NEW_PASSWORD_REQUIRED";
  session: string;
  username: string;
}

export type LoginResponse = SessionTokens | NewPasswordChallenge;

export function isChallenge(r: LoginResponse): r is NewPasswordChallenge {
  return "challenge" in r && r.challenge === "NEW_PASSWORD_REQUIRED";
}

export interface ChallengeRequest {
  username: string;
  session: string;
  newPassword: string;
}

export interface RefreshResponse {
  token: string;
  expiresIn: number;
  user: User;
  /** Present when the API rotates refresh tokens. */
  refreshToken?: string;
}

export interface RegisterRequest {
  inviteCode: string;
  username: string;
  email: string;
  password: string;
}

export interface ChangePasswordRequest {
  oldPassword: string;
  newPassword: string;
}

/** UI resource ids the backend grants per role (GET /api/auth/permissions). */
export const UI_RESOURCES = [
  "menu:dashboard",
  "menu:tasks",
  "menu:reports",
  "menu:credentials",
  "menu:users",
  "menu:roles",
  "menu:invites",
  "menu:audit",
  "menu:workers",
  "menu:schedules",
  "button:task-create",
  "button:task-cancel",
  "button:task-delete",
  "button:report-delete",
  "button:credential-create",
  "button:credential-update",
  "button:credential-delete",
  "button:credential-validate",
  "button:user-create",
  "button:user-update",
  "button:user-delete",
  "button:user-assign",
  "button:role-update",
  "button:invite-create",
  "button:workers-purge",
] as const;
export type UiResource = (typeof UI_RESOURCES)[number];

export interface PermissionsResponse {
  role: Role;
  permissions: string[];
  uiResources: string[];
  checks?: Record<string, boolean>;
}

// ---- users --------------------------------------------------------------

export interface UserQuery extends PageQuery {
  role?: Role;
  status?: UserStatus;
  search?: string;
}

export interface CreateUserRequest {
  username: string;
  password: string;
  email: string;
  role: Role;
  temporary?: boolean;
}

export interface UpdateUserRequest {
  id: string;
  version: number;
  email?: string;
  role?: Role;
  status?: UserStatus;
}

export interface Assignment {
  userId: string;
  credentialIds: string[];
}

export interface UserCredentials extends Assignment {
  data: Credential[];
}

// ---- credentials --------------------------------------------------------

export type CredentialType = "assume_role" | "access_key";

export interface Validation {
  ok: boolean;
  reason: string;
  message: string;
  arn?: string;
  accountId?: string;
}

export interface Credential extends Versioned {
  id: string;
  name: string;
  credentialType: CredentialType;
  accountId: string;
  roleArn?: string;
  externalId?: string;
  /** Masked by the API, e.g. "AKIA****WXYZ". */
  accessKeyId?: string;
  isActive: boolean;
  lastValidatedAt?: string;
  validation?: Validation;
  createdBy: string;
  demo?: boolean;
}

export interface CredentialQuery extends PageQuery {
  credentialType?: CredentialType;
  active?: boolean;
  accountId?: string;
}

export interface CredentialInput {
  name: string;
  credentialType: CredentialType;
  accountId: string;
  roleArn?: string;
  externalId?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  isActive?: boolean;
}

export interface UpdateCredentialRequest extends Partial<CredentialInput> {
  id: string;
  version: number;
}

export interface BaseRole {
  mode: "execution_role" | "access_key";
  accessKeyId?: string;
  updatedAt?: string;
}

export interface BaseRoleRequest {
  mode: BaseRole["mode"];
  accessKeyId?: string;
  secretAccessKey?: string;
}

export interface RoleTemplate {
  template: string;
  stackSetTemplate: string;
  quickCreateUrl: string;
  principalArn: string;
  externalId: string;
  actions: string[];
}

// ---- tasks --------------------------------------------------------------

export type TaskStatus =
  | "pending"
  | "running"
  | "completed"
  | "partially_completed"
  | "failed"
  | "cancelled";
export const TASK_STATUSES: readonly TaskStatus[] = [
  "pending",
  "running",
  "completed",
  "partially_completed",
  "failed",
  "cancelled",
];

export interface ProjectMetadata {
  clientName: string;
  projectName: string;
  bdManager: string;
  solutionsArchitect: string;
  cloudEngineer: string;
  cloudEngineerEmail: string;
  networkDiagramKey?: string;
}

export interface Task {
  id: string;
  name: string;
  status: TaskStatus;
  progress: number;
  unitsTotal: number;
  unitsDone: number;
  unitsFailed: number;
  createdBy: string;
  createdByName: string;
  credentialIds: string[];
  accounts: string[];
  regions: string[];
  services?: string[];
  projectMetadata: ProjectMetadata;
  startedAt?: string;
  completedAt?: string;
  createdAt: string;
  error?: string;
  reportId?: string;
}

export type CoverageStatus = "ok" | "access_denied" | "region_disabled" | "throttled" | "error" | "skipped";
export const COVERAGE_STATUSES: readonly CoverageStatus[] = [
  "ok",
  "access_denied",
  "region_disabled",
  "throttled",
  "error",
  "skipped",
];

export interface Coverage {
  service: string;
  accountId: string;
  region: string;
  status: CoverageStatus;
  resources: number;
  calls: number;
  throttles: number;
  retries: number;
  durationMs: number;
  error?: string;
}

export interface TaskUnit {
  accountId: string;
  region: string;
  /** The contract leaves unit status values open; see taskUnits.ts. */
  status: string;
  resources: number;
  durationMs: number;
  coverage: Coverage[];
}

export interface TaskDetail extends Task {
  units: TaskUnit[];
}

export interface TaskQuery extends PageQuery {
  status?: TaskStatus;
  created_by?: string;
  from?: string;
  to?: string;
}

export interface CreateTaskRequest {
  name: string;
  credentialIds: string[];
  regions: string[];
  services?: string[];
  projectMetadata: ProjectMetadata;
}

export type LogLevel = "info" | "warning" | "error";
export const LOG_LEVELS: readonly LogLevel[] = ["info", "warning", "error"];

export interface TaskLog {
  id: string;
  taskId: string;
  level: LogLevel;
  message: string;
  accountId?: string;
  region?: string;
  service?: string;
  details?: unknown;
  timestamp: string;
}

export interface LogQuery extends PageQuery {
  id: string;
  level?: LogLevel;
}

export type DiagramContentType = "image/png" | "image/jpeg";

export interface DiagramUploadRequest {
  contentType: DiagramContentType;
  size: number;
}

export interface DiagramUpload {
  key: string;
  uploadUrl: string;
  expiresIn: number;
  headers: Record<string, string>;
}

// ---- reports ------------------------------------------------------------

export interface Report {
  id: string;
  taskId: string;
  taskName: string;
  fileName: string;
  fileSize: number;
  format: "docx";
  /** The document-control version; the backend sends it as a string ("1.0"). */
  version: number | string;
  createdAt: string;
  createdBy: string;
}

export interface ReportQuery extends PageQuery {
  task_id?: string;
}

export interface ReportDownload {
  url: string;
  expiresIn: number;
  fileName: string;
}

// ---- admin --------------------------------------------------------------

export interface RolePermissions {
  role: Role;
  permissions: string[];
  uiResources: string[];
  version: number;
}

export interface RolesResponse {
  data: RolePermissions[];
  catalog: { permissions: string[]; uiResources: string[] };
}

/**
 * An invite as listed by GET /api/invites. The contract names only the
 * create body; these are the fields the console shows, all but id optional.
 */
export interface Invite {
  id: string;
  role: Role;
  expiresAt?: string;
  maxUses?: number;
  usesLeft?: number;
  createdBy?: string;
  createdAt?: string;
}

export interface CreateInviteRequest {
  role: Role;
  expiresInHours: number;
  maxUses: number;
}

export interface CreatedInvite {
  invite: Invite;
  /** The plain invite code; the API shows it once. */
  code: string;
}

export type AuditResult = "success" | "failure" | "denied";
export const AUDIT_RESULTS: readonly AuditResult[] = ["success", "failure", "denied"];

export interface AuditEntry {
  id: string;
  actor: string;
  actorName: string;
  action: string;
  resourceType: string;
  resourceId: string;
  before?: unknown;
  after?: unknown;
  ip: string;
  userAgent: string;
  requestId: string;
  result: AuditResult;
  error?: string;
  timestamp: string;
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  resource_type?: string;
  result?: AuditResult;
  from?: string;
  to?: string;
}

export interface UnitInFlight {
  accountId: string;
  region: string;
  startedAt: string;
}

export interface Worker {
  executionArn: string;
  taskId: string;
  taskName: string;
  status: string;
  startedAt: string;
  unitsTotal: number;
  unitsDone: number;
  unitsInFlight: UnitInFlight[];
}

export interface WorkerStats {
  running: number;
  succeeded: number;
  failed: number;
  throttled: number;
  averageUnitDurationMs: number;
}

/** One service of the column spec (GET /api/meta/services). */
export interface ServiceSpec {
  key: string;
  title: string;
  resourceType: string;
  columns: string[];
  layout: "horizontal" | "vertical";
  family: string;
  scope: "regional" | "global";
}

/** The column spec and the regions a task may select. */
export interface ServiceCatalog {
  services: ServiceSpec[];
  regions: string[];
  families: string[];
}
