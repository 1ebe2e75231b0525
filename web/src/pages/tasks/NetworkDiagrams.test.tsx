import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { TaskDetail as Detail, TaskDiagram } from "../../api/types";
import { openDownload } from "../../components/download";
import { Flashes } from "../../components/flash";
import { job, services, tokens, user, ADMIN_UI, type Handler } from "../../test/fakeApi";
import { renderRoutes } from "../../test/render";
import { groupDiagrams, NetworkDiagrams, omittedText } from "./NetworkDiagrams";
import TaskDetail from "./TaskDetail";

vi.mock("../../components/download", () => ({ openDownload: vi.fn(), saveBlob: vi.fn() }));

// A label as a scanned account could name a VPC: it must stay text inside an image.
const hostile = `<script>alert(1)</script><img src=x onerror=alert(2)>`;
const diagram = (over: Partial<TaskDiagram>): TaskDiagram => ({
  accountId: "111122223333", region: "us-east-1", title: "111122223333 us-east-1", part: 1, parts: 1, width: 800, height: 600,
  svg: `<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600"><text>${hostile.replace(/</g, "&lt;")}</text></svg>`,
  ...over,
});

let blobs: Blob[] = [];
beforeEach(() => {
  blobs = [];
  // jsdom has no object URLs: each blob gets a numbered one.
  vi.stubGlobal("URL", Object.assign(URL, {
    createObjectURL: vi.fn((b: Blob) => {
      blobs.push(b);
      return `blob:console.test/${blobs.length}`;
    }),
    revokeObjectURL: vi.fn(),
  }));
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.mocked(openDownload).mockClear();
});

function show(answer: Handler) {
  const s = services({ "GET /api/tasks/diagrams": answer });
  s.session.start(tokens(user()));
  return { ...s, ...renderRoutes(s, [{ path: "/", element: <NetworkDiagrams taskId="t1" /> }], "/") };
}

/** Opens a Cloudscape select (it opens on mouse down) and picks an option. */
async function pick(label: string, option: string) {
  fireEvent.mouseDown(screen.getByLabelText(label, { selector: "button" }));
  const el = await screen.findByText(option, { selector: "[role=option] *" });
  fireEvent.mouseUp(el);
  fireEvent.click(el);
}

const image = () => screen.getByRole("img", { name: /^Network diagram: / }) as HTMLImageElement;

describe("the network diagrams of a task", () => {
  it("shows the SVG only as an image of a blob URL, fitted to the width, with a full-size page", async () => {
    const { calls } = show(() => ({ body: { diagrams: [diagram({})], omitted: 0 } }));
    await waitFor(() => expect(image()).toBeInTheDocument());
    expect(calls[0]?.query.get("id")).toBe("t1");
    expect(image().getAttribute("src")).toMatch(/^blob:/);
    expect(image().getAttribute("alt")).toBe("Network diagram: 111122223333 us-east-1");
    expect(image().style.width).toBe("100%");
    expect(blobs[0]?.type).toBe("image/svg+xml");
    // Nothing of the SVG is in the page itself.
    expect(document.querySelector("svg text, script")).toBeNull();
    expect(document.body.innerHTML).not.toContain("alert(");

    const full = screen.getByText("Open full size").closest("a") as HTMLAnchorElement;
    expect(full.getAttribute("target")).toBe("_blank");
    const page = blobs[1] as Blob;
    expect(page.type).toBe("text/html");
    expect(full.getAttribute("href")).toBe("blob:console.test/2");
    const html = await new Promise<string>((resolve) => {
      const r = new FileReader();
      r.onload = () => resolve(String(r.result));
      r.readAsText(page);
    });
    expect(html).toContain(`<img src="${image().getAttribute("src")}"`);
    expect(html).not.toContain("<script");
  });

  it("chooses the account and region, then the part", async () => {
    show(() => ({
      body: {
        diagrams: [
          diagram({}),
          diagram({ region: "eu-west-1", title: "eu big", part: 2, parts: 2 }),
          diagram({ region: "eu-west-1", title: "eu big", part: 1, parts: 2 }),
        ],
        omitted: 0,
      },
    }));
    await waitFor(() => expect(image().alt).toBe("Network diagram: 111122223333 us-east-1"));
    expect(screen.queryByLabelText("Part")).toBeNull();
    await pick("Account and region", "111122223333 · eu-west-1");
    await waitFor(() => expect(image().alt).toBe("Network diagram: eu big"));
    expect(screen.getByText("eu big (part 1 of 2)")).toBeInTheDocument();
    await pick("Part", "Part 2 of 2");
    expect(await screen.findByText("eu big (part 2 of 2)")).toBeInTheDocument();
  });

  it("says when there is no VPC", async () => {
    show(() => ({ body: { diagrams: [], omitted: 0 } }));
    expect(await screen.findByText("No network diagram")).toBeInTheDocument();
    expect(screen.getByText(/found no VPC/)).toBeInTheDocument();
  });

  it("says how many diagrams only the report has when none fit the answer", async () => {
    show(() => ({ body: { diagrams: [], omitted: 2 } }));
    expect(await screen.findByText("2 more diagrams are in the report.")).toBeInTheDocument();
    expect(screen.queryByText(/found no VPC/)).toBeNull();
  });

  it("shows the API's message once the scan results expired", async () => {
    const message = "the scan results of this task expired on 2026-01-01 (results are kept 30 days): its report stays downloadable; scan again for a new inventory";
    show(() => ({ status: 409, body: { error: { code: "CONFLICT", message } } }));
    expect(await screen.findByText(message)).toBeInTheDocument();
    expect(screen.queryByRole("img")).toBeNull();
  });

  it("groups by account and region in part order, and counts what was left out", () => {
    const groups = groupDiagrams([diagram({ part: 2, parts: 2 }), diagram({ region: "eu-west-1" }), diagram({ part: 1, parts: 2 })]);
    expect([...groups.keys()]).toEqual(["111122223333/us-east-1", "111122223333/eu-west-1"]);
    expect(groups.get("111122223333/us-east-1")?.map((d) => d.part)).toEqual([1, 2]);
    expect(omittedText(1)).toBe("1 more diagram is in the report.");
    expect(omittedText(3)).toBe("3 more diagrams are in the report.");
  });
});

