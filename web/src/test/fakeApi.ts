// Test doubles for the API: a fetch that answers from a table of handlers
// keyed by "METHOD /path", recording every request, so tests run the real
// typed client and session over it.

import { createApi } from "../api/api";
import { ApiClient } from "../api/client";
import { UI_RESOURCES } from "../api/generated/contract";
import type { Job, PermissionKey, PermissionsResponse, Role, SessionTokens, UiResource, User } from "../api/types";
import { Session } from "../auth/session";

export interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
}

export type Handler = (req: Recorded) => { status?: number; body?: unknown; headers?: Record<string, string> } | Promise<{ status?: number; body?: unknown; headers?: Record<string, string> }>;

export function fakeFetch(handlers: Record<string, Handler>) {
  const calls: Recorded[] = [];
  const fetchFn: typeof fetch = async (input, init) => {
    const url = new URL(String(input), "http://console.test");
    const req: Recorded = {
      method: init?.method ?? "GET",
      path: url.pathname,
      query: url.searchParams,
      headers: (init?.headers as Record<string, string>) ?? {},
      body: typeof init?.body === "string" ? JSON.parse(init.body) : undefined,
    };
    calls.push(req);
    const h = handlers[`${req.method} ${req.path}`];
    if (!h) {
      return new Response(JSON.stringify({ error: { code: "NOT_FOUND", message: `no fake for ${req.method} ${req.path}` } }), { status: 404 });
    }
    const r = await h(req);
    const status = r.status ?? 200;
    return new Response(status === 204 || r.body === undefined ? null : JSON.stringify(r.body), {
      status,
      headers: { "Content-Type": "application/json", "X-Request-Id": "req-test", ...r.headers },
    });
  };
  return { fetchFn, calls };
}

export function user(role: Role = "admin", over: Partial<User> = {}): User {
  return {
    id: `u-${role}`,
    username: role === "admin" ? "root" : `${role}-1`,
    email: `${role}@example.com`,
    workspaceId: "w1",
    role,
    roles: [],
    status: "active",
    passwordChangeRequired: false,
    createdAt: "2026-01-01T00:00:00Z",
    updatedAt: "2026-01-01T00:00:00Z",
    version: 1,
    ...over,
  };
}

export function tokens(u: User, token = "access-1", expiresIn = 3600): SessionTokens {
  return { token, expiresIn, user: u };
}

/** An administrator sees every UI resource the backend defines. */
export const ADMIN_UI: readonly UiResource[] = UI_RESOURCES;
export const USER_UI: readonly UiResource[] = ["menu:dashboard", "menu:tasks", "menu:reports", "menu:credentials", "button:task-create", "button:task-cancel"];

const RANKS: Record<string, number> = { admin: 300, power_user: 200, user: 100 };

export function permissions(role: Role, uiResources: readonly UiResource[], over: Partial<PermissionsResponse> = {}): PermissionsResponse {
  const keys: PermissionKey[] = role === "admin" ? ["tasks:create", "users:read"] : ["tasks:create"];
  return { role, roles: [], rank: RANKS[role] ?? 100, workspaceId: "w1", permissions: keys, uiResources: [...uiResources], ...over };
}

/** The real client and session wired over a fake fetch. */
export function services(handlers: Record<string, Handler>) {
  const { fetchFn, calls } = fakeFetch(handlers);
  const publicApi = createApi(new ApiClient({ fetch: fetchFn }));
  const session = new Session(() => publicApi.auth.refresh());
  const api = createApi(new ApiClient({ fetch: fetchFn, tokens: session }));
  return { api, session, calls };
}

/** A background job as the API answers it, queued unless told otherwise. */
export function job(over: Partial<Job> = {}): Job {
  return {
    id: "job-1",
    kind: "inventory_export",
    params: { taskId: "t1", format: "csv" },
    status: "queued",
    createdBy: "u-admin",
    size: 0,
    records: 0,
    expiresAt: "2026-01-08T00:00:00Z",
    createdAt: "2026-01-01T00:00:00Z",
    updatedAt: "2026-01-01T00:00:00Z",
    version: 1,
    ...over,
  };
}
