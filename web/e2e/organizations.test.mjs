// AWS Organizations, coverage and exclusions end to end, against a running
// CloudCensus stack: the admin adds an organization credential and sees
// both role templates (the management account's stack and the StackSets
// variant, with its steps) before deleting it; opens the seeded "Demo
// organization", discovers its four member accounts (one suspended, one,
// security-audit, without the member role); scans it in one region for the
// services vpc and s3, and sees the finished task list the members and
// show security-audit as access denied in the coverage grid; then adds a
// workspace exclusion (a tag rule) in Settings and removes it. Every new
// page is screenshotted and checked with axe-core.

import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { after, before, describe, test } from "node:test";
import { a11yCollector, adminPage, env, launch, shot } from "./harness.mjs";

const run = Date.now().toString(36);
const orgCredential = `e2e organization ${run}`;
const NO_ROLE_ACCOUNT = "security-audit";

/** How Settings counts the workspace's exclusions after a save. */
const applying = (n) => (n === 0 ? "No exclusion applies to the workspace's scans." : `${n} exclusion${n === 1 ? " applies" : "s apply"} to every scan of the workspace.`);

async function nav(page, text) {
  await page.locator("nav").getByRole("link", { name: text, exact: true }).first().click();
}

/** Picks options of a Cloudscape multiselect by their tag (a service's key): it opens on a click of its trigger and stays open. */
async function multiselect(page, label, tags) {
  await page.getByRole("button", { name: new RegExp(`^${label}`) }).click();
  for (const t of tags) await page.getByRole("option").filter({ has: page.getByText(t, { exact: true }) }).click();
  await page.keyboard.press("Escape");
}

