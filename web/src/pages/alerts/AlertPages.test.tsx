import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { UiResource } from "../../api/types";
import { Flashes } from "../../components/flash";
import { ADMIN_UI, services, tokens, user, type Handler } from "../../test/fakeApi";
import { alert, alertDetail, rule } from "../../test/governance";
import { renderRoutes } from "../../test/render";
import AlertDetail from "./AlertDetail";
import AlertList from "./AlertList";
import AlertRules from "./AlertRules";

const page = (data: unknown[]) => ({ data, pagination: { page: 1, page_size: 20, total: data.length, total_pages: 1 } });
const offHours = {
  id: "off_hours_admin", title: "Admin action outside working hours", description: "Outside the working hours.", enabled: true, version: 2,
  config: { zone: "Europe/Paris", startHour: 8, endHour: 19, weekdays: ["mon", "tue", "wed", "thu", "fri"], actions: [] },
  defaults: { zone: "UTC", startHour: 8, endHour: 19, weekdays: ["mon", "tue", "wed", "thu", "fri"], actions: [] },
};

function setup(path: string, handlers: Record<string, Handler>, ui: readonly UiResource[] = ADMIN_UI) {
  const s = services({
    "GET /api/auth/permissions": () => ({ body: { role: "admin", permissions: ["alerts:read"], uiResources: [...ui] } }),
    "GET /api/users": () => ({ body: page([user()]) }),
    "GET /api/alerts/rules": () => ({ body: { data: [rule({ id: "role_elevation", title: "Role raised" }), rule()] } }),
    ...handlers,
  });
  s.session.start(tokens(user()));
  const wrap = (el: React.ReactNode) => (
    <>
      <Flashes />
      {el}
    </>
  );
  return {
    ...s,
    ...renderRoutes(
      s,
      [
        { path: "/alerts", element: wrap(<AlertList />) },
        { path: "/alerts/rules", element: wrap(<AlertRules />) },
        { path: "/alerts/:id", element: wrap(<AlertDetail />) },
      ],
      path,
    ),
  };
}

const pageButton = (text: string) =>
  screen
    .getAllByText(text, { selector: "button *" })
    .map((el) => el.closest("button") as HTMLButtonElement)
    .find((b) => !b.closest('[role="dialog"]')) as HTMLButtonElement;
const isDisabled = (b: HTMLButtonElement) => b.disabled || b.getAttribute("aria-disabled") === "true";

