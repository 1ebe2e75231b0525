import { describe, expect, it } from "vitest";
import { fakeFetch, services, tokens, user } from "../test/fakeApi";
import { createApi } from "./api";
import { ApiClient, buildUrl } from "./client";
import { ApiError, fieldError, HeldForApproval } from "./errors";

describe("error envelope", () => {
  it("becomes an ApiError with code, details and request id", async () => {
    const { fetchFn } = fakeFetch({
      "POST /api/tasks/create": () => ({
        status: 403,
        headers: { "X-Request-Id": "req-42" },
        body: { error: { code: "FORBIDDEN", message: "no", details: { permission: "tasks:create", applyUrl: "/permissions/apply?permission=tasks:create" } } },
      }),
    });
    const api = createApi(new ApiClient({ fetch: fetchFn }));
    const err = await api.tasks.create({ name: "x", credentialIds: [], regions: [], projectMetadata: {} as never }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    const e = err as ApiError;
    expect([e.status, e.code, e.message, e.requestId]).toEqual([403, "FORBIDDEN", "no", "req-42"]);
    expect(e.details.permission).toBe("tasks:create");
    expect(e.isForbidden).toBe(true);
  });

  it("names the field of a validation error", async () => {
    const { fetchFn } = fakeFetch({
      "POST /api/users/create": () => ({ status: 400, body: { error: { code: "VALIDATION_ERROR", message: "bad", details: { field: "email", reason: "not an email" } } } }),
    });
    const err = await createApi(new ApiClient({ fetch: fetchFn })).users.create({} as never).catch((e: unknown) => e);
    expect(fieldError(err, "email")).toBe("not an email");
    expect(fieldError(err, "username")).toBeUndefined();
  });

  it("maps a body that is not the envelope by status", async () => {
    const fetchFn: typeof fetch = async () => new Response("<html>bad gateway</html>", { status: 429 });
    const err = (await createApi(new ApiClient({ fetch: fetchFn })).health().catch((e: unknown) => e)) as ApiError;
    expect(err.code).toBe("RATE_LIMITED");
  });

  it("reports an unreachable API as NETWORK", async () => {
    const fetchFn: typeof fetch = async () => {
      throw new TypeError("Failed to fetch");
    };
    const err = (await createApi(new ApiClient({ fetch: fetchFn })).health().catch((e: unknown) => e)) as ApiError;
    expect([err.status, err.code]).toEqual([0, "NETWORK"]);
  });
});

describe("requests", () => {
  it("drops empty query values and keeps false", () => {
    expect(buildUrl("", "/api/credentials", { active: false, accountId: "", page: 2, x: undefined })).toBe("/api/credentials?active=false&page=2");
  });

  it("sends the token on private routes only, and the idempotency key", async () => {
    const { api, session, calls } = services({
      "GET /api/health": () => ({ body: { status: "ok", dependencies: {} } }),
      "POST /api/tasks/create": () => ({ status: 201, body: { id: "t1" } }),
    });
    session.start(tokens(user()));
    await api.health();
    await api.tasks.create({ name: "n", credentialIds: ["c"], regions: ["us-east-1"], projectMetadata: {} as never }, "key-1");
    expect(calls[0]?.headers.Authorization).toBeUndefined();
    expect(calls[1]?.headers.Authorization).toBe("Bearer access-1");
    expect(calls[1]?.headers["Idempotency-Key"]).toBe("key-1");
    session.end("signed_out");
  });
});

describe("a rejected token", () => {
  it("is refreshed once and the call retried with the new token", async () => {
    const { api, session, calls } = services({
      "GET /api/auth/me": (r) =>
        r.headers.Authorization === "Bearer access-2"
          ? { body: user() }
          : { status: 401, body: { error: { code: "UNAUTHENTICATED", message: "expired" } } },
      "POST /api/auth/refresh": () => ({ body: { token: "access-2", expiresIn: 3600, user: user() } }),
    });
    session.start(tokens(user()));
    await expect(api.auth.me()).resolves.toMatchObject({ username: "root" });
    expect(calls.map((c) => c.path)).toEqual(["/api/auth/me", "/api/auth/refresh", "/api/auth/me"]);
    // The session cookie names the session: the body carries no token.
    expect(calls[1]?.body).toEqual({});
    expect(calls[1]?.headers["X-CloudCensus-CSRF"]).toBe("1");
    session.end("signed_out");
  });

  it("ends the session as expired when the refresh fails too", async () => {
    const { api, session } = services({
      "GET /api/auth/me": () => ({ status: 401, body: { error: { code: "UNAUTHENTICATED", message: "expired" } } }),
      "POST /api/auth/refresh": () => ({ status: 401, body: { error: { code: "UNAUTHENTICATED", message: "revoked" } } }),
    });
    const ended: string[] = [];
    session.subscribe((e) => e.ended && ended.push(e.ended));
    session.start(tokens(user()));
    const err = (await api.auth.me().catch((e: unknown) => e)) as ApiError;
    expect(err.isUnauthenticated).toBe(true);
    expect(session.current).toBeNull();
    expect(ended).toEqual(["expired"]);
  });

  it("is not refreshed twice by calls that fail together", async () => {
    let refreshes = 0;
    const { api, session } = services({
      "GET /api/auth/me": (r) => (r.headers.Authorization === "Bearer access-2" ? { body: user() } : { status: 401, body: {} }),
      "POST /api/auth/refresh": async () => {
        refreshes++;
        await new Promise((r) => setTimeout(r, 10));
        return { body: { token: "access-2", expiresIn: 3600, user: user() } };
      },
    });
    session.start(tokens(user()));
    await Promise.all([api.auth.me(), api.auth.me(), api.auth.me()]);
    expect(refreshes).toBe(1);
    session.end("signed_out");
  });
});

describe("a call a workflow holds for approval", () => {
  it("answers 202 with the request: it throws HeldForApproval, not an ApiError", async () => {
    const { api, session } = services({
      "POST /api/credentials/delete": () => ({
        status: 202,
        body: { approvalRequestId: "r-42", status: "pending", message: "credentials:delete needs approval (1 steps): nothing was done yet" },
      }),
    });
    session.start(tokens(user("power_user")));
    const err = await api.credentials.remove("c1").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HeldForApproval);
    expect(err).not.toBeInstanceOf(ApiError);
    const held = err as HeldForApproval;
    expect([held.approvalRequestId, held.requestStatus, held.message, held.href]).toEqual([
      "r-42",
      "pending",
      "credentials:delete needs approval (1 steps): nothing was done yet",
      "/approvals/r-42",
    ]);
    session.end("signed_out");
  });

  it("keeps any other 202 an answer", async () => {
    const { api, session } = services({ "POST /api/tasks/create": () => ({ status: 202, body: { id: "t1", status: "pending" } }) });
    session.start(tokens(user()));
    await expect(api.tasks.create({ name: "n", credentialIds: ["c"], regions: ["us-east-1"], projectMetadata: {} as never })).resolves.toMatchObject({ id: "t1" });
    session.end("signed_out");
  });
});
