import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Coverage, OrgAccount, TaskUnit } from "../../api/types";
import { services, tokens, user } from "../../test/fakeApi";
import { renderRoutes } from "../../test/render";
import { CoverageGrid } from "./CoverageGrid";
import { coverageLook } from "./coverageStatus";
import { memberOutcome } from "./TaskScope";

const cov = (over: Partial<Coverage> & Pick<Coverage, "service" | "accountId" | "region" | "status">): Coverage => ({
  resources: 0, calls: 1, throttles: 0, retries: 0, durationMs: 20, ...over,
});
const unit = (accountId: string, region: string, coverage: Coverage[]): TaskUnit => ({
  accountId, region, credentialId: "c-org", status: "done", calls: 1, resources: coverage.reduce((n, c) => n + c.resources, 0), throttles: 0, warnings: 0, durationMs: 1, coverage,
});

const member = (id: string, name: string, status = "ACTIVE"): OrgAccount => ({ id, name, email: `${name}@example.com`, ouPath: "Root", ouIds: ["r-1"], status });
const members = [member("100000000001", "production"), member("210000000002", "security-audit"), member("210000000001", "old-sandbox", "SUSPENDED")];

const units = [
  unit("100000000001", "us-east-1", [
    cov({ service: "vpc", accountId: "100000000001", region: "us-east-1", status: "ok", resources: 3 }),
    cov({ service: "cloudfront", accountId: "100000000001", region: "us-east-1", status: "partial", resources: 2, partial: ["cloudfront:ListDistributionsByWebACLId (AccessDenied)", "cloudfront:ListTagsForResource (AccessDenied)"] }),
    // The API's description does not list excluded yet; the backend sends it.
    cov({ service: "lambda", accountId: "100000000001", region: "us-east-1", status: "excluded" as Coverage["status"] }),
  ]),
  unit("210000000002", "us-east-1", [
    cov({ service: "vpc", accountId: "210000000002", region: "us-east-1", status: "access_denied", error: "cannot assume CloudCensusOrgScanner in security-audit (210000000002)" }),
  ]),
];

function show() {
  const s = services({ "GET /api/meta/services": () => ({ body: { services: [], regions: [], families: [] } }) });
  s.session.start(tokens(user()));
  return renderRoutes(s, [{ path: "/", element: <CoverageGrid units={units} members={members} /> }], "/");
}

describe("the coverage grid", () => {
  it("maps partial and excluded to their own status indicator types", () => {
    expect(coverageLook("partial")).toMatchObject({ type: "warning", label: "Partial" });
    expect(coverageLook("excluded")).toMatchObject({ type: "stopped", label: "Excluded" });
    expect(coverageLook("access_denied").type).toBe("error");
    expect(coverageLook("something_new")).toMatchObject({ type: "info", label: "Something new" });
  });

  it("names member accounts, says partial and excluded in words, and lists a partial cell's failed calls", async () => {
    show();
    expect(await screen.findByText("security-audit")).toBeInTheDocument();
    const table = screen.getByRole("region", { name: "Coverage matrix" });
    const excluded = table.querySelector('td[data-status="excluded"]') as HTMLElement;
    expect(excluded).toHaveTextContent("Excluded");
    expect(table.querySelector('td[data-status="access_denied"][data-account="210000000002"]')).toHaveTextContent("Denied");
    const partial = table.querySelector('td[data-status="partial"]') as HTMLElement;
    expect(partial).toHaveTextContent("Partial");
    expect(partial.title).toContain("not readable: cloudfront:ListDistributionsByWebACLId (AccessDenied)");

    const partialButton = within(partial).getByRole("button");
    fireEvent.click(partialButton);
    const list = await screen.findByRole("list", { name: "Calls that failed" });
    expect(within(list).getAllByRole("listitem").map((li) => li.textContent)).toEqual([
      "cloudfront:ListDistributionsByWebACLId (AccessDenied)",
      "cloudfront:ListTagsForResource (AccessDenied)",
    ]);
    expect(screen.getByText("cloudfront in production (100000000001), us-east-1")).toBeInTheDocument();
    expect(screen.getByText("Excluded = left out by a scope rule")).toBeInTheDocument();

    // Escape closes the detail; another cell opens its own.
    fireEvent.keyDown(partialButton, { key: "Escape", keyCode: 27 });
    await waitFor(() => expect(screen.queryByRole("list", { name: "Calls that failed" })).toBeNull());
    fireEvent.click(within(table.querySelector('td[data-status="access_denied"]') as HTMLElement).getByRole("button"));
    expect(await screen.findByText("cannot assume CloudCensusOrgScanner in security-audit (210000000002)")).toBeInTheDocument();
    expect(screen.queryByRole("list", { name: "Calls that failed" })).toBeNull();
  });

  it("is one tab stop whose arrow keys move between the cells that have a detail", async () => {
    show();
    await screen.findByText("security-audit");
    const buttons = [...screen.getByRole("region", { name: "Coverage matrix" }).querySelectorAll<HTMLButtonElement>("button[data-r]")];
    // Rows: cloudfront, lambda, vpc; columns: production, security-audit (which has vpc only).
    expect(buttons.filter((b) => b.tabIndex === 0).map((b) => `${b.dataset.r},${b.dataset.c}`)).toEqual(["0,0"]);
    const at = () => `${(document.activeElement as HTMLElement).dataset.r},${(document.activeElement as HTMLElement).dataset.c}`;
    buttons[0]!.focus();
    fireEvent.keyDown(document.activeElement as HTMLElement, { key: "ArrowDown" });
    expect(at()).toBe("1,0");
    // No cell to the right of lambda: the focus stays.
    fireEvent.keyDown(document.activeElement as HTMLElement, { key: "ArrowRight" });
    expect(at()).toBe("1,0");
    fireEvent.keyDown(document.activeElement as HTMLElement, { key: "ArrowDown" });
    fireEvent.keyDown(document.activeElement as HTMLElement, { key: "ArrowRight" });
    expect(at()).toBe("2,1");
    expect(document.activeElement).toHaveAttribute("aria-label", "vpc in security-audit (210000000002), us-east-1: Access denied");
    // The cell focused last is the grid's tab stop.
    expect(buttons.filter((b) => b.tabIndex === 0).map((b) => `${b.dataset.r},${b.dataset.c}`)).toEqual(["2,1"]);
    fireEvent.keyDown(document.activeElement as HTMLElement, { key: "Home" });
    expect(at()).toBe("2,0");
  });

  it("tells what came of each member account", () => {
    expect(memberOutcome(members[0]!, units)).toEqual({ outcome: "scanned", resources: 5 });
    expect(memberOutcome(members[1]!, units).outcome).toBe("denied");
    expect(memberOutcome(members[2]!, units).outcome).toBe("inactive");
    expect(memberOutcome(member("300000000000", "elsewhere"), units).outcome).toBe("outside");
  });
});
