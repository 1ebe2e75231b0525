import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Template, UiResource } from "../../api/types";
import { openDownload } from "../../components/download";
import { Flashes } from "../../components/flash";
import { ADMIN_UI, permissions, services, tokens, user, USER_UI, type Handler } from "../../test/fakeApi";
import { renderRoutes } from "../../test/render";
import { knownPlaceholders } from "./placeholders";
import TemplateList from "./TemplateList";

vi.mock("../../components/download", () => ({ openDownload: vi.fn(), saveBlob: vi.fn() }));

const KNOWN = ["BD Manager", "Client Name", "Cloud Engineer", "Cloud Engineer Email", "Platform Name", "Project Name", "Report Date", "Solutions Architect", "Task Name", "Version"];
const template = (over: Partial<Template>): Template => ({
  id: "t1", name: "Acme", fileSize: 20_480, placeholders: ["Client Name", "Report Date"], createdBy: "u", builtIn: false, default: false,
  createdAt: "2026-02-01T10:00:00Z", updatedAt: "2026-02-01T10:00:00Z", version: 1,
  ...over,
});
const builtIn = template({ id: "builtin", name: "CloudCensus (built-in)", fileSize: 0, placeholders: KNOWN, builtIn: true, default: true, createdAt: "0001-01-01T00:00:00Z" });
const page = (data: Template[]) => ({ data, pagination: { page: 1, page_size: 20, total: data.length, total_pages: 1 } });
const invalid = (field: string, reason: string) => ({ status: 400, body: { error: { code: "VALIDATION_ERROR", message: reason, details: { field, reason } } } });

function setup(handlers: Record<string, Handler>, ui: readonly UiResource[] = ADMIN_UI) {
  const s = services({ "GET /api/auth/permissions": () => ({ body: permissions("admin", ui) }), ...handlers });
  s.session.start(tokens(user()));
  const element = (
    <>
      <Flashes />
      <TemplateList />
    </>
  );
  return { ...s, ...renderRoutes(s, [{ path: "/templates", element }], "/templates") };
}

/** The page's own buttons of that text: the dialogs are in the DOM, hidden, until opened. */
const pageButtons = (text: string) =>
  screen
    .queryAllByText(text, { selector: "button *" })
    .filter((el) => !el.closest('[role="dialog"]'))
    .map((el) => el.closest("button") as HTMLButtonElement);
const button = (text: string) => {
  const [b] = pageButtons(text);
  if (!b) throw new Error(`no button ${text}`);
  return b;
};
const press = async (text: string) => {
  await waitFor(() => expect(pageButtons(text)).toHaveLength(1));
  fireEvent.click(button(text));
};
const select = async (name: string) => fireEvent.click(await screen.findByLabelText(`Select ${name}`, { selector: "input" }));
const dialog = (name = "Upload template") => screen.getByRole("dialog", { name });
/** Cloudscape keeps a button with a disabled reason focusable: it is aria-disabled instead. */
const isDisabled = (b: HTMLButtonElement) => b.disabled || b.getAttribute("aria-disabled") === "true";

afterEach(() => {
  vi.mocked(openDownload).mockClear();
  vi.unstubAllGlobals();
});

