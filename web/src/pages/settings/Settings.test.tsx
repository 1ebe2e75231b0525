import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Settings as WorkspaceSettings, UiResource } from "../../api/types";
import { Flashes } from "../../components/flash";
import { ADMIN_UI, permissions, services, tokens, user, USER_UI, type Handler } from "../../test/fakeApi";
import { renderRoutes } from "../../test/render";
import { describeRetention, retentionDays, retentionForm, retentionProblem } from "./retention";
import Settings from "./Settings";

const settings = (over: Partial<WorkspaceSettings> = {}): WorkspaceSettings => ({ reportRetentionDays: 0, defaultTemplateId: "", exclusions: [], version: 1, ...over });
const builtIn = {
  id: "builtin", name: "CloudCensus (built-in)", fileSize: 0, placeholders: [], createdBy: "", builtIn: true, default: false,
  createdAt: "", updatedAt: "", version: 0,
};
const acme = { ...builtIn, id: "t1", name: "Acme", builtIn: false, default: true };

function setup(handlers: Record<string, Handler>, ui: readonly UiResource[] = ADMIN_UI) {
  const s = services({
    "GET /api/auth/permissions": () => ({ body: permissions("admin", ui) }),
    "GET /api/templates": () => ({ body: { data: [builtIn, acme], pagination: { page: 1, page_size: 100, total: 2, total_pages: 1 } } }),
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

const radio = (label: string) => screen.getByLabelText(label, { selector: "input" }) as HTMLInputElement;
/** Waits for a button that shows once the permissions are loaded, then presses it. */
const click = async (text: string) => fireEvent.click(await screen.findByText(text, { selector: "button, button *" }));

describe("the retention setting", () => {
  it("reads 0 as forever and checks the days", () => {
    expect(retentionForm(0)).toEqual({ mode: "forever", days: "" });
    expect(retentionForm(30)).toEqual({ mode: "days", days: "30" });
    expect(retentionProblem({ mode: "forever", days: "" })).toBeUndefined();
    expect(retentionProblem({ mode: "days", days: "" })).toBe("Enter a number of days.");
    expect(retentionProblem({ mode: "days", days: "1.5" })).toBe("Enter a whole number of days.");
    expect(retentionProblem({ mode: "days", days: "0" })).toBe("Enter 1 to 3,650 days.");
    expect(retentionProblem({ mode: "days", days: "3651" })).toBe("Enter 1 to 3,650 days.");
    expect(retentionProblem({ mode: "days", days: "3650" })).toBeUndefined();
    expect(retentionDays({ mode: "forever", days: "30" })).toBe(0);
    expect(retentionDays({ mode: "days", days: " 30 " })).toBe(30);
    expect(describeRetention(1)).toBe("Reports older than 1 day are deleted.");
  });
});

describe("the settings page", () => {
  it("shows the retention and the default template, and saves a number of days with the version it read", async () => {
    const { calls } = setup({
      "GET /api/settings": () => ({ body: settings({ defaultTemplateId: "t1" }) }),
      "POST /api/settings/update": () => ({ body: settings({ reportRetentionDays: 90, defaultTemplateId: "t1", version: 2 }) }),
    });
    await waitFor(() => expect(radio("Keep reports forever").checked).toBe(true));
    expect(screen.getByText(/Retention runs every day at 03:00 UTC\. Each report it deletes is recorded in the audit log\./)).toBeInTheDocument();
    expect(await screen.findByText("Acme")).toBeInTheDocument();

    fireEvent.click(radio("Delete reports older than a number of days"));
    fireEvent.change(screen.getByLabelText("Days to keep reports"), { target: { value: "5000" } });
    await click("Save");
    expect(await screen.findByText("Enter 1 to 3,650 days.")).toBeInTheDocument();
    expect(calls.some((c) => c.path === "/api/settings/update")).toBe(false);

    fireEvent.change(screen.getByLabelText("Days to keep reports"), { target: { value: "90" } });
    await click("Save");
    expect(await screen.findByText("Settings saved. Reports older than 90 days are deleted.")).toBeInTheDocument();
    expect(calls.find((c) => c.path === "/api/settings/update")?.body).toEqual({ reportRetentionDays: 90, version: 1 });
  });

  it("says so and reloads when someone else saved first (409)", async () => {
    const answers = [settings({ reportRetentionDays: 30 }), settings({ reportRetentionDays: 7, version: 3 })];
    const { calls } = setup({
      "GET /api/settings": () => ({ body: answers.length > 1 ? answers.shift() : answers[0] }),
      "POST /api/settings/update": () => ({ status: 409, body: { error: { code: "CONFLICT", message: "version mismatch: reload and try again" } } }),
    });
    await waitFor(() => expect(screen.getByLabelText("Days to keep reports")).toHaveValue(30));
    // The controls are enabled once the permissions say the role may save.
    await screen.findByText("Save", { selector: "button *" });
    fireEvent.click(radio("Keep reports forever"));
    await click("Save");
    expect(await screen.findByText("The settings were changed elsewhere")).toBeInTheDocument();
    expect(screen.getByText("version mismatch: reload and try again")).toBeInTheDocument();
    await waitFor(() => expect(screen.getByLabelText("Days to keep reports")).toHaveValue(7));
    expect(calls.filter((c) => c.path === "/api/settings")).toHaveLength(2);
  });

  it("lets a role without settings:update read but not change", async () => {
    setup({ "GET /api/settings": () => ({ body: settings({ reportRetentionDays: 30 }) }) }, [...USER_UI, "menu:settings"]);
    expect(await screen.findByText("Your role may read these settings but not change them.")).toBeInTheDocument();
    expect(screen.queryByText("Save")).toBeNull();
    expect(screen.getByLabelText("Days to keep reports")).toBeDisabled();
  });
});
