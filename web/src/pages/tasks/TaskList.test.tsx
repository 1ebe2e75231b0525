import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { PermissionCheck, Task } from "../../api/types";
import { Flashes } from "../../components/flash";
import { ADMIN_UI, permissions, services, tokens, user } from "../../test/fakeApi";
import { renderRoutes } from "../../test/render";
import TaskList from "./TaskList";

const task = (over: Partial<Task>): Task => ({
  id: "t1", name: "Running", status: "running", progress: 40, accounts: ["111122223333"], regions: ["us-east-1"], credentialIds: ["c1"],
  createdAt: "2026-01-01T00:00:00Z", createdBy: "u-user", createdByName: "ann", updatedAt: "2026-01-01T00:00:00Z", version: 1,
  unitsDone: 1, unitsFailed: 0, unitsTotal: 2,
  projectMetadata: { clientName: "Example", projectName: "LZ", bdManager: "B", solutionsArchitect: "S", cloudEngineer: "C", cloudEngineerEmail: "c@example.com" },
  ...over,
});

function setup() {
  const s = services({
    "GET /api/auth/permissions": () => ({ body: permissions("user", ADMIN_UI) }),
    "GET /api/tasks": () => ({ body: { data: [task({}), task({ id: "t2", name: "Finished", status: "completed", progress: 100 })], pagination: { page: 1, page_size: 20, total: 2, total_pages: 1 } } }),
    "GET /api/users": () => ({ body: { data: [], pagination: { page: 1, page_size: 100, total: 0, total_pages: 0 } } }),
    // Someone else's finished task: the caller may not delete it.
    "POST /api/auth/permissions/check": (r) => ({
      body: {
        results: (r.body as { checks: PermissionCheck[] }).checks.map((c) =>
          c.resourceId === "t2" && c.permission === "tasks:delete" ? { ...c, allowed: false, reason: "not yours" } : { ...c, allowed: true },
        ),
      },
    }),
  });
  s.session.start(tokens(user("user")));
  const element = (
    <>
      <Flashes />
      <TaskList />
    </>
  );
  return { ...s, ...renderRoutes(s, [{ path: "/tasks", element }], "/tasks") };
}

const pageButton = (text: string) =>
  screen
    .getAllByText(text, { selector: "button *" })
    .map((el) => el.closest("button") as HTMLButtonElement)
    .find((b) => !b.closest('[role="dialog"]')) as HTMLButtonElement;
const isDisabled = (b: HTMLButtonElement) => b.disabled || b.getAttribute("aria-disabled") === "true";
const reasonOf = (b: HTMLButtonElement) =>
  (b.getAttribute("aria-disabled") === "true" ? (b.getAttribute("aria-describedby") ?? "") : "")
    .split(" ")
    .map((id) => document.getElementById(id)?.textContent ?? "")
    .join("");
const select = async (name: string) => fireEvent.click(await screen.findByLabelText(`Select ${name}`, { selector: "input" }));

describe("the tasks' row actions", () => {
  it("cancel only running tasks, and delete only where the batch check allows, saying why not", async () => {
    const { calls } = setup();
    await select("Running");
    await waitFor(() => expect(calls.some((c) => c.path === "/api/auth/permissions/check")).toBe(true));
    expect((calls.find((c) => c.path === "/api/auth/permissions/check")?.body as { checks: PermissionCheck[] }).checks).toHaveLength(4);
    await waitFor(() => expect(isDisabled(pageButton("Cancel"))).toBe(false));
    expect(isDisabled(pageButton("Delete"))).toBe(false);

    await select("Finished");
    await waitFor(() => expect(isDisabled(pageButton("Delete"))).toBe(true));
    expect(reasonOf(pageButton("Delete"))).toBe('Not allowed for "Finished": not yours.');
    expect(reasonOf(pageButton("Cancel"))).toBe('"Finished" has ended: only pending or running tasks can be cancelled.');
  });
});

function setupEmpty(path: string) {
  const s = services({
    "GET /api/auth/permissions": () => ({ body: permissions("user", ADMIN_UI) }),
    "GET /api/tasks": () => ({ body: { data: [], pagination: { page: 1, page_size: 20, total: 0, total_pages: 0 } } }),
    "GET /api/users": () => ({ body: { data: [], pagination: { page: 1, page_size: 100, total: 0, total_pages: 0 } } }),
  });
  s.session.start(tokens(user("user")));
  return { ...s, ...renderRoutes(s, [{ path: "/tasks", element: <TaskList /> }, { path: "/tasks/new", element: <p>wizard</p> }], path) };
}

describe("the tasks' empty list", () => {
  it("with no filter set says there are no tasks yet and offers to start a scan", async () => {
    const { router } = setupEmpty("/tasks");
    expect(await screen.findByText("No tasks yet")).toBeInTheDocument();
    expect(screen.queryByText(/match these filters/)).toBeNull();
    fireEvent.click(screen.getByText("Start scan", { selector: "button *" }));
    await waitFor(() => expect(router.state.location.pathname).toBe("/tasks/new"));
  });

  it("with a filter set says nothing matches and clears the filters", async () => {
    const { router, calls } = setupEmpty("/tasks?status=failed&created_by=u-user");
    expect(await screen.findByText("No tasks match these filters.")).toBeInTheDocument();
    expect(screen.queryByText("No tasks yet")).toBeNull();
    fireEvent.click(screen.getByText("Clear filters", { selector: "button *" }));
    await waitFor(() => expect(router.state.location.search).toBe(""));
    await waitFor(() => expect(Object.fromEntries(calls.filter((c) => c.path === "/api/tasks").at(-1)?.query ?? [])).toEqual({ page: "1", page_size: "20" }));
    expect(await screen.findByText("No tasks yet")).toBeInTheDocument();
  });
});
