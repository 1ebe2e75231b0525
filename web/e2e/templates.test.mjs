// Report templates, workspace settings, the Excel export and the network
// diagram end to end, against a running CloudCensus stack: the admin
// downloads the built-in template, edits it here (a .docx is a zip), sees
// a copy with an unknown placeholder refused with the API's reason, uploads
// a good copy and makes it the default; sets the report retention; scans
// the demo account with that template and finds its cover in the report;
// exports the inventory as an Excel workbook; sees the network diagram of
// the scanned VPCs; and finally deletes the template.

import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, describe, test } from "node:test";
import { a11yCollector, adminPage, env, launch, shot } from "./harness.mjs";
import { editZip, readZip, zipText } from "./zip.mjs";

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const run = Date.now().toString(36);
const templateName = `E2E template ${run}`;
const cover = `E2E cover ${run} for`;

async function nav(page, text) {
  await page.locator("nav").getByRole("link", { name: text, exact: true }).first().click();
}

/** The bytes of the browser's download that action starts. */
async function downloaded(page, action, timeout = 60_000) {
  const [download] = await Promise.all([page.waitForEvent("download", { timeout }), action()]);
  return { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
}

const isZip = (bytes) => bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

/** The template with a paragraph of text put first in its body (the cover). */
const withCoverLine = (docx, text) =>
  editZip(docx, "word/document.xml", (xml) => {
    assert.ok(xml.includes("<w:body>"), "the built-in template has a body");
    return xml.replace("<w:body>", `<w:body><w:p><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`);
  });

describe("report templates, settings, Excel export and network diagrams", { concurrency: false }, () => {
  let browser;
  let admin;
  const { violations, check: checkA11y } = a11yCollector();

  before(async () => {
    browser = await launch();
    admin = await adminPage(browser);
  });
  after(async () => {
    await browser?.close();
  });

  test("admin uploads a template made from the built-in one, after a refused one, and makes it the default", async () => {
    const { page } = admin;
    await nav(page, "Report templates");
    await page.getByRole("heading", { name: "Report templates", level: 1 }).waitFor();
    await page.getByRole("radio", { name: "Select CloudCensus (built-in)" }).check();
    await shot(page, "40-templates");
    await checkA11y(page, "templates");

    const builtIn = await downloaded(page, () => page.getByRole("button", { name: "Download", exact: true }).click());
    assert.match(builtIn.name, /\.docx$/);
    assert.ok(isZip(builtIn.bytes), "the built-in template is a .docx (a zip)");
    assert.match(zipText(builtIn.bytes, "word/document.xml"), /\[Report Body\]/, "it holds the anchors");

    await page.getByRole("button", { name: "Upload template" }).click();
    const dialog = page.getByRole("dialog", { name: "Upload template" });
    await dialog.getByText("Keep the anchors").waitFor();
    await dialog.getByText("[Cloud Engineer Email]").waitFor();
    await dialog.getByLabel("Template name").fill(`E2E refused ${run}`);
    await dialog.locator('input[type="file"]').setInputFiles({ name: "refused.docx", mimeType: DOCX, buffer: withCoverLine(builtIn.bytes, "[Favourite Colour]") });
    await dialog.getByRole("button", { name: "Upload template" }).click();
    await dialog.getByText(/unknown placeholder \[Favourite Colour\] in the cover; the known ones are/).waitFor({ timeout: 30_000 });
    await shot(page, "41-template-refused");
    await checkA11y(page, "template-upload");

    await dialog.getByLabel("Template name").fill(templateName);
    await dialog.locator('input[type="file"]').setInputFiles({ name: "e2e.docx", mimeType: DOCX, buffer: withCoverLine(builtIn.bytes, `${cover} [Client Name]`) });
    await dialog.getByRole("button", { name: "Upload template" }).click();
    await page.getByText(`Template "${templateName}" uploaded.`, { exact: false }).waitFor({ timeout: 30_000 });
    await dialog.waitFor({ state: "hidden" });
    const row = page.getByRole("row").filter({ hasText: templateName });
    await row.waitFor();

    await page.getByRole("radio", { name: `Select ${templateName}` }).check();
    await page.getByRole("button", { name: "Make default" }).click();
    await page.getByText(`"${templateName}" is now the default template`, { exact: false }).waitFor();
    await row.getByText("Default", { exact: true }).waitFor();
    const builtInRow = page.getByRole("row").filter({ hasText: "CloudCensus (built-in)" });
    assert.equal(await builtInRow.getByText("Default", { exact: true }).count(), 0, "the built-in template is no longer the default");
    await shot(page, "42-templates-default");
  });

  test("admin keeps reports 400 days in Settings", async () => {
    const { page } = admin;
    await nav(page, "Settings");
    await page.getByRole("heading", { name: "Settings", level: 1 }).waitFor();
    await page.getByText(templateName, { exact: true }).waitFor();
    await page.getByText(/Retention runs every day at 03:00 UTC/).waitFor();
    await page.getByRole("radio", { name: /^Delete reports older than/ }).check();
    await page.getByLabel("Days to keep reports").fill("400");
    await page.getByRole("button", { name: "Save", exact: true }).click();
    await page.getByText("Settings saved. Reports older than 400 days are deleted.").waitFor();
    await shot(page, "43-settings");
    await checkA11y(page, "settings");

    await nav(page, "Report templates");
    await page.getByRole("heading", { name: "Report templates", level: 1 }).waitFor();
    await nav(page, "Settings");
    await page.getByRole("heading", { name: "Settings", level: 1 }).waitFor();
    const days = page.getByLabel("Days to keep reports");
    await days.waitFor();
    assert.equal(await days.inputValue(), "400", "the retention was saved");
  });

  test("admin scans with the template, exports an Excel workbook and sees the network diagram", async () => {
    const { page } = admin;
    await nav(page, "Tasks");
    await page.getByRole("button", { name: "New scan" }).click();
    await page.getByLabel("Task name").fill(`e2e template scan ${run}`);
    await page.getByRole("checkbox", { name: /^Select Demo account/ }).first().check();
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByRole("button", { name: "Only us-east-1" }).click();
    await page.getByRole("button", { name: "Next" }).click();
    const fields = {
      "Client name": "Example Corp",
      "Project name": `E2E project ${run}`,
      "BD manager": "Bea Manager",
      "Solutions architect": "Sol Architect",
      "Cloud engineer": "Cloud Engineer",
      "Cloud engineer email": "engineer@example.com",
    };
    for (const [label, value] of Object.entries(fields)) await page.getByLabel(label, { exact: true }).fill(value);
    const templateSelect = page.getByRole("button", { name: /^Report template/ });
    await templateSelect.getByText(`Workspace default (${templateName})`).waitFor();
    await templateSelect.click();
    await page.getByRole("option", { name: new RegExp(`^${templateName}`) }).click();
    await templateSelect.getByText(templateName, { exact: true }).waitFor();
    await checkA11y(page, "task-wizard-template");
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByRole("heading", { name: "Step 3: Project" }).waitFor();
    await page.getByText(templateName, { exact: true }).waitFor();
    await page.getByRole("button", { name: "Start scan" }).click();
    await page.waitForURL(/\/tasks\/[^/]+$/);

    await page.waitForFunction(
      () => document.querySelector('progress[aria-label="Overall progress"]')?.getAttribute("value") === "100",
      null,
      { timeout: env.scanTimeoutMs, polling: 1000 },
    );
    // The report names the template it was built on.
    await page.getByText(templateName, { exact: true }).waitFor({ timeout: 120_000 });
    const report = await downloaded(page, () => page.getByRole("button", { name: "Download report" }).click());
    assert.match(report.name, /\.docx$/);
    assert.ok(zipText(report.bytes, "word/document.xml").includes(`${cover} Example Corp`), "the report has the template's cover line, its placeholder filled");

    await page.getByText(/^Scan results kept until /).waitFor();
    await page.getByRole("button", { name: "Export", exact: true }).click();
    const workbook = await downloaded(page, () => page.getByRole("menuitem", { name: "Excel workbook (.xlsx)" }).click(), 120_000);
    assert.match(workbook.name, /\.xlsx$/, "the export is a workbook");
    assert.ok(isZip(workbook.bytes), "an .xlsx is a zip");
    assert.ok(readZip(workbook.bytes).some((e) => e.name === "xl/workbook.xml"), "with a workbook part");
    await page.getByText(/^Inventory export \(XLSX\) done: /).waitFor();

    await page.getByRole("tab", { name: "Network diagram" }).click();
    const image = page.getByRole("img", { name: /^Network diagram: / });
    await image.waitFor({ timeout: 60_000 });
    assert.match((await image.getAttribute("src")) ?? "", /^blob:/, "the SVG is shown through a blob URL");
    await page.waitForFunction(() => {
      const img = [...document.images].find((i) => i.alt.startsWith("Network diagram: "));
      return !!img && img.complete && img.naturalWidth > 0;
    });
    assert.equal(await page.locator("svg text").count(), 0, "no SVG text is in the page's DOM");
    const [full] = await Promise.all([page.waitForEvent("popup"), page.getByRole("link", { name: /Open full size/ }).click()]);
    await full.waitForFunction(() => document.images.length === 1 && document.images[0].complete && document.images[0].naturalWidth > 0);
    await full.close();
    await shot(page, "44-task-network-diagram");
    await checkA11y(page, "task-network-diagram");
  });

  test("admin deletes the template after confirming, and the built-in one is the default again", async () => {
    const { page } = admin;
    await nav(page, "Report templates");
    await page.getByRole("heading", { name: "Report templates", level: 1 }).waitFor();
    await page.getByRole("radio", { name: `Select ${templateName}` }).check();
    await page.getByRole("button", { name: "Delete", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Delete template" });
    await dialog.getByText("This cannot be undone.", { exact: false }).waitFor();
    await dialog.getByText(/will use the workspace's default template/).waitFor();
    await shot(page, "45-template-delete");
    await checkA11y(page, "template-delete");
    await dialog.getByRole("button", { name: "Delete" }).click();
    await page.getByText(`Deleted template "${templateName}".`).waitFor();
    await page.getByRole("row").filter({ hasText: templateName }).waitFor({ state: "detached" });
    await page.getByRole("row").filter({ hasText: "CloudCensus (built-in)" }).getByText("Default", { exact: true }).waitFor();
    assert.equal(violations.length, 0, `serious or critical accessibility violations:\n${violations.join("\n\n")}`);
  });
});
