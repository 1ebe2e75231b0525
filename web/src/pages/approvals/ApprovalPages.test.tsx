import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Role, UiResource } from "../../api/types";
import { Flashes } from "../../components/flash";
import { ADMIN_UI, services, tokens, user, type Handler } from "../../test/fakeApi";
import { grant, request, workflow } from "../../test/governance";
import { renderRoutes } from "../../test/render";
import ApprovalDetail from "./ApprovalDetail";
import ApprovalList from "./ApprovalList";
import GrantList from "./GrantList";
import WorkflowList from "./WorkflowList";

const page = (data: unknown[]) => ({ data, pagination: { page: 1, page_size: 20, total: data.length, total_pages: 1 } });

function setup(path: string, handlers: Record<string, Handler>, as: { role?: Role; id?: string; ui?: readonly UiResource[]; configure?: boolean } = {}) {
  const role = as.role ?? "admin";
  const s = services({
    "GET /api/auth/permissions": () => ({
      body: { role, permissions: as.configure === false ? ["approvals:read"] : ["approvals:read", "approvals:configure"], uiResources: [...(as.ui ?? ADMIN_UI)] },
    }),
    "GET /api/users": () => ({ body: page([user("admin", { id: "u-boss", username: "boss" }), user("user", { id: "u9", username: "ann" })]) }),
    "GET /api/credentials": () => ({ body: page([]) }),
    ...handlers,
  });
  s.session.start(tokens(user(role, as.id ? { id: as.id } : {})));
  const wrap = (el: React.ReactNode) => (
    <>
      <Flashes />
      {el}
    </>
  );
  const view = renderRoutes(
    s,
    [
      { path: "/approvals", element: wrap(<ApprovalList />) },
      { path: "/approvals/workflows", element: wrap(<WorkflowList />) },
      { path: "/approvals/grants", element: wrap(<GrantList />) },
      { path: "/approvals/:id", element: wrap(<ApprovalDetail />) },
    ],
    path,
  );
  return { ...s, ...view };
}

const press = async (text: string) => fireEvent.click(await screen.findByText(text, { selector: "button, button *" }));
const inDialog = (name: string) => within(screen.getByRole("dialog", { name }));
/** Picks an option of an open Cloudscape select or multiselect. */
async function pickOption(text: string) {
  const el = await screen.findByText(text, { selector: "[role=option] *" });
  fireEvent.mouseUp(el);
  fireEvent.click(el);
}

describe("the approvals inbox", () => {
  it("shows what awaits the caller, and its own requests and all of them on their tabs", async () => {
    const { calls } = setup("/approvals", {
      "GET /api/approvals/requests": (r) =>
        ({
          body: page(
            r.query.get("filter") === "mine"
              ? []
              : [request(), request({ id: "r3", kind: "access", operation: undefined, permissions: ["audit:read"], durationHours: 2, resourceType: undefined, resourceId: undefined })],
          ),
        }),
    });
    const link = await screen.findByRole("link", { name: "Delete credential c1" });
    expect(link.getAttribute("href")).toBe("/approvals/r1");
    expect(screen.getByRole("link", { name: "Access to audit:read for 2 hours" })).toBeInTheDocument();
    expect(screen.getAllByText("Step 1 of 2")).toHaveLength(2);
    expect(calls.find((c) => c.path === "/api/approvals/requests")?.query.get("filter")).toBe("awaiting");

    fireEvent.click(screen.getByRole("tab", { name: "Mine" }));
    expect(await screen.findByText("You have made no request.")).toBeInTheDocument();
    expect(calls.filter((c) => c.path === "/api/approvals/requests").at(-1)?.query.get("filter")).toBe("mine");
    expect(screen.getByRole("tab", { name: "All" })).toBeInTheDocument();
  });

  it("offers All only with approvals:configure", async () => {
    setup("/approvals?filter=all", { "GET /api/approvals/requests": () => ({ body: page([]) }) }, { role: "user", configure: false, ui: ["menu:approvals"] });
    expect(await screen.findByRole("tab", { name: "Awaiting me" })).toHaveAttribute("aria-selected", "true");
    expect(screen.queryByRole("tab", { name: "All" })).not.toBeInTheDocument();
  });
});

