// Roles, the permission catalog, workspaces and memberships as the API
// answers them, for the tenancy pages' tests: a small catalog of four
// groups, the three built-in roles and one custom role.

import type { Membership, RolePermissions, RolesResponse, Workspace } from "../api/types";

export const catalog: RolesResponse["catalog"] = {
  permissions: ["auth:self", "tasks:read", "tasks:create", "reports:read", "reports:download", "users:read", "roles:update"],
  uiResources: ["menu:tasks", "button:task-create", "menu:reports", "menu:users", "button:role-update"],
  maxRank: 300,
  groups: [
    { name: "Account", description: "What every signed-in person needs.", permissions: [{ key: "auth:self", label: "Sign in and manage own account", description: "See one's profile.", ui: [] }] },
    {
      name: "Scans",
      description: "Run scans and work with their results.",
      permissions: [
        { key: "tasks:read", label: "View scans", description: "See scans and their progress.", ui: ["menu:tasks"] },
        { key: "tasks:create", label: "Start scans", description: "Start a scan.", ui: ["button:task-create"] },
      ],
    },
    {
      name: "Reports",
      description: "The Word reports the scans write.",
      permissions: [
        { key: "reports:read", label: "View reports", description: "List reports.", ui: ["menu:reports"] },
        { key: "reports:download", label: "Download reports", description: "Download the Word documents.", ui: [] },
      ],
    },
    {
      name: "People and roles",
      description: "Who works in the workspace and what they may do.",
      permissions: [
        { key: "users:read", label: "View users", description: "List the users.", ui: ["menu:users"] },
        { key: "roles:update", label: "Manage roles", description: "Create, change and delete roles.", ui: ["button:role-update"] },
      ],
    },
  ],
};

export function role(over: Partial<RolePermissions> = {}): RolePermissions {
  return {
    role: "auditor",
    description: "Reads <b>reports</b>",
    rank: 150,
    builtIn: false,
    permissions: ["auth:self", "reports:read"],
    uiResources: ["menu:reports"],
    createdAt: "2026-01-01T00:00:00Z",
    updatedAt: "2026-01-01T00:00:00Z",
    version: 3,
    ...over,
  };
}

export const builtIns: RolePermissions[] = [
  role({ role: "admin", description: "Holds every permission.", rank: 300, builtIn: true, permissions: catalog.permissions, version: 1 }),
  role({ role: "power_user", description: "Manages credentials.", rank: 200, builtIn: true, permissions: ["auth:self", "tasks:read", "tasks:create", "reports:read"], version: 1 }),
  role({ role: "user", description: "Runs scans.", rank: 100, builtIn: true, permissions: ["auth:self", "tasks:read"], version: 1 }),
];

export function roles(...custom: RolePermissions[]): RolesResponse {
  return { data: [...builtIns.slice(0, 2), ...custom, ...builtIns.slice(2)], catalog };
}

export function membership(over: Partial<Membership> = {}): Membership {
  return { workspaceId: "w1", workspaceName: "Default workspace", userId: "u-admin", role: "admin", roles: ["admin"], status: "active", current: true, ...over };
}

export function workspace(over: Partial<Workspace> = {}): Workspace {
  return {
    id: "w1",
    name: "Default workspace",
    reportRetentionDays: 0,
    defaultTemplateId: "",
    exclusions: [],
    createdAt: "2026-01-01T00:00:00Z",
    updatedAt: "2026-01-01T00:00:00Z",
    version: 1,
    ...over,
  };
}
