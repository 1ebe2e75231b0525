import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { UiResource } from "../api/types";
import { Can } from "../auth/permissions";
import { Guard } from "../components/Guard";
import { ADMIN_UI, permissions, services, tokens, user, USER_UI } from "../test/fakeApi";
import { renderRoutes } from "../test/render";
import Shell from "./Shell";

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
