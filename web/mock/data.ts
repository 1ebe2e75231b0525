// The mock backend's in-memory state and its seed: three users (one per
// role), the simulated "Demo account" credential, the default role matrix.
// Dev-only: it stands in for the real API while the console is built, and
// lets the e2e suite be tried without the Go stack.

import { randomBytes } from "node:crypto";
import type {
  AuditEntry,
  Credential,
  Invite,
  Report,
  Role,
  RolePermissions,
  Task,
  TaskLog,
  TaskUnit,
  User,
} from "../src/api/types";

let seq = 0;
/** A ULID-shaped id: sortable by creation in this process. */
export function newId(): string {
  const t = Date.now().toString(36).toUpperCase().padStart(10, "0");
  seq = (seq + 1) % 1_000_000;
  return `${t}${seq.toString(36).toUpperCase().padStart(4, "0")}${randomBytes(6).toString("hex").toUpperCase()}`.slice(0, 26);
}

export const now = () => new Date().toISOString();

export const PERMISSIONS = [
  "tasks:read", "tasks:create", "tasks:cancel", "tasks:delete", "tasks:export", "uploads:create",
  "reports:read", "reports:download", "reports:rebuild", "reports:delete",
  "credentials:read", "credentials:create", "credentials:update", "credentials:delete", "credentials:validate", "credentials:assign",
  "base-role:read", "base-role:update",
  "users:read", "users:create", "users:update", "users:delete",
  "roles:read", "roles:update",
  "invites:read", "invites:create", "invites:delete",
  "audit:read", "audit:export", "workers:read", "workers:purge",
];

export const UI = [
  "menu:dashboard", "menu:tasks", "menu:reports", "menu:credentials", "menu:users", "menu:roles", "menu:invites",
  "menu:audit", "menu:workers", "menu:schedules", "button:task-create", "button:task-cancel", "button:task-delete",
  "button:report-delete", "button:credential-create", "button:credential-update", "button:credential-delete",
  "button:credential-validate", "button:user-create", "button:user-update", "button:user-delete", "button:user-assign",
  "button:role-update", "button:invite-create", "button:workers-purge",
];

function defaultRoles(): RolePermissions[] {
  return [
    { role: "admin", permissions: [...PERMISSIONS], uiResources: UI.filter((u) => u !== "menu:schedules"), version: 1 },
    {
      role: "power_user",
      permissions: ["tasks:read", "tasks:create", "tasks:cancel", "tasks:delete", "tasks:export", "uploads:create", "reports:read", "reports:download", "reports:rebuild", "reports:delete", "credentials:read", "credentials:create", "credentials:update", "credentials:validate", "credentials:assign"],
      uiResources: ["menu:dashboard", "menu:tasks", "menu:reports", "menu:credentials", "button:task-create", "button:task-cancel", "button:task-delete", "button:report-delete", "button:credential-create", "button:credential-update", "button:credential-validate"],
      version: 1,
    },
    {
      role: "user",
      permissions: ["tasks:read", "tasks:create", "tasks:cancel", "tasks:export", "uploads:create", "reports:read", "reports:download", "credentials:read"],
      uiResources: ["menu:dashboard", "menu:tasks", "menu:reports", "menu:credentials", "button:task-create", "button:task-cancel"],
      version: 1,
    },
  ];
}

export interface StoredUser extends User {
  password: string;
  temporary: boolean;
  failedLogins: number;
}

export interface State {
  users: StoredUser[];
  credentials: Credential[];
  assignments: Map<string, string[]>;
  tasks: (Task & { units: TaskUnit[]; unitMs: number; startMs: number })[];
  logs: TaskLog[];
  reports: Report[];
  roles: RolePermissions[];
  invites: (Invite & { code: string })[];
  audit: AuditEntry[];
  tokens: Map<string, { userId: string; expires: number }>;
  refreshTokens: Map<string, string>;
  challenges: Map<string, string>;
  uploads: Set<string>;
  baseRole: { mode: "execution_role" | "access_key"; accessKeyId?: string; updatedAt?: string };
}

function user(username: string, role: Role, password: string): StoredUser {
  const t = now();
  return { id: newId(), username, email: `${username}@example.com`, role, status: "active", createdAt: t, updatedAt: t, version: 1, password, temporary: false, failedLogins: 0 };
}

export function seed(adminUsername: string, adminPassword: string): State {
  const admin = user(adminUsername, "admin", adminPassword);
  const t = now();
  const demo: Credential = {
    id: newId(), name: "Demo account", credentialType: "assume_role", accountId: "111122223333",
    roleArn: "arn:aws:iam::111122223333:role/CloudCensusReadOnly", externalId: "cc-demo-external-id", isActive: true,
    createdBy: admin.id, createdAt: t, updatedAt: t, version: 1, demo: true,
    lastValidatedAt: t, validation: { ok: true, reason: "ok", message: "Assumed the role in the simulated demo account.", arn: "arn:aws:sts::111122223333:assumed-role/CloudCensusReadOnly/cloudcensus", accountId: "111122223333" },
  };
  return {
    users: [admin, user("alice", "power_user", "Alice123!"), user("bob", "user", "Bob12345!")],
    credentials: [demo],
    assignments: new Map(),
    tasks: [],
    logs: [],
    reports: [],
    roles: defaultRoles(),
    invites: [],
    audit: [],
    tokens: new Map(),
    refreshTokens: new Map(),
    challenges: new Map(),
    uploads: new Set(),
    baseRole: { mode: "execution_role" },
  };
}

export function publicUser(u: StoredUser): User {
  const { password: _p, temporary: _t, failedLogins: _f, ...rest } = u;
  return rest;
}
