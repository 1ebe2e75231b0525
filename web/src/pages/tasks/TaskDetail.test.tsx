import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { TaskDetail as Detail, TaskUnit } from "../../api/types";
import { Flashes } from "../../components/flash";
import { ADMIN_UI, services, tokens, user, type Handler } from "../../test/fakeApi";
import { renderRoutes } from "../../test/render";
import CreateTask from "./CreateTask";
import TaskDetail, { unitDuration } from "./TaskDetail";

const unit = (status: string, durationMs: number): TaskUnit => ({
  accountId: "111122223333", credentialId: "c1", region: "us-east-1", status, resources: 0, durationMs, calls: 0, throttles: 0, warnings: 0, coverage: [],
});

const finished: Detail = {
  id: "t1", name: "Quarterly", status: "completed", progress: 100, accounts: ["111122223333"], regions: ["us-east-1"], credentialIds: ["c1"],
  createdAt: "2026-01-01T00:00:00Z", createdBy: "u", createdByName: "root", updatedAt: "2026-01-01T00:00:00Z", version: 3,
  completedAt: "2026-01-01T00:05:00Z", reportId: "r1", unitsDone: 1, unitsFailed: 0, unitsTotal: 1, units: [unit("done", 2500)],
  outcome: { issues: [], summary: "" },
  projectMetadata: { clientName: "Example", projectName: "LZ", bdManager: "B", solutionsArchitect: "S", cloudEngineer: "C", cloudEngineerEmail: "c@example.com" },
};
const running: Detail = { ...finished, status: "running", progress: 0, completedAt: undefined, reportId: undefined, unitsDone: 0, units: [unit("running", 0)] };

function taskPage(detail: Detail, handlers: Record<string, Handler> = {}) {
  const s = services({
    "GET /api/auth/permissions": () => ({ body: { role: "admin", permissions: ["*"], uiResources: [...ADMIN_UI] } }),
    "GET /api/tasks/detail": () => ({ body: detail }),
    "GET /api/reports/detail": () => ({ body: { id: "r1", taskId: "t1", template: "", fileName: "r.docx" } }),
    "GET /api/credentials": () => ({
      body: {
        data: [{ id: "c1", name: "Production", credentialType: "assume_role", accountId: "111122223333", isActive: true, createdBy: "u", createdAt: "", updatedAt: "", version: 1 }],
        pagination: { page: 1, page_size: 100, total: 1, total_pages: 1 },
      },
    }),
    ...handlers,
  });
  s.session.start(tokens(user()));
  const element = (
    <>
      <Flashes />
      <TaskDetail />
    </>
  );
  return { ...s, ...renderRoutes(s, [{ path: "/tasks/:id", element }, { path: "/tasks", element: <p>task list</p> }], "/tasks/t1") };
}

const button = (text: string) => screen.getByText(text, { selector: "button *" }).closest("button") as HTMLButtonElement;
const menuItem = (text: string) => screen.getAllByText(text).map((e) => e.closest("[role=menuitem]")).find(Boolean) as HTMLElement;
const isDisabled = (b: HTMLElement) => (b as HTMLButtonElement).disabled || b.getAttribute("aria-disabled") === "true";

