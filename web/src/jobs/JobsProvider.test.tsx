import { fireEvent, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useApi } from "../app/services";
import { openDownload } from "../components/download";
import { Flashes } from "../components/flash";
import { useBackgroundJob } from "../hooks/useBackgroundJob";
import { ADMIN_UI, job, permissions, services, tokens, user, type Handler } from "../test/fakeApi";
import { renderRoutes } from "../test/render";

vi.mock("../components/download", () => ({ openDownload: vi.fn(), saveBlob: vi.fn() }));

const POLL_MS = 20;

function ExportButton() {
  const api = useApi();
  const exportCsv = useBackgroundJob({ start: () => api.tasks.exportInventory("t1", "csv"), errorHeader: "The export could not start" });
  return (
    <>
      <Flashes />
      <button type="button" onClick={() => exportCsv.start()}>
        Export CSV
      </button>
    </>
  );
}

/** The export button over a fake API whose detail answers come from `details` in turn (the last one repeats). */
function setup(start: Handler, details: ReturnType<typeof job>[]) {
  const s = services({
    "GET /api/auth/permissions": () => ({ body: permissions("admin", ADMIN_UI) }),
    "POST /api/tasks/export": start,
    "GET /api/exports/detail": () => ({ body: details.length > 1 ? details.shift() : details[0] }),
    "GET /api/exports": () => ({ body: { data: [], pagination: { page: 1, page_size: 20, total: 0, total_pages: 1 } } }),
  });
  s.session.start(tokens(user()));
  const view = renderRoutes(s, [{ path: "/", element: <ExportButton /> }], "/", { jobPollMs: POLL_MS });
  fireEvent.click(screen.getByText("Export CSV"));
  const detailCalls = () => s.calls.filter((c) => c.path === "/api/exports/detail").length;
  return { ...s, ...view, detailCalls };
}

afterEach(() => vi.mocked(openDownload).mockClear());

describe("a background job", () => {
  it("shows its progress, polls until it ends, then downloads the file and stops polling", async () => {
    const done = job({
      status: "succeeded",
      records: 42,
      size: 2048,
      fileName: "scan.csv",
      download: { url: "https://bucket.s3.example/scan.csv?X-Amz-Signature=x", expiresIn: 600, fileName: "scan.csv" },
    });
    const { calls, detailCalls } = setup(() => ({ status: 202, body: job() }), [job({ status: "running", records: 7 }), done]);
    expect(await screen.findByText("Inventory export (CSV) started")).toBeInTheDocument();
    await waitFor(() => expect(openDownload).toHaveBeenCalledWith(done.download?.url, "scan.csv"));
    expect(await screen.findByText(/scan\.csv \(42 records, 2\.0 KB\) downloaded/)).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByText("Inventory export (CSV) started")).not.toBeInTheDocument());
    expect(calls.find((c) => c.path === "/api/tasks/export")?.body).toEqual({ id: "t1", format: "csv" });
    expect(calls.find((c) => c.path === "/api/exports/detail")?.query.get("id")).toBe("job-1");
    // The download link goes to the browser, never through the API client.
    expect(calls.some((c) => c.path.includes("scan.csv"))).toBe(false);
    const polled = detailCalls();
    expect(polled).toBe(2);
    await new Promise((r) => setTimeout(r, POLL_MS * 10));
    expect(detailCalls()).toBe(polled);
    expect(openDownload).toHaveBeenCalledTimes(1);
  });

  it("shows the job's error when it fails", async () => {
    const { detailCalls } = setup(() => ({ status: 202, body: job() }), [job({ status: "failed", error: "The task's results could not be read." })]);
    expect(await screen.findByText("Inventory export (CSV) failed")).toBeInTheDocument();
    expect(screen.getByText("The task's results could not be read.")).toBeInTheDocument();
    expect(openDownload).not.toHaveBeenCalled();
    const polled = detailCalls();
    await new Promise((r) => setTimeout(r, POLL_MS * 10));
    expect(detailCalls()).toBe(polled);
  });

  it("shows the API's message when the user already runs too many jobs (429)", async () => {
    const message = "You already run 3 exports or rebuilds (jobs.PerUser); wait for one to finish.";
    const { detailCalls } = setup(() => ({ status: 429, body: { error: { code: "RATE_LIMITED", message } } }), [job()]);
    expect(await screen.findByText(message)).toBeInTheDocument();
    expect(screen.getByText("The export could not start")).toBeInTheDocument();
    expect(detailCalls()).toBe(0);
  });

  it("announces the report a rebuild made, with its version", async () => {
    const s = services({
      "GET /api/auth/permissions": () => ({ body: permissions("admin", ADMIN_UI) }),
      "POST /api/reports/rebuild": () => ({ status: 202, body: job({ kind: "report_rebuild", params: { taskId: "t1" } }) }),
      "GET /api/exports/detail": () => ({ body: job({ kind: "report_rebuild", params: { taskId: "t1" }, status: "succeeded", reportId: "r2", fileName: "acme.docx" }) }),
      "GET /api/reports/detail": () => ({ body: { id: "r2", taskId: "t1", taskName: "scan", fileName: "acme.docx", version: 2, fileSize: 10, format: "docx", createdAt: "2026-01-01T00:00:00Z" } }),
    });
    s.session.start(tokens(user()));
    function Rebuild() {
      const api = useApi();
      const rebuild = useBackgroundJob({ start: () => api.reports.rebuild("t1"), errorHeader: "The rebuild could not start" });
      return (
        <>
          <Flashes />
          <button type="button" onClick={() => rebuild.start()}>
            Rebuild
          </button>
        </>
      );
    }
    renderRoutes(s, [{ path: "/", element: <Rebuild /> }], "/", { jobPollMs: POLL_MS });
    fireEvent.click(screen.getByText("Rebuild"));
    expect(await screen.findByText("Report acme.docx (version 2) built.")).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "View the reports of this task" })).toHaveAttribute("href", "/reports?task_id=t1");
    expect(openDownload).not.toHaveBeenCalled();
  });
});
