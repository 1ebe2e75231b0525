import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { PermissionKey, PermissionsResponse } from "../../api/types";
import { Flashes } from "../../components/flash";
import { ADMIN_UI, permissions, services, tokens, user, type Handler } from "../../test/fakeApi";
import { renderRoutes } from "../../test/render";
import { catalog, role, roles } from "../../test/tenancy";
import RoleEditorPage from "./RoleEditor";
import Roles from "./Roles";
import { letFlashesSettle } from "../../test/settle";

const HELD: PermissionKey[] = ["auth:self", "tasks:read", "tasks:create", "reports:read", "users:read", "roles:read", "roles:update"];

function setup(path: string, handlers: Record<string, Handler>, me: Partial<PermissionsResponse> = {}) {
  const s = services({
    "GET /api/auth/permissions": () => ({ body: permissions("admin", ADMIN_UI, { permissions: HELD, ...me }) }),
    "GET /api/roles": () => ({ body: roles(role()) }),
    ...handlers,
  });
  s.session.start(tokens(user()));
  const wrap = (el: React.ReactNode) => (
    <>
      <Flashes />
      {el}
    </>
  );
  const view = renderRoutes(
    s,
    [
      { path: "/roles", element: wrap(<Roles />) },
      { path: "/roles/new", element: wrap(<RoleEditorPage />) },
      { path: "/roles/:role", element: wrap(<RoleEditorPage />) },
    ],
    path,
  );
  return { ...s, ...view };
}

const press = async (text: string) => fireEvent.click(await screen.findByText(text, { selector: "button, button *" }));
const checkbox = (name: string) => screen.getByRole("checkbox", { name }) as HTMLInputElement;
const type = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

letFlashesSettle();

describe("the roles list", () => {
  it("shows each role with its rank, kind and number of permissions, its description as text", async () => {
    setup("/roles", {});
    const auditor = (await screen.findByRole("link", { name: "Auditor" })).closest("tr") as HTMLElement;
    expect(within(auditor).getByText("Reads <b>reports</b>")).toBeInTheDocument();
    expect(auditor.querySelector("b")).toBeNull();
    expect(within(auditor).getByText("Custom")).toBeInTheDocument();
    expect(within(auditor).getByText("150")).toBeInTheDocument();
    expect(within(auditor).getByText(`2 of ${catalog.permissions.length}`)).toBeInTheDocument();
    expect(screen.getAllByText("Built-in")).toHaveLength(3);
    expect(screen.getByRole("link", { name: "Administrator" }).getAttribute("href")).toBe("/roles/admin");
  });

  it("shows a delete refused while people hold the role in its dialog, then deletes it", async () => {
    let held = true;
    const { calls } = setup("/roles", {
      "POST /api/roles/delete": () =>
        held
          ? { status: 409, body: { error: { code: "CONFLICT", message: "the role auditor is held by 1 user(s): ann; give them another role first" } } }
          : { status: 204 },
    });
    fireEvent.click(await screen.findByRole("radio", { name: "Select role auditor" }));
    await press("Delete");
    const dialog = within(await screen.findByRole("dialog", { name: "Delete role" }));
    fireEvent.click(dialog.getByText("Delete", { selector: "button *" }));
    expect(await dialog.findByText("the role auditor is held by 1 user(s): ann; give them another role first")).toBeInTheDocument();
    expect(dialog.getByText("The role was not deleted")).toBeInTheDocument();
    held = false;
    fireEvent.click(dialog.getByText("Delete", { selector: "button *" }));
    expect(await screen.findByText("Role auditor deleted.")).toBeInTheDocument();
    expect(calls.filter((c) => c.path === "/api/roles/delete").map((c) => c.body)).toEqual([
      { role: "auditor", version: 3 },
      { role: "auditor", version: 3 },
    ]);
  });

  it("offers no delete of a built-in role", async () => {
    setup("/roles", {});
    await screen.findByRole("link", { name: "Auditor" });
    expect((screen.getByRole("radio", { name: "Select role admin" }) as HTMLInputElement).disabled).toBe(true);
  });
});