describe("one request", () => {
  const raise = request({
    operation: "users:update",
    route: "POST /api/users/update",
    resourceType: "user",
    resourceId: "u9",
    resourceVersion: 4,
    payload: '{"id":"u9","version":4,"role":"admin"}',
    steps: [{ order: 1, approverRole: "admin", timeoutMinutes: 60 }],
  });

  it("shows a role raise as the user's role now and requested, and approves it with a comment", async () => {
    let current = raise;
    const { calls } = setup("/approvals/r1", {
      "GET /api/approvals/requests/detail": () => ({ body: current }),
      "GET /api/users/detail": () => ({ body: user("user", { id: "u9", username: "ann", version: 4 }) }),
      "POST /api/approvals/requests/approve": () => ({
        body: (current = {
          ...raise,
          status: "approved",
          executed: true,
          result: { status: 200 },
          history: [
            ...raise.history,
            { step: 1, decision: "approved", actor: "u-admin", actorName: "root", comment: "ok", at: "2026-03-01T10:05:00Z" },
            { step: 0, decision: "executed", actor: "system", actorName: "approvals", comment: "done (200)", at: "2026-03-01T10:05:01Z" },
          ],
        }),
      }),
    });
    expect(await screen.findByRole("heading", { name: "Raise the role of user ann to Administrator", level: 1 })).toBeInTheDocument();
    const changes = within(screen.getByRole("table", { name: "Changes" }));
    expect(changes.getByText("Role")).toBeInTheDocument();
    expect(changes.getByText("User")).toBeInTheDocument();
    expect(changes.getByText("Administrator")).toBeInTheDocument();
    expect(within(screen.getByRole("table", { name: "Approval steps" })).getByText("Administrators")).toBeInTheDocument();

    await press("Approve");
    fireEvent.change(inDialog("Approve request").getByLabelText("Comment (optional)"), { target: { value: "ok" } });
    fireEvent.click(inDialog("Approve request").getByText("Approve", { selector: "button *" }));
    expect(await screen.findByText("Approved: Raise the role of user ann to Administrator. It was done.")).toBeInTheDocument();
    expect(calls.find((c) => c.path === "/api/approvals/requests/approve")?.body).toEqual({ id: "r1", comment: "ok" });
    expect(await screen.findByText("Done (the API answered 200)")).toBeInTheDocument();
    expect(within(screen.getByRole("list", { name: "History" })).getByText("done (200)")).toBeInTheDocument();
  });

  it("warns when the resource changed since: the approved call would not run", async () => {
    setup("/approvals/r1", {
      "GET /api/approvals/requests/detail": () => ({ body: raise }),
      "GET /api/users/detail": () => ({ body: user("user", { id: "u9", username: "ann", version: 5 }) }),
    });
    expect(await screen.findByText("The user changed after the request was made")).toBeInTheDocument();
  });

  it("needs a reason to reject", async () => {
    const { calls } = setup("/approvals/r1", {
      "GET /api/approvals/requests/detail": () => ({ body: request() }),
      "GET /api/credentials/detail": () => ({ status: 404, body: { error: { code: "NOT_FOUND", message: "credential not found" } } }),
      "POST /api/approvals/requests/reject": () => ({ body: { ...request(), status: "rejected" } }),
    });
    await press("Reject");
    fireEvent.click(inDialog("Reject request").getByText("Reject", { selector: "button *" }));
    expect(await inDialog("Reject request").findByText("Say why.")).toBeInTheDocument();
    expect(calls.some((c) => c.path === "/api/approvals/requests/reject")).toBe(false);
    fireEvent.change(inDialog("Reject request").getByLabelText("Why it is rejected"), { target: { value: "Still in use" } });
    fireEvent.click(inDialog("Reject request").getByText("Reject", { selector: "button *" }));
    expect(await screen.findByText("Rejected: nothing is done.")).toBeInTheDocument();
    expect(calls.find((c) => c.path === "/api/approvals/requests/reject")?.body).toEqual({ id: "r1", comment: "Still in use" });
  });

  it("lets its requester cancel it, and nobody approve their own", async () => {
    setup("/approvals/r1", { "GET /api/approvals/requests/detail": () => ({ body: request() }), "GET /api/credentials/detail": () => ({ body: { id: "c1", name: "Prod", version: 3 } }) }, {
      role: "power_user",
      id: "u-power_user",
    });
    expect(await screen.findByRole("heading", { name: "Delete credential Prod", level: 1 })).toBeInTheDocument();
    expect(await screen.findByText("Cancel request", { selector: "button *" })).toBeInTheDocument();
    expect(screen.queryByText("Approve", { selector: "button *" })).not.toBeInTheDocument();
  });

  it("says why someone else may not decide this step", async () => {
    setup("/approvals/r1", { "GET /api/approvals/requests/detail": () => ({ body: request() }), "GET /api/credentials/detail": () => ({ body: { id: "c1", name: "Prod", version: 3 } }) }, { role: "user", id: "u-x" });
    expect(await screen.findByText("Step 1 is for the role Administrator.")).toBeInTheDocument();
    expect(screen.queryByText("Approve", { selector: "button *" })).not.toBeInTheDocument();
  });
});

