import { fireEvent, screen, waitFor } from "@testing-library/react";
import { beforeEach, describe, expect, it } from "vitest";
import type { Credential } from "../../api/types";
import { ADMIN_UI, permissions, services, tokens, user, type Handler } from "../../test/fakeApi";
import { renderRoutes } from "../../test/render";
import CreateTask from "./CreateTask";

const demo: Credential = {
  id: "c-demo", name: "Demo account", credentialType: "assume_role", accountId: "111122223333", isActive: true,
  createdBy: "u", createdAt: "", updatedAt: "", version: 1, demo: true,
};

function setup(createAnswers: { status?: number; body: unknown }[], handlers: Record<string, Handler> = {}) {
  const s = services({
    ...handlers,
    "GET /api/meta/services": () => ({ body: { services: [], regions: ["us-east-1", "eu-west-1"], families: [] } }),
    "GET /api/credentials": () => ({ body: { data: [demo], pagination: { page: 1, page_size: 100, total: 1, total_pages: 1 } } }),
    "POST /api/tasks/create": () => createAnswers.shift() ?? { status: 500, body: {} },
  });
  s.session.start(tokens(user()));
  const view = renderRoutes(
    s,
    [
      { path: "/tasks/new", element: <CreateTask /> },
      { path: "/tasks/:id", element: <p>task page</p> },
      { path: "/tasks", element: <p>task list</p> },
    ],
    "/tasks/new",
  );
  return { ...s, ...view };
}

// Text and label queries only: role queries over Cloudscape's DOM are slow in jsdom.
const click = (text: string) => fireEvent.click(screen.getByText(text, { selector: "button, button *" }));
const next = () => click("Next");
const type = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });
const stepHeading = (name: string) => waitFor(() => expect(document.querySelector("h1")?.textContent).toContain(name));
const selectDemo = async () => fireEvent.click(await screen.findByLabelText("Select Demo account", { selector: "input" }));

async function fillToReview() {
  type("Task name", "Quarterly");
  await selectDemo();
  next();
  await stepHeading("Choose regions");
  click("Only us-east-1");
  next();
  await stepHeading("Project details");
  const values: Record<string, string> = {
    "Client name": "Example", "Project name": "LZ", "BD manager": "B", "Solutions architect": "S", "Cloud engineer": "C", "Cloud engineer email": "c@example.com",
  };
  for (const [label, v] of Object.entries(values)) type(label, v);
  next();
  await stepHeading("Review and start");
}

const templates = {
  data: [
    { id: "builtin", name: "CloudCensus (built-in)", fileSize: 0, placeholders: [], createdBy: "", builtIn: true, default: false, createdAt: "", updatedAt: "", version: 0 },
    { id: "t-acme", name: "Acme", fileSize: 9000, placeholders: [], createdBy: "u", builtIn: false, default: true, createdAt: "", updatedAt: "", version: 1 },
  ],
  pagination: { page: 1, page_size: 100, total: 2, total_pages: 1 },
};

