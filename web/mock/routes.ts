// The mock's route table: every route of the API contract with the
// permission it needs and a handler over the in-memory state. Errors use
// the contract's envelope, a 403 names the permission and its apply link.

import { randomBytes } from "node:crypto";
import type { Credential, Page, Role, Task, UserStatus } from "../src/api/types";
import { newId, now, PERMISSIONS, publicUser, UI, type State, type StoredUser } from "./data.ts";
import { advance, planUnits } from "./sim.ts";

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const invalid = (field: string, reason: string) => new HttpError(400, "VALIDATION_ERROR", `Invalid ${field}: ${reason}`, { field, reason });
const notFound = (what: string) => new HttpError(404, "NOT_FOUND", `${what} not found`);

export interface Ctx {
  state: State;
  user: StoredUser | undefined;
  query: URLSearchParams;
  body: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  ip: string;
  ua: string;
  origin: string;
}

export interface Result {
  status?: number;
  body?: unknown;
  file?: { data: Buffer | string; type: string; name: string };
}

export interface MockRoute {
  method: "GET" | "POST";
  path: string;
  /** null: public; otherwise the permission key the role must hold. */
  perm: string | null;
  handler: (c: Ctx) => Result;
}

const TOKEN_TTL = Number(process.env.MOCK_TOKEN_TTL ?? 300);
const UNIT_MS = Number(process.env.MOCK_UNIT_MS ?? 1500);

function paginate<T>(items: T[], q: URLSearchParams): Page<T> {
  const page = Math.max(1, Number(q.get("page")) || 1);
  const size = Math.min(100, Math.max(1, Number(q.get("page_size")) || 20));
  return {
    data: items.slice((page - 1) * size, page * size),
    pagination: { page, page_size: size, total: items.length, total_pages: Math.max(1, Math.ceil(items.length / size)) },
  };
}

const str = (b: Record<string, unknown>, k: string): string => (typeof b[k] === "string" ? (b[k] as string) : "");
const me = (c: Ctx): StoredUser => c.user as StoredUser;

export function rolePerms(state: State, role: Role) {
  return state.roles.find((r) => r.role === role) ?? { role, permissions: [], uiResources: [], version: 0 };
}

function issue(state: State, u: StoredUser) {
  const token = randomBytes(24).toString("hex");
  const refreshToken = randomBytes(24).toString("hex");
  state.tokens.set(token, { userId: u.id, expires: Date.now() + TOKEN_TTL * 1000 });
  state.refreshTokens.set(refreshToken, u.id);
  return { token, refreshToken, expiresIn: TOKEN_TTL, user: publicUser(u) };
}

function audit(c: Ctx, action: string, resourceType: string, resourceId: string, result: "success" | "failure" | "denied", extra: { before?: unknown; after?: unknown; error?: string } = {}) {
  c.state.audit.unshift({
    id: newId(), actor: c.user?.id ?? "anonymous", actorName: c.user?.username ?? "anonymous", action, resourceType, resourceId,
    ip: c.ip, userAgent: c.ua, requestId: newId(), result, timestamp: now(), ...extra,
  });
}

function visibleCredentials(c: Ctx): Credential[] {
  const u = me(c);
  if (u.role === "admin") return c.state.credentials;
  const assigned = c.state.assignments.get(u.id) ?? [];
  return c.state.credentials.filter((x) => x.demo || x.createdBy === u.id || assigned.includes(x.id));
}

function visibleTasks(c: Ctx) {
  const u = me(c);
  for (const t of c.state.tasks) advance(c.state, t);
  return u.role === "admin" ? c.state.tasks : c.state.tasks.filter((t) => t.createdBy === u.id);
}

function findTask(c: Ctx, id: string) {
  const t = visibleTasks(c).find((x) => x.id === id);
  if (!t) throw notFound("Task");
  return t;
}

function findUser(c: Ctx, id: string) {
  const u = c.state.users.find((x) => x.id === id);
  if (!u) throw notFound("User");
  return u;
}

function findCredential(c: Ctx, id: string) {
  const x = visibleCredentials(c).find((y) => y.id === id);
  if (!x) throw notFound("Credential");
  return x;
}

