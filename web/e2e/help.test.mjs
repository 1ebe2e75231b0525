// The help system, end to end, at 1440 and 1024 px: on the dashboard, the
// tasks list, the new-scan wizard (its first step and its regions field)
// and a credential (the add form through the top navigation's Help button,
// then the scanner role panel of the new credential, named with hostile
// text), the Info link is reached with Tab, Enter opens the help panel on
// its topic with the focus on the panel's close button, axe-core finds
// nothing serious with the panel open, and both Escape and the close
// button close it, giving the focus back to the Info link; closed, the
// panel takes no room. Screenshots: d-help-<page>-<width>.png.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { a11yCollector, adminPage, api, env, go, launch, shot } from "./harness.mjs";

const run = Date.now().toString(36);
const WIDTHS = [1440, 1024];

async function isFocused(locator) {
  return locator.evaluate((el) => el === document.activeElement || el.contains(document.activeElement));
}

/** Presses Tab from the top of the page until the locator holds the focus. */
async function tabTo(page, locator, max = 150) {
  await locator.waitFor();
  await page.evaluate(() => (document.activeElement instanceof HTMLElement ? document.activeElement.blur() : undefined));
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await isFocused(locator)) return;
  }
  assert.fail(`Tab never reached ${locator}`);
}

/** The open help panel (a closed one is aria-hidden, so no role query finds it). */
const helpPanel = (page) => page.getByRole("complementary", { name: "Help panel" }).filter({ has: page.locator("h2") });

/** Waits until the locator holds the focus; false when it does not within 5 s. */
async function comesBackTo(locator) {
  for (let end = Date.now() + 5_000; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    if (await isFocused(locator)) return true;
  }
  return false;
}

async function focusIsOn(page, label) {
  await page.waitForFunction((l) => document.activeElement?.getAttribute("aria-label") === l, label, { timeout: 5_000 });
}

/**
 * The help journey of one opener (an Info link, or the layout's help
 * toggle): Tab to it, Enter opens the panel on title with the focus on its
 * close button; axe-core and a screenshot with it open; Escape closes it
 * and the focus is back on the opener; Enter again, then Enter on the close
 * button, does the same.
 */
async function helpJourney(page, { opener, title, name, check }) {
  await tabTo(page, opener);
  await page.keyboard.press("Enter");
  await helpPanel(page).getByRole("heading", { level: 2, name: title, exact: true }).waitFor();
  await focusIsOn(page, "Close help panel");
  await check(page, `${name} with the help panel open`);
  await shot(page, `d-help-${name}`);

  await page.keyboard.press("Escape");
  await helpPanel(page).waitFor({ state: "detached" });
  assert.ok(await comesBackTo(opener), `${name}: Escape gives the focus back to what opened the panel`);

  await page.keyboard.press("Enter");
  await helpPanel(page).getByRole("heading", { level: 2, name: title, exact: true }).waitFor();
  await focusIsOn(page, "Close help panel");
  await page.keyboard.press("Enter");
  await helpPanel(page).waitFor({ state: "detached" });
  assert.ok(await comesBackTo(opener), `${name}: the close button gives the focus back to what opened the panel`);
}

const info = (page, about) => page.getByRole("button", { name: `Info about ${about}`, exact: true });

