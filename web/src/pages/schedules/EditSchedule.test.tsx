import { fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import type { Credential, Schedule } from "../../api/types";
import { ADMIN_UI, permissions, services, tokens, user } from "../../test/fakeApi";
import { renderRoutes } from "../../test/render";
import { rememberMetadata } from "../tasks/wizard/remembered";
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

describe("the project metadata of a schedule", () => {
  const remembered = {
    clientName: "=HYPERLINK(\"x\")", projectName: "<img src=x onerror=alert(1)>", bdManager: "Bea", solutionsArchitect: "Sol", cloudEngineer: "Cleo", cloudEngineerEmail: "cleo@example.com",
  };
  afterEach(() => localStorage.clear());

  it("starts a new schedule with the last scan's, and sends them as they are", async () => {
    rememberMetadata(remembered);
    const { calls, router } = setup([{ status: 201, body: { id: "s1", name: "Nightly" } }]);
    expect(screen.getByLabelText("Client name")).toHaveValue('=HYPERLINK("x")');
    expect(screen.getByLabelText("Project name")).toHaveValue("<img src=x onerror=alert(1)>");
    expect(screen.getByLabelText("Cloud engineer email")).toHaveValue("cleo@example.com");
    type("Schedule name", "Nightly");
    type("Expression", "rate(5 minutes)");
    fireEvent.click(await screen.findByLabelText("Select Demo account", { selector: "input" }));
    click("Only us-east-1");
    click("Create schedule");
    await waitFor(() => expect(router.state.location.pathname).toBe("/schedules/s1"));
    expect(calls.find((c) => c.path === "/api/schedules/create")?.body).toMatchObject({ projectMetadata: remembered });
  });

  it("starts empty when no scan was started in this browser", () => {
    setup([]);
    expect(screen.getByLabelText("Client name")).toHaveValue("");
  });

  it("keeps an edited schedule's own, not the last scan's", async () => {
    rememberMetadata(remembered);
    const saved = {
      id: "s9", version: 2, name: "Weekly", expression: "rate(7 days)", timezone: "UTC", enabled: true, credentialIds: ["c-demo"], regions: ["eu-west-1"], nextRuns: [],
      projectMetadata: { clientName: "Acme", projectName: "LZ", bdManager: "B", solutionsArchitect: "S", cloudEngineer: "E", cloudEngineerEmail: "e@example.com" },
      createdAt: "", createdBy: "u", createdByName: "root", updatedAt: "",
    } as Schedule;
    const s = services({
      "GET /api/auth/permissions": () => ({ body: permissions("admin", ADMIN_UI) }),
      "GET /api/meta/services": () => ({ body: { services: [], regions: ["us-east-1", "eu-west-1"], families: [] } }),
      "GET /api/credentials": () => ({ body: { data: [demo], pagination: { page: 1, page_size: 100, total: 1, total_pages: 1 } } }),
      "GET /api/notification-channels": () => ({ body: empty }),
      "GET /api/templates": () => ({ body: empty }),
      "GET /api/schedules/detail": () => ({ body: saved }),
    });
    s.session.start(tokens(user()));
    renderRoutes(s, [{ path: "/schedules/:id/edit", element: <EditSchedule /> }], "/schedules/s9/edit");
    expect(await screen.findByLabelText("Client name")).toHaveValue("Acme");
    expect(screen.getByLabelText("Project name")).toHaveValue("LZ");
  });
});
