import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Credential } from "../../api/types";
import { formatDate } from "../../format";
import { ADMIN_UI, permissions, services, tokens, user, type Handler } from "../../test/fakeApi";
import { renderRoutes } from "../../test/render";
import CredentialDetail from "./CredentialDetail";

const HOSTILE = `<img src=x onerror=alert(1)>=HYPERLINK("x")`;
const base: Credential = {
  id: "c1", name: `Prod ${HOSTILE}`, credentialType: "assume_role", accountId: "123456789012", roleArn: "arn:aws:iam::123456789012:role/CloudCensusScanner",
  isActive: true, createdBy: "u-admin", createdAt: "2026-01-01T00:00:00Z", updatedAt: "2026-01-01T00:00:00Z", version: 1,
};
const other: Credential = { ...base, id: "c2", name: "Prod again", duplicateOf: [base.name] };
const service = (key: string, title: string) => ({ key, title, family: "x", resourceType: "x", scope: "regional", layout: "table", columns: [], actions: [] });

function setup(c: Credential, handlers: Record<string, Handler> = {}) {
  const s = services({
    "GET /api/auth/permissions": () => ({ body: permissions("admin", ADMIN_UI) }),
    "GET /api/credentials/detail": () => ({ body: c }),
    "GET /api/credentials": () => ({ body: { data: [c, other], pagination: { page: 1, page_size: 100, total: 2, total_pages: 1 } } }),
    "GET /api/meta/services": () => ({ body: { services: [service("ec2", "EC2 Instances"), service("lambda", "Lambda Functions"), service("s3", "S3 Buckets")], regions: [], families: [] } }),
    ...handlers,
  });
  s.session.start(tokens(user()));
  return { ...s, ...renderRoutes(s, [{ path: "/credentials/:id", element: <CredentialDetail /> }], `/credentials/${c.id}`) };
}

/** The rows of the per-service table, as text per cell. */
function serviceRows() {
  const table = [...document.querySelectorAll("table")].find((t) => t.querySelector("thead")?.textContent?.includes("Denied action"));
  return [...(table?.querySelectorAll("tbody tr") ?? [])].map((tr) => [...tr.querySelectorAll("td, th")].map((td) => td.textContent?.trim()));
}

describe("a credential's page", () => {
  it("counts a scan's sign-in for a credential never validated", async () => {
    const at = "2026-02-01T08:00:00Z";
    setup({ ...base, lastSignedInByScanAt: at });
    expect(await screen.findByText(`Signed in by a scan at ${formatDate(at)}`)).toBeInTheDocument();
    expect(screen.getByText("Last signed in by a scan")).toBeInTheDocument();
    expect(screen.queryByText("Not validated")).not.toBeInTheDocument();
    expect(document.querySelector("img")).toBeNull();
  });

  it("says Not validated without either proof", async () => {
    setup(base);
    expect(await screen.findByText("Not validated")).toBeInTheDocument();
    expect(screen.queryByText(/Services a scan can read/)).not.toBeInTheDocument();
  });

  it("lists what the validation's dry run could read, the unreadable services first with the denied action", async () => {
    setup({
      ...base,
      lastValidatedAt: "2026-02-02T08:00:00Z",
      validation: {
        ok: true, reason: "missing_permissions", message: "Signs in; 1 service could not be read", unreadable: 1,
        services: [
          { service: "ec2", region: "us-east-1", status: "ok" },
          { service: "s3", region: "global", status: "ok" },
          { service: "lambda", region: "us-east-1", status: "access_denied", action: "lambda:ListFunctions" },
        ],
      },
    });
    expect(await screen.findByText("Last validation: signs in, 1 service unreadable")).toBeInTheDocument();
    expect(screen.getByText("Valid, 1 service unreadable")).toBeInTheDocument();
    expect(screen.getByText(/^1 service unreadable: a scan would miss/)).toBeInTheDocument();
    await waitFor(() => expect(serviceRows()[0]?.[0]).toBe("Lambda Functions"));
    expect(serviceRows()).toEqual([
      ["Lambda Functions", "us-east-1", "No (access denied)", "lambda:ListFunctions"],
      ["EC2 Instances", "us-east-1", "Yes", "-"],
      ["S3 Buckets", "Global", "Yes", "-"],
    ]);
  });

  it("warns of a duplicate, as the account's list names it, and links the other credential", async () => {
    // The detail answer carries no duplicateOf: the list of the account's credentials does.
    const { calls } = setup(base, {
      "GET /api/credentials": () => ({ body: { data: [{ ...base, duplicateOf: ["Prod again"] }, other], pagination: { page: 1, page_size: 100, total: 2, total_pages: 1 } } }),
    });
    const notice = (await screen.findByText("Duplicate credential")).closest("[role=alert], [class*=alert]") as HTMLElement;
    expect(within(notice ?? document.body).getByText(/reaches account 123456789012 the same way/)).toBeInTheDocument();
    const link = await screen.findByRole("link", { name: "Prod again" });
    expect(link.getAttribute("href")).toBe("/credentials/c2");
    expect(calls.find((c) => c.path === "/api/credentials")?.query.get("accountId")).toBe("123456789012");
  });

  it("shows no duplicate notice otherwise", async () => {
    setup(base);
    await screen.findByText("Not validated");
    expect(screen.queryByText("Duplicate credential")).not.toBeInTheDocument();
  });
});
