// Governance end to end, against a running CloudCensus stack: the admin
// makes credential deletes wait for an administrator's approval; a power
// user (whose role is given credentials:delete first) deletes a credential
// and sees it sent for approval; the admin approves it in the inbox and the
// credential is gone. A user refused the audit log follows the request
// link, asks for audit:read for an hour, the admin approves, and the user
// reads the audit log; the admin then revokes the grant. Last, the admin
// reads the security alert the role change raised, its evidence in the
// audit log, and has a rule's configuration refused with the API's reason.
// Every new page is screenshotted and checked with axe-core.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { a11yCollector, adminPage, api, env, go, launch, login, newPage, shot, signIn, until } from "./harness.mjs";

const run = Date.now().toString(36);
const powerUser = { username: `e2e-pu-${run}`, email: `e2e-pu-${run}@example.com`, password: `Power-${run}-Aa1!` };
const plainUser = { username: `e2e-reader-${run}`, email: `e2e-reader-${run}@example.com`, password: `Reader-${run}-Bb2!` };
const workflowName = `e2e deletes ${run}`;
const credentialName = `e2e held ${run}`;

async function nav(page, text) {
  await page.locator("nav").getByRole("link", { name: text, exact: true }).first().click();
}

describe("approvals, access requests and security alerts", { concurrency: false }, () => {
  let browser;
  let admin;
  let pu;
  let reader;
  let adminToken;
  let credentialId;
  const { violations, check: checkA11y } = a11yCollector();

  before(async () => {
    adminToken = await login(env.adminUser, env.adminPassword);
    // A workflow a rerun against the same stack left holds credential deletes already: free them.
    const wfs = await api(adminToken, "GET", "/api/approvals/workflows");
    for (const w of wfs.body.workflows) {
      if (w.operations.includes("credentials:delete")) await api(adminToken, "POST", "/api/approvals/workflows/delete", { id: w.id });
    }
    for (const [u, role] of [
      [powerUser, "power_user"],
      [plainUser, "user"],
    ]) {
      const r = await api(adminToken, "POST", "/api/users/create", { ...u, role });
      assert.equal(r.status, 201, `create ${u.username}: ${JSON.stringify(r.body)}`);
    }
    // The power user's role may delete credentials (an API call, as the roles page makes it).
    const roles = await api(adminToken, "GET", "/api/roles");
    const role = roles.body.data.find((r) => r.role === "power_user");
    if (!role.permissions.includes("credentials:delete")) {
      const r = await api(adminToken, "POST", "/api/roles/update", {
        role: "power_user",
        permissions: [...role.permissions, "credentials:delete"],
        uiResources: [...role.uiResources, "button:credential-delete"],
        version: role.version,
      });
      assert.equal(r.status, 200, `power users may delete credentials: ${JSON.stringify(r.body)}`);
    }
    // The power user's own credential: the one it will delete.
    const puToken = await login(powerUser.username, powerUser.password);
    const cred = await api(puToken, "POST", "/api/credentials/create", {
      name: credentialName,
      credentialType: "assume_role",
      accountId: "123456789012",
      roleArn: "arn:aws:iam::123456789012:role/CloudCensusReadOnly",
    });
    assert.equal(cred.status, 201, `the power user's credential: ${JSON.stringify(cred.body)}`);
    credentialId = cred.body.id;

    browser = await launch();
    admin = await adminPage(browser);
  });
  after(async () => {
    // Leave credential deletes unheld for whatever runs next.
    const wfs = await api(adminToken, "GET", "/api/approvals/workflows").catch(() => undefined);
    for (const w of wfs?.body?.workflows ?? []) {
      if (w.name === workflowName) await api(adminToken, "POST", "/api/approvals/workflows/delete", { id: w.id });
    }
    await browser?.close();
  });

  test("the admin makes credential deletes wait for an administrator", async () => {
    const { page } = admin;
    await nav(page, "Approval workflows");
    await page.getByRole("heading", { name: "Approval workflows", level: 1 }).waitFor();
    await page.getByRole("button", { name: "Create workflow" }).click();
    const dialog = page.getByRole("dialog", { name: "Create workflow" });
    await dialog.getByLabel("Name", { exact: true }).fill(workflowName);
    await dialog.getByRole("button", { name: /^Operations it holds/ }).click();
    await page.getByRole("option", { name: /^Delete a credential/ }).click();
    await page.keyboard.press("Escape");
    // One step, approved by an administrator (the default) within an hour.
    await dialog.getByLabel("Step 1 time to decide in minutes").fill("60");
    await dialog.getByText("1 hour", { exact: true }).waitFor();
    await shot(page, "80-workflow-create");
    await checkA11y(page, "workflow-create");
    await dialog.getByRole("button", { name: "Create workflow" }).click();
    await page.getByText(`Created workflow "${workflowName}"`).waitFor();
    const row = page.getByRole("row").filter({ hasText: workflowName });
    await row.getByText("Administrators, within 1 hour").waitFor();
    await row.getByText("(credentials:delete)").waitFor();
    await shot(page, "81-workflows");
    await checkA11y(page, "workflows");
  });

  let requestPath;
  test("a power user's delete is sent for approval, not done", async () => {
    pu = await newPage(browser);
    const { page } = pu;
    await page.goto("/");
    await signIn(page, powerUser.username, powerUser.password);
    await nav(page, "Credentials");
    await page.getByRole("heading", { name: "Credentials", level: 1 }).waitFor();
    await page.getByRole("checkbox", { name: `Select ${credentialName}` }).check();
    // The batch check of the page's rows enables Delete for the power user's own credential.
    const del = page.getByRole("button", { name: "Delete", exact: true });
    await until("Delete to be enabled", async () => (await del.getAttribute("aria-disabled")) !== "true" && (await del.isEnabled()), 15_000, 300);
    await del.click();
    await page.getByRole("dialog", { name: "Delete credentials" }).getByRole("button", { name: "Delete" }).click();
    await page.getByText(/^Sent for approval: credentials:delete needs approval/).waitFor();
    assert.equal(await page.getByText(/^Deleted \d+ credential/).count(), 0, "the delete is not reported as done");
    await page.getByRole("link", { name: "View the request" }).click();
    await page.waitForURL(/\/approvals\/[^/]+$/);
    requestPath = new URL(page.url()).pathname;
    await page.getByRole("heading", { name: `Delete credential ${credentialName}`, level: 1 }).waitFor();
    await page.getByText("Pending").first().waitFor();
    await page.getByRole("button", { name: "Cancel request" }).waitFor();
    assert.equal(await page.getByRole("button", { name: "Approve" }).count(), 0, "nobody approves their own request");
    await shot(page, "82-request-pending");
    await checkA11y(page, "request-pending");
    // Nothing was done: the credential is still there.
    const still = await api(adminToken, "GET", `/api/credentials/detail?id=${credentialId}`);
    assert.equal(still.status, 200, "the held delete did not run");
  });

  test("the admin approves it in the inbox and the credential is gone", async () => {
    assert.ok(requestPath, "the delete was held");
    const { page } = admin;
    await nav(page, "Approvals");
    await page.getByRole("heading", { name: "Approvals", level: 1 }).waitFor();
    await page.getByRole("tab", { name: "Awaiting me" }).waitFor();
    const link = page.getByRole("link", { name: `Delete credential ${credentialName}` });
    await link.waitFor();
    await shot(page, "83-approvals-inbox");
    await checkA11y(page, "approvals-inbox");
    await link.click();
    await page.getByRole("heading", { name: `Delete credential ${credentialName}`, level: 1 }).waitFor();
    // The held call against the credential as it is now.
    const changes = page.getByRole("table", { name: "Changes" });
    await changes.getByText(`${credentialName} exists`).waitFor();
    await changes.getByText("Deleted").waitFor();
    await shot(page, "84-request-to-approve");
    await checkA11y(page, "request-to-approve");
    await page.getByRole("button", { name: "Approve", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Approve request" });
    await dialog.getByLabel("Comment (optional)").fill("Checked with the account owner.");
    await dialog.getByRole("button", { name: "Approve" }).click();
    await page.getByText(`Approved: Delete credential ${credentialName}. It was done.`).waitFor();
    await page.getByText(/^Done \(the API answered 204\)$/).waitFor();
    await page.getByRole("list", { name: "History" }).getByText("Checked with the account owner.").waitFor();
    await shot(page, "85-request-approved");

    const gone = await api(adminToken, "GET", `/api/credentials/detail?id=${credentialId}`);
    assert.equal(gone.status, 404, "the approved delete ran");
    await nav(page, "Credentials");
    await page.getByRole("heading", { name: "Credentials", level: 1 }).waitFor();
    await page.getByRole("link", { name: /^Demo account/ }).first().waitFor();
    assert.equal(await page.getByRole("link", { name: credentialName, exact: true }).count(), 0, "the credential is gone from the list");
  });

  let accessPath;
  test("a user refused the audit log asks for audit:read for an hour", async () => {
    reader = await newPage(browser);
    const { page } = reader;
    await page.goto("/");
    await signIn(page, plainUser.username, plainUser.password);
    await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
    await go(page, "/audit");
    await page.getByRole("heading", { name: "Not authorized" }).waitFor();
    await page.getByRole("link", { name: "Request access" }).click();
    await page.waitForURL((u) => u.pathname === "/permissions/apply" && u.searchParams.get("permission") === "audit:read");
    await page.getByRole("heading", { name: "Request access", level: 1 }).waitFor();
    // The permission the refusal named is chosen; the duration is an hour unless changed.
    await page.getByText("audit:read", { exact: true }).first().waitFor();
    assert.equal(await page.getByLabel("For how many hours").inputValue(), "1");
    await page.getByRole("button", { name: "Request access" }).click();
    await page.getByText("Say why you need it.").waitFor();
    await page.getByLabel("Reason").fill("Review last week's sign-ins for the quarterly audit.");
    await shot(page, "86-access-request");
    await checkA11y(page, "access-request");
    await page.getByRole("button", { name: "Request access" }).click();
    await page.waitForURL((u) => u.searchParams.has("request"));
    accessPath = `/approvals/${new URL(page.url()).searchParams.get("request")}`;
    await page.getByRole("heading", { name: "Your access request" }).waitFor();
    await page.getByText("Pending").first().waitFor();
    await shot(page, "87-access-request-pending");
    await checkA11y(page, "access-request-pending");
  });

  test("the admin approves the access request", async () => {
    assert.ok(accessPath, "the access request was filed");
    const { page } = admin;
    await nav(page, "Approvals");
    const link = page.getByRole("link", { name: "Access to audit:read for 1 hour" });
    await link.waitFor();
    await link.click();
    await page.getByRole("heading", { name: "Access to audit:read for 1 hour", level: 1 }).waitFor();
    await page.getByText("Review last week's sign-ins for the quarterly audit.").waitFor();
    await page.getByRole("button", { name: "Approve", exact: true }).click();
    await page.getByRole("dialog", { name: "Approve request" }).getByRole("button", { name: "Approve" }).click();
    await page.getByText("Approved: Access to audit:read for 1 hour. The access is granted.").waitFor();
    await page.getByText("Access granted", { exact: true }).waitFor();
  });

  test("the user then reads the audit log", async () => {
    const { page } = reader;
    // The request page follows the request, then the permissions, which arrive within seconds.
    await page.getByText("You hold audit:read now").waitFor({ timeout: 60_000 });
    await shot(page, "88-access-granted");
    await checkA11y(page, "access-granted");
    await page.getByRole("link", { name: "Open Audit log" }).click();
    await page.getByRole("heading", { name: "Audit log", level: 1 }).waitFor();
    await page.waitForFunction(() => !document.body.innerText.includes("Loading audit entries"), null, { timeout: 15_000 });
    assert.equal(await page.getByRole("heading", { name: "Not authorized" }).count(), 0);
  });

  test("the admin sees the grant and revokes it", async () => {
    const { page } = admin;
    await nav(page, "Temporary grants");
    await page.getByRole("heading", { name: "Temporary grants", level: 1 }).waitFor();
    const row = page.getByRole("row").filter({ hasText: plainUser.username });
    await row.getByText("audit:read", { exact: true }).waitFor();
    await row.getByText("Active").waitFor();
    await row.getByText(/^in (59 minutes|1 hour)$/).waitFor();
    await shot(page, "89-grants");
    await checkA11y(page, "grants");
    await page.getByRole("radio", { name: `Select ${plainUser.username} audit:read` }).check();
    await page.getByRole("button", { name: "Revoke", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Revoke grant" });
    await dialog.getByText(`Revoke ${plainUser.username}'s access to audit:read?`, { exact: false }).waitFor();
    await dialog.getByRole("button", { name: "Revoke" }).click();
    await page.getByText(`Revoked ${plainUser.username}'s access to audit:read`).waitFor();
    await row.getByText("Revoked").waitFor();
    // The permission stops working within seconds.
    const readerToken = await login(plainUser.username, plainUser.password);
    await until("the revoked grant to stop working", async () => (await api(readerToken, "GET", "/api/audit")).status === 403, 30_000);
  });

  test("the admin reads the alert the role change raised, its evidence, and the rules", async () => {
    const { page } = admin;
    // The monitor reads the audit log every minute.
    const alert = await until(
      "the role change's alert",
      async () => (await api(adminToken, "GET", "/api/alerts?rule=role_elevation")).body?.data?.find((a) => a.message.includes("credentials:delete")),
      150_000,
      3000,
    );
    await nav(page, "Security alerts");
    await page.getByRole("heading", { name: "Security alerts", level: 1 }).waitFor();
    await page.getByRole("link", { name: alert.title }).first().waitFor();
    await shot(page, "90-alerts");
    await checkA11y(page, "alerts");
    await go(page, `/alerts/${alert.id}`);
    await page.getByRole("heading", { name: alert.title, level: 1 }).waitFor();
    const evidence = page.getByRole("table", { name: "Evidence" });
    await evidence.getByText("roles.update").first().waitFor();
    await shot(page, "91-alert-detail");
    await checkA11y(page, "alert-detail");
    if (alert.status === "open") {
      await page.getByRole("button", { name: "Acknowledge" }).click();
      await page.getByText(`Acknowledged "${alert.title}".`).waitFor();
    }
    await page.getByText(new RegExp(`^By ${env.adminUser} `)).first().waitFor();

    await page.getByRole("link", { name: "View in the audit log" }).click();
    await page.getByRole("heading", { name: "Audit log", level: 1 }).waitFor();
    await page.getByText("An alert's evidence").waitFor();
    await page.getByRole("row").filter({ hasText: "roles.update" }).getByText("Evidence", { exact: true }).first().waitFor();
    await shot(page, "92-audit-evidence");
    await checkA11y(page, "audit-evidence");

    await nav(page, "Alert rules");
    await page.getByRole("heading", { name: "Alert rules", level: 1 }).waitFor();
    const rule = page.getByRole("form", { name: "Repeated refusals" });
    const count = rule.getByLabel("How many times");
    await count.fill("1");
    await rule.getByRole("button", { name: "Save Repeated refusals" }).click();
    // The API's reason, beside the field.
    await rule.getByText("Must be from 2 to 10000.").waitFor();
    await shot(page, "93-alert-rules");
    await checkA11y(page, "alert-rules");
    await count.fill("12");
    await rule.getByRole("button", { name: "Save Repeated refusals" }).click();
    await page.getByText('Saved "Repeated refusals"', { exact: false }).waitFor();
    // Back as it comes, for whatever runs next.
    await rule.getByRole("button", { name: "Use defaults" }).click();
    await rule.getByRole("button", { name: "Save Repeated refusals" }).click();
    await until("the rule's defaults", async () => (await api(adminToken, "GET", "/api/alerts/rules")).body.data.find((r) => r.id === "repeated_denials")?.config.count === 10, 10_000);
    assert.equal(violations.length, 0, `serious or critical accessibility violations:\n${violations.join("\n\n")}`);
  });
});