const finished: Detail = {
  id: "t1", name: "Quarterly", status: "completed", progress: 100, accounts: ["111122223333"], regions: ["us-east-1"], credentialIds: ["c1"],
  createdAt: "2026-01-01T00:00:00Z", createdBy: "u", createdByName: "root", updatedAt: "2026-01-01T00:00:00Z", version: 3,
  completedAt: "2026-01-01T00:05:00Z", reportId: "r1", unitsDone: 2, unitsFailed: 0, unitsTotal: 2, units: [], outcome: { issues: [], summary: "" },
  projectMetadata: { clientName: "Example", projectName: "LZ", bdManager: "B", solutionsArchitect: "S", cloudEngineer: "C", cloudEngineerEmail: "c@example.com" },
};

function taskPage(handlers: Record<string, Handler>) {
  const s = services({
    "GET /api/auth/permissions": () => ({ body: { role: "admin", permissions: ["*"], uiResources: [...ADMIN_UI] } }),
    "GET /api/tasks/detail": () => ({ body: finished }),
    "GET /api/reports/detail": () => ({ body: { id: "r1", taskId: "t1", template: "Acme", fileName: "r.docx" } }),
    "GET /api/exports": () => ({ body: { data: [], pagination: { page: 1, page_size: 20, total: 0, total_pages: 1 } } }),
    ...handlers,
  });
  s.session.start(tokens(user()));
  const element = (
    <>
      <Flashes />
      <TaskDetail />
    </>
  );
  return { ...s, ...renderRoutes(s, [{ path: "/tasks/:id", element }], "/tasks/t1", { jobPollMs: 20 }) };
}

describe("a finished task's page", () => {
  it.each([
    ["Acme", "Acme"],
    ["", "Built-in"],
  ])("names the template its report was built with (%j: %s)", async (template, shown) => {
    const { calls } = taskPage({ "GET /api/reports/detail": () => ({ body: { id: "r1", taskId: "t1", template, fileName: "r.docx" } }) });
    expect(await screen.findByText("Report template")).toBeInTheDocument();
    expect(await screen.findByText(shown)).toBeInTheDocument();
    expect(calls.find((c) => c.path === "/api/reports/detail")?.query.get("id")).toBe("r1");
  });

  it("exports the inventory as an Excel workbook and follows the job to its download", async () => {
    const done = job({
      kind: "inventory_export", params: { taskId: "t1", format: "xlsx" }, status: "succeeded", records: 12, size: 4096, fileName: "scan.xlsx",
      download: { url: "https://bucket.example/scan.xlsx?sig=1", expiresIn: 600, fileName: "scan.xlsx" },
    });
    const { calls } = taskPage({
      "POST /api/tasks/export": () => ({ status: 202, body: job({ params: { taskId: "t1", format: "xlsx" } }) }),
      "GET /api/exports/detail": () => ({ body: done }),
    });
    // The menu is enabled once the permissions are loaded.
    const menu = () => screen.getByText("Export", { selector: "button *" }).closest("button") as HTMLButtonElement;
    await waitFor(() => expect(menu()).toBeEnabled());
    fireEvent.click(menu());
    fireEvent.click(await screen.findByText("Excel workbook (.xlsx)"));
    await waitFor(() => expect(openDownload).toHaveBeenCalledWith("https://bucket.example/scan.xlsx?sig=1", "scan.xlsx"));
    expect(calls.find((c) => c.path === "/api/tasks/export")?.body).toEqual({ id: "t1", format: "xlsx" });
    expect(await screen.findByText(/^Inventory export \(XLSX\) done: scan\.xlsx/)).toBeInTheDocument();
  });

  it("has a network diagram tab that loads the diagrams when opened", async () => {
    const { calls } = taskPage({ "GET /api/tasks/diagrams": () => ({ body: { diagrams: [diagram({})], omitted: 4 } }) });
    const tab = await screen.findByText("Network diagram", { selector: "[role=tab] *" });
    expect(calls.some((c) => c.path === "/api/tasks/diagrams")).toBe(false);
    fireEvent.click(tab);
    await waitFor(() => expect(image()).toBeInTheDocument());
    expect(within(document.body).getByText("4 more diagrams are in the report.")).toBeInTheDocument();
  });

  it("has no network diagram tab while the scan runs", async () => {
    const s = services({
      "GET /api/tasks/detail": () => ({ body: { ...finished, status: "running", progress: 50, reportId: undefined, completedAt: undefined } }),
    });
    s.session.start(tokens(user()));
    renderRoutes(s, [{ path: "/tasks/:id", element: <TaskDetail /> }], "/tasks/t1");
    expect(await screen.findByText("Units (0)")).toBeInTheDocument();
    expect(screen.queryByText("Network diagram", { selector: "[role=tab] *" })).toBeNull();
  });
});
