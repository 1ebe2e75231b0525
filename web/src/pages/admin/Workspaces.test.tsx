import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { Flashes } from "../../components/flash";
import { ADMIN_UI, permissions, services, tokens, user, type Handler } from "../../test/fakeApi";
import { renderRoutes } from "../../test/render";
import { workspace } from "../../test/tenancy";
import Workspaces, { workspaceNameProblem } from "./Workspaces";
import { letFlashesSettle } from "../../test/settle";

const acme = workspace({ id: "w2", name: "<img src=x onerror=alert(1)> Acme", version: 5, createdAt: "2026-02-01T00:00:00Z" });

function setup(handlers: Record<string, Handler> = {}) {
  const s = services({
    "GET /api/auth/permissions": () => ({ body: permissions("admin", ADMIN_UI, { permissions: ["workspaces:manage"] }) }),
    "GET /api/workspaces": () => ({ body: { data: [workspace(), acme], defaultWorkspaceId: "w1" } }),
    ...handlers,
  });
  s.session.start(tokens(user()));
  const element = (
    <>
      <Flashes />
      <Workspaces />
    </>
  );
  return { ...s, ...renderRoutes(s, [{ path: "/workspaces", element }], "/workspaces") };
}

const press = async (text: string) => fireEvent.click(await screen.findByText(text, { selector: "button, button *" }));
const row = async (text: string) => (await screen.findByText(text)).closest("tr") as HTMLElement;

letFlashesSettle();

describe("the workspaces page", () => {
  it("lists the workspaces, marks the platform's and the current one, and shows names as text", async () => {
    setup();
    const first = await row("Default workspace");
    expect(within(first).getByText("Platform workspace")).toBeInTheDocument();
    expect(within(first).getByText("Current")).toBeInTheDocument();
    const other = await row("<img src=x onerror=alert(1)> Acme");
    expect(other.querySelector("img")).toBeNull();
    expect(within(other).queryByText("Platform workspace")).toBeNull();
  });

  it("creates a workspace with the name trimmed, and lists it anew", async () => {
    const { calls } = setup({
      "POST /api/workspaces/create": (r) => ({ status: 201, body: workspace({ id: "w3", ...(r.body as object) }) }),
      "GET /api/auth/workspaces": () => ({ body: { data: [] } }),
    });
    await row("Default workspace");
    await press("Create workspace");
    const dialog = within(await screen.findByRole("dialog", { name: "Create workspace" }));
    fireEvent.click(dialog.getByText("Create workspace", { selector: "button *" }));
    expect(await dialog.findByText("Enter a name.")).toBeInTheDocument();
    fireEvent.change(dialog.getByLabelText("Name"), { target: { value: "  Globex  " } });
    fireEvent.click(dialog.getByText("Create workspace", { selector: "button *" }));
    expect(await screen.findByText(/^Workspace Globex created\./)).toBeInTheDocument();
    expect(calls.find((c) => c.path === "/api/workspaces/create")?.body).toEqual({ name: "Globex" });
    await waitFor(() => expect(calls.filter((c) => c.path === "/api/workspaces")).toHaveLength(2));
  });

  it("renames a workspace with the version it read, and shows a name taken in the dialog", async () => {
    let taken = true;
    const { calls } = setup({
      "POST /api/workspaces/update": (r) =>
        taken
          ? { status: 409, body: { error: { code: "CONFLICT", message: 'a workspace named "Globex" exists already' } } }
          : { body: { ...acme, ...(r.body as object), version: 6 } },
    });
    fireEvent.click(await screen.findByRole("radio", { name: "Select workspace <img src=x onerror=alert(1)> Acme" }));
    await press("Rename");
    const dialog = within(await screen.findByRole("dialog", { name: "Rename workspace" }));
    expect((dialog.getByLabelText("Name") as HTMLInputElement).value).toBe("<img src=x onerror=alert(1)> Acme");
    fireEvent.change(dialog.getByLabelText("Name"), { target: { value: "Globex" } });
    fireEvent.click(dialog.getByText("Rename", { selector: "button *" }));
    expect(await dialog.findByText('a workspace named "Globex" exists already')).toBeInTheDocument();
    taken = false;
    fireEvent.change(dialog.getByLabelText("Name"), { target: { value: "Acme Corp" } });
    fireEvent.click(dialog.getByText("Rename", { selector: "button *" }));
    expect(await screen.findByText("Workspace renamed to Acme Corp.")).toBeInTheDocument();
    expect(calls.filter((c) => c.path === "/api/workspaces/update").at(-1)?.body).toEqual({ id: "w2", name: "Acme Corp", version: 5 });
  });

  it("checks a name as the API does", () => {
    expect(workspaceNameProblem("   ")).toBe("Enter a name.");
    expect(workspaceNameProblem("x".repeat(101))).toBe("Use at most 100 characters.");
    expect(workspaceNameProblem("a\tb")).toBe("Use no control characters.");
    expect(workspaceNameProblem("Ünïcode & <b>")).toBeUndefined();
  });
});