describe("the role editor", () => {
  it("creates a role from a ticked group, with a rank", async () => {
    const { calls, router } = setup("/roles", {
      "POST /api/roles/create": (r) => ({ status: 201, body: role({ role: "scanners", ...(r.body as object) }) }),
    });
    await press("Create role");
    await screen.findByRole("heading", { name: "Create role", level: 1 });
    type("Name", "scanners");
    type("Description", "Runs scans");
    type("Rank", "120");
    fireEvent.click(checkbox("Every permission in Scans"));
    expect(checkbox("Every permission in Scans").checked).toBe(true);
    await press("Create role");
    expect(await screen.findByText("Role scanners created.")).toBeInTheDocument();
    expect(calls.find((c) => c.path === "/api/roles/create")?.body).toEqual({
      name: "scanners",
      description: "Runs scans",
      rank: 120,
      permissions: ["auth:self", "tasks:read", "tasks:create"],
    });
    await waitFor(() => expect(router.state.location.pathname).toBe("/roles"));
  });

  it("refuses a rank above the caller's own and offers no permission the caller lacks", async () => {
    const { calls } = setup("/roles/new", {}, { rank: 200 });
    await screen.findByRole("heading", { name: "Create role", level: 1 });
    expect(screen.getByText(/^From 1 to 200, your own rank\./)).toBeInTheDocument();
    type("Name", "seniors");
    type("Rank", "250");
    fireEvent.click(await screen.findByText("Reports", { selector: "[role=button] *, button *" }));
    expect(checkbox("Download reports").disabled).toBe(true);
    expect(screen.getByText(/You do not hold it, so you cannot give it\./)).toBeInTheDocument();
    await press("Create role");
    expect(await screen.findByText("Enter 1 to 200.")).toBeInTheDocument();
    expect(calls.some((c) => c.path === "/api/roles/create")).toBe(false);
  });

  it("shows the API's refusal on the page", async () => {
    setup("/roles/new", {
      "POST /api/roles/create": () => ({ status: 403, body: { error: { code: "FORBIDDEN", message: "you cannot give a role tasks:create: you do not hold it" } } }),
    });
    await screen.findByRole("heading", { name: "Create role", level: 1 });
    type("Name", "scanners");
    await press("Create role");
    expect(await screen.findByText("you cannot give a role tasks:create: you do not hold it")).toBeInTheDocument();
  });

  it("changes a custom role with the version it read", async () => {
    const { calls } = setup("/roles/auditor", {
      "POST /api/roles/update": (r) => ({ body: role({ ...(r.body as object), version: 4 }) }),
    });
    await screen.findByRole("heading", { name: "Edit role Auditor", level: 1 });
    expect(screen.queryByLabelText("Name")).toBeNull();
    fireEvent.click(checkbox("Every permission in Scans"));
    await press("Save role");
    expect(await screen.findByText(/^Auditor saved\./)).toBeInTheDocument();
    expect(calls.find((c) => c.path === "/api/roles/update")?.body).toEqual({
      role: "auditor",
      description: "Reads <b>reports</b>",
      permissions: ["auth:self", "tasks:read", "tasks:create", "reports:read"],
      rank: 150,
      version: 3,
    });
  });

  it("after someone else's change, shows the role as it now is with the refusal above", async () => {
    let version = 3;
    setup("/roles/auditor", {
      "GET /api/roles": () => ({ body: roles(role(version === 3 ? {} : { version, permissions: ["auth:self", "reports:read", "reports:download"] })) }),
      "POST /api/roles/update": () => {
        version = 4;
        return { status: 409, body: { error: { code: "CONFLICT", message: "version mismatch: the role changed since you read it" } } };
      },
    });
    await screen.findByRole("heading", { name: "Edit role Auditor", level: 1 });
    fireEvent.click(checkbox("Every permission in Scans"));
    await press("Save role");
    expect(await screen.findByText("version mismatch: the role changed since you read it")).toBeInTheDocument();
    await waitFor(() => expect(checkbox("Every permission in Reports").checked).toBe(true));
    expect(checkbox("Every permission in Scans").checked).toBe(false);
  });

  it("shows the administrator role read-only: it always holds every permission", async () => {
    setup("/roles/admin", {});
    await screen.findByRole("heading", { name: "Role Administrator", level: 1 });
    expect(screen.getByText("The administrator role cannot be changed")).toBeInTheDocument();
    expect(screen.queryByText("Save role")).toBeNull();
    expect(checkbox("Every permission in Scans").disabled).toBe(true);
    expect(checkbox("Every permission in Scans").checked).toBe(true);
  });

  it("says so when the workspace has no such role", async () => {
    setup("/roles/ghost", {});
    expect(await screen.findByText("Role not found")).toBeInTheDocument();
  });
});