describe("a task's page", () => {
  it("keeps Cancel scan and Delete in one Actions menu; a finished task is deleted only once delete is typed", async () => {
    const { calls, router } = taskPage(finished, { "POST /api/tasks/delete": () => ({ status: 204 }) });
    // The menu waits for the permissions.
    await screen.findByText("Actions", { selector: "button *" }, { timeout: 10_000 });
    await waitFor(() => expect(button("Actions")).toBeEnabled());
    fireEvent.click(button("Actions"));
    await waitFor(() => expect(menuItem("Cancel scan")).toBeTruthy());
    expect(menuItem("Cancel scan")).toHaveAttribute("aria-disabled", "true");
    fireEvent.click(menuItem("Delete"));

    const dialog = within(await screen.findByRole("dialog", { name: "Delete task" }));
    expect(dialog.getByText("This cannot be undone.")).toBeInTheDocument();
    const confirm = dialog.getByText("Delete", { selector: "button *" }).closest("button") as HTMLButtonElement;
    expect(isDisabled(confirm)).toBe(true);
    fireEvent.change(dialog.getByLabelText('To confirm, type "delete".'), { target: { value: "remove" } });
    expect(isDisabled(confirm)).toBe(true);
    fireEvent.change(dialog.getByLabelText('To confirm, type "delete".'), { target: { value: "delete" } });
    expect(isDisabled(confirm)).toBe(false);
    fireEvent.click(confirm);
    await waitFor(() => expect(router.state.location.pathname).toBe("/tasks"));
    expect(calls.find((c) => c.path === "/api/tasks/delete")?.body).toEqual({ id: "t1" });
  });

  it("offers Cancel scan while it runs, Delete disabled with its reason; a running unit says Running, not 0 ms", async () => {
    taskPage(running);
    // The menu waits for the permissions.
    await screen.findByText("Actions", { selector: "button *" }, { timeout: 10_000 });
    await waitFor(() => expect(button("Actions")).toBeEnabled());
    // The unit's status, and its duration.
    await waitFor(() => expect(screen.getAllByText("Running", { selector: "td *" })).toHaveLength(2));
    expect(screen.queryByText("0 ms")).toBeNull();
    fireEvent.click(button("Actions"));
    await waitFor(() => expect(menuItem("Cancel scan")).toBeTruthy());
    expect(menuItem("Cancel scan")).not.toHaveAttribute("aria-disabled", "true");
    expect(menuItem("Delete")).toHaveAttribute("aria-disabled", "true");
  });

  it("names the account by its credential, beside the id to copy", async () => {
    taskPage(finished);
    // Named once the permissions and the credentials are loaded.
    expect(await screen.findAllByText("Production (111122223333)", undefined, { timeout: 10_000 })).not.toHaveLength(0);
    expect(screen.getAllByRole("button", { name: "Copy account id 111122223333" }).length).toBeGreaterThan(0);
  });

  it("opens a partially completed task with what was not read, and its unit says Completed with warnings", async () => {
    const partial: Detail = {
      ...finished,
      status: "partially_completed",
      units: [{ ...unit("done", 2500), warnings: 1 }],
      outcome: {
        summary: "Completed with warnings: 1 service in 1 of 1 account-regions could not be read completely.",
        issues: [
          {
            service: "lambda", accountId: "111122223333", region: "us-east-1", status: "access_denied", action: "lambda:ListFunctions",
            reason: "Access denied: the scanner's identity may not call lambda:ListFunctions.",
            fix: "Allow lambda:ListFunctions in the scanner role's policy, then scan again.",
          },
        ],
      },
    };
    const { container } = taskPage(partial, {
      "GET /api/meta/services": () => ({ body: { services: [{ key: "lambda", title: "Lambda functions" }], regions: [], families: [] } }),
    });
    const banner = within(await screen.findByRole("table", { name: "What the scan could not read" }));
    expect(banner.getByText("lambda:ListFunctions")).toBeInTheDocument();
    expect(banner.getByText("Allow lambda:ListFunctions in the scanner role's policy, then scan again.")).toBeInTheDocument();
    expect(await banner.findByText("Lambda functions")).toBeInTheDocument();
    expect(await banner.findByText("Production (111122223333)", undefined, { timeout: 10_000 })).toBeInTheDocument();
    // The banner comes first, above the progress.
    const alert = container.querySelector('[class*="type-warning"]') as HTMLElement;
    expect(alert).toHaveTextContent("Completed with warnings");
    expect(alert.compareDocumentPosition(screen.getByRole("heading", { name: "Progress" })) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    const units = within(screen.getByRole("table", { name: "Units" }));
    expect(units.getByText("Completed with warnings (1)")).toBeInTheDocument();
    expect(units.queryByText("Done")).toBeNull();
  });

  it("shows no outcome banner when every service was read", async () => {
    const { container } = taskPage({ ...finished, outcome: { summary: "Completed: every service was read in 1 account-region.", issues: [] } });
    await screen.findByText("Units (1)");
    expect(within(screen.getByRole("table", { name: "Units" })).getByText("Done")).toBeInTheDocument();
    expect(screen.queryByRole("table", { name: "What the scan could not read" })).toBeNull();
    expect(container.querySelector('[class*="type-warning"]')).toBeNull();
  });

  it.each([
    ["running", running, true],
    ["finished", finished, false],
  ])("shows the wizard's started flash only while the task runs (%s)", async (_, detail, shown) => {
    const s = services({
      "GET /api/auth/permissions": () => ({ body: { role: "admin", permissions: ["*"], uiResources: [...ADMIN_UI] } }),
      "GET /api/meta/services": () => ({ body: { services: [], regions: ["us-east-1"], families: [] } }),
      "GET /api/credentials": () => ({
        body: {
          data: [{ id: "c1", name: "Demo account", credentialType: "assume_role", accountId: "111122223333", isActive: true, createdBy: "u", createdAt: "", updatedAt: "", version: 1 }],
          pagination: { page: 1, page_size: 100, total: 1, total_pages: 1 },
        },
      }),
      "POST /api/tasks/create": () => ({ status: 201, body: { id: "t1", name: "Quarterly" } }),
      "GET /api/tasks/detail": () => ({ body: detail }),
      "GET /api/reports/detail": () => ({ body: { id: "r1", taskId: "t1", template: "", fileName: "r.docx" } }),
    });
    s.session.start(tokens(user()));
    localStorage.setItem(
      "cloudcensus:last-project-metadata",
      JSON.stringify({ clientName: "E", projectName: "P", bdManager: "B", solutionsArchitect: "S", cloudEngineer: "C", cloudEngineerEmail: "c@example.com" }),
    );
    const element = (
      <>
        <Flashes />
        <TaskDetail />
      </>
    );
    const { router } = renderRoutes(s, [{ path: "/tasks/new", element: <CreateTask /> }, { path: "/tasks/:id", element }], "/tasks/new");
    fireEvent.change(await screen.findByLabelText("Task name"), { target: { value: "Quarterly" } });
    fireEvent.click(await screen.findByLabelText("Select Demo account", { selector: "input" }));
    fireEvent.click(button("Next"));
    fireEvent.click(await screen.findByText("Only us-east-1", { selector: "button *" }));
    fireEvent.click(button("Next"));
    await screen.findByLabelText("Client name");
    fireEvent.click(button("Next"));
    fireEvent.click(await screen.findByText("Start scan", { selector: "button *" }));
    await waitFor(() => expect(router.state.location.pathname).toBe("/tasks/t1"));
    await screen.findByText("Units (1)");
    if (shown) expect(screen.getByText('Scan "Quarterly" started.')).toBeInTheDocument();
    else await waitFor(() => expect(screen.queryByText('Scan "Quarterly" started.')).toBeNull());
    localStorage.clear();
  });
});

describe("a unit's duration", () => {
  it("says Running or Waiting until the unit ends", () => {
    expect(unitDuration({ status: "running", durationMs: 0 })).toBe("Running");
    expect(unitDuration({ status: "pending", durationMs: 0 })).toBe("Waiting");
    expect(unitDuration({ status: "done", durationMs: 2500 })).toBe("2.5 s");
    expect(unitDuration({ status: "failed", durationMs: 300 })).toBe("300 ms");
  });
});
