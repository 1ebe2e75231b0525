import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { UiResource } from "../../api/types";
import { Guard } from "../../components/Guard";
import { Flashes } from "../../components/flash";
import { services, tokens, user, type Handler } from "../../test/fakeApi";
import { accessRequest } from "../../test/governance";
import { renderRoutes } from "../../test/render";
import ApplyPermission from "./ApplyPermission";

const READER_UI: UiResource[] = ["menu:dashboard", "menu:approvals", "button:access-request"];

function setup(path: string, handlers: Record<string, Handler>, ui: readonly UiResource[] = READER_UI, held: string[] = []) {
  const s = services({
    "GET /api/auth/permissions": () => ({ body: { role: "user", permissions: ["auth:self", "approvals:read", "approvals:request", ...held], uiResources: [...ui] } }),
    ...handlers,
  });
  s.session.start(tokens(user("user", { id: "u-user", username: "ann" })));
  const view = renderRoutes(
    s,
    [
      {
        path: "/permissions/apply",
        element: (
          <>
            <Flashes />
            <ApplyPermission />
          </>
        ),
      },
      {
        path: "/audit",
        element: (
          <Guard ui="menu:audit">
            <p>The audit log</p>
          </Guard>
        ),
      },
    ],
    path,
  );
  return { ...s, ...view };
}

const press = async (text: string) => fireEvent.click(await screen.findByText(text, { selector: "button, button *" }));

describe("a page the role does not open", () => {
  it("links to the request of the permission that opens it", async () => {
    setup("/audit", {});
    expect(await screen.findByText("Not authorized")).toBeInTheDocument();
    expect(screen.getByText("audit:read")).toBeInTheDocument();
    expect(screen.getByText("Request access").closest("a")?.getAttribute("href")).toBe("/permissions/apply?permission=audit%3Aread");
  });

  it("says to ask an administrator when the role may not request access", async () => {
    setup("/audit", {}, ["menu:dashboard"]);
    expect(await screen.findByText(/Ask an administrator if you need it\./)).toBeInTheDocument();
    expect(screen.queryByText("Request access")).not.toBeInTheDocument();
  });
});

describe("requesting access", () => {
  it("files the refused permission for an hour with the reason, then follows the request", async () => {
    const filed = accessRequest({ id: "r7" });
    const { calls, router } = setup("/permissions/apply?permission=audit:read", {
      "POST /api/approvals/requests/create": () => ({ status: 201, body: filed }),
      "GET /api/approvals/requests/detail": () => ({ body: filed }),
    });
    expect(await screen.findByText("audit:read")).toBeInTheDocument();
    expect((screen.getByLabelText("For how many hours") as HTMLInputElement).value).toBe("1");

    await press("Request access");
    expect(await screen.findByText("Say why you need it.")).toBeInTheDocument();
    expect(calls.some((c) => c.path === "/api/approvals/requests/create")).toBe(false);

    fireEvent.change(screen.getByLabelText("For how many hours"), { target: { value: "200" } });
    fireEvent.change(screen.getByLabelText("Reason"), { target: { value: "Quarterly review" } });
    await press("Request access");
    expect(await screen.findByText("Enter whole hours, 1 to 168.")).toBeInTheDocument();

    fireEvent.change(screen.getByLabelText("For how many hours"), { target: { value: "1" } });
    await press("Request access");
    await waitFor(() => expect(router.state.location.search).toContain("request=r7"));
    expect(calls.find((c) => c.path === "/api/approvals/requests/create")?.body).toEqual({
      kind: "access",
      permissions: ["audit:read"],
      reason: "Quarterly review",
      durationHours: 1,
    });
    expect(await screen.findByText("Your access request")).toBeInTheDocument();
    expect(screen.getByText("Sent for approval")).toBeInTheDocument();
    expect(screen.getByText("Pending")).toBeInTheDocument();
    expect(screen.getByText("View the request").closest("a")?.getAttribute("href")).toBe("/approvals/r7");
    expect(screen.getByText("Requested by ann")).toBeInTheDocument();
  });

  it("shows an approved request's access once it arrives, with the pages it opens", async () => {
    const approved = accessRequest({
      id: "r7",
      status: "approved",
      executed: true,
      result: { status: 201, grantId: "r7" },
      history: [
        { step: 0, decision: "requested", actor: "u-user", actorName: "ann", at: "2026-03-01T10:00:00Z" },
        { step: 1, decision: "approved", actor: "u-admin", actorName: "root", at: "2026-03-01T10:01:00Z" },
        { step: 0, decision: "executed", actor: "system", actorName: "approvals", comment: "granted audit:read", at: "2026-03-01T10:01:00Z" },
      ],
    });
    setup("/permissions/apply?permission=audit:read&request=r7", { "GET /api/approvals/requests/detail": () => ({ body: approved }) }, [...READER_UI, "menu:audit"], ["audit:read"]);
    expect(await screen.findByText("You hold audit:read now")).toBeInTheDocument();
    expect(screen.getByText(/^The access ends .+, at /)).toBeInTheDocument();
    expect(screen.getByText("Open Audit log").closest("a")?.getAttribute("href")).toBe("/audit");
    expect(screen.getByText(/^Approved by root /)).toBeInTheDocument();
  });

  it("gives the request as text to a role that may not request access", async () => {
    setup("/permissions/apply?permission=audit:read", {}, ["menu:dashboard"]);
    expect(await screen.findByText("Ask an administrator")).toBeInTheDocument();
    expect(screen.getByText("Copy request")).toBeInTheDocument();
  });
});