describe("help panel and Info links", { concurrency: false }, () => {
  let browser;
  const { violations, check } = a11yCollector();
  const credentialIds = [];
  const pageErrors = [];

  before(async () => {
    browser = await launch();
  });
  after(async () => {
    await browser?.close();
    const login = await api(undefined, "POST", "/api/auth/login", { username: env.adminUser, password: env.adminPassword });
    for (const id of credentialIds) await api(login.body?.token, "POST", "/api/credentials/delete", { id });
  });

  for (const width of WIDTHS) {
    describe(`at ${width} px`, { concurrency: false }, () => {
      let admin;
      before(async () => {
        admin = await adminPage(browser, { viewport: { width, height: 900 } });
      });
      after(async () => {
        pageErrors.push(...admin.problems.filter((p) => p.startsWith("page error")));
        await admin?.context.close();
      });

      test("dashboard", async () => {
        const { page } = admin;
        await go(page, "/");
        await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
        await helpJourney(page, { opener: info(page, "Dashboard"), title: "Dashboard", name: `dashboard-${width}`, check });
      });

      test("tasks", async () => {
        const { page } = admin;
        await go(page, "/tasks");
        await page.getByRole("heading", { name: "Tasks", level: 1 }).waitFor();
        await helpJourney(page, { opener: info(page, "Tasks"), title: "Tasks", name: `tasks-${width}`, check });
        // Closed, the panel leaves the page all its width (no toggle strip down the right edge).
        assert.equal(await page.locator('aside[aria-label="Help panel"]').count(), 0, "no help panel strip while it is closed");
      });

      test("the new-scan wizard: the step's Info link, then the regions field's", async () => {
        const { page } = admin;
        await go(page, "/tasks/new");
        await page.getByRole("heading", { name: "Choose credentials", level: 1 }).waitFor();
        await helpJourney(page, { opener: info(page, "Starting a scan"), title: "Starting a scan", name: `wizard-${width}`, check });

        await page.getByLabel("Task name").fill(`e2e help ${run}`);
        await page.getByRole("checkbox", { name: /^Select Demo account/ }).first().check();
        await page.getByRole("button", { name: "Next" }).click();
        await page.getByRole("heading", { name: "Choose regions and scope", level: 1 }).waitFor();
        await helpJourney(page, { opener: info(page, "Regions and units"), title: "Regions and units", name: `wizard-regions-${width}`, check });
      });

      test("adding a credential: the help toggle on the form, then the scanner role's Info links", async () => {
        const { page } = admin;
        await go(page, "/credentials/new");
        await page.getByRole("heading", { name: "Add credential", level: 1 }).waitFor();
        // The form's header is another change's (CreateCredential.tsx); the top navigation's Help button opens the page's topic.
        await helpJourney(page, { opener: page.getByRole("button", { name: "Help", exact: true }), title: "Credentials", name: `credentials-${width}`, check });

        const name = `<img src=x onerror=alert(1)> =HYPERLINK("x") help ${run} ${width}`;
        await page.getByLabel("Name", { exact: true }).fill(name);
        await page.getByLabel("AWS account id").fill("123456789012");
        await page.getByLabel("Role ARN", { exact: true }).fill("arn:aws:iam::123456789012:role/CloudCensusScanner");
        await page.getByRole("button", { name: "Add credential" }).click();
        await page.getByRole("heading", { name, level: 1 }).waitFor();
        credentialIds.push(new URL(page.url()).pathname.split("/").pop());
        assert.equal(await page.locator('img[src="x"]').count(), 0, "the credential's name is shown as text");

        await helpJourney(page, { opener: info(page, "Scanner role"), title: "Scanner role", name: `scanner-role-${width}`, check });
        await helpJourney(page, { opener: info(page, "External id"), title: "External id", name: `external-id-${width}`, check });
        await tabTo(page, info(page, "External id"));
        await page.keyboard.press("Enter");
        const text = await helpPanel(page).innerText();
        assert.match(text, /trusts CloudCensus only when it presents this value/);
        const aws = helpPanel(page).getByRole("link", { name: /external id \(AWS IAM\)/ });
        assert.equal(await aws.getAttribute("target"), "_blank", "AWS documentation opens in a new tab");
        await shot(page, `d-help-credential-${width}`);
        await page.keyboard.press("Escape");
      });
    });
  }

  test("no page had an uncaught error, and axe-core found nothing serious with the help panel open", () => {
    assert.deepEqual(pageErrors, []);
    assert.equal(violations.length, 0, violations.join("\n\n"));
  });
});