describe("AWS Organizations, coverage and exclusions", { concurrency: false }, () => {
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

  test("admin adds an organization credential and sees the management account's template and the StackSets steps", async () => {
    const { page } = admin;
    await nav(page, "Credentials");
    await page.getByRole("button", { name: "Add credential" }).click();
    await page.getByRole("radio", { name: /^AWS Organization \(management or delegated administrator account\)/ }).check();
    const memberRole = page.getByLabel("Member role name");
    await memberRole.waitFor();
    assert.equal(await memberRole.inputValue(), "CloudCensusScanner", "the member role defaults to the StackSets template's role");
    await page.getByText(/the one the StackSets variant of the role template deploys to each account/).waitFor();
    await shot(page, "70-organization-credential-create");
    await checkA11y(page, "organization-credential-create");
    await page.getByLabel("Name", { exact: true }).fill(orgCredential);
    await page.getByLabel("AWS account id").fill("123456789012");
    await page.getByLabel("Role ARN", { exact: true }).fill("arn:aws:iam::123456789012:role/CloudCensusScanner");
    await page.getByRole("button", { name: "Add credential" }).click();
    await page.getByRole("heading", { name: orgCredential, level: 1 }).waitFor();

    await page.getByRole("heading", { name: "Scanner roles" }).waitFor();
    const manual = page.getByRole("list", { name: "Deploy the scanner role by hand" });
    assert.match((await manual.textContent()) ?? "", /ExternalId as cc-/, "the console's steps carry the credential's external id");
    await page.getByRole("heading", { name: "2. Every member account (StackSets)" }).waitFor();
    const steps = page.getByRole("list", { name: "Deploy the member role with StackSets" });
    await steps.getByText("Service-managed permissions").waitFor();
    await steps.getByText("Deploy to organizational units (OUs)").waitFor();
    await steps.getByText(/IAM is global, so one region creates the role once in each account/).waitFor();
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download StackSets template" }).click()]);
    assert.equal(download.suggestedFilename(), "cloudcensus-role-stackset.yaml");
    const yaml = await readFile(await download.path(), "utf8");
    assert.match(yaml, /HomeRegion/, "the StackSets variant names its home region");
    assert.match(yaml, /service-managed StackSet/);
    const [single] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download single-account template" }).click()]);
    assert.equal(single.suggestedFilename(), "cloudcensus-role.yaml");
    await page.getByRole("heading", { name: "Member accounts" }).waitFor();
    await shot(page, "71-organization-credential-roles");
    await checkA11y(page, "organization-credential-roles");

    await page.getByRole("button", { name: "Delete", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Delete credential" });
    await dialog.getByRole("button", { name: "Delete" }).click();
    await page.getByText(`Deleted "${orgCredential}".`).waitFor();
  });

  test("admin discovers the Demo organization's member accounts", async () => {
    const { page } = admin;
    await nav(page, "Credentials");
    await page.getByRole("link", { name: "Demo organization", exact: true }).click();
    await page.getByRole("heading", { name: "Demo organization", level: 1 }).waitFor();
    const table = page.getByRole("table", { name: "Member accounts" });
    await table.getByText("Not discovered yet").waitFor();
    await page.getByRole("button", { name: "Discover", exact: true }).click();
    await table.getByText(NO_ROLE_ACCOUNT).waitFor({ timeout: 30_000 });
    const rows = table.locator("tbody tr");
    assert.equal(await rows.count(), 4, "the demo organization has 4 member accounts");
    const suspended = rows.filter({ hasText: "Suspended" });
    assert.equal(await suspended.count(), 1, "one member is suspended");
    await suspended.getByText("Root / Workloads / Prod").waitFor();
    await rows.filter({ hasText: NO_ROLE_ACCOUNT }).getByText("Root / Security", { exact: true }).waitFor();
    await page.getByText(/^3 active of 4 accounts/).waitFor();
    await shot(page, "72-organization-members");
    await checkA11y(page, "organization-members");

    await page.getByRole("searchbox", { name: "Find member accounts" }).fill("Security");
    await page.waitForFunction(() => document.querySelectorAll('table[aria-label="Member accounts"] tbody tr').length === 1);
    await rows.getByText(NO_ROLE_ACCOUNT).waitFor();
    await page.getByRole("searchbox", { name: "Find member accounts" }).fill("");
  });

  test("admin scans the organization in one region for vpc and s3, and sees its members and the member without the role denied", async () => {
    const { page } = admin;
    await nav(page, "Tasks");
    await page.getByRole("button", { name: "New scan" }).click();
    await page.getByLabel("Task name").fill(`e2e organization scan ${run}`);
    await page.getByRole("checkbox", { name: "Select Demo organization", exact: true }).check();
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByRole("button", { name: "Only us-east-1" }).click();
    await multiselect(page, "Services", ["vpc", "s3"]);
    await page.getByRole("heading", { name: "Organization scope" }).waitFor();
    assert.ok(await page.getByRole("radio", { name: /^Every active account/ }).isChecked(), "every active account is the default");
    await page.getByText(/^The scan covers 3 accounts: /).waitFor({ timeout: 30_000 });
    await page.getByRole("radio", { name: /^Only accounts in some OUs/ }).check();
    await page.getByRole("button", { name: /^Organizational units/ }).click();
    await page.getByRole("option", { name: /^Root \/ Workloads \/ Staging/ }).waitFor();
    await page.getByRole("option", { name: /^Root \/ Security/ }).waitFor();
    await page.keyboard.press("Escape");
    await page.getByRole("radio", { name: /^Every active account/ }).check();
    await page.getByRole("heading", { name: /^Exclusions/ }).waitFor();
    await shot(page, "73-task-wizard-scope");
    await checkA11y(page, "task-wizard-scope");
    await page.getByRole("button", { name: "Next" }).click();
    const fields = {
      "Client name": "Example Corp",
      "Project name": `E2E organization ${run}`,
      "BD manager": "Bea Manager",
      "Solutions architect": "Sol Architect",
      "Cloud engineer": "Cloud Engineer",
      "Cloud engineer email": "engineer@example.com",
    };
    for (const [label, value] of Object.entries(fields)) await page.getByLabel(label, { exact: true }).fill(value);
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByRole("heading", { name: "Step 2: Regions and scope" }).waitFor();
    await page.getByText("vpc, s3", { exact: true }).waitFor();
    await page.getByText("Every active account", { exact: true }).waitFor();
    await page.getByRole("button", { name: "Start scan" }).click();
    await page.waitForURL(/\/tasks\/[^/]+$/);

    await page.waitForFunction(
      () => document.querySelector('progress[aria-label="Overall progress"]')?.getAttribute("value") === "100",
      null,
      { timeout: env.scanTimeoutMs, polling: 1000 },
    );
    await page.getByText(/^(Completed|Partially completed)$/).first().waitFor({ timeout: 60_000 });

    await page.getByRole("tab", { name: "Organization members (4)" }).click();
    const members = page.getByRole("table", { name: "Organization members" });
    await members.getByText(NO_ROLE_ACCOUNT).waitFor();
    assert.equal(await members.locator("tbody tr").count(), 4, "the task lists the organization's 4 members");
    await members.locator("tbody tr").filter({ hasText: NO_ROLE_ACCOUNT }).getByText(/^Access denied/).waitFor();
    await members.locator("tbody tr").filter({ hasText: "Suspended" }).getByText("Not scanned: not active").waitFor();
    assert.equal(await members.locator("tbody tr").filter({ hasText: /Scanned: \d+ resource/ }).count(), 2, "the two members with the role are scanned");
    await shot(page, "74-task-organization-members");
    await checkA11y(page, "task-organization-members");

    await page.getByRole("tab", { name: "Coverage" }).click();
    const grid = page.getByRole("region", { name: "Coverage matrix" });
    await grid.waitFor();
    await grid.getByRole("columnheader").filter({ hasText: NO_ROLE_ACCOUNT }).first().waitFor();
    const denied = grid.locator('td[data-status="access_denied"]');
    const deniedAccounts = await denied.evaluateAll((cells) => [...new Set(cells.map((c) => c.getAttribute("data-account")))]);
    assert.equal(deniedAccounts.length, 1, `only the member without the role is denied, got ${deniedAccounts}`);
    const noRoleId = deniedAccounts[0];
    assert.equal(await grid.locator(`td[data-account="${noRoleId}"]`).count(), await grid.locator(`td[data-account="${noRoleId}"][data-status="access_denied"]`).count());
    assert.equal(await grid.locator(`td[data-account="${noRoleId}"]`).count(), 2, "vpc and s3 are denied in security-audit");
    await denied.first().getByText("Denied").waitFor();
    await denied.first().getByRole("button").click();
    await page.getByText(new RegExp(`cannot assume .* in ${NO_ROLE_ACCOUNT}`)).first().waitFor();
    await shot(page, "75-task-organization-coverage");
    await checkA11y(page, "task-organization-coverage");
  });

  test("admin adds a workspace exclusion (a tag rule) in Settings and removes it", async () => {
    const { page } = admin;
    await nav(page, "Settings");
    await page.getByRole("heading", { name: "Settings", level: 1 }).waitFor();
    await page.getByRole("heading", { name: /^Exclusions/ }).waitFor();
    const before = await page.getByLabel(/^Value of exclusion \d+$/).count();
    await page.getByRole("button", { name: "Add exclusion" }).click();
    const row = before + 1;
    await page.getByRole("button", { name: new RegExp(`Kind of exclusion ${row}\\b`) }).getByText("Tag").waitFor();
    const value = page.getByLabel(`Value of exclusion ${row}`, { exact: true });
    await value.fill("Environment");
    await page.getByRole("button", { name: "Save exclusions" }).click();
    await page.getByText("Enter key=value, or key=* for any value.").waitFor();
    await value.fill(`Environment=e2e-${run}`);
    await page.getByRole("button", { name: "Save exclusions" }).click();
    await page.getByText(`Exclusions saved. ${applying(before + 1)}`).waitFor();
    await shot(page, "76-settings-exclusions");
    await checkA11y(page, "settings-exclusions");

    // Back on the page, the rule is there: saved, not just shown.
    await nav(page, "Report templates");
    await page.getByRole("heading", { name: "Report templates", level: 1 }).waitFor();
    await nav(page, "Settings");
    const saved = page.getByLabel(`Value of exclusion ${row}`, { exact: true });
    await saved.waitFor();
    assert.equal(await saved.inputValue(), `Environment=e2e-${run}`);

    await page.getByRole("button", { name: `Remove exclusion tag Environment=e2e-${run}` }).click();
    await page.getByRole("button", { name: "Save exclusions" }).click();
    await page.getByText(`Exclusions saved. ${applying(before)}`).waitFor();
    await page.getByLabel(`Value of exclusion ${row}`, { exact: true }).waitFor({ state: "detached" });
    assert.equal(await page.getByLabel(/^Value of exclusion \d+$/).count(), before, "the rule is gone");
    assert.equal(violations.length, 0, violations.join("\n\n"));
  });
});