describe("the workflow editor", () => {
  const listed = { workflows: [workflow({ id: "w2", name: "Purges", operations: ["workers:purge"] })], operations: ["credentials:delete", "workers:purge", "access:request"] };

  it("creates a workflow from operations in words and ordered steps", async () => {
    const { calls } = setup("/approvals/workflows", {
      "GET /api/approvals/workflows": () => ({ body: listed }),
      "POST /api/approvals/workflows/create": (r) => ({ status: 201, body: workflow({ id: "w3", ...(r.body as object) }) }),
    });
    expect(await screen.findByText("Purges")).toBeInTheDocument();
    await press("Create workflow");
    const dialog = inDialog("Create workflow");
    fireEvent.change(dialog.getByLabelText("Name"), { target: { value: "Deletes" } });
    fireEvent.mouseDown(dialog.getByLabelText("Operations it holds", { selector: "button" }));
    // One a workflow holds already is offered to it only.
    const held = await screen.findByText('workers:purge, held by the workflow "Purges"', { selector: "[role=option] *" });
    expect(held.closest("[role=option]")?.getAttribute("aria-disabled")).toBe("true");
    await pickOption("Delete a credential");
    fireEvent.click(dialog.getByText("Add step"));
    fireEvent.change(dialog.getByLabelText("Step 2 time to decide in minutes"), { target: { value: "90" } });
    expect(dialog.getByText("1 hour 30 minutes")).toBeInTheDocument();
    fireEvent.click(dialog.getByText("Create workflow", { selector: "button *" }));
    expect(await screen.findByText(/^Created workflow "Deletes"\. From now on these wait for approval: delete a credential\.$/)).toBeInTheDocument();
    expect(calls.find((c) => c.path === "/api/approvals/workflows/create")?.body).toEqual({
      name: "Deletes",
      operations: ["credentials:delete"],
      steps: [
        { order: 1, approverRole: "admin", timeoutMinutes: 1440 },
        { order: 2, approverRole: "admin", timeoutMinutes: 90 },
      ],
    });
  });

  it("shows the API's reason beside the step it refuses", async () => {
    setup("/approvals/workflows", {
      "GET /api/approvals/workflows": () => ({ body: listed }),
      "POST /api/approvals/workflows/create": () => ({
        status: 400,
        body: { error: { code: "VALIDATION_ERROR", message: "bad", details: { field: "steps[0].timeoutMinutes", reason: "between 1 and 10080 minutes" } } },
      }),
    });
    expect(await screen.findByText("Purges")).toBeInTheDocument();
    await press("Create workflow");
    const dialog = inDialog("Create workflow");
    fireEvent.change(dialog.getByLabelText("Name"), { target: { value: "Deletes" } });
    fireEvent.mouseDown(dialog.getByLabelText("Operations it holds", { selector: "button" }));
    await pickOption("Delete a credential");
    fireEvent.click(dialog.getByText("Create workflow", { selector: "button *" }));
    expect(await dialog.findByText("Between 1 and 10080 minutes.")).toBeInTheDocument();
    expect(screen.queryByText("Check your input")).not.toBeInTheDocument();
  });
});

describe("temporary grants", () => {
  it("shows each grant's status and revokes an active one after asking", async () => {
    const { calls } = setup("/approvals/grants", {
      "GET /api/approvals/grants": () => ({
        body: page([grant(), grant({ id: "g2", username: "bob", expiresAt: "2026-01-01T00:00:00Z" }), grant({ id: "g3", username: "cy", revokedAt: "2026-01-01T00:00:00Z", revokedBy: "u-boss" })]),
      }),
      "POST /api/approvals/grants/revoke": () => ({ body: grant({ revokedAt: new Date().toISOString(), revokedBy: "u-admin" }) }),
    });
    expect(await screen.findByText("Active")).toBeInTheDocument();
    expect(screen.getByText("Expired")).toBeInTheDocument();
    expect(screen.getByText("Revoked")).toBeInTheDocument();
    expect(await screen.findByText(/^by boss /)).toBeInTheDocument();
    expect(screen.getAllByText(/^in (59|60) minutes$|^in 1 hour$/).length).toBeGreaterThan(0);

    fireEvent.click(screen.getByLabelText("Select bob audit:read", { selector: "input" }));
    const revoke = screen.getAllByText("Revoke", { selector: "button *" })[0]?.closest("button") as HTMLButtonElement;
    await waitFor(() => expect(revoke.getAttribute("aria-disabled")).toBe("true"));

    fireEvent.click(screen.getByLabelText("Select ann audit:read", { selector: "input" }));
    await waitFor(() => expect(revoke.getAttribute("aria-disabled")).not.toBe("true"));
    fireEvent.click(revoke);
    expect(await inDialog("Revoke grant").findByText(/^Revoke ann's access to audit:read\?/)).toBeInTheDocument();
    fireEvent.click(inDialog("Revoke grant").getByText("Revoke", { selector: "button *" }));
    expect(await screen.findByText("Revoked ann's access to audit:read: it stops working within seconds.")).toBeInTheDocument();
    expect(calls.find((c) => c.path === "/api/approvals/grants/revoke")?.body).toEqual({ id: "g1" });
  });
});