describe("the security alerts", () => {
  it("lists alerts with their severity, status and rule, filtered from the URL", async () => {
    const { calls } = setup("/alerts?severity=high", { "GET /api/alerts": () => ({ body: page([alert(), alert({ id: "a2", severity: "low", status: "resolved", title: "Sign-in from a new address", rule: "new_address" })]) }) });
    expect(await screen.findByRole("link", { name: "Permissions added to a role" })).toHaveAttribute("href", "/alerts/a1");
    const row = within(screen.getAllByRole("row")[1] as HTMLElement);
    expect(row.getByText("High")).toBeInTheDocument();
    expect(row.getByText("Open")).toBeInTheDocument();
    expect(await row.findByText("Role raised")).toBeInTheDocument();
    expect(calls.find((c) => c.path === "/api/alerts")?.query.get("severity")).toBe("high");
  });

  it("acknowledges open alerts, and resolves them only with a reason", async () => {
    const { calls } = setup("/alerts", {
      "GET /api/alerts": () => ({ body: page([alert(), alert({ id: "a2", status: "resolved", title: "Old one" })]) }),
      "POST /api/alerts/acknowledge": () => ({ body: alert({ status: "acknowledged", version: 2 }) }),
      "POST /api/alerts/resolve": () => ({ body: alert({ status: "resolved", version: 2 }) }),
    });
    fireEvent.click(await screen.findByLabelText("Select Old one", { selector: "input" }));
    await waitFor(() => expect(isDisabled(pageButton("Acknowledge"))).toBe(true));
    expect(isDisabled(pageButton("Resolve"))).toBe(true);
    fireEvent.click(screen.getByLabelText("Select Old one", { selector: "input" }));
    fireEvent.click(screen.getByLabelText("Select Permissions added to a role", { selector: "input" }));
    await waitFor(() => expect(isDisabled(pageButton("Acknowledge"))).toBe(false));
    fireEvent.click(pageButton("Acknowledge"));
    expect(await screen.findByText("Acknowledged 1 alert.")).toBeInTheDocument();
    expect(calls.find((c) => c.path === "/api/alerts/acknowledge")?.body).toEqual({ id: "a1", version: 1 });

    fireEvent.click(screen.getByLabelText("Select Permissions added to a role", { selector: "input" }));
    fireEvent.click(pageButton("Resolve"));
    const dialog = within(screen.getByRole("dialog", { name: "Resolve alerts" }));
    fireEvent.click(dialog.getByText("Resolve", { selector: "button *" }));
    expect(await dialog.findByText("Say why the alert is resolved.")).toBeInTheDocument();
    fireEvent.change(dialog.getByLabelText("Why it is resolved"), { target: { value: "Planned change" } });
    fireEvent.click(dialog.getByText("Resolve", { selector: "button *" }));
    expect(await screen.findByText("Resolved 1 alert.")).toBeInTheDocument();
    expect(calls.find((c) => c.path === "/api/alerts/resolve")?.body).toEqual({ id: "a1", comment: "Planned change", version: 1 });
  });

  it("shows an alert's evidence and links to the audit log filtered to it", async () => {
    setup("/alerts/a1", { "GET /api/alerts/detail": () => ({ body: alertDetail({ evidence: ["e1", "e0"], missingEvidence: ["e0"] }) }) });
    expect(await screen.findByRole("heading", { name: "Permissions added to a role", level: 1 })).toBeInTheDocument();
    const evidence = within(screen.getByRole("table", { name: "Evidence" }));
    expect(evidence.getByText("roles.update")).toBeInTheDocument();
    expect(evidence.getByText("role power_user")).toBeInTheDocument();
    const href = new URL((await screen.findByText("View in the audit log")).closest("a")?.getAttribute("href") ?? "", "http://x");
    expect(href.pathname).toBe("/audit");
    expect(Object.fromEntries(href.searchParams)).toEqual({
      from: "2026-03-01T09:59:59.250Z",
      to: "2026-03-01T10:00:01.250Z",
      actor: "u-admin",
      action: "roles.update",
      entries: "e1",
    });
    expect(screen.getByText(/^1 of the entries are no longer in this workspace's audit log/)).toBeInTheDocument();
  });
});

describe("the alert rules", () => {
  it("draws each rule's configuration and saves it in the rule's shape with its version", async () => {
    const { calls } = setup("/alerts/rules", {
      "GET /api/alerts/rules": () => ({ body: { data: [offHours] } }),
      "POST /api/alerts/rules/update": (r) => ({ body: { ...offHours, ...(r.body as object), version: 3 } }),
    });
    const form = within(await screen.findByRole("form", { name: "Admin action outside working hours" }));
    expect(form.getByText("Europe/Paris")).toBeInTheDocument();
    expect(form.getByText("Monday")).toBeInTheDocument();
    fireEvent.change(form.getByLabelText("Working hours start (hour)"), { target: { value: "7" } });
    fireEvent.change(form.getByLabelText("Audit actions"), { target: { value: "tasks.delete, *.export" } });
    fireEvent.click(form.getByText("Save", { selector: "button *" }));
    expect(await screen.findByText(/^Saved "Admin action outside working hours"/)).toBeInTheDocument();
    expect(calls.find((c) => c.path === "/api/alerts/rules/update")?.body).toEqual({
      rule: "off_hours_admin",
      enabled: true,
      version: 2,
      config: { zone: "Europe/Paris", startHour: 7, endHour: 19, weekdays: ["mon", "tue", "wed", "thu", "fri"], actions: ["tasks.delete", "*.export"] },
    });
  });

  it("shows the API's reason beside the field it refuses", async () => {
    setup("/alerts/rules", {
      "GET /api/alerts/rules": () => ({ body: { data: [rule()] } }),
      "POST /api/alerts/rules/update": () => ({ status: 400, body: { error: { code: "VALIDATION_ERROR", message: "bad", details: { field: "config.count", reason: "must be from 2 to 10000" } } } }),
    });
    const form = within(await screen.findByRole("form", { name: "Repeated refusals" }));
    fireEvent.change(form.getByLabelText("How many times"), { target: { value: "1" } });
    fireEvent.click(form.getByText("Save", { selector: "button *" }));
    expect(await form.findByText("Must be from 2 to 10000.")).toBeInTheDocument();
    expect(screen.queryByText("Check your input")).not.toBeInTheDocument();
    fireEvent.change(form.getByLabelText("How many times"), { target: { value: "ten" } });
    fireEvent.click(form.getByText("Save", { selector: "button *" }));
    expect(await form.findByText("Enter a whole number.")).toBeInTheDocument();
  });

  it("turns a rule off", async () => {
    const { calls } = setup("/alerts/rules", {
      "GET /api/alerts/rules": () => ({ body: { data: [rule()] } }),
      "POST /api/alerts/rules/update": () => ({ body: rule({ enabled: false, version: 1 }) }),
    });
    const form = within(await screen.findByRole("form", { name: "Repeated refusals" }));
    fireEvent.click(form.getByLabelText("Repeated refusals enabled"));
    fireEvent.click(form.getByText("Save", { selector: "button *" }));
    expect(await screen.findByText('Saved "Repeated refusals": it is off.')).toBeInTheDocument();
    expect(calls.find((c) => c.path === "/api/alerts/rules/update")?.body).toMatchObject({ rule: "repeated_denials", enabled: false, config: { count: 10, minutes: 10 } });
  });
});