function checkVersion(current: number, given: unknown) {
  if (given !== current) throw new HttpError(409, "CONFLICT", "It was changed since you loaded it; reload and try again.", { currentVersion: current });
}

function strongPassword(field: string, p: string) {
  if (p.length < 8 || !/[a-z]/.test(p) || !/[A-Z]/.test(p) || !/\d/.test(p) || !/[^A-Za-z0-9]/.test(p)) {
    throw invalid(field, "at least 8 characters with upper and lower case, a digit and a symbol");
  }
}

function taskView(t: State["tasks"][number]): Task {
  const { units: _u, unitMs: _m, startMs: _s, ...rest } = t;
  return rest;
}

const idem = new Map<string, string>();

export const ROUTES: MockRoute[] = [
  { method: "GET", path: "/api/health", perm: null, handler: () => ({ body: { status: "ok", dependencies: { dynamodb: "up", s3: "up", identity: "up" } } }) },
  {
    method: "POST", path: "/api/auth/login", perm: null,
    handler: (c) => {
      const u = c.state.users.find((x) => x.username === str(c.body, "username"));
      if (!u || u.password !== str(c.body, "password") || u.status !== "active") {
        if (u && u.status === "active" && ++u.failedLogins >= 5) u.status = "locked";
        audit(c, "auth.login", "user", u?.id ?? "", "failure", { error: "bad credentials" });
        throw new HttpError(401, "UNAUTHENTICATED", u?.status === "locked" ? "This account is locked; ask an administrator." : "Incorrect username or password.");
      }
      u.failedLogins = 0;
      if (u.temporary) {
        const session = randomBytes(16).toString("hex");
        c.state.challenges.set(session, u.id);
        return { body: { challenge: "NEW_PASSWORD_REQUIRED", session, username: u.username } };
      }
      return { body: issue(c.state, u) };
    },
  },
  {
    method: "POST", path: "/api/auth/challenge", perm: null,
    handler: (c) => {
      const id = c.state.challenges.get(str(c.body, "session"));
      const u = c.state.users.find((x) => x.id === id && x.username === str(c.body, "username"));
      if (!u) throw new HttpError(401, "UNAUTHENTICATED", "The sign-in session expired; sign in again.");
      strongPassword("newPassword", str(c.body, "newPassword"));
      u.password = str(c.body, "newPassword");
      u.temporary = false;
      c.state.challenges.delete(str(c.body, "session"));
      return { body: issue(c.state, u) };
    },
  },
  {
    method: "POST", path: "/api/auth/refresh", perm: null,
    handler: (c) => {
      const id = c.state.refreshTokens.get(str(c.body, "refreshToken"));
      const u = c.state.users.find((x) => x.id === id && x.status === "active");
      if (!u) throw new HttpError(401, "UNAUTHENTICATED", "The refresh token is no longer valid.");
      const { token, expiresIn, user } = issue(c.state, u);
      return { body: { token, expiresIn, user } };
    },
  },
  {
    method: "POST", path: "/api/auth/register", perm: null,
    handler: (c) => {
      const inv = c.state.invites.find((i) => i.code === str(c.body, "inviteCode"));
      if (!inv || (inv.usesLeft ?? 0) <= 0 || (inv.expiresAt && inv.expiresAt < now())) throw invalid("inviteCode", "unknown or expired invite code");
      const username = str(c.body, "username");
      if (c.state.users.some((u) => u.username === username)) throw new HttpError(409, "CONFLICT", "That username is taken.", { field: "username" });
      strongPassword("password", str(c.body, "password"));
      const t = now();
      const u: StoredUser = { id: newId(), username, email: str(c.body, "email"), role: inv.role, status: "active", createdAt: t, updatedAt: t, version: 1, password: str(c.body, "password"), temporary: false, failedLogins: 0 };
      c.state.users.push(u);
      inv.usesLeft = (inv.usesLeft ?? 1) - 1;
      return { status: 201, body: { user: publicUser(u) } };
    },
  },
  { method: "GET", path: "/api/openapi.json", perm: null, handler: () => ({ body: openapi() }) },
  {
    method: "POST", path: "/api/auth/logout", perm: "",
    handler: (c) => {
      c.state.refreshTokens.delete(str(c.body, "refreshToken"));
      return { status: 204 };
    },
  },
  { method: "GET", path: "/api/auth/me", perm: "", handler: (c) => ({ body: publicUser(me(c)) }) },
  {
    method: "POST", path: "/api/auth/password", perm: "",
    handler: (c) => {
      if (me(c).password !== str(c.body, "oldPassword")) throw invalid("oldPassword", "the current password is wrong");
      strongPassword("newPassword", str(c.body, "newPassword"));
      me(c).password = str(c.body, "newPassword");
      return { status: 204 };
    },
  },
  {
    method: "GET", path: "/api/auth/permissions", perm: "",
    handler: (c) => {
      const r = rolePerms(c.state, me(c).role);
      const check = c.query.get("check");
      return {
        body: {
          role: r.role, permissions: r.permissions, uiResources: r.uiResources,
          ...(check ? { checks: Object.fromEntries(check.split(",").map((p) => [p, r.permissions.includes(p)])) } : {}),
        },
      };
    },
  },

  {
    method: "GET", path: "/api/users", perm: "users:read",
    handler: (c) => {
      const s = (c.query.get("search") ?? "").toLowerCase();
      const items = c.state.users
        .filter((u) => (!c.query.get("role") || u.role === c.query.get("role")) && (!c.query.get("status") || u.status === c.query.get("status")))
        .filter((u) => !s || u.username.toLowerCase().includes(s) || u.email.toLowerCase().includes(s))
        .map(publicUser);
      return { body: paginate(items, c.query) };
    },
  },
  { method: "GET", path: "/api/users/detail", perm: "users:read", handler: (c) => ({ body: publicUser(findUser(c, c.query.get("id") ?? "")) }) },
  {
    method: "POST", path: "/api/users/create", perm: "users:create",
    handler: (c) => {
      const username = str(c.body, "username");
      if (!/^[A-Za-z0-9._-]{3,64}$/.test(username)) throw invalid("username", "3 to 64 letters, digits, dots, dashes or underscores");
      if (c.state.users.some((u) => u.username === username)) throw invalid("username", "already taken");
      strongPassword("password", str(c.body, "password"));
      const role = str(c.body, "role") as Role;
      if (!["admin", "power_user", "user"].includes(role)) throw invalid("role", "unknown role");
      const t = now();
      const u: StoredUser = { id: newId(), username, email: str(c.body, "email"), role, status: "active", createdAt: t, updatedAt: t, version: 1, password: str(c.body, "password"), temporary: c.body.temporary === true, failedLogins: 0 };
      c.state.users.push(u);
      audit(c, "users.create", "user", u.id, "success", { after: publicUser(u) });
      return { status: 201, body: publicUser(u) };
    },
  },
  {
    method: "POST", path: "/api/users/update", perm: "users:update",
    handler: (c) => {
      const u = findUser(c, str(c.body, "id"));
      checkVersion(u.version, c.body.version);
      const before = publicUser(u);
      if (typeof c.body.email === "string") u.email = c.body.email;
      if (typeof c.body.role === "string") u.role = c.body.role as Role;
      if (typeof c.body.status === "string") {
        u.status = c.body.status as UserStatus;
        if (u.status === "active") u.failedLogins = 0;
      }
      u.version++;
      u.updatedAt = now();
      audit(c, "users.update", "user", u.id, "success", { before, after: publicUser(u) });
      return { body: publicUser(u) };
    },
  },
  {
    method: "POST", path: "/api/users/delete", perm: "users:delete",
    handler: (c) => {
      const u = findUser(c, str(c.body, "id"));
      if (u.id === me(c).id) throw invalid("id", "you cannot delete yourself");
      c.state.users = c.state.users.filter((x) => x !== u);
      audit(c, "users.delete", "user", u.id, "success", { before: publicUser(u) });
      return { status: 204 };
    },
  },
  {
    method: "POST", path: "/api/users/assign-credentials", perm: "credentials:assign",
    handler: (c) => {
      const u = findUser(c, str(c.body, "userId"));
      const ids = Array.isArray(c.body.credentialIds) ? (c.body.credentialIds as string[]) : [];
      for (const id of ids) findCredential(c, id);
      c.state.assignments.set(u.id, ids);
      audit(c, "users.assign-credentials", "user", u.id, "success", { after: ids });
      return { body: { userId: u.id, credentialIds: ids } };
    },
  },
  {
    method: "GET", path: "/api/users/credentials", perm: "users:read",
    handler: (c) => {
      const u = findUser(c, c.query.get("id") ?? "");
      const ids = c.state.assignments.get(u.id) ?? [];
      return { body: { userId: u.id, credentialIds: ids, data: c.state.credentials.filter((x) => ids.includes(x.id)) } };
    },
  },

  {
    method: "GET", path: "/api/credentials", perm: "credentials:read",
    handler: (c) => {
      const q = c.query;
      const items = visibleCredentials(c).filter(
        (x) =>
          (!q.get("credentialType") || x.credentialType === q.get("credentialType")) &&
          (!q.get("active") || String(x.isActive) === q.get("active")) &&
          (!q.get("accountId") || x.accountId === q.get("accountId")),
      );
      return { body: paginate(items, q) };
    },
  },
  { method: "GET", path: "/api/credentials/detail", perm: "credentials:read", handler: (c) => ({ body: findCredential(c, c.query.get("id") ?? "") }) },
  {
    method: "POST", path: "/api/credentials/create", perm: "credentials:create",
    handler: (c) => {
      const b = c.body;
      if (!str(b, "name")) throw invalid("name", "required");
      if (!/^\d{12}$/.test(str(b, "accountId"))) throw invalid("accountId", "12 digits");
      const type = str(b, "credentialType");
      if (type === "assume_role" && !str(b, "roleArn").startsWith(`arn:aws:iam::${str(b, "accountId")}:role/`)) throw invalid("roleArn", "a role ARN in the same account");
      if (type === "access_key" && !/^AKIA[A-Z0-9]{16}$/.test(str(b, "accessKeyId"))) throw invalid("accessKeyId", "20 characters starting with AKIA");
      const t = now();
      const key = str(b, "accessKeyId");
      const cred: Credential = {
        id: newId(), name: str(b, "name"), credentialType: type as Credential["credentialType"], accountId: str(b, "accountId"),
        ...(type === "assume_role" ? { roleArn: str(b, "roleArn"), externalId: str(b, "externalId") || undefined } : { accessKeyId: `${key.slice(0, 4)}****${key.slice(-4)}` }),
        isActive: b.isActive !== false, createdBy: me(c).id, createdAt: t, updatedAt: t, version: 1,
      };
      c.state.credentials.push(cred);
      audit(c, "credentials.create", "credential", cred.id, "success", { after: cred });
      return { status: 201, body: cred };
    },
  },
  {
    method: "POST", path: "/api/credentials/update", perm: "credentials:update",
    handler: (c) => {
      const x = findCredential(c, str(c.body, "id"));
      checkVersion(x.version, c.body.version);
      if (typeof c.body.name === "string") x.name = c.body.name;
      if (typeof c.body.isActive === "boolean") x.isActive = c.body.isActive;
      if (typeof c.body.roleArn === "string") x.roleArn = c.body.roleArn;
      if (typeof c.body.externalId === "string") x.externalId = c.body.externalId;
      if (typeof c.body.accessKeyId === "string" && c.body.accessKeyId) x.accessKeyId = `${c.body.accessKeyId.slice(0, 4)}****${c.body.accessKeyId.slice(-4)}`;
      x.version++;
      x.updatedAt = now();
      return { body: x };
    },
  },
  {
    method: "POST", path: "/api/credentials/delete", perm: "credentials:delete",
    handler: (c) => {
      const x = findCredential(c, str(c.body, "id"));
      c.state.credentials = c.state.credentials.filter((y) => y !== x);
      audit(c, "credentials.delete", "credential", x.id, "success");
      return { status: 204 };
    },
  },
  {
    method: "POST", path: "/api/credentials/validate", perm: "credentials:validate",
    handler: (c) => {
      const x = findCredential(c, str(c.body, "id"));
      x.lastValidatedAt = now();
      x.validation = x.demo
        ? { ok: true, reason: "ok", message: "Assumed the role in the simulated demo account.", arn: `arn:aws:sts::${x.accountId}:assumed-role/CloudCensusReadOnly/cloudcensus`, accountId: x.accountId }
        : { ok: false, reason: "assume_role_denied", message: "The mock has no real AWS: only the demo credential validates." };
      return { body: x };
    },
  },
  { method: "GET", path: "/api/credentials/base-role", perm: "base-role:read", handler: (c) => ({ body: c.state.baseRole }) },
  {
    method: "POST", path: "/api/credentials/base-role", perm: "base-role:update",
    handler: (c) => {
      const mode = str(c.body, "mode") as State["baseRole"]["mode"];
      const key = str(c.body, "accessKeyId");
      c.state.baseRole = { mode, ...(mode === "access_key" ? { accessKeyId: `${key.slice(0, 4)}****${key.slice(-4)}` } : {}), updatedAt: now() };
      return { body: c.state.baseRole };
    },
  },
  {
    method: "GET", path: "/api/credentials/role-template", perm: "credentials:read",
    handler: (c) => {
      const externalId = c.query.get("externalId") || `cc-${randomBytes(8).toString("hex")}`;
      const template = `AWSTemplateFormatVersion: "2010-09-09"\nDescription: CloudCensus read-only scanner role\nParameters:\n  ExternalId:\n    Type: String\n    Default: ${externalId}\nResources:\n  ScannerRole:\n    Type: AWS::IAM::Role\n    Properties:\n      RoleName: CloudCensusReadOnly\n      AssumeRolePolicyDocument:\n        Statement:\n          - Effect: Allow\n            Principal: { AWS: arn:aws:iam::999988887777:role/cloudcensus-scan-unit }\n            Action: sts:AssumeRole\n            Condition: { StringEquals: { sts:ExternalId: !Ref ExternalId } }\n      ManagedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]\nOutputs:\n  RoleArn:\n    Value: !GetAtt ScannerRole.Arn\n`;
      return {
        body: {
          template, stackSetTemplate: template.replace("CloudCensus read-only scanner role", "CloudCensus read-only scanner role (StackSet)"),
          quickCreateUrl: `https://console.aws.amazon.com/cloudformation/home#/stacks/quickcreate?stackName=CloudCensusReadOnly&param_ExternalId=${externalId}`,
          principalArn: "arn:aws:iam::999988887777:role/cloudcensus-scan-unit", externalId,
          actions: ["ec2:Describe*", "rds:Describe*", "s3:ListAllMyBuckets", "cloudfront:List*", "route53:List*", "lambda:List*", "logs:Describe*"],
        },
      };
    },
  },

  {
    method: "GET", path: "/api/tasks", perm: "tasks:read",
    handler: (c) => {
      const q = c.query;
      const items = visibleTasks(c)
        .filter((t) => (!q.get("status") || t.status === q.get("status")) && (!q.get("created_by") || t.createdBy === q.get("created_by")))
        .filter((t) => (!q.get("from") || t.createdAt >= (q.get("from") as string)) && (!q.get("to") || t.createdAt <= (q.get("to") as string)))
        .map(taskView);
      return { body: paginate(items, q) };
    },
  },
  {
    method: "GET", path: "/api/tasks/detail", perm: "tasks:read",
    handler: (c) => {
      const t = findTask(c, c.query.get("id") ?? "");
      return { body: { ...taskView(t), units: t.units } };
    },
  },
  {
    method: "POST", path: "/api/tasks/create", perm: "tasks:create",
    handler: (c) => {
      const key = c.headers["idempotency-key"];
      if (typeof key === "string" && idem.has(key)) {
        const t = c.state.tasks.find((x) => x.id === idem.get(key));
        if (t) return { status: 201, body: taskView(t) };
      }
      const b = c.body;
      if (!str(b, "name")) throw invalid("name", "required");
      const credIds = Array.isArray(b.credentialIds) ? (b.credentialIds as string[]) : [];
      if (credIds.length === 0) throw invalid("credentialIds", "at least one credential");
      const creds = credIds.map((id) => findCredential(c, id));
      const regions = Array.isArray(b.regions) ? (b.regions as string[]) : [];
      if (regions.length === 0) throw invalid("regions", "at least one region");
      const pm = (b.projectMetadata ?? {}) as Record<string, string>;
      for (const f of ["clientName", "projectName", "bdManager", "solutionsArchitect", "cloudEngineer", "cloudEngineerEmail"]) {
        if (!pm[f]) throw invalid(`projectMetadata.${f}`, "required");
      }
      if (pm.networkDiagramKey && !c.state.uploads.has(pm.networkDiagramKey)) throw invalid("projectMetadata.networkDiagramKey", "no upload with that key");
      const accounts = [...new Set(creds.map((x) => x.accountId))];
      const units = planUnits(accounts, regions);
      const t = {
        id: newId(), name: str(b, "name"), status: "pending" as const, progress: 0, unitsTotal: units.length, unitsDone: 0, unitsFailed: 0,
        createdBy: me(c).id, createdByName: me(c).username, credentialIds: credIds, accounts, regions,
        projectMetadata: pm as unknown as Task["projectMetadata"], createdAt: now(), units, unitMs: UNIT_MS, startMs: Date.now() + 1000,
      };
      c.state.tasks.unshift(t);
      if (typeof key === "string") idem.set(key, t.id);
      audit(c, "tasks.create", "task", t.id, "success", { after: taskView(t) });
      return { status: 201, body: taskView(t) };
    },
  },
  {
    method: "POST", path: "/api/tasks/cancel", perm: "tasks:cancel",
    handler: (c) => {
      const t = findTask(c, str(c.body, "id"));
      if (t.status !== "pending" && t.status !== "running") throw new HttpError(409, "CONFLICT", `The task is ${t.status}; only a pending or running task can be cancelled.`);
      t.status = "cancelled";
      t.completedAt = now();
      audit(c, "tasks.cancel", "task", t.id, "success");
      return { body: taskView(t) };
    },
  },
  {
    method: "POST", path: "/api/tasks/delete", perm: "tasks:delete",
    handler: (c) => {
      const t = findTask(c, str(c.body, "id"));
      c.state.tasks = c.state.tasks.filter((x) => x !== t);
      audit(c, "tasks.delete", "task", t.id, "success");
      return { status: 204 };
    },
  },
  {
    method: "GET", path: "/api/tasks/logs", perm: "tasks:read",
    handler: (c) => {
      const t = findTask(c, c.query.get("id") ?? "");
      const level = c.query.get("level");
      return { body: paginate(c.state.logs.filter((l) => l.taskId === t.id && (!level || l.level === level)).reverse(), c.query) };
    },
  },
  {
    method: "GET", path: "/api/tasks/export", perm: "tasks:export",
    handler: (c) => {
      const t = findTask(c, c.query.get("id") ?? "");
      const rows = t.units.flatMap((u) => u.coverage);
      if (c.query.get("format") === "csv") {
        const csv = ["service,accountId,region,status,resources", ...rows.map((r) => `${r.service},${r.accountId},${r.region},${r.status},${r.resources}`)].join("\n");
        return { file: { data: csv, type: "text/csv", name: `${t.name}.csv` } };
      }
      return { file: { data: JSON.stringify({ task: taskView(t), coverage: rows }, null, 2), type: "application/json", name: `${t.name}.json` } };
    },
  },
  {
    method: "POST", path: "/api/uploads/diagram", perm: "uploads:create",
    handler: (c) => {
      const type = str(c.body, "contentType");
      if (type !== "image/png" && type !== "image/jpeg") throw new HttpError(415, "UNSUPPORTED_MEDIA_TYPE", "Only PNG and JPEG diagrams.", { field: "contentType" });
      if (Number(c.body.size) > 5 * 1024 * 1024) throw new HttpError(413, "PAYLOAD_TOO_LARGE", "Diagrams are limited to 5 MB.", { field: "size" });
      const key = `uploads/${me(c).id}/${newId()}`;
      return { body: { key, uploadUrl: `${c.origin}/mock-s3/${key}?sig=${randomBytes(8).toString("hex")}`, expiresIn: 300, headers: { "Content-Type": type } } };
    },
  },

  {
    method: "GET", path: "/api/reports", perm: "reports:read",
    handler: (c) => {
      const mine = new Set(visibleTasks(c).map((t) => t.id));
      const items = c.state.reports.filter((r) => (me(c).role === "admin" || mine.has(r.taskId)) && (!c.query.get("task_id") || r.taskId === c.query.get("task_id")));
      return { body: paginate(items, c.query) };
    },
  },
  {
    method: "GET", path: "/api/reports/detail", perm: "reports:read",
    handler: (c) => {
      const r = c.state.reports.find((x) => x.id === c.query.get("id"));
      if (!r) throw notFound("Report");
      return { body: r };
    },
  },
  {
    method: "GET", path: "/api/reports/download", perm: "reports:download",
    handler: (c) => {
      const r = c.state.reports.find((x) => x.id === c.query.get("id"));
      if (!r) throw notFound("Report");
      findTask(c, r.taskId);
      return { body: { url: `${c.origin}/mock-s3/reports/${r.id}/${encodeURIComponent(r.fileName)}`, expiresIn: 300, fileName: r.fileName } };
    },
  },
  {
    method: "POST", path: "/api/reports/delete", perm: "reports:delete",
    handler: (c) => {
      const r = c.state.reports.find((x) => x.id === str(c.body, "id"));
      if (!r) throw notFound("Report");
      c.state.reports = c.state.reports.filter((x) => x !== r);
      for (const t of c.state.tasks) if (t.reportId === r.id) delete t.reportId;
      audit(c, "reports.delete", "report", r.id, "success");
      return { status: 204 };
    },
  },
  {
    method: "POST", path: "/api/reports/rebuild", perm: "reports:rebuild",
    handler: (c) => {
      const t = findTask(c, str(c.body, "taskId"));
      const version = c.state.reports.filter((r) => r.taskId === t.id).length + 1;
      const r = { id: newId(), taskId: t.id, taskName: t.name, fileName: `${t.projectMetadata.clientName}-${t.projectMetadata.projectName}-v${version}.docx`.replace(/[^\w.-]+/g, "_"), fileSize: 0, format: "docx" as const, version, createdAt: now(), createdBy: me(c).id };
      c.state.reports.unshift(r);
      t.reportId = r.id;
      return { status: 201, body: r };
    },
  },

  { method: "GET", path: "/api/roles", perm: "roles:read", handler: (c) => ({ body: { data: c.state.roles, catalog: { permissions: PERMISSIONS, uiResources: UI } } }) },
  {
    method: "POST", path: "/api/roles/update", perm: "roles:update",
    handler: (c) => {
      const r = c.state.roles.find((x) => x.role === str(c.body, "role"));
      if (!r) throw notFound("Role");
      checkVersion(r.version, c.body.version);
      const before = { ...r };
      r.permissions = (c.body.permissions as string[]) ?? r.permissions;
      r.uiResources = (c.body.uiResources as string[]) ?? r.uiResources;
      r.version++;
      audit(c, "roles.update", "role", r.role, "success", { before, after: r });
      return { body: r };
    },
  },
  { method: "GET", path: "/api/invites", perm: "invites:read", handler: (c) => ({ body: paginate(c.state.invites.map(({ code: _c, ...i }) => i), c.query) }) },
  {
    method: "POST", path: "/api/invites/create", perm: "invites:create",
    handler: (c) => {
      const code = randomBytes(9).toString("base64url");
      const hours = Number(c.body.expiresInHours);
      if (!(hours >= 1 && hours <= 720)) throw invalid("expiresInHours", "between 1 and 720");
      const inv = { id: newId(), role: str(c.body, "role") as Role, expiresAt: new Date(Date.now() + hours * 3600_000).toISOString(), maxUses: Number(c.body.maxUses), usesLeft: Number(c.body.maxUses), createdBy: me(c).id, createdAt: now(), code };
      c.state.invites.unshift(inv);
      audit(c, "invites.create", "invite", inv.id, "success");
      const { code: _c, ...invite } = inv;
      return { status: 201, body: { invite, code } };
    },
  },
  {
    method: "POST", path: "/api/invites/delete", perm: "invites:delete",
    handler: (c) => {
      c.state.invites = c.state.invites.filter((i) => i.id !== str(c.body, "id"));
      return { status: 204 };
    },
  },
  { method: "GET", path: "/api/audit", perm: "audit:read", handler: (c) => ({ body: paginate(filterAudit(c), c.query) }) },
  {
    method: "GET", path: "/api/audit/export", perm: "audit:export",
    handler: (c) => {
      const rows = filterAudit(c).map((a) => [a.timestamp, a.actorName, a.action, a.resourceType, a.resourceId, a.result].map((v) => `"${String(v).replace(/"/g, '""')}"`).join(","));
      return { file: { data: ["timestamp,actor,action,resourceType,resourceId,result", ...rows].join("\n"), type: "text/csv", name: "cloudcensus-audit.csv" } };
    },
  },
  {
    method: "GET", path: "/api/workers", perm: "workers:read",
    handler: (c) => {
      for (const t of c.state.tasks) advance(c.state, t);
      const running = c.state.tasks.filter((t) => t.status === "running" || t.status === "pending");
      return {
        body: {
          data: running.map((t) => ({
            executionArn: `arn:aws:states:us-east-1:000000000000:execution:cloudcensus-scan:${t.id}`, taskId: t.id, taskName: t.name, status: t.status === "pending" ? "QUEUED" : "RUNNING",
            startedAt: t.startedAt ?? t.createdAt, unitsTotal: t.unitsTotal, unitsDone: t.unitsDone,
            unitsInFlight: t.units.filter((u) => u.status === "running").map((u) => ({ accountId: u.accountId, region: u.region, startedAt: now() })),
          })),
        },
      };
    },
  },
  {
    method: "GET", path: "/api/workers/stats", perm: "workers:read",
    handler: (c) => {
      const units = c.state.tasks.flatMap((t) => t.units);
      const done = units.filter((u) => u.status === "completed");
      return {
        body: {
          running: units.filter((u) => u.status === "running").length, succeeded: done.length, failed: 0,
          throttled: units.filter((u) => u.coverage.some((x) => x.status === "throttled")).length,
          averageUnitDurationMs: done.length ? Math.round(done.reduce((n, u) => n + u.durationMs, 0) / done.length) : 0,
        },
      };
    },
  },
  {
    method: "POST", path: "/api/workers/purge", perm: "workers:purge",
    handler: (c) => {
      let stopped = 0;
      for (const t of c.state.tasks) {
        advance(c.state, t);
        if (t.status === "running" || t.status === "pending") {
          t.status = "cancelled";
          stopped++;
        }
      }
      audit(c, "workers.purge", "worker", "", "success", { after: { stopped } });
      return { body: { stopped } };
    },
  },
];


