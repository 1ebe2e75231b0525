// The audit log searched like CloudTrail, and reports told apart, end to
// end at 1440 and 1024 px. The admin creates two credentials (one with a
// hostile name) and a user without audit:read is refused the log (a denied
// entry); a demo scan with hostile client and project names is started
// for a report, unless the stack has reports already. In the audit log a
// free-text search for one credential's name narrows the list to that
// credential's entries, shown by name and linked to its page (followed,
// and back to the same search); the hostile name is found and shown as
// text; Result = denied and an actor typed by name narrow it too. Reports
// show the client and project columns, search on the server and offer to
// clear a search that finds nothing. No main table scrolls sideways, every
// page passes axe-core, and each is screenshotted (b-*.png).

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { a11yCollector, adminPage, api, env, go, launch, login, shot, until } from "./harness.mjs";

const run = Date.now().toString(36);
const plainName = `e2e audit alpha ${run}`;
const hostileName = `<b>x</b>=cmd|' /C calc'!A0 ${run}`;
const reader = { username: `e2e-audit-${run}`, email: `e2e-audit-${run}@example.com`, password: `Audit-${run}-Cc3!` };
const client = `<img src=x onerror=alert(1)> Client ${run}`;
const project = `=HYPERLINK("x") Project ${run}`;
const WIDTHS = [1440, 1024];

async function settle(page) {
  await page.waitForFunction(() => !/\bLoading (reports|audit entries)\b/.test(document.body.innerText), null, { timeout: 20_000 });
}

/** The total in the list's header: "Audit log (42)". */
async function counter(page, heading) {
  const text = await page.getByRole("heading", { name: heading, level: 1 }).innerText();
  const m = /\(([\d,]+)\+?\)/.exec(text);
  assert.ok(m, `a total in "${text}"`);
  return Number(m[1].replace(/,/g, ""));
}

/** The text of each cell of a column of the page's main table, by its header. */
function column(page, header) {
  return page.evaluate((name) => {
    const table = [...document.querySelectorAll("main table")].find((t) => t.querySelector("tbody tr"));
    if (!table) return [];
    const i = [...table.querySelectorAll("thead th")].findIndex((th) => th.innerText.trim() === name);
    if (i < 0) return [];
    return [...table.querySelectorAll("tbody tr")].map((tr) => tr.children[i]?.innerText.trim() ?? "");
  }, header);
}

/** Waits until the column's cells (one at least) all pass ok: the list shown a moment ago stays until the next page arrives. */
async function columnBecomes(page, header, ok, what) {
  let cells = [];
  try {
    return await until(what, async () => {
      cells = await column(page, header);
      return cells.length > 0 && cells.every(ok) && cells;
    }, 15_000, 250);
  } catch (e) {
    throw new Error(`${e.message}; the ${header} column shows ${JSON.stringify(cells)} at ${page.url()}`);
  }
}

/** The main tables that scroll sideways. */
function sideways(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll("main table")]
      .filter((t) => t.querySelector("tbody") && t.offsetParent !== null && t.parentElement.scrollWidth > t.parentElement.clientWidth + 1)
      .map((t) => `${t.parentElement.scrollWidth} > ${t.parentElement.clientWidth}`),
  );
}

/** Opens the whole audit log, once its filter shows no token left from the last search. */
async function openAudit(page) {
  await go(page, "/audit");
  await page.getByRole("heading", { name: "Audit log", level: 1 }).waitFor();
  await page.getByRole("button", { name: /^Remove filter/ }).first().waitFor({ state: "detached" });
  await settle(page);
}

/** Types into the audit log's property filter and presses Enter: free text, or "Property = value". */
async function filterAudit(page, text) {
  const input = page.getByLabel("Filter audit entries");
  await input.fill(text);
  await input.press("Enter");
  await page.keyboard.press("Escape");
}

