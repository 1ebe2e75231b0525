import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Discovered, UiResource } from "../../api/types";
import { ADMIN_UI, permissions, services, tokens, user, USER_UI, type Handler } from "../../test/fakeApi";
import { renderRoutes } from "../../test/render";
import { MemberAccounts } from "./MemberAccounts";

const discovered: Discovered = {
  managementAccountId: "100000000001",
  active: 3,
  accounts: [
    { id: "100000000001", name: "production", email: "p@example.com", ouPath: "Root", ouIds: ["r-1"], status: "ACTIVE" },
    { id: "100000000002", name: "security-audit", email: "a@example.com", ouPath: "Root / Security", ouIds: ["r-1", "ou-sec"], status: "ACTIVE" },
    { id: "100000000003", name: "old-sandbox", email: "s@example.com", ouPath: "Root / Workloads / Prod", ouIds: ["r-1", "ou-work", "ou-prod"], status: "SUSPENDED" },
    { id: "100000000004", name: "staging", email: "t@example.com", ouPath: "Root / Workloads / Staging", ouIds: ["r-1", "ou-work", "ou-stag"], status: "ACTIVE" },
  ],
};

function setup(discover: Handler, ui: readonly UiResource[] = ADMIN_UI) {
  const s = services({
    "GET /api/auth/permissions": () => ({ body: permissions("admin", ui) }),
    "POST /api/credentials/discover": discover,
  });
  s.session.start(tokens(user()));
  return { ...s, ...renderRoutes(s, [{ path: "/", element: <MemberAccounts credential={{ id: "c-org", name: "Org" }} /> }], "/") };
}

const discoverButton = () => screen.findByText("Discover", { selector: "button, button *" });

describe("an organization credential's member accounts", () => {
  it("lists nothing until Discover is pressed, then every account with its OU path and status, filtered by text", async () => {
    const { calls } = setup(() => ({ body: discovered }));
    fireEvent.click(await discoverButton());
    expect(await screen.findByText("old-sandbox")).toBeInTheDocument();
    expect(calls.find((c) => c.path === "/api/credentials/discover")?.body).toEqual({ id: "c-org" });
    expect(screen.getByText(/3 active of 4 accounts, listed through management account 100000000001/)).toBeInTheDocument();
    const row = screen.getByText("old-sandbox").closest("tr") as HTMLElement;
    expect(within(row).getByText("Root / Workloads / Prod")).toBeInTheDocument();
    expect(within(row).getByText("Suspended")).toBeInTheDocument();
    expect(within(row).getByText("s@example.com")).toBeInTheDocument();
    expect(screen.getAllByText("Active")).toHaveLength(3);

    fireEvent.change(screen.getByPlaceholderText("Find accounts"), { target: { value: "Security" } });
    await waitFor(() => expect(screen.queryByText("old-sandbox")).toBeNull());
    expect(screen.getByText("security-audit")).toBeInTheDocument();
    expect(screen.getAllByText("1 match").length).toBeGreaterThan(0);
  });

  it("shows the API's refusal naming the actions the role lacks as an alert", async () => {
    setup(() => ({
      status: 503,
      body: {
        error: {
          code: "UNAVAILABLE",
          message: "AWS Organizations refused the listing: check that the role is in the management (or a delegated administrator) account and may call organizations:ListRoots",
        },
      },
    }));
    fireEvent.click(await discoverButton());
    expect(await screen.findByText("The member accounts could not be listed")).toBeInTheDocument();
    expect(screen.getByText(/may call organizations:ListRoots/)).toBeInTheDocument();
  });

  it("offers no Discover to a role that may not validate credentials", async () => {
    setup(() => ({ body: discovered }), USER_UI);
    expect(await screen.findByText("Your role may not list the member accounts.")).toBeInTheDocument();
    expect(screen.queryByText("Discover", { selector: "button, button *" })).toBeNull();
  });
});
