import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { Report } from "../api/types";
import { Flashes } from "../components/flash";
import { ADMIN_UI, permissions, services, tokens, user } from "../test/fakeApi";
import { renderRoutes } from "../test/render";
import Reports from "./Reports";

function report(over: Partial<Report>): Report {
  return {
    id: "r1",
    taskId: "t1",
    taskName: "Nightly scan",
    clientName: "Acme Corp",
    projectName: "Landing zone",
    project: "Landing zone",
    fileName: "acme-landing-zone-v1.docx",
    fileSize: 2048,
    format: "docx",
    version: "1.0",
    author: "root",
    description: "",
    resources: 12,
    createdBy: "u-admin",
    generatedAt: "2026-01-01T10:00:00Z",
    createdAt: "2026-01-01T10:00:00Z",
    updatedAt: "2026-01-01T10:00:00Z",
    ...over,
  };
}

const ROWS = [report({}), report({ id: "r2", clientName: "<img src=x onerror=alert(1)>", projectName: `=HYPERLINK("x")`, fileName: "other.docx" })];

function setup(path = "/reports") {
  const s = services({
    "GET /api/auth/permissions": () => ({ body: permissions("admin", ADMIN_UI) }),
    // The server filters: nothing matches "nothing".
    "GET /api/reports": (r) => {
      const data = r.query.get("q") === "nothing" ? [] : ROWS;
      return { body: { data, pagination: { page: 1, page_size: 20, total: data.length, total_pages: 1 } } };
    },
  });
  s.session.start(tokens(user()));
  const element = (
    <>
      <Flashes />
      <Reports />
    </>
  );
  return { ...s, ...renderRoutes(s, [{ path: "/reports", element }], path) };
}

const reportCalls = (calls: { path: string; query: URLSearchParams }[]) => calls.filter((c) => c.path === "/api/reports");

describe("the reports page", () => {
  it("names each report's client and project, as text", async () => {
    setup();
    const headers = (await screen.findAllByRole("columnheader")).map((h) => h.textContent);
    expect(headers).toEqual(expect.arrayContaining(["Client", "Project"]));
    const acme = (await screen.findByText("acme-landing-zone-v1.docx")).closest("tr") as HTMLElement;
    expect(within(acme).getByText("Acme Corp")).toBeInTheDocument();
    expect(within(acme).getByText("Landing zone")).toBeInTheDocument();
    const hostile = (await screen.findByText("other.docx")).closest("tr") as HTMLElement;
    expect(within(hostile).getByText("<img src=x onerror=alert(1)>")).toBeInTheDocument();
    expect(within(hostile).getByText(`=HYPERLINK("x")`)).toBeInTheDocument();
    expect(hostile.querySelector("img")).toBeNull();
  });

  it("sends the search as q once typing stops, and keeps it in the address", async () => {
    const { calls, router } = setup();
    await screen.findByText("acme-landing-zone-v1.docx");
    const before = reportCalls(calls).length;
    fireEvent.change(screen.getByLabelText("Find reports"), { target: { value: "  Acme  " } });
    // Nothing goes while the user is typing.
    expect(reportCalls(calls)).toHaveLength(before);
    await waitFor(() => expect(reportCalls(calls).at(-1)?.query.get("q")).toBe("Acme"), { timeout: 2000 });
    expect(new URLSearchParams(router.state.location.search).get("q")).toBe("Acme");
    expect((await screen.findAllByText("2 matches"))[0]).toBeVisible();
  });

  it("says nothing matches a search, and clears it", async () => {
    const { calls, router } = setup("/reports?q=nothing");
    expect(await screen.findByText("No matches")).toBeInTheDocument();
    expect((screen.getByLabelText("Find reports") as HTMLInputElement).value).toBe("nothing");
    fireEvent.click(screen.getByText("Clear filters", { selector: "button *" }));
    expect(await screen.findByText("acme-landing-zone-v1.docx")).toBeInTheDocument();
    expect(reportCalls(calls).at(-1)?.query.has("q")).toBe(false);
    expect(router.state.location.search).toBe("");
    expect((screen.getByLabelText("Find reports") as HTMLInputElement).value).toBe("");
  });
});
