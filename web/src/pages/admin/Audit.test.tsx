import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { AuditEntry } from "../../api/types";
import { Flashes } from "../../components/flash";
import { ADMIN_UI, job, permissions, services, tokens, user, type Handler } from "../../test/fakeApi";
import { renderRoutes } from "../../test/render";
import { letFlashesSettle } from "../../test/settle";
import Audit from "./Audit";

const HOSTILE = `<b>x</b>=cmd|' /C calc'!A0`;

function entry(over: Partial<AuditEntry>): AuditEntry {
  return {
    id: "a1",
    workspaceId: "w1",
    actor: "u-admin",
    actorName: "root",
    action: "credentials.create",
    resourceType: "credential",
    resourceId: "c-1",
    ip: "127.0.0.1",
    userAgent: "test",
    requestId: "req-1",
    result: "success",
    timestamp: "2026-01-01T10:00:00Z",
    ...over,
  };
}

const ENTRIES: AuditEntry[] = [
  entry({ id: "a1", resourceName: "Production" }),
  entry({ id: "a2", resourceId: "c-2", resourceName: HOSTILE }),
  entry({ id: "a3", action: "credentials.delete", resourceId: "c-3", resourceName: "Gone account" }),
  entry({ id: "a4", action: "tasks.create", resourceType: "task", resourceId: "t-9" }),
  entry({ id: "a5", actor: "anonymous", actorName: "<img src=x onerror=alert(1)>", action: "auth.login", resourceType: "session", resourceId: undefined, result: "failure" }),
];

function setup(path = "/audit", handlers: Record<string, Handler> = {}) {
  const s = services({
    "GET /api/auth/permissions": () => ({ body: permissions("admin", ADMIN_UI, { permissions: ["audit:read", "audit:export", "users:read"] }) }),
    "GET /api/audit": () => ({ body: { data: ENTRIES, pagination: { page: 1, page_size: 20, total: ENTRIES.length, total_pages: 1 } } }),
    "GET /api/users": () => ({ body: { data: [user(), user("user", { id: "u-ann", username: "ann" })], pagination: { page: 1, page_size: 100, total: 2, total_pages: 1 } } }),
    ...handlers,
  });
  s.session.start(tokens(user()));
  const element = (
    <>
      <Flashes />
      <Audit />
    </>
  );
  return { ...s, ...renderRoutes(s, [{ path: "/audit", element }], path, { jobPollMs: 60_000 }) };
}

const auditCalls = (calls: { path: string; query: URLSearchParams }[]) => calls.filter((c) => c.path === "/api/audit");
const row = async (text: string) => (await screen.findByText(text)).closest("tr") as HTMLElement;

letFlashesSettle();

describe("the audit log", () => {
  it("sends free text to the server as q and keeps it in the address", async () => {
    const { calls, router } = setup();
    await row("Production");
    const input = screen.getByLabelText("Filter audit entries");
    fireEvent.focus(input);
    fireEvent.change(input, { target: { value: "Production" } });
    fireEvent.keyDown(input, { key: "Enter", keyCode: 13 });
    await waitFor(() => expect(auditCalls(calls).at(-1)?.query.get("q")).toBe("Production"));
    expect(new URLSearchParams(router.state.location.search).get("q")).toBe("Production");
  });

  it("exports what the filters select, free text and resource id included", async () => {
    const { calls } = setup("/audit?q=prod&resource_id=c-1&result=denied", {
      "POST /api/audit/export": () => ({ status: 202, body: job({ kind: "audit_export" }) }),
      "GET /api/exports/detail": () => ({ body: job({ kind: "audit_export" }) }),
    });
    await waitFor(() => expect(auditCalls(calls).at(-1)?.query.get("resource_id")).toBe("c-1"));
    expect(auditCalls(calls).at(-1)?.query.get("q")).toBe("prod");
    fireEvent.click(await screen.findByText("Export CSV", { selector: "button *" }));
    await waitFor(() => expect(calls.find((c) => c.path === "/api/audit/export")?.body).toEqual({ q: "prod", resourceId: "c-1", result: "denied" }));
  });

  it("shows each resource by its name, linked to its page, with its id to copy", async () => {
    setup();
    const prod = await row("Production");
    expect(within(prod).getByText("Production").closest("a")?.getAttribute("href")).toBe("/credentials/c-1");
    expect(within(prod).getByRole("button", { name: "Copy credential id c-1" })).toBeInTheDocument();
    expect(within(prod).getByText("root").closest("a")?.getAttribute("href")).toBe("/users/u-admin");
    // A resource without a recorded name goes by its id.
    expect((await row("t-9")).querySelector('a[href="/tasks/t-9"]')).not.toBeNull();
    // A deleted resource keeps its name but has no page to open.
    expect(within(await row("Gone account")).getByText("Gone account").closest("a")).toBeNull();
  });

  it("shows hostile names as text", async () => {
    setup();
    const hostile = await row(HOSTILE);
    expect(hostile.querySelector("b")).toBeNull();
    expect(within(hostile).getByText(HOSTILE).closest("a")?.getAttribute("href")).toBe("/credentials/c-2");
    const anonymous = await row("<img src=x onerror=alert(1)>");
    expect(anonymous.querySelector("img")).toBeNull();
    // An anonymous actor is no user to link to.
    expect(within(anonymous).getByText("<img src=x onerror=alert(1)>").closest("a")).toBeNull();
  });

  it("suggests actors from the users list by name, and filters by the user's id", async () => {
    const { calls } = setup();
    await row("Production");
    await waitFor(() => expect(calls.some((c) => c.path === "/api/users")).toBe(true));
    const input = screen.getByLabelText("Filter audit entries");
    fireEvent.focus(input);
    fireEvent.change(input, { target: { value: "Actor = ann" } });
    // The suggestion reads the username; the token it makes holds the id.
    const suggestion = (await screen.findAllByRole("option")).find((o) => o.querySelector('[data-value="Actor = u-ann"][title="ann"]'));
    expect(suggestion).toBeDefined();
    fireEvent.mouseUp(suggestion as HTMLElement);
    await waitFor(() => expect(auditCalls(calls).at(-1)?.query.get("actor")).toBe("u-ann"));
    expect(await screen.findByRole("button", { name: "Remove filter Actor = ann" })).toBeInTheDocument();
  });

  it("takes an actor typed by name as that user", async () => {
    const { calls } = setup();
    await row("Production");
    await waitFor(() => expect(calls.some((c) => c.path === "/api/users")).toBe(true));
    const input = screen.getByLabelText("Filter audit entries");
    fireEvent.focus(input);
    fireEvent.change(input, { target: { value: "Actor = ann" } });
    fireEvent.keyDown(input, { key: "Enter", keyCode: 13 });
    await waitFor(() => expect(auditCalls(calls).at(-1)?.query.get("actor")).toBe("u-ann"));
  });
});
