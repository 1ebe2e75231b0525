import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { User } from "../../api/types";
import { Flashes } from "../../components/flash";
import { formatDate } from "../../format";
import { ADMIN_UI, permissions, services, tokens, user, USER_UI } from "../../test/fakeApi";
import { renderRoutes } from "../../test/render";
import UserList from "./UserList";

const until = "2026-03-01T10:30:00Z";
const me = user("admin");

function setup(ui: typeof ADMIN_UI, shown: User[]) {
  const s = services({
    "GET /api/auth/permissions": () => ({ body: permissions("admin", ui) }),
    "GET /api/users": () => ({ body: { data: shown, pagination: { page: 1, page_size: 20, total: shown.length, total_pages: 1 } } }),
    "POST /api/users/update": (r) => {
      const u = shown.find((x) => x.id === (r.body as { id: string }).id) as User;
      return { body: { ...u, status: "active", signInClosedUntil: undefined, version: u.version + 1 } };
    },
    "POST /api/users/reset-password": (r) => ({
      body: { temporaryPassword: "Tmp-Pw-123!abc", user: { ...shown.find((x) => x.id === (r.body as { id: string }).id), passwordChangeRequired: true } },
    }),
  });
  s.session.start(tokens(me));
  const element = (
    <>
      <Flashes />
      <UserList />
    </>
  );
  return { ...s, ...renderRoutes(s, [{ path: "/users", element }], "/users") };
}

const button = (text: string) => screen.getByText(text, { selector: "button *" }).closest("button") as HTMLButtonElement;
const menuItem = (text: string) => screen.getAllByText(text).map((e) => e.closest("[role=menuitem]")).find(Boolean) as HTMLElement;
/** A disabled item's reason, as a screen reader reads it (its description). */
const reasonOf = (el: HTMLElement) =>
  (el.getAttribute("aria-describedby") ?? "")
    .split(" ")
    .map((id) => document.getElementById(id)?.textContent ?? "")
    .join("");
const select = async (name: string) => fireEvent.click(await screen.findByLabelText(`Select ${name}`, { selector: "input" }));

async function openActions() {
  await screen.findByText("Actions", { selector: "button *" });
  await waitFor(() => expect(button("Actions")).not.toHaveAttribute("aria-disabled", "true"));
  fireEvent.click(button("Actions"));
  await waitFor(() => expect(menuItem("Unlock")).toBeTruthy());
}

describe("the users' statuses", () => {
  it("shows when failed sign-ins let a user in again", async () => {
    setup(ADMIN_UI, [user("user", { username: "ann", signInClosedUntil: until })]);
    const closed = await screen.findByText(/^Sign-in closed until .+ \(failed attempts\)$/);
    expect(closed).toHaveTextContent(formatDate(until));
  });

  it("says Locked, and Force change password until a temporary password is replaced", async () => {
    setup(ADMIN_UI, [user("user", { id: "u-bob", username: "bob", status: "locked" }), user("user", { id: "u-cy", username: "cy", passwordChangeRequired: true })]);
    expect(await screen.findByText("Locked")).toBeInTheDocument();
    expect(screen.getByText("Force change password")).toBeInTheDocument();
    expect(screen.queryByText("Active")).not.toBeInTheDocument();
  });

  it("filters by status, Locked included, on the server", async () => {
    const { calls } = setup(ADMIN_UI, [user("user", { username: "ann" })]);
    await screen.findByText("ann");
    fireEvent.mouseDown(screen.getByLabelText("Filter by status", { selector: "button" }));
    const locked = await screen.findByText("Locked", { selector: "[role=option] *" });
    fireEvent.mouseUp(locked);
    fireEvent.click(locked);
    await waitFor(() => expect(calls.some((c) => c.path === "/api/users" && c.query.get("status") === "locked")).toBe(true));
  });
});

describe("the Actions menu of the selected user", () => {
  it("unlocks a locked user, with the version the list read", async () => {
    const { calls } = setup(ADMIN_UI, [user("user", { username: "bob", status: "locked", version: 2 })]);
    await screen.findByText("bob");
    expect(button("Actions")).toHaveAttribute("aria-disabled", "true");
    expect(reasonOf(button("Actions"))).toBe("Select a user first.");
    await select("bob");
    await openActions();
    expect(menuItem("Unlock")).not.toHaveAttribute("aria-disabled", "true");
    fireEvent.click(menuItem("Unlock"));
    await waitFor(() => expect(calls.find((c) => c.path === "/api/users/update")?.body).toEqual({ id: "u-user", version: 2, status: "active" }));
    expect(await screen.findByText("Unlocked bob: they can sign in again.")).toBeInTheDocument();
  });

  it("unlocks a user failed sign-ins keep out", async () => {
    const { calls } = setup(ADMIN_UI, [user("user", { username: "ann", version: 4, signInClosedUntil: until })]);
    await select("ann");
    await openActions();
    fireEvent.click(menuItem("Unlock"));
    await waitFor(() => expect(calls.find((c) => c.path === "/api/users/update")?.body).toEqual({ id: "u-user", version: 4, status: "active" }));
  });

  it("offers no unlock to a user nothing keeps out", async () => {
    const { calls } = setup(ADMIN_UI, [user("user", { username: "ann" })]);
    await select("ann");
    await openActions();
    expect(menuItem("Unlock")).toHaveAttribute("aria-disabled", "true");
    expect(reasonOf(menuItem("Unlock"))).toBe("Only a locked user, or one failed sign-ins keep out, needs unlocking.");
    fireEvent.click(menuItem("Unlock"));
    expect(calls.some((c) => c.path === "/api/users/update")).toBe(false);
  });

  it("resets the selected user's password and shows the temporary one once", async () => {
    const { calls } = setup(ADMIN_UI, [user("user", { username: "ann" })]);
    await select("ann");
    await openActions();
    fireEvent.click(menuItem("Reset password"));
    const dialog = await screen.findByRole("dialog", { name: "Reset password" });
    fireEvent.click(within(dialog).getByText("Reset password", { selector: "button *" }));
    expect(await within(dialog).findByText("Tmp-Pw-123!abc")).toBeInTheDocument();
    expect(within(dialog).getByText("Shown only once")).toBeInTheDocument();
    expect(calls.find((c) => c.path === "/api/users/reset-password")?.body).toEqual({ id: "u-user" });
  });

  it("does not reset one's own password from here", async () => {
    setup(ADMIN_UI, [me]);
    await select(me.username);
    await openActions();
    expect(menuItem("Reset password")).toHaveAttribute("aria-disabled", "true");
    expect(reasonOf(menuItem("Reset password"))).toBe("Change your own password on your account page.");
  });

  it("is not there for someone who may not update users", async () => {
    setup(USER_UI, [user("user", { username: "ann", status: "locked" })]);
    expect(await screen.findByText("Locked")).toBeInTheDocument();
    expect(screen.queryByText("Actions")).not.toBeInTheDocument();
    expect(screen.queryByLabelText("Select ann")).not.toBeInTheDocument();
  });
});
