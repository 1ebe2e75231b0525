import { fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { TaskDetail } from "../../api/types";
import { services, tokens, user } from "../../test/fakeApi";
import { renderRoutes } from "../../test/render";
import { headerOf, OutcomeBanner, SHOWN_ISSUES } from "./OutcomeBanner";

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

const failedHostile: Issue = {
  service: HOSTILE, accountId: "444455556666", region: "us-east-1", status: "error", reason: `Reading ${HOSTILE} failed: boom.`, fix: "Scan again.",
};

function show(status: TaskDetail["status"], issues: Issue[], summary = "Completed with warnings: 2 services in 2 of 4 account-regions could not be read completely.") {
  const s = services({ "GET /api/meta/services": () => ({ body: { services: [{ key: "lambda", title: "Lambda functions" }], regions: [], families: [] } }) });
  s.session.start(tokens(user()));
  const task = { status, outcome: { summary, issues } } as Pick<TaskDetail, "status" | "outcome">;
  return renderRoutes(s, [{ path: "/", element: <OutcomeBanner task={task} nameOf={(id) => (id === "111122223333" ? "Production" : undefined)} /> }], "/");
}

describe("the outcome banner", () => {
  it("names the denied action, where, and the fix, with hostile text shown as text", async () => {
    const { container } = show("partially_completed", [denied, partial, failedHostile]);
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
    // A service key the catalog does not know is shown as sent, as text.
    expect(within(table).getByText(HOSTILE)).toBeInTheDocument();
    expect(within(table).getByText(`Reading ${HOSTILE} failed: boom.`)).toBeInTheDocument();
    expect(within(table).getByText("444455556666")).toBeInTheDocument();
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

  it("shows the first issues and folds the rest into an expandable section", async () => {
    const many = Array.from({ length: SHOWN_ISSUES + 2 }, (_, i) => ({ ...denied, region: `eu-west-${i}` }));
    show("partially_completed", many);
    const table = await screen.findByRole("table", { name: "What the scan could not read" });
    expect(within(table).getAllByText("lambda:ListFunctions")).toHaveLength(SHOWN_ISSUES);
    const more = screen.getByRole("button", { name: "2 more services not read completely" });
    expect(more).toHaveAttribute("aria-expanded", "false");
    fireEvent.click(more);
    expect(more).toHaveAttribute("aria-expanded", "true");
    const rest = await screen.findByRole("table", { name: "More of what the scan could not read" });
    expect(within(rest).getByText(`eu-west-${SHOWN_ISSUES + 1}`)).toBeInTheDocument();
    expect(within(rest).getAllByText("lambda:ListFunctions")).toHaveLength(2);
  });

  it("has no expandable section for a few issues", async () => {
    show("partially_completed", [denied]);
    await screen.findByRole("table", { name: "What the scan could not read" });
    expect(screen.queryByRole("button", { name: /more services/ })).toBeNull();
  });

  it("reads the summary as a header and a sentence", () => {
    expect(headerOf("Completed with warnings: 1 service")).toBe("Completed with warnings");
    expect(headerOf("")).toBe("The scan did not read everything");
  });
});
