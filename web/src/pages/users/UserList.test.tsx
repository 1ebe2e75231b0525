import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { User } from "../../api/types";
import { Flashes } from "../../components/flash";
import { formatDate } from "../../format";
import { ADMIN_UI, permissions, services, tokens, user, USER_UI } from "../../test/fakeApi";
import { renderRoutes } from "../../test/render";
import UserList from "./UserList";

const until = "2026-03-01T10:30:00Z";

function setup(ui: typeof ADMIN_UI, shown: User) {
  const s = services({
    "GET /api/auth/permissions": () => ({ body: permissions("admin", ui) }),
    "GET /api/users": () => ({ body: { data: [shown], pagination: { page: 1, page_size: 20, total: 1, total_pages: 1 } } }),
    "POST /api/users/update": (r) => ({ body: { ...shown, status: "active", signInClosedUntil: undefined, version: shown.version + 1, ...(r.body as object) } }),
  });
  s.session.start(tokens(user()));
  const element = (
    <>
      <Flashes />
      <UserList />
    </>
  );
  return { ...s, ...renderRoutes(s, [{ path: "/users", element }], "/users") };
}

describe("a user failed sign-ins keep out", () => {
  it("shows when sign-in opens again, and an admin opens it now", async () => {
    const { calls } = setup(ADMIN_UI, user("user", { username: "ann", version: 4, signInClosedUntil: until }));
    const closed = await screen.findByText(/^Sign-in closed until .+ \(failed attempts\)$/);
    expect(closed).toHaveTextContent(formatDate(until));
    fireEvent.click(screen.getByRole("button", { name: "Open sign-in for ann" }));
    await waitFor(() => expect(calls.find((c) => c.path === "/api/users/update")?.body).toEqual({ id: "u-user", version: 4, status: "active" }));
    expect(await screen.findByText("ann can sign in again.")).toBeInTheDocument();
  });

  it("offers no opening to someone who may not update users", async () => {
    setup(USER_UI, user("user", { username: "ann", signInClosedUntil: until }));
    expect(await screen.findByText(/Sign-in closed until/)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Open sign-in for ann" })).not.toBeInTheDocument();
  });

  it("shows the plain status otherwise", async () => {
    setup(ADMIN_UI, user("user", { username: "ann" }));
    expect(await screen.findByText("Active")).toBeInTheDocument();
    expect(screen.queryByText(/Sign-in closed/)).not.toBeInTheDocument();
  });
});

describe("the user lifecycle in the list", () => {
  it("unlocks a locked user from their row", async () => {
    const { calls } = setup(ADMIN_UI, user("user", { username: "bob", status: "locked", version: 2 }));
    expect(await screen.findByText("Locked")).toBeInTheDocument();
    fireEvent.click(screen.getByRole("button", { name: "Unlock bob" }));
    await waitFor(() => expect(calls.find((c) => c.path === "/api/users/update")?.body).toEqual({ id: "u-user", version: 2, status: "active" }));
    expect(await screen.findByText("Unlocked bob: they can sign in again.")).toBeInTheDocument();
  });

  it("says Force change password until a temporary password is replaced", async () => {
    setup(ADMIN_UI, user("user", { username: "cy", passwordChangeRequired: true }));
    expect(await screen.findByText("Force change password")).toBeInTheDocument();
    expect(screen.queryByText("Active")).not.toBeInTheDocument();
  });
});
