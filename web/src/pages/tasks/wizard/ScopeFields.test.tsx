import { fireEvent, screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Credential, Discovered } from "../../../api/types";
import { ADMIN_UI, permissions, services, tokens, user, type Handler } from "../../../test/fakeApi";
import { renderRoutes } from "../../../test/render";
import CreateTask from "../CreateTask";

const org: Credential = {
  id: "c-org", name: "Demo organization", credentialType: "organization", accountId: "100000000001", isActive: true,
  createdBy: "u", createdAt: "", updatedAt: "", version: 1, demo: true,
};
const single: Credential = { ...org, id: "c-one", name: "Demo account", credentialType: "assume_role", accountId: "100000000009" };
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

function setup(createAnswers: { status?: number; body: unknown }[], handlers: Record<string, Handler> = {}) {
  const s = services({
    "GET /api/auth/permissions": () => ({ body: permissions("admin", ADMIN_UI) }),
    "GET /api/meta/services": () => ({
      body: {
        services: [
          { key: "vpc", title: "VPC", family: "Network", actions: [], columns: [], layout: "", resourceType: "", scope: "regional" },
          { key: "s3", title: "S3 Buckets", family: "Storage", actions: [], columns: [], layout: "", resourceType: "", scope: "global" },
        ],
        regions: ["us-east-1", "eu-west-1"],
        families: [],
      },
    }),
    "GET /api/credentials": () => ({ body: { data: [org, single], pagination: { page: 1, page_size: 100, total: 2, total_pages: 1 } } }),
    "GET /api/settings": () => ({ body: { reportRetentionDays: 0, defaultTemplateId: "", exclusions: [{ kind: "account", value: "999999999999", source: "workspace" }], version: 1 } }),
    "GET /api/templates": () => ({ body: { data: [], pagination: { page: 1, page_size: 100, total: 0, total_pages: 1 } } }),
    "POST /api/credentials/discover": () => ({ body: discovered }),
    "POST /api/tasks/create": () => createAnswers.shift() ?? { status: 500, body: {} },
    ...handlers,
  });
  s.session.start(tokens(user()));
  const view = renderRoutes(
    s,
    [
      { path: "/tasks/new", element: <CreateTask /> },
      { path: "/tasks/:id", element: <p>task page</p> },
    ],
    "/tasks/new",
  );
  return { ...s, ...view };
}

const click = (text: string) => fireEvent.click(screen.getByText(text, { selector: "button, button *" }));
const next = () => click("Next");
const stepHeading = (name: string) => waitFor(() => expect(document.querySelector("h1")?.textContent).toContain(name));
const type = (label: string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

/** Opens a Cloudscape select or multiselect (it opens on mouse down) and picks an option. */
async function pick(label: string, option: string) {
  fireEvent.mouseDown(screen.getByLabelText(label, { selector: "button" }));
  const el = await screen.findByText(option, { selector: "[role=option] *" });
  fireEvent.mouseUp(el);
  fireEvent.click(el);
}

async function toProject() {
  next();
  await stepHeading("Project details");
  const values: Record<string, string> = {
    "Client name": "Example", "Project name": "LZ", "BD manager": "B", "Solutions architect": "S", "Cloud engineer": "C", "Cloud engineer email": "c@example.com",
  };
  for (const [label, v] of Object.entries(values)) type(label, v);
  next();
  await stepHeading("Review and start");
}

describe("the wizard's scope", () => {
  it("limits an organization scan to OUs, services and its own exclusions, and shows the API's reason beside a rule", async () => {
    const { calls } = setup([
      { status: 400, body: { error: { code: "VALIDATION_ERROR", message: "invalid", details: { field: "exclusions[0].value", reason: "no such tag key in the workspace's scans" } } } },
      { status: 201, body: { id: "t1", name: "Org scan" } },
    ]);
    await stepHeading("Choose credentials");
    type("Task name", "Org scan");
    fireEvent.click(await screen.findByLabelText("Select Demo organization", { selector: "input" }));
    next();
    await stepHeading("Choose regions and scope");
    click("Only us-east-1");
    expect(await screen.findByText("Organization scope")).toBeInTheDocument();
    expect(await screen.findByText(/^3 active accounts now/)).toBeInTheDocument();
    expect(screen.getByText(/The workspace's exclusions apply too: account 999999999999\./)).toBeInTheDocument();

    fireEvent.click(screen.getByLabelText("Only accounts in some OUs", { selector: "input" }));
    next();
    expect(await screen.findByText("Choose at least one OU.")).toBeInTheDocument();
    await pick("Organizational units", "Root / Workloads");
    expect(await screen.findByText("The scan covers 1 account: staging.")).toBeInTheDocument();
    await pick("Services", "VPC");
    // A multiselect stays open: the next option is picked from the same list.
    const s3 = await screen.findByText("S3 Buckets", { selector: "[role=option] *" });
    fireEvent.mouseUp(s3);
    fireEvent.click(s3);
    click("Add exclusion");
    type("Value of exclusion 1", "Owner=*");
    await toProject();
    expect(screen.getByText("Accounts under Root / Workloads")).toBeInTheDocument();
    expect(screen.getByText("tag Owner=*")).toBeInTheDocument();

    click("Start scan");
    await stepHeading("Choose regions and scope");
    expect(await screen.findByText("no such tag key in the workspace's scans")).toBeInTheDocument();
    type("Value of exclusion 1", "Owner=alice");
    await toProject();
    click("Start scan");
    await waitFor(() => expect(calls.filter((c) => c.path === "/api/tasks/create")).toHaveLength(2));
    expect(calls.filter((c) => c.path === "/api/tasks/create")[1]?.body).toMatchObject({
      credentialIds: ["c-org"],
      regions: ["us-east-1"],
      services: ["vpc", "s3"],
      organization: { ouIds: ["ou-work"] },
      exclusions: [{ kind: "tag", value: "Owner=alice" }],
    });
  });

  it("offers no organization scope without an organization credential, and sends none", async () => {
    const { calls } = setup([{ status: 201, body: { id: "t1", name: "One" } }]);
    await stepHeading("Choose credentials");
    type("Task name", "One");
    fireEvent.click(await screen.findByLabelText("Select Demo account", { selector: "input" }));
    next();
    await stepHeading("Choose regions and scope");
    click("Only us-east-1");
    await screen.findByText("Services", { selector: "h2 *, h2" });
    expect(screen.queryByText("Organization scope")).toBeNull();
    await toProject();
    click("Start scan");
    await waitFor(() => expect(calls.some((c) => c.path === "/api/tasks/create")).toBe(true));
    const body = calls.find((c) => c.path === "/api/tasks/create")?.body;
    expect(body).not.toHaveProperty("organization");
    expect(body).not.toHaveProperty("exclusions");
    expect(calls.some((c) => c.path === "/api/credentials/discover")).toBe(false);
  });
});
