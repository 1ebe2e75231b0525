import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { useQuery } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import type { Membership, UiResource } from "../api/types";
import { useServices } from "../app/services";
import { Can } from "../auth/permissions";
import { Guard } from "../components/Guard";
import { ADMIN_UI, permissions, services, tokens, user, USER_UI } from "../test/fakeApi";
import { renderRoutes } from "../test/render";
import { membership } from "../test/tenancy";
import Shell from "./Shell";
import { letFlashesSettle } from "../test/settle";

function app(role: "admin" | "user", ui: readonly UiResource[], path: string, signedIn = true) {
  const s = services({
    "GET /api/auth/permissions": () => ({ body: permissions(role, ui) }),
    "GET /api/users": () => ({ body: { data: [], pagination: { page: 1, page_size: 20, total: 0, total_pages: 1 } } }),
    "POST /api/auth/logout": () => ({ status: 204 }),
  });
  if (signedIn) s.session.start(tokens(user(role)));
  const view = renderRoutes(
    s,
    [
      { path: "/signin", element: <p>sign-in page</p> },
      {
        path: "/",
        element: <Shell />,
        children: [
          {
            index: true,
            element: (
              <div>
                <p>home</p>
                <Can ui="button:task-create">
                  <button type="button">New scan</button>
                </Can>
                <Can ui="button:workers-purge">
                  <button type="button">Purge</button>
                </Can>
              </div>
            ),
          },
          { path: "users", element: <Guard ui="menu:users"><p>users page</p></Guard> },
          { path: "reports", element: <p>reports page</p> },
        ],
      },
    ],
    path,
  );
  return { ...s, ...view };
}

const links = () => [...document.querySelectorAll("nav a")].map((a) => a.textContent);

letFlashesSettle();

describe("permission gating", () => {
  it("shows a user only the menus and buttons of their UI resources", async () => {
    app("user", USER_UI, "/");
    await waitFor(() => expect(links()).toContain("Tasks"));
    expect(links()).not.toEqual(expect.arrayContaining(["Users"]));
    for (const admin of ["Users", "Roles and permissions", "Invites", "Audit log", "Workers"]) expect(links()).not.toContain(admin);
    expect(screen.getByText("New scan")).toBeInTheDocument();
    expect(screen.queryByText("Purge")).toBeNull();
  });

  it("shows an administrator the administration menus", async () => {
    app("admin", ADMIN_UI, "/");
    await waitFor(() => expect(links()).toEqual(expect.arrayContaining(["Users", "Roles and permissions", "Invites", "Audit log", "Workers"])));
    expect(screen.getByText("Purge")).toBeInTheDocument();
  });

  it("shows nothing gated before the permissions arrive", () => {
    app("admin", ADMIN_UI, "/");
    expect(screen.queryByText("Purge")).toBeNull();
  });

  it("answers an admin page reached by address with 'Not authorized', without calling its API", async () => {
    const { calls } = app("user", USER_UI, "/users");
    expect(await screen.findByText("Not authorized")).toBeInTheDocument();
    expect(screen.queryByText("users page")).toBeNull();
    expect(calls.some((c) => c.path === "/api/users")).toBe(false);
  });
});

describe("session in the shell", () => {
  it("sends a signed-out visit to sign-in with the page to come back to", async () => {
    const { router } = app("user", USER_UI, "/reports?task_id=t1", false);
    await waitFor(() => expect(router.state.location.pathname).toBe("/signin"));
    expect(new URLSearchParams(router.state.location.search).get("next")).toBe("/reports?task_id=t1");
  });

  it("returns to sign-in with the current page when the session expires", async () => {
    const { router, session } = app("user", USER_UI, "/reports");
    await screen.findByText("reports page");
    session.end("expired");
    await waitFor(() => expect(router.state.location.pathname).toBe("/signin"));
    expect(new URLSearchParams(router.state.location.search).get("next")).toBe("/reports");
  });

  it("signs out: revokes the refresh token and goes to sign-in without a return page", async () => {
    const { router, session, calls } = app("user", USER_UI, "/reports");
    await screen.findByText("reports page");
    // The top navigation keeps a hidden copy of itself for measuring; use the visible one.
    const menu = screen.getAllByText("user-1", { selector: "button *" }).find((el) => !el.closest('[aria-hidden="true"]'));
    fireEvent.click(menu as HTMLElement);
    fireEvent.click(await screen.findByText("Sign out"));
    await waitFor(() => expect(router.state.location.pathname).toBe("/signin"));
    expect(router.state.location.search).toBe("");
    expect(calls.find((c) => c.path === "/api/auth/logout")?.body).toEqual({});
    expect(session.current).toBeNull();
  });
});

