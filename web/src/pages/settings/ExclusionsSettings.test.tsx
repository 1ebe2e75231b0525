import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Settings as WorkspaceSettings, UiResource } from "../../api/types";
import { Flashes } from "../../components/flash";
import { ADMIN_UI, permissions, services, tokens, user, USER_UI, type Handler } from "../../test/fakeApi";
import { renderRoutes } from "../../test/render";
import Settings from "./Settings";

const settings = (over: Partial<WorkspaceSettings> = {}): WorkspaceSettings => ({ reportRetentionDays: 30, defaultTemplateId: "", exclusions: [], version: 1, ...over });

function setup(handlers: Record<string, Handler>, ui: readonly UiResource[] = ADMIN_UI) {
  const s = services({
    "GET /api/auth/permissions": () => ({ body: permissions("admin", ui) }),
    "GET /api/templates": () => ({ body: { data: [], pagination: { page: 1, page_size: 100, total: 0, total_pages: 1 } } }),
    "GET /api/meta/services": () => ({ body: { services: [], regions: ["us-east-1"], families: [] } }),
    ...handlers,
  });
  s.session.start(tokens(user()));
  const element = (
    <>
      <Flashes />
      <Settings />
    </>
  );
  return { ...s, ...renderRoutes(s, [{ path: "/settings", element }], "/settings") };
}

const click = async (text: string) => fireEvent.click(await screen.findByText(text, { selector: "button, button *" }));
const value = (n: number) => screen.getByLabelText(`Value of exclusion ${n}`, { selector: "input" });

describe("the workspace's exclusions", () => {
  it("adds a tag rule, checks it, and saves the list with the retention and version it read", async () => {
    const { calls } = setup({
      "GET /api/settings": () => ({ body: settings() }),
      "POST /api/settings/update": () => ({ body: settings({ exclusions: [{ kind: "tag", value: "Environment=sandbox" }], version: 2 }) }),
    });
    expect(await screen.findByText("No exclusions: scans cover everything their credentials, regions and services reach.")).toBeInTheDocument();
    await click("Add exclusion");
    fireEvent.change(value(1), { target: { value: "Environment" } });
    await click("Save exclusions");
    expect(await screen.findByText("Enter key=value, or key=* for any value.")).toBeInTheDocument();
    expect(calls.some((c) => c.path === "/api/settings/update")).toBe(false);

    fireEvent.change(value(1), { target: { value: "Environment=sandbox" } });
    await click("Save exclusions");
    expect(await screen.findByText("Exclusions saved. 1 exclusion applies to every scan of the workspace.")).toBeInTheDocument();
    expect(calls.find((c) => c.path === "/api/settings/update")?.body).toEqual({
      reportRetentionDays: 30,
      version: 1,
      exclusions: [{ kind: "tag", value: "Environment=sandbox" }],
    });
  });

  it("shows the API's reason for a rule beside its row, and removes a rule", async () => {
    const { calls } = setup({
      "GET /api/settings": () => ({ body: settings({ exclusions: [{ kind: "tag", value: "Owner=*" }, { kind: "resource", value: "i-1" }] }) }),
      "POST /api/settings/update": (req) =>
        (req.body as { exclusions: unknown[] }).exclusions.length === 2
          ? {
              status: 400,
              body: { error: { code: "VALIDATION_ERROR", message: "invalid", details: { field: "exclusions[1].value", reason: '"i-2" names no resource this workspace knows' } } },
            }
          : { body: settings({ exclusions: [{ kind: "tag", value: "Owner=*" }], version: 2 }) },
    });
    await waitFor(() => expect(value(2)).toHaveValue("i-1"));
    fireEvent.change(value(2), { target: { value: "i-2" } });
    await click("Save exclusions");
    expect(await screen.findByText('"i-2" names no resource this workspace knows')).toBeInTheDocument();

    fireEvent.click(screen.getByLabelText("Remove exclusion resource i-2"));
    await waitFor(() => expect(screen.queryByLabelText("Value of exclusion 2", { selector: "input" })).toBeNull());
    await click("Save exclusions");
    expect(await screen.findByText("Exclusions saved. 1 exclusion applies to every scan of the workspace.")).toBeInTheDocument();
    expect(calls.filter((c) => c.path === "/api/settings/update").at(-1)?.body).toMatchObject({ exclusions: [{ kind: "tag", value: "Owner=*" }] });
  });

  it("lets a role without settings:update read the rules but not change them", async () => {
    setup({ "GET /api/settings": () => ({ body: settings({ exclusions: [{ kind: "cidr", value: "10.0.0.0/8" }] }) }) }, [...USER_UI, "menu:settings"]);
    expect(await screen.findByText("Your role may read the exclusions but not change them.")).toBeInTheDocument();
    expect(value(1)).toBeDisabled();
    expect(screen.queryByText("Add exclusion")).toBeNull();
    expect(screen.queryByText("Save exclusions")).toBeNull();
  });
});
