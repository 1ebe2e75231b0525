// A partially completed scan explained, end to end at 1440 and 1024 px: the
// demo staging account denies Lambda, so a scan of it ends "Partially
// completed"; the task page opens with a warning banner that names the
// service, the account and region, the denied IAM action
// (lambda:ListFunctions) and the fix, and the unit says "Completed with
// warnings" rather than a green "Done". The task's client name is hostile
// and must show as text. The page passes axe-core and is screenshotted
// (o-task-outcome-*.png).

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { a11yCollector, adminPage, api, env, launch, login, shot, until } from "./harness.mjs";

const run = Date.now().toString(36);
const taskName = `e2e outcome ${run}`;
const hostileClient = `<img src=x onerror=alert(1)> =HYPERLINK("x") ${run}`;
const WIDTHS = [1440, 1024];

describe("a partially completed scan names what it could not read", { concurrency: false }, () => {
  let browser;
  let admin;
  let taskId;
  const { violations, check } = a11yCollector();

  before(async () => {
    const token = await login(env.adminUser, env.adminPassword);
    const creds = await api(token, "GET", "/api/credentials?page_size=100");
    const staging = creds.body.data.find((c) => c.name === "Demo account (demo-staging)");
    assert.ok(staging, "the stack seeds the demo staging credential");
    const t = await api(token, "POST", "/api/tasks/create", {
      name: taskName,
      credentialIds: [staging.id],
      regions: ["us-east-1"],
      services: ["lambda", "vpc"],
      projectMetadata: {
        clientName: hostileClient,
        projectName: `Outcome ${run}`,
        bdManager: "Bea Manager",
        solutionsArchitect: "Sol Architect",
        cloudEngineer: "Cloud Engineer",
        cloudEngineerEmail: "engineer@example.com",
      },
    });
    assert.equal(t.status, 201, `the scan starts: ${JSON.stringify(t.body)}`);
    taskId = t.body.id;
    const ended = await until(
      "the scan to end",
      async () => {
        const d = await api(token, "GET", `/api/tasks/detail?id=${taskId}`);
        return ["completed", "partially_completed", "failed", "cancelled"].includes(d.body.status) && d.body;
      },
      env.scanTimeoutMs,
      2000,
    );
    assert.equal(ended.status, "partially_completed", "Lambda is denied in the staging account");
    browser = await launch();
    admin = await adminPage(browser);
  });
  after(async () => {
    await browser?.close();
  });

  for (const width of WIDTHS) {
    test(`at ${width} px the banner names the denied action and the fix, and the unit has warnings`, async () => {
      const { page } = admin;
      await page.setViewportSize({ width, height: 900 });
      await page.goto(`/tasks/${taskId}`);
      await page.getByRole("heading", { name: taskName, level: 1 }).waitFor();
      // The hostile client name is text in the page header, never markup.
      await page.getByText(`${hostileClient} / Outcome ${run}`, { exact: true }).waitFor();
      assert.equal(await page.locator('img[src="x"]').count(), 0, "the client name is not markup");
      await page.getByText("Completed with warnings", { exact: true }).waitFor();
      const table = page.getByRole("table", { name: "What the scan could not read" });
      await table.getByText("lambda:ListFunctions", { exact: true }).waitFor();
      await table.getByText(/Allow lambda:ListFunctions/).waitFor();
      await table.getByText("Access denied", { exact: true }).waitFor();
      await table.getByText(/demo-staging/).first().waitFor();
      // The denied service is named, where: the staging account in us-east-1.
      const row = table.locator("tbody tr").filter({ hasText: "lambda:ListFunctions" });
      assert.match(await row.innerText(), /us-east-1/);
      await page.getByRole("tab", { name: /^Units/ }).click();
      const units = page.getByRole("table", { name: "Units" });
      const unit = units.locator("tbody tr").filter({ hasText: "us-east-1" });
      await unit.getByText(/^Completed with warnings \(\d+\)$/).waitFor();
      assert.equal(await unit.getByText("Done", { exact: true }).count(), 0, "the unit with a denied service does not say Done");
      // The cell's own box (the one that cuts with an ellipsis) holds the whole status.
      const cut = await unit.locator("td").filter({ hasText: "Completed with warnings" }).evaluate((td) => {
        const box = td.firstElementChild ?? td;
        return box.scrollWidth > box.clientWidth + 1;
      });
      assert.equal(cut, false, "the unit status is shown whole");
      const sideways = await page.evaluate(() =>
        [...document.querySelectorAll("main table")]
          .filter((t) => t.offsetParent && t.parentElement.scrollWidth > t.parentElement.clientWidth + 1)
          .map((t) => `${t.getAttribute("aria-label")}: ${t.parentElement.scrollWidth} > ${t.parentElement.clientWidth}`),
      );
      assert.deepEqual(sideways, [], "no table scrolls sideways");
      assert.deepEqual(admin.problems.filter((p) => p.startsWith("page error")), [], "no script error on the page");
      await shot(page, `o-task-outcome-${width}`);
      await check(page, `task outcome @${width}`);
    });
  }

  test("axe-core finds nothing serious", () => {
    assert.deepEqual(violations, []);
  });
});