function filterAudit(c: Ctx) {
  const q = c.query;
  return c.state.audit.filter(
    (a) =>
      (!q.get("actor") || a.actor === q.get("actor") || a.actorName === q.get("actor")) &&
      (!q.get("action") || a.action === q.get("action")) &&
      (!q.get("resource_type") || a.resourceType === q.get("resource_type")) &&
      (!q.get("result") || a.result === q.get("result")) &&
      (!q.get("from") || a.timestamp >= (q.get("from") as string)) &&
      (!q.get("to") || a.timestamp <= (q.get("to") as string)),
  );
}

function openapi() {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of ROUTES) {
    paths[r.path] = { ...paths[r.path], [r.method.toLowerCase()]: { operationId: `${r.method.toLowerCase()}${r.path.replace(/[^A-Za-z]+/g, "_")}`, ...(r.perm ? { "x-permission": r.perm } : {}) } };
  }
  return { openapi: "3.1.0", info: { title: "CloudCensus API (mock)", version: "0" }, paths };
}

/** Authenticates and authorizes c for route r; throws the contract's 401/403. */
export function authorize(c: Ctx, r: MockRoute, token: string | undefined): void {
  if (r.perm === null) return;
  const t = token ? c.state.tokens.get(token) : undefined;
  if (!t || t.expires < Date.now()) throw new HttpError(401, "UNAUTHENTICATED", "Sign in again: the access token is missing or expired.");
  c.user = c.state.users.find((u) => u.id === t.userId && u.status === "active");
  if (!c.user) throw new HttpError(401, "UNAUTHENTICATED", "This account can no longer sign in.");
  if (r.perm && !rolePerms(c.state, c.user.role).permissions.includes(r.perm)) {
    audit(c, `${r.method} ${r.path}`, r.path.split("/")[2] ?? "", "", "denied");
    throw new HttpError(403, "FORBIDDEN", `Your role may not do this: it needs ${r.perm}.`, {
      permission: r.perm,
      applyUrl: `/permissions/apply?permission=${encodeURIComponent(r.perm)}`,
    });
  }
}
