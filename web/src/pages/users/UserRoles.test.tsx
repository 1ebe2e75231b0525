import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { Flashes } from "../../components/flash";
import { formatDate } from "../../format";
import { ADMIN_UI, permissions, services, tokens, user, type Handler } from "../../test/fakeApi";
import { renderRoutes } from "../../test/render";
import { role, roles } from "../../test/tenancy";
import { roleOptions, rolesOf } from "./roleChoices";
import UserDetail from "./UserDetail";
import UserList from "./UserList";
import { letFlashesSettle } from "../../test/settle";

const page = (data: unknown[]) => ({ data, pagination: { page: 1, page_size: 20, total: data.length, total_pages: 1 } });
const ann = user("user", { id: "u-ann", username: "ann", roles: ["auditor"], lastLoginAt: "2026-03-01T10:30:00Z", version: 7 });
const bob = user("power_user", { id: "u-bob", username: "bob" });

function setup(path: string, handlers: Record<string, Handler> = {}, rank = 200) {
  const s = services({
    "GET /api/auth/permissions": () => ({ body: permissions("power_user", ADMIN_UI, { rank, permissions: ["users:read", "users:create", "users:update", "roles:read"] }) }),
    "GET /api/roles": () => ({ body: roles(role(), role({ role: "chief", description: "Above you", rank: 250 })) }),
    "GET /api/users": () => ({ body: page([ann, bob]) }),
    "GET /api/users/detail": () => ({ body: ann }),
    "GET /api/users/credentials": () => ({ body: { data: [], credentialIds: [] } }),
    ...handlers,
  });
  s.session.start(tokens(user("power_user", { id: "u-me" })));
  const wrap = (el: React.ReactNode) => (
    <>
      <Flashes />
      {el}
    </>
  );
  const view = renderRoutes(
    s,
    [
      { path: "/users", element: wrap(<UserList />) },
      { path: "/users/:id", element: wrap(<UserDetail />) },
    ],
    path,
  );
  return { ...s, ...view };
}

const press = async (text: string) => fireEvent.click(await screen.findByText(text, { selector: "button, button *" }));
async function pickOption(text: string) {
  const el = await screen.findByText(text, { selector: "[role=option] *" });
  fireEvent.mouseUp(el);
  fireEvent.click(el);
}

letFlashesSettle();

describe("the roles of a user", () => {
  it("lists every role, the primary first, each once", () => {
    expect(rolesOf({ role: "user", roles: ["auditor", "user", "auditor"] })).toEqual(["user", "auditor"]);
    expect(rolesOf({ role: "admin", roles: [] })).toEqual(["admin"]);
  });

  it("offers the workspace's roles with their descriptions, those above the caller's rank disabled", () => {
    const opts = roleOptions(roles(role(), role({ role: "chief", description: "Above you", rank: 250 })).data, 200);
    expect(opts.find((o) => o.value === "auditor")).toEqual({ value: "auditor", label: "Auditor", description: "Reads <b>reports</b>", disabled: undefined });
    expect(opts.find((o) => o.value === "chief")).toMatchObject({ disabled: true, description: "Above you (ranks above your own)" });
    expect(roleOptions(undefined, 200).map((o) => o.value)).toEqual(["admin", "power_user", "user"]);
  });

  it("shows each user's roles and last sign-in in the list", async () => {
    setup("/users");
    const annRow = (await screen.findByText("ann")).closest("tr") as HTMLElement;
    expect(within(annRow).getByText("User, Auditor")).toBeInTheDocument();
    expect(within(annRow).getByText(formatDate("2026-03-01T10:30:00Z"))).toBeInTheDocument();
    const bobRow = screen.getByText("bob").closest("tr") as HTMLElement;
    expect(within(bobRow).getByText("Power user")).toBeInTheDocument();
    expect(within(bobRow).getByText("Never")).toBeInTheDocument();
  });

  it("creates a user with a primary role and other roles", async () => {
    const { calls } = setup("/users", {
      "POST /api/users/create": (r) => ({ status: 201, body: { ...ann, ...(r.body as object), id: "u-new" } }),
    });
    await screen.findByText("ann");
    // The first is the page's; the dialog (kept in the document while closed) has its own.
    fireEvent.click((await screen.findAllByRole("button", { name: "Create user" }))[0] as HTMLElement);
    const dialog = within(await screen.findByRole("dialog", { name: "Create user" }));
    fireEvent.change(dialog.getByLabelText("Username"), { target: { value: "cleo" } });
    fireEvent.change(dialog.getByLabelText("Email"), { target: { value: "cleo@example.com" } });
    fireEvent.change(dialog.getByLabelText("Password"), { target: { value: "Str0ng-Passw0rd!" } });
    fireEvent.mouseDown(dialog.getByLabelText("Other roles", { selector: "button" }));
    // The primary role is never offered again; a role above the caller's is offered disabled.
    const chief = await screen.findByText("Chief", { selector: "[role=option] *" });
    expect(chief.closest("[role=option]")?.getAttribute("aria-disabled")).toBe("true");
    expect(screen.queryByText("User", { selector: "[role=option] *" })).toBeNull();
    await pickOption("Auditor");
    fireEvent.click(dialog.getByText("Create user", { selector: "button *" }));
    await waitFor(() =>
      expect(calls.find((c) => c.path === "/api/users/create")?.body).toEqual({
        username: "cleo",
        email: "cleo@example.com",
        password: "Str0ng-Passw0rd!",
        role: "user",
        roles: ["auditor"],
        temporary: true,
      }),
    );
  });

  it("shows a user's roles and changes the other roles with the version read", async () => {
    const { calls } = setup("/users/u-ann", {
      "POST /api/users/update": (r) => ({ body: { ...ann, ...(r.body as object), version: 8 } }),
    });
    expect(await screen.findByText("Primary role")).toBeInTheDocument();
    expect(screen.getByText("Auditor")).toBeInTheDocument();
    expect(screen.getByText("Last sign-in")).toBeInTheDocument();
    await press("Edit");
    fireEvent.mouseDown(await screen.findByLabelText("Other roles", { selector: "button" }));
    await pickOption("Power user");
    await press("Save");
    await waitFor(() => expect(calls.find((c) => c.path === "/api/users/update")?.body).toEqual({ id: "u-ann", version: 7, roles: ["auditor", "power_user"] }));
    expect(await screen.findByText("Saved ann.")).toBeInTheDocument();
  });

  it("drops the new primary role from the other roles", async () => {
    const { calls } = setup("/users/u-ann", {
      "POST /api/users/update": (r) => ({ body: { ...ann, ...(r.body as object), version: 8 } }),
    });
    await press("Edit");
    fireEvent.mouseDown(await screen.findByLabelText("Primary role", { selector: "button" }));
    await pickOption("Auditor");
    await press("Save");
    await waitFor(() => expect(calls.find((c) => c.path === "/api/users/update")?.body).toEqual({ id: "u-ann", version: 7, role: "auditor", roles: [] }));
  });
});
