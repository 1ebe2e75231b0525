import { fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { TaskDetail } from "../../api/types";
import { services, tokens, user } from "../../test/fakeApi";
import { renderRoutes } from "../../test/render";
import { headerOf, OutcomeBanner, SHOWN_ISSUES } from "./OutcomeBanner";
import { unitStatus } from "./taskUnits";

type Issue = TaskDetail["outcome"]["issues"][number];
const HOSTILE = `<img src=x onerror=alert(1)>=HYPERLINK("http://x")`;

const denied: Issue = {
  service: "lambda", accountId: "111122223333", region: "eu-west-1", status: "access_denied", action: "lambda:ListFunctions",
  reason: `The role may not call lambda:ListFunctions ${HOSTILE}`, fix: "Allow lambda:ListFunctions in the scanner role's policy.",
};
const partial: Issue = {
  service: "cloudfront", accountId: "111122223333", region: "global", status: "partial", reason: "Some details could not be read.",
  fix: "Allow the calls listed.", calls: ["cloudfront:ListTagsForResource"],
};

function show(status: TaskDetail["status"], issues: Issue[], summary = "Completed with warnings: 2 services in 2 of 4 account-regions could not be read completely.") {
  const s = services({ "GET /api/meta/services": () => ({ body: { services: [{ key: "lambda", title: "Lambda functions" }], regions: [], families: [] } }) });
  s.session.start(tokens(user()));
  const task = { status, outcome: { summary, issues } } as Pick<TaskDetail, "status" | "outcome">;
  return renderRoutes(s, [{ path: "/", element: <OutcomeBanner task={task} nameOf={(id) => (id === "111122223333" ? "Production" : undefined)} /> }], "/");
}

describe("the outcome banner", () => {
  it("names the denied action, where, and the fix, with hostile text shown as text", async () => {
    const { container } = show("partially_completed", [denied, partial]);
    expect(await screen.findByText("Completed with warnings")).toBeInTheDocument();
    expect(screen.getByText("2 services in 2 of 4 account-regions could not be read completely.")).toBeInTheDocument();
    const table = screen.getByRole("table", { name: "What the scan could not read" });
    expect(within(table).getByText("lambda:ListFunctions")).toBeInTheDocument();
    expect(within(table).getByText("Allow lambda:ListFunctions in the scanner role's policy.")).toBeInTheDocument();
    expect(within(table).getByText("Access denied")).toBeInTheDocument();
    expect(within(table).getAllByText(/Production \(111122223333\)/).length).toBe(2);
    expect(within(table).getByText("Global services")).toBeInTheDocument();
    expect(within(table).getByText("Calls that failed: cloudfront:ListTagsForResource")).toBeInTheDocument();
    expect(await within(table).findByText("Lambda functions")).toBeInTheDocument();
    expect(within(table).getByText(`The role may not call lambda:ListFunctions ${HOSTILE}`)).toBeInTheDocument();
    expect(container.querySelector("img")).toBeNull();
  });

  it("is an error for a failed scan and shows nothing when every service was read", async () => {
    const failed = show("failed", [denied], "Failed: 1 service could not be read.");
    expect(await screen.findByText("Failed")).toBeInTheDocument();
    expect(failed.container.querySelector('[class*="type-error"]')).not.toBeNull();
    expect(failed.container.querySelector('[class*="type-warning"]')).toBeNull();
    failed.unmount();
    const { container } = show("completed", [], "Completed: every service was read in 4 account-regions.");
    expect(container.textContent).toBe("");
  });

  it("shows the first issues and all of them on request", async () => {
    const many = Array.from({ length: SHOWN_ISSUES + 2 }, (_, i) => ({ ...denied, region: `eu-west-${i}` }));
    show("partially_completed", many);
    const table = await screen.findByRole("table", { name: "What the scan could not read" });
    expect(within(table).getAllByText("lambda:ListFunctions")).toHaveLength(SHOWN_ISSUES);
    fireEvent.click(screen.getByRole("button", { name: `Show all ${many.length}` }));
    expect(within(table).getAllByText("lambda:ListFunctions")).toHaveLength(many.length);
  });

  it("reads the summary as a header and a sentence", () => {
    expect(headerOf("Completed with warnings: 1 service")).toBe("Completed with warnings");
    expect(headerOf("")).toBe("The scan did not read everything");
  });
});

describe("a unit's status", () => {
  it.each([
    [{ status: "done", warnings: 0 }, { type: "success", label: "Done" }],
    [{ status: "done", warnings: 2 }, { type: "warning", label: "Completed with warnings (2)" }],
    [{ status: "failed", warnings: 1 }, { type: "error", label: "Failed" }],
    [{ status: "running", warnings: 0 }, { type: "in-progress", label: "Running" }],
  ])("%o reads %o", (u, want) => {
    expect(unitStatus(u)).toEqual(want);
  });
});