describe("the create-task wizard", () => {
  beforeEach(() => localStorage.clear());

  it("keeps the user on a step until its fields are complete", async () => {
    setup([]);
    await stepHeading("Choose credentials");
    next();
    expect(await screen.findByText("Name the task.")).toBeInTheDocument();
    expect(screen.getByText("Select at least one credential.")).toBeInTheDocument();
    await stepHeading("Choose credentials");

    type("Task name", "Quarterly");
    await selectDemo();
    next();
    await stepHeading("Choose regions");
    next();
    expect(await screen.findByText("Select at least one region.")).toBeInTheDocument();
  });

  it("shows an API field error beside its field on its step, then starts the scan with the same idempotency key", async () => {
    const { calls, router } = setup([
      { status: 400, body: { error: { code: "VALIDATION_ERROR", message: "Invalid regions", details: { field: "regions", reason: "us-east-1 is not enabled in 111122223333" } } } },
      { status: 201, body: { id: "t1", name: "Quarterly" } },
    ]);
    await stepHeading("Choose credentials");
    await fillToReview();
    expect(screen.getByText("Quarterly")).toBeInTheDocument();

    click("Start scan");
    await stepHeading("Choose regions");
    expect(await screen.findByText("us-east-1 is not enabled in 111122223333")).toBeInTheDocument();

    next();
    await stepHeading("Project details");
    next();
    await stepHeading("Review and start");
    click("Start scan");
    await waitFor(() => expect(router.state.location.pathname).toBe("/tasks/t1"));

    const creates = calls.filter((c) => c.path === "/api/tasks/create");
    expect(creates).toHaveLength(2);
    expect(creates[0]?.headers["Idempotency-Key"]).toBeTruthy();
    expect(creates[1]?.headers["Idempotency-Key"]).toBe(creates[0]?.headers["Idempotency-Key"]);
    expect(creates[1]?.body).toMatchObject({ name: "Quarterly", credentialIds: ["c-demo"], regions: ["us-east-1"], projectMetadata: { clientName: "Example" } });
  });

  it("offers the report templates, the workspace's default first, and sends the one chosen", async () => {
    const { calls } = setup(
      [
        { status: 400, body: { error: { code: "VALIDATION_ERROR", message: "Invalid templateId", details: { field: "templateId", reason: "no such template in this workspace" } } } },
        { status: 201, body: { id: "t1", name: "Quarterly" } },
      ],
      {
        "GET /api/auth/permissions": () => ({ body: permissions("admin", ADMIN_UI) }),
        "GET /api/templates": () => ({ body: templates }),
      },
    );
    await stepHeading("Choose credentials");
    type("Task name", "Quarterly");
    await selectDemo();
    next();
    await stepHeading("Choose regions");
    click("Only us-east-1");
    next();
    await stepHeading("Project details");
    const values: Record<string, string> = {
      "Client name": "Example", "Project name": "LZ", "BD manager": "B", "Solutions architect": "S", "Cloud engineer": "C", "Cloud engineer email": "c@example.com",
    };
    for (const [label, v] of Object.entries(values)) type(label, v);
    const trigger = () => screen.getByLabelText("Report template", { selector: "button" });
    await waitFor(() => expect(trigger()).toHaveTextContent("Workspace default (Acme)"));
    fireEvent.mouseDown(trigger());
    const option = await screen.findByText("CloudCensus (built-in)", { selector: "[role=option] *" });
    fireEvent.mouseUp(option);
    fireEvent.click(option);
    await waitFor(() => expect(trigger()).toHaveTextContent("CloudCensus (built-in)"));
    next();
    await stepHeading("Review and start");
    expect(screen.getByText("CloudCensus (built-in)")).toBeInTheDocument();

    click("Start scan");
    await stepHeading("Project details");
    expect(await screen.findByText("no such template in this workspace")).toBeInTheDocument();
    next();
    await stepHeading("Review and start");
    click("Start scan");
    await waitFor(() => expect(calls.filter((c) => c.path === "/api/tasks/create")).toHaveLength(2));
    expect(calls.filter((c) => c.path === "/api/tasks/create")[1]?.body).toMatchObject({ name: "Quarterly", templateId: "builtin" });
  });

  it("sends no template when the workspace default is kept", async () => {
    const { calls } = setup([{ status: 201, body: { id: "t1", name: "Quarterly" } }]);
    await stepHeading("Choose credentials");
    await fillToReview();
    click("Start scan");
    await waitFor(() => expect(calls.some((c) => c.path === "/api/tasks/create")).toBe(true));
    expect(calls.find((c) => c.path === "/api/tasks/create")?.body).not.toHaveProperty("templateId");
  });

  it("moves the focus to the first field in error, and clears an error as soon as its field is valid", async () => {
    setup([]);
    await stepHeading("Choose credentials");
    next();
    expect(await screen.findByText("Name the task.")).toBeInTheDocument();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText("Task name")));
    type("Task name", "Quarterly");
    expect(screen.queryByText("Name the task.")).toBeNull();
    // The other error stays until its own field is valid.
    expect(screen.getByText("Select at least one credential.")).toBeInTheDocument();
    await selectDemo();
    await waitFor(() => expect(screen.queryByText("Select at least one credential.")).toBeNull());
    next();
    await stepHeading("Choose regions");
    click("Only us-east-1");
    next();
    await stepHeading("Project details");
    next();
    expect(await screen.findByText("Enter the BD manager's name.")).toBeInTheDocument();
    expect(screen.getByText("Enter the cloud engineer's email.")).toBeInTheDocument();
    await waitFor(() => expect(document.activeElement).toBe(screen.getByLabelText("Client name")));
    type("BD manager", "Bea");
    expect(screen.queryByText("Enter the BD manager's name.")).toBeNull();
    expect(screen.getByText("Enter the client's name.")).toBeInTheDocument();
  });

  it("finds a region by its name as well as its code, and says so when nothing matches", async () => {
    setup([]);
    await stepHeading("Choose credentials");
    type("Task name", "Quarterly");
    await selectDemo();
    next();
    await stepHeading("Choose regions");
    fireEvent.mouseDown(screen.getByLabelText("Regions", { selector: "button" }));
    const find = await screen.findByLabelText("Find regions");
    // An option's text: its name, then its code ("Europe (Ireland)eu-west-1"; the match is highlighted in pieces).
    const options = () => [...document.querySelectorAll('[role="option"]')].map((o) => o.textContent ?? "").filter((t) => /-\d$/.test(t));
    fireEvent.change(find, { target: { value: "Ireland" } });
    await waitFor(() => expect(options()).toEqual([expect.stringMatching(/^Europe \(Ireland\)\s*eu-west-1$/)]));
    fireEvent.change(find, { target: { value: "us-east" } });
    await waitFor(() => expect(options()).toEqual([expect.stringMatching(/^US East \(N\. Virginia\)\s*us-east-1$/)]));
    fireEvent.change(find, { target: { value: "Atlantis" } });
    expect(await screen.findByText(/No region matches/)).toBeInTheDocument();
  });

  it("offers the project metadata of the last scan started, and remembers the new one", async () => {
    localStorage.setItem(
      "cloudcensus:last-project-metadata",
      JSON.stringify({ clientName: "Example", projectName: "LZ", bdManager: "B", solutionsArchitect: "S", cloudEngineer: "C", cloudEngineerEmail: "c@example.com" }),
    );
    const { calls, router } = setup([{ status: 201, body: { id: "t1", name: "Quarterly" } }]);
    await stepHeading("Choose credentials");
    type("Task name", "Quarterly");
    await selectDemo();
    next();
    await stepHeading("Choose regions");
    click("Only us-east-1");
    next();
    await stepHeading("Project details");
    expect(screen.getByLabelText("Client name")).toHaveValue("Example");
    expect(screen.getByLabelText("Cloud engineer email")).toHaveValue("c@example.com");
    type("Project name", "  Migration  ");
    next();
    await stepHeading("Review and start");
    click("Start scan");
    await waitFor(() => expect(router.state.location.pathname).toBe("/tasks/t1"));
    expect(calls.find((c) => c.path === "/api/tasks/create")?.body).toMatchObject({ projectMetadata: { clientName: "Example", projectName: "Migration" } });
    expect(JSON.parse(localStorage.getItem("cloudcensus:last-project-metadata") ?? "{}")).toEqual({
      clientName: "Example", projectName: "Migration", bdManager: "B", solutionsArchitect: "S", cloudEngineer: "C", cloudEngineerEmail: "c@example.com",
    });
    // The task page learns which flash announced the start, to dismiss it when the scan ends.
    expect((router.state.location.state as { startedFlash?: string } | null)?.startedFlash).toBeTruthy();
  });
});