describe("the workspace switcher", () => {
  /** A page whose data depends on the workspace of the token it was fetched with. */
  function Probe() {
    const { api } = useServices();
    const q = useQuery({ queryKey: ["probe"], queryFn: () => api.credentials.list() });
    return <p>{q.data ? `credentials: ${q.data.data.map((c) => c.name).join(", ") || "none"}` : "loading"}</p>;
  }

  function switching(memberships: Membership[]) {
    const s = services({
      "GET /api/auth/permissions": () => ({ body: permissions("admin", ADMIN_UI) }),
      "GET /api/auth/workspaces": () => ({ body: { data: memberships } }),
      "GET /api/credentials": (r) => ({
        body: {
          data: r.headers.Authorization === "Bearer access-2" ? [] : [{ id: "c1", name: "prod" }],
          pagination: { page: 1, page_size: 20, total: 1, total_pages: 1 },
        },
      }),
      "POST /api/auth/workspace": () => ({ body: tokens(user("admin", { id: "u-admin-2", workspaceId: "w2" }), "access-2") }),
    });
    s.session.start(tokens(user()));
    const view = renderRoutes(
      s,
      [
        {
          path: "/",
          element: <Shell />,
          children: [
            { index: true, element: <Probe /> },
            { path: "reports", element: <Probe /> },
          ],
        },
      ],
      "/reports",
    );
    return { ...s, ...view };
  }

  it("is not there for a person in one workspace", async () => {
    const { calls } = switching([membership()]);
    await screen.findByText("credentials: prod");
    await waitFor(() => expect(calls.some((c) => c.path === "/api/auth/workspaces")).toBe(true));
    expect(screen.queryByRole("button", { name: /^Workspace: / })).toBeNull();
    expect(screen.queryByText("Default workspace")).toBeNull();
  });

  it("names the current workspace, and switching drops everything of the old one", async () => {
    const acme = membership({ workspaceId: "w2", workspaceName: "<b>Acme</b>", userId: "u-admin-2", current: false, role: "user", roles: ["user", "auditor"] });
    const { calls, session, router, queryClient } = switching([membership(), acme]);
    await screen.findByText("credentials: prod");
    fireEvent.click(await screen.findByRole("button", { name: "Workspace: Default workspace. Switch workspace" }));
    const items = await screen.findAllByRole("menuitemcheckbox");
    expect(items.map((i) => [i.textContent, i.getAttribute("aria-checked")])).toEqual([
      ["Default workspaceAdministrator", "true"],
      ["<b>Acme</b>User, Auditor", "false"],
    ]);
    expect(document.querySelector("[role=menu] b")).toBeNull();
    fireEvent.click(within(items[1] as HTMLElement).getByText("<b>Acme</b>"));
    await waitFor(() => expect(router.state.location.pathname).toBe("/"));
    const post = calls.find((c) => c.path === "/api/auth/workspace");
    expect(post?.body).toEqual({ workspaceId: "w2" });
    expect(post?.headers["X-CloudCensus-CSRF"]).toBe("1");
    expect(session.current?.token).toBe("access-2");
    expect(await screen.findByText("credentials: none")).toBeInTheDocument();
    expect(screen.getByText("You are working in <b>Acme</b>.")).toBeInTheDocument();
    // What the old workspace's token fetched is gone from the cache.
    expect(queryClient.getQueryData(["permissions", "u-admin"])).toBeUndefined();
  });
});

describe("a workspace chosen in another tab", () => {
  it("drops what this tab holds of the old workspace at the refresh that brings the new one", async () => {
    const s = services({
      "GET /api/auth/permissions": () => ({ body: permissions("admin", ADMIN_UI) }),
      "GET /api/auth/workspaces": () => ({ body: { data: [membership()] } }),
      "GET /api/credentials": (r) => ({
        body: { data: r.headers.Authorization === "Bearer access-2" ? [] : [{ id: "c1", name: "prod" }], pagination: { page: 1, page_size: 20, total: 1, total_pages: 1 } },
      }),
      "POST /api/auth/refresh": () => ({ body: tokens(user("admin", { id: "u-admin-2", workspaceId: "w2" }), "access-2") }),
    });
    function Probe() {
      const { api } = useServices();
      const q = useQuery({ queryKey: ["probe"], queryFn: () => api.credentials.list() });
      return <p>{q.data ? `credentials: ${q.data.data.map((c) => c.name).join(", ") || "none"}` : "loading"}</p>;
    }
    s.session.start(tokens(user()));
    const { router } = renderRoutes(s, [{ path: "/", element: <Shell />, children: [{ index: true, element: <Probe /> }, { path: "reports", element: <Probe /> }] }], "/reports");
    await screen.findByText("credentials: prod");
    await s.session.refresh();
    await waitFor(() => expect(router.state.location.pathname).toBe("/"));
    expect(await screen.findByText("credentials: none")).toBeInTheDocument();
    expect(screen.getByText(/^You now work in another workspace/)).toBeInTheDocument();
  });
});
