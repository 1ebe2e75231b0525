import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Credential } from "../../api/types";
import { ADMIN_UI, permissions, services, tokens, user } from "../../test/fakeApi";
import { renderRoutes } from "../../test/render";
import EditSchedule from "./EditSchedule";

const demo: Credential = {
  id: "c-demo", name: "Demo account", credentialType: "assume_role", accountId: "111122223333", isActive: true,
  createdBy: "u", createdAt: "", updatedAt: "", version: 1, demo: true,
};
const empty = { data: [], pagination: { page: 1, page_size: 100, total: 0, total_pages: 1 } };
const invalid = (field: string, reason: string) => ({ status: 400, body: { error: { code: "VALIDATION_ERROR", message: `Invalid ${field}`, details: { field, reason } } } });

function setup(createAnswers: { status?: number; body: unknown }[]) {
  const s = services({
    "GET /api/auth/permissions": () => ({ body: permissions("admin", ADMIN_UI) }),
    "GET /api/meta/services": () => ({ body: { services: [], regions: ["us-east-1", "eu-west-1"], families: [] } }),
    "GET /api/credentials": () => ({ body: { data: [demo], pagination: { page: 1, page_size: 100, total: 1, total_pages: 1 } } }),
    "GET /api/notification-channels": () => ({ body: empty }),
    "GET /api/templates": () => ({ body: empty }),
    "POST /api/schedules/create": () => createAnswers.shift() ?? { status: 500, body: {} },
  });
  s.session.start(tokens(user()));
  const view = renderRoutes(
    s,
    [
      { path: "/schedules/new", element: <EditSchedule /> },
      { path: "/schedules/:id", element: <p>schedule page</p> },
    ],
    "/schedules/new",
  );
  return { ...s, ...view };
}

// Text and label queries only: role queries over Cloudscape's DOM are slow in jsdom.
const click = (text: string) => fireEvent.click(screen.getByText(text, { selector: "button, button *" }));
const type = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });
/** The text of what a control is described by: its form field's description, constraint and error. */
const describedBy = (el: HTMLElement) =>
  (el.getAttribute("aria-describedby") ?? "")
    .split(/\s+/)
    .map((id) => document.getElementById(id)?.textContent ?? "")
    .join(" ");

async function fill() {
  type("Schedule name", "Nightly");
  type("Expression", "rate(5 minutes)");
  fireEvent.click(await screen.findByLabelText("Select Demo account", { selector: "input" }));
  click("Only us-east-1");
  const values: Record<string, string> = {
    "Client name": "Example", "Project name": "LZ", "BD manager": "B", "Solutions architect": "S", "Cloud engineer": "C", "Cloud engineer email": "c@example.com",
  };
  for (const [label, v] of Object.entries(values)) type(label, v);
}

describe("the schedule form", () => {
  it("checks the expression's shape before sending", async () => {
    const { calls } = setup([]);
    await fill();
    type("Expression", "cron(0 2 * * *)");
    click("Create schedule");
    expect(await screen.findByText(/A cron expression has 6 fields/)).toBeInTheDocument();
    expect(calls.some((c) => c.path === "/api/schedules/create")).toBe(false);
  });

  it("shows the API's expression and timezone errors on their own fields, then creates the schedule", async () => {
    const { calls, router } = setup([
      invalid("expression", "rate must be at least 5 minutes"),
      invalid("timezone", "unknown time zone Mars/Olympus"),
      { status: 201, body: { id: "s1", name: "Nightly" } },
    ]);
    await fill();

    click("Create schedule");
    await screen.findByText("rate must be at least 5 minutes");
    expect(describedBy(screen.getByLabelText("Expression"))).toContain("rate must be at least 5 minutes");
    expect(describedBy(screen.getByLabelText("Time zone", { selector: "button" }))).not.toContain("rate must be");

    click("Create schedule");
    await screen.findByText("unknown time zone Mars/Olympus");
    expect(describedBy(screen.getByLabelText("Time zone", { selector: "button" }))).toContain("unknown time zone Mars/Olympus");
    expect(describedBy(screen.getByLabelText("Expression"))).not.toContain("Mars");

    click("Create schedule");
    await waitFor(() => expect(router.state.location.pathname).toBe("/schedules/s1"));
    const creates = calls.filter((c) => c.path === "/api/schedules/create");
    expect(creates).toHaveLength(3);
    expect(creates[2]?.body).toMatchObject({
      name: "Nightly",
      expression: "rate(5 minutes)",
      timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      enabled: true,
      credentialIds: ["c-demo"],
      regions: ["us-east-1"],
      projectMetadata: { clientName: "Example" },
    });
  });

  it("fills the expression from an example", async () => {
    setup([]);
    fireEvent.click(screen.getByLabelText("Use cron(0 2 * * ? *)"));
    expect(screen.getByLabelText("Expression")).toHaveValue("cron(0 2 * * ? *)");
  });
});