describe("the report templates page", () => {
  it("lists the built-in template first with its badges, and keeps it from being deleted", async () => {
    setup({ "GET /api/templates": () => ({ body: page([builtIn, template({})]) }) });
    expect(await screen.findByText("CloudCensus (built-in)")).toBeInTheDocument();
    const rows = screen.getAllByRole("row");
    expect(within(rows[1] as HTMLElement).getByText("Default")).toBeInTheDocument();
    expect(within(rows[1] as HTMLElement).getByText("Built-in")).toBeInTheDocument();
    expect(within(rows[1] as HTMLElement).getByText("10")).toBeInTheDocument();
    expect(within(rows[2] as HTMLElement).getByText("Uploaded")).toBeInTheDocument();
    expect(within(rows[2] as HTMLElement).getByText("20.0 KB")).toBeInTheDocument();

    await select("CloudCensus (built-in)");
    await waitFor(() => expect(isDisabled(button("Delete"))).toBe(true));
    expect(isDisabled(button("Make default"))).toBe(true);
    await select("Acme");
    await waitFor(() => expect(isDisabled(button("Delete"))).toBe(false));
    expect(isDisabled(button("Make default"))).toBe(false);
  });

  it("shows only the actions the role has", async () => {
    setup({ "GET /api/templates": () => ({ body: page([builtIn]) }) }, [...USER_UI, "menu:templates"]);
    expect(await screen.findByText("CloudCensus (built-in)")).toBeInTheDocument();
    expect(pageButtons("Download")).toHaveLength(1);
    expect(pageButtons("Upload template")).toHaveLength(0);
    expect(pageButtons("Make default")).toHaveLength(0);
    expect(pageButtons("Delete")).toHaveLength(0);
  });

  it("downloads the selected template through its short-lived link", async () => {
    const { calls } = setup({
      "GET /api/templates": () => ({ body: page([builtIn]) }),
      "GET /api/templates/download": () => ({ body: { url: "https://bucket.example/t.docx?sig=1", expiresIn: 600, fileName: "CloudCensus-template.docx" } }),
    });
    await select("CloudCensus (built-in)");
    await press("Download");
    await waitFor(() => expect(openDownload).toHaveBeenCalledWith("https://bucket.example/t.docx?sig=1", "CloudCensus-template.docx"));
    expect(calls.find((c) => c.path === "/api/templates/download")?.query.get("id")).toBe("builtin");
  });

  it("makes a template the default", async () => {
    let listed = [builtIn, template({})];
    const { calls } = setup({
      "GET /api/templates": () => ({ body: page(listed) }),
      "POST /api/templates/default": () => {
        listed = [{ ...builtIn, default: false }, template({ default: true })];
        return { body: { reportRetentionDays: 0, defaultTemplateId: "t1" } };
      },
    });
    await select("Acme");
    await press("Make default");
    expect(await screen.findByText(/"Acme" is now the default template/)).toBeInTheDocument();
    expect(calls.find((c) => c.path === "/api/templates/default")?.body).toEqual({ id: "t1" });
    await waitFor(() => expect(isDisabled(button("Make default"))).toBe(true));
  });

  it("asks before deleting, saying it cannot be undone and what tasks naming it use", async () => {
    const { calls } = setup({
      "GET /api/templates": () => ({ body: page([builtIn, template({})]) }),
      "POST /api/templates/delete": () => ({ status: 204 }),
    });
    await select("Acme");
    await press("Delete");
    expect(await screen.findByText('Delete "Acme"? This cannot be undone.')).toBeInTheDocument();
    expect(screen.getByText(/Tasks and schedules that name it will use the workspace's default template/)).toBeInTheDocument();
    fireEvent.click(within(dialog("Delete template")).getByText("Delete", { selector: "button *" }));
    expect(await screen.findByText('Deleted template "Acme".')).toBeInTheDocument();
    expect(calls.find((c) => c.path === "/api/templates/delete")?.body).toEqual({ id: "t1" });
  });
});

describe("uploading a template", () => {
  function choose(file: File) {
    const input = dialog().querySelector('input[type="file"]') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [file] } });
  }
  const docx = (name = "acme.docx") => new File([new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])], name, { type: "" });

  it("explains how to make one: the built-in template, the anchors, the known placeholders", async () => {
    const { calls } = setup({
      "GET /api/templates": () => ({ body: page([builtIn]) }),
      "GET /api/templates/download": () => ({ body: { url: "https://bucket.example/b.docx", expiresIn: 600, fileName: "CloudCensus-template.docx" } }),
    });
    await press("Upload template");
    const help = within(dialog());
    expect(help.getByText("[Document Control]")).toBeInTheDocument();
    expect(help.getByText("[Report Body]")).toBeInTheDocument();
    const listed = within(help.getByRole("list", { name: "Placeholders" })).getAllByRole("listitem").map((li) => li.textContent?.match(/^\[([^\]]+)\]/)?.[1]);
    expect(listed).toEqual(["Client Name", "Project Name", "BD Manager", "Solutions Architect", "Cloud Engineer", "Cloud Engineer Email", "Report Date", "Version", "Task Name", "Platform Name"]);
    fireEvent.click(help.getByText("Download the built-in template"));
    await waitFor(() => expect(openDownload).toHaveBeenCalledWith("https://bucket.example/b.docx", "CloudCensus-template.docx"));
    expect(calls.find((c) => c.path === "/api/templates/download")?.query.get("id")).toBe("builtin");
  });

  it("checks the name and file first, PUTs the .docx to storage, shows the API's reason under the file, then creates the template", async () => {
    const puts: { url: string; headers: Record<string, string>; size: number }[] = [];
    vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
      puts.push({ url, headers: init.headers as Record<string, string>, size: (init.body as File).size });
      return new Response(null, { status: 200 });
    });
    const creates = [
      invalid("uploadKey", "unknown placeholder [Favourite Colour] in the cover; the known ones are BD Manager, Client Name"),
      { status: 201, body: template({ id: "t9", name: "Acme" }) },
    ];
    const { calls } = setup({
      "GET /api/templates": () => ({ body: page([builtIn]) }),
      "POST /api/templates/upload": () => ({ body: { key: "uploads/templates/w/k1.docx", uploadUrl: "https://storage.example/k1?sig=1", expiresIn: 900, headers: { "X-Amz-Meta-Uploader": "u" } } }),
      "POST /api/templates/create": () => creates.shift() ?? { status: 500, body: {} },
    });
    await press("Upload template");
    fireEvent.click(within(dialog()).getByText("Upload template", { selector: "button *" }));
    expect(await within(dialog()).findByText("Name the template.")).toBeInTheDocument();
    expect(within(dialog()).getByText("Choose the template's .docx file.")).toBeInTheDocument();

    fireEvent.change(within(dialog()).getByLabelText("Template name"), { target: { value: "Acme" } });
    choose(docx("acme.doc"));
    expect(await within(dialog()).findByText("Choose a Word document (.docx).")).toBeInTheDocument();
    choose(docx());
    fireEvent.click(within(dialog()).getByText("Upload template", { selector: "button *" }));
    expect(await within(dialog()).findByText(/unknown placeholder \[Favourite Colour\] in the cover/)).toBeInTheDocument();
    expect(puts[0]).toEqual({
      url: "https://storage.example/k1?sig=1",
      headers: { "Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "X-Amz-Meta-Uploader": "u" },
      size: 7,
    });
    expect(calls.find((c) => c.path === "/api/templates/upload")?.body).toEqual({ size: 7 });
    expect(calls.find((c) => c.path === "/api/templates/create")?.body).toEqual({ name: "Acme", uploadKey: "uploads/templates/w/k1.docx" });
    // The reason is the form's to show, not the flashbar's.
    expect(screen.queryByText("Check your input")).toBeNull();

    choose(docx());
    fireEvent.click(within(dialog()).getByText("Upload template", { selector: "button *" }));
    expect(await screen.findByText(/Template "Acme" uploaded/)).toBeInTheDocument();
    expect(calls.filter((c) => c.path === "/api/templates/create")).toHaveLength(2);
    expect(puts).toHaveLength(2);
  });

  it("shows a storage refusal in the dialog", async () => {
    vi.stubGlobal("fetch", async () => new Response(null, { status: 403 }));
    setup({
      "GET /api/templates": () => ({ body: page([builtIn]) }),
      "POST /api/templates/upload": () => ({ body: { key: "k", uploadUrl: "https://storage.example/k", expiresIn: 900, headers: {} } }),
    });
    await press("Upload template");
    fireEvent.change(within(dialog()).getByLabelText("Template name"), { target: { value: "Acme" } });
    choose(docx());
    fireEvent.click(within(dialog()).getByText("Upload template", { selector: "button *" }));
    expect(await within(dialog()).findByText("Storage refused the template (403); try again.")).toBeInTheDocument();
  });
});

describe("the known placeholders", () => {
  it("come from the built-in template's entry, in reading order, unknown ones last", () => {
    expect(knownPlaceholders(undefined)[0]).toBe("Client Name");
    expect(knownPlaceholders([builtIn])).toHaveLength(10);
    expect(knownPlaceholders([{ ...builtIn, placeholders: ["Version", "Client Name", "Account Count"] }])).toEqual(["Client Name", "Version", "Account Count"]);
  });
});