describe("the audit log searched by name, and reports told apart", { concurrency: false }, () => {
  let browser;
  let admin;
  let plainId;
  let readerId;
  let adminToken;
  /** How many entries the whole log holds now (the list on screen may still be a filtered one). */
  const auditTotal = async () => (await api(adminToken, "GET", "/api/audit")).body.pagination.total;
  const { violations, check } = a11yCollector();

  before(async () => {
    adminToken = await login(env.adminUser, env.adminPassword);
    const ids = [];
    for (const name of [plainName, hostileName]) {
      const r = await api(adminToken, "POST", "/api/credentials/create", {
        name,
        credentialType: "assume_role",
        accountId: "123456789012",
        roleArn: "arn:aws:iam::123456789012:role/CloudCensusReadOnly",
      });
      assert.equal(r.status, 201, `credential ${name}: ${JSON.stringify(r.body)}`);
      ids.push(r.body.id);
    }
    plainId = ids[0];
    const u = await api(adminToken, "POST", "/api/users/create", { ...reader, role: "user" });
    assert.equal(u.status, 201, `create ${reader.username}: ${JSON.stringify(u.body)}`);
    readerId = u.body.id;
    // The reader may not read the audit log: the refusal is an entry, denied.
    const refused = await api(await login(reader.username, reader.password), "GET", "/api/audit");
    assert.equal(refused.status, 403);
    // A report needs a finished scan: start a small one now, unless some report exists already.
    if ((await api(adminToken, "GET", "/api/reports")).body.data.length === 0) {
      const creds = await api(adminToken, "GET", "/api/credentials?page_size=100");
      const demo = creds.body.data.find((c) => c.name.startsWith("Demo account"));
      assert.ok(demo, "the stack seeds a demo credential");
      const t = await api(adminToken, "POST", "/api/tasks/create", {
        name: `e2e audit scan ${run}`,
        credentialIds: [demo.id],
        regions: ["us-east-1"],
        services: ["vpc", "s3"],
        projectMetadata: {
          clientName: client,
          projectName: project,
          bdManager: "Bea Manager",
          solutionsArchitect: "Sol Architect",
          cloudEngineer: "Cloud Engineer",
          cloudEngineerEmail: "engineer@example.com",
        },
      });
      assert.equal(t.status, 201, `the scan starts: ${JSON.stringify(t.body)}`);
    }
    browser = await launch();
    admin = await adminPage(browser);
  });
  after(async () => {
    await browser?.close();
  });

  for (const width of WIDTHS) {
    test(`at ${width} px a search for a name narrows the log to that resource, linked to its page`, async () => {
      const { page } = admin;
      await page.setViewportSize({ width, height: 900 });
      await openAudit(page);
      const total = await auditTotal();

      await filterAudit(page, plainName);
      await page.waitForURL((u) => u.searchParams.get("q") === plainName);
      await columnBecomes(page, "Resource", (r) => r === plainName, "only the credential's entries");
      const found = await counter(page, "Audit log");
      assert.ok(found >= 1 && found < total, `the search narrows the log: ${found} of ${total}`);
      assert.equal(await page.locator("main table").getByText(hostileName).count(), 0, "the other credential is gone from the list");
      assert.deepEqual(await sideways(page), [], "the log does not scroll sideways");
      await shot(page, `b-audit-search-${width}`);
      await check(page, `audit search @${width}`);

      // The name leads to the credential, and Back to the same search.
      const link = page.getByRole("link", { name: plainName, exact: true }).first();
      assert.equal(await link.getAttribute("href"), `/credentials/${plainId}`);
      await link.click();
      await page.waitForURL((u) => u.pathname === `/credentials/${plainId}`);
      await page.getByRole("heading", { name: plainName, level: 1 }).waitFor();
      await page.goBack();
      await page.waitForURL((u) => u.pathname === "/audit" && u.searchParams.get("q") === plainName);
      await page.getByRole("link", { name: plainName, exact: true }).first().waitFor();
    });

    test(`at ${width} px a hostile name is found and shown as text; denied and an actor narrow the log`, async () => {
      const { page } = admin;
      await page.setViewportSize({ width, height: 900 });
      await openAudit(page);
      const total = await auditTotal();

      await filterAudit(page, hostileName);
      await page.waitForURL((u) => u.searchParams.get("q") === hostileName);
      await columnBecomes(page, "Resource", (r) => r === hostileName, "only the hostile credential's entries");
      await page.getByRole("link", { name: hostileName, exact: true }).first().waitFor();
      assert.equal(await page.locator("main table tbody b").count(), 0, "the name's markup stays text");

      await openAudit(page);
      await filterAudit(page, "Result = denied");
      await page.waitForURL((u) => u.searchParams.get("result") === "denied");
      await page.getByRole("button", { name: "Remove filter Result = denied" }).waitFor();
      await columnBecomes(page, "Result", (r) => r === "Denied", "only denied entries");
      assert.ok((await counter(page, "Audit log")) < total, "denied entries are fewer than all");
      assert.ok((await column(page, "Actor")).includes(reader.username), "the reader's refusal is listed");
      await check(page, `audit denied @${width}`);

      // An actor typed by name is the user of that name.
      await openAudit(page);
      await filterAudit(page, `Actor = ${reader.username}`);
      await page.waitForURL((u) => u.searchParams.get("actor") === readerId);
      await page.getByRole("button", { name: `Remove filter Actor = ${reader.username}` }).waitFor();
      await columnBecomes(page, "Actor", (a) => a === reader.username, "only the reader's entries");
      assert.equal(await page.getByRole("link", { name: reader.username, exact: true }).first().getAttribute("href"), `/users/${readerId}`);
    });
  }

  test("reports show their client and project, and search on the server", async () => {
    const { page } = admin;
    // Wait for a report (the scan started above, or one the stack had).
    await until("a report", async () => (await api(adminToken, "GET", "/api/reports")).body.data.length > 0, env.scanTimeoutMs, 3000);
    const reports = (await api(adminToken, "GET", "/api/reports?page_size=100")).body.data;
    const ours = reports.find((r) => r.clientName === client) ?? reports[0];

    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      await go(page, "/reports");
      await page.getByRole("heading", { name: "Reports", level: 1 }).waitFor();
      await settle(page);
      await page.getByRole("columnheader", { name: "Client" }).waitFor();
      await page.getByRole("columnheader", { name: "Project" }).waitFor();
      assert.ok((await column(page, "Client")).includes(ours.clientName), "the report's client is shown");
      assert.ok((await column(page, "Project")).includes(ours.projectName), "the report's project is shown");
      assert.equal(await page.locator("main table tbody img").count(), 0, "a client name's markup stays text");
      assert.deepEqual(await sideways(page), [], "the reports list does not scroll sideways");
      await shot(page, `b-reports-${width}`);
      await check(page, `reports @${width}`);
    }

    // The search goes to the server as q and stays in the address.
    await page.getByLabel("Find reports").fill(ours.projectName);
    await page.waitForURL((u) => u.searchParams.get("q") === ours.projectName);
    await columnBecomes(page, "Project", (p) => p === ours.projectName, "only the project's reports");
    await page.getByLabel("Find reports").fill(`nothing-${run}`);
    await page.getByText("No matches").waitFor();
    await check(page, "reports no matches");
    await page.getByRole("button", { name: "Clear filters" }).click();
    await page.waitForURL((u) => !u.searchParams.has("q"));
    await page.getByRole("columnheader", { name: "Client" }).waitFor();
    assert.equal(await page.getByLabel("Find reports").inputValue(), "");
  });

  test("every page visited passes axe-core", () => {
    assert.deepEqual(violations, []);
  });
});
