// Tenancy end to end, against a running CloudCensus stack: the admin, a
// platform administrator, creates a workspace on the Workspaces page and
// the workspace switcher appears in the top bar (a person in one workspace
// never sees it); switching shows the new workspace empty (no credentials)
// and switching back returns. A person invited into the new workspace
// joins it from their account page and gets the switcher too. The admin
// creates a custom role with two permission groups ticked, is refused its
// delete while a user holds it (the dialog names the user), then deletes
// it; the administrator role opens read-only. Every new page is
// screenshotted and checked with axe-core, at 1440 px.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { a11yCollector, adminPage, api, env, launch, login, newPage, shot, signIn } from "./harness.mjs";

const run = Date.now().toString(36);
const workspaceName = `e2e tenancy ${run}`;
const roleName = `e2e-role-${run}`;
const holder = { username: `e2e-holder-${run}`, email: `e2e-holder-${run}@example.com`, password: `Holder-${run}-Aa1!` };
const joiner = { username: `e2e-joiner-${run}`, email: `e2e-joiner-${run}@example.com`, password: `Joiner-${run}-Bb2!` };

async function nav(page, text) {
  await page.locator("nav").getByRole("link", { name: text, exact: true }).first().click();
}

/** The top bar's workspace menu (shown only to a person in two workspaces or more). */
const switcher = (page) => page.getByRole("button", { name: /^Workspace: / });

/** Chooses a workspace in the top bar's menu and waits until the console shows it, from the dashboard. */
async function switchTo(page, name) {
  await switcher(page).click();
  await page.getByRole("menuitemcheckbox", { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`) }).click();
  await page.getByText(`You are working in ${name}.`).waitFor();
  await page.waitForURL((u) => u.pathname === "/");
  await page.getByRole("button", { name: `Workspace: ${name}. Switch workspace` }).waitFor();
}

describe("workspaces, the switcher and custom roles", { concurrency: false }, () => {
  let browser;
  let admin;
  let adminToken;
  let defaultWorkspace;
  let defaultName;
  /** The last access token the admin's console sent: the workspace it works in. */
  let consoleToken;
  const { violations, check: checkA11y } = a11yCollector();

  before(async () => {
    adminToken = await login(env.adminUser, env.adminPassword);
    const list = await api(adminToken, "GET", "/api/workspaces");
    assert.equal(list.status, 200, `the admin is a platform administrator: ${JSON.stringify(list.body)}`);
    defaultWorkspace = list.body.defaultWorkspaceId;
    defaultName = list.body.data.find((w) => w.id === defaultWorkspace).name;
    const r = await api(adminToken, "POST", "/api/users/create", { ...holder, role: "user" });
    assert.equal(r.status, 201, `create ${holder.username}: ${JSON.stringify(r.body)}`);
    const j = await api(adminToken, "POST", "/api/users/create", { ...joiner, role: "user" });
    assert.equal(j.status, 201, `create ${joiner.username}: ${JSON.stringify(j.body)}`);
    browser = await launch();
    admin = await adminPage(browser);
    admin.page.on("request", (req) => {
      const auth = req.headers().authorization;
      if (auth?.startsWith("Bearer ")) consoleToken = auth.slice("Bearer ".length);
    });
  });
  after(async () => {
    // Whatever failed, the admin works in the first workspace again for whatever runs next.
    if (defaultWorkspace) await login(env.adminUser, env.adminPassword, defaultWorkspace).catch(() => undefined);
    await browser?.close();
  });

  test("the admin creates a workspace and the switcher appears", async () => {
    const { page } = admin;
    const mine = await api(adminToken, "GET", "/api/auth/workspaces");
    if (mine.body.data.length === 1) {
      assert.equal(await switcher(page).count(), 0, "one workspace: no switcher");
    }
    await nav(page, "Workspaces");
    await page.getByRole("heading", { name: "Workspaces", level: 1 }).waitFor();
    const first = page.getByRole("row").filter({ hasText: defaultName });
    await first.getByText("Platform workspace").waitFor();
    await page.getByRole("button", { name: "Create workspace" }).click();
    const dialog = page.getByRole("dialog", { name: "Create workspace" });
    await dialog.getByLabel("Name", { exact: true }).fill(workspaceName);
    await shot(page, "a0-workspace-create");
    await checkA11y(page, "workspace-create");
    await dialog.getByRole("button", { name: "Create workspace" }).click();
    await page.getByText(`Workspace ${workspaceName} created.`).waitFor();
    const row = page.getByRole("row").filter({ hasText: workspaceName });
    await row.waitFor();
    assert.equal(await row.getByText("Platform workspace").count(), 0, "only the first workspace is the platform's");
    await page.getByRole("button", { name: `Workspace: ${defaultName}. Switch workspace` }).waitFor();
    await shot(page, "a1-workspaces");
    await checkA11y(page, "workspaces");
  });

  test("the admin renames nothing by mistake: a rename sends the version read", async () => {
    const { page } = admin;
    await page.getByRole("radio", { name: `Select workspace ${workspaceName}` }).check();
    await page.getByRole("button", { name: "Rename", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Rename workspace" });
    const name = dialog.getByLabel("Name", { exact: true });
    assert.equal(await name.inputValue(), workspaceName);
    await name.fill(`${workspaceName} <b>team</b>`);
    await dialog.getByRole("button", { name: "Rename" }).click();
    await page.getByText(`Workspace renamed to ${workspaceName} <b>team</b>.`).waitFor();
    // The name is text: no element was made of it.
    await page.getByRole("row").filter({ hasText: `${workspaceName} <b>team</b>` }).waitFor();
    // And back, for the rest of the suite.
    await page.getByRole("radio", { name: `Select workspace ${workspaceName} <b>team</b>` }).check();
    await page.getByRole("button", { name: "Rename", exact: true }).click();
    await page.getByRole("dialog", { name: "Rename workspace" }).getByLabel("Name", { exact: true }).fill(workspaceName);
    await page.getByRole("dialog", { name: "Rename workspace" }).getByRole("button", { name: "Rename" }).click();
    await page.getByText(`Workspace renamed to ${workspaceName}.`).waitFor();
  });

  test("switching to the new workspace shows it empty, and switching back returns", async () => {
    const { page } = admin;
    await switcher(page).click();
    const menu = page.getByRole("menuitemcheckbox", { name: new RegExp(`^${defaultName}`) });
    assert.equal(await menu.getAttribute("aria-checked"), "true", "the current workspace is marked");
    await shot(page, "a2-switcher");
    await checkA11y(page, "switcher");
    await page.keyboard.press("Escape");
    await switchTo(page, workspaceName);
    await nav(page, "Credentials");
    // Nothing of the first workspace: the list counts none.
    await page.getByRole("heading", { name: /^Credentials\s*\(0\)$/, level: 1 }).waitFor();
    await shot(page, "a3-new-workspace-credentials");
    await checkA11y(page, "new-workspace-credentials");

    // An invite of the new workspace, for the person who joins it next (made with the console's own token there).
    const mine = await api(consoleToken, "GET", "/api/auth/permissions");
    assert.notEqual(mine.body.workspaceId, defaultWorkspace, "the console works in the new workspace");
    const inv = await api(consoleToken, "POST", "/api/invites/create", { role: "user", expiresInHours: 1, maxUses: 1 });
    assert.equal(inv.status, 201, `an invite of the new workspace: ${JSON.stringify(inv.body)}`);
    inviteCode = inv.body.code;

    await switchTo(page, defaultName);
    const back = await api(consoleToken, "GET", "/api/auth/permissions");
    assert.equal(back.body.workspaceId, defaultWorkspace, "the console works in the first workspace again");
  });

  let inviteCode;
  test("a person joins the new workspace with an invite code and gets the switcher", async () => {
    assert.ok(inviteCode, "the invite was made");
    const { page } = await newPage(browser);
    await page.goto("/");
    await signIn(page, joiner.username, joiner.password);
    assert.equal(await switcher(page).count(), 0, "one workspace: no switcher");
    // A new load resumes the session from its cookie.
    await page.goto("/account");
    await page.getByRole("heading", { name: "Account settings", level: 1 }).waitFor();
    await page.getByLabel("Invite code").fill(inviteCode);
    await shot(page, "a4-account-join");
    await checkA11y(page, "account-join");
    await page.getByRole("button", { name: "Join workspace" }).click();
    await page.getByText(`You joined ${workspaceName}.`, { exact: false }).waitFor();
    await switcher(page).waitFor();
    await switchTo(page, workspaceName);
    await page.context().close();
  });

  test("the admin creates a custom role with two permission groups, and deletes it once nobody holds it", async () => {
    const { page } = admin;
    await nav(page, "Roles and permissions");
    await page.getByRole("heading", { name: "Roles and permissions", level: 1 }).waitFor();
    await page.getByRole("row").filter({ hasText: "power_user" }).getByText("Built-in").waitFor();
    await shot(page, "a5-roles");
    await checkA11y(page, "roles");

    await page.getByRole("button", { name: "Create role" }).click();
    await page.getByRole("heading", { name: "Create role", level: 1 }).waitFor();
    const form = page.locator("form");
    await form.getByLabel("Name", { exact: true }).fill(roleName);
    await form.getByLabel("Description").fill("Runs scans and reads reports <i>only</i>");
    await form.getByLabel("Rank").fill("150");
    await form.getByRole("checkbox", { name: "Every permission in Scans" }).check();
    await form.getByRole("checkbox", { name: "Every permission in Reports" }).check();
    await form.getByRole("button", { name: /^Scans/ }).click();
    const start = form.getByRole("checkbox", { name: /^Start scans/ });
    await start.waitFor();
    assert.equal(await start.isChecked(), true, "ticking the group ticks its permissions");
    await form.getByText("tasks:create", { exact: true }).waitFor();
    await shot(page, "a6-role-create");
    await checkA11y(page, "role-create");
    await form.getByRole("button", { name: "Create role" }).click();
    await page.getByText(`Role ${roleName} created.`).waitFor();
    await page.getByRole("heading", { name: "Roles and permissions", level: 1 }).waitFor();
    const row = page.getByRole("row").filter({ hasText: roleName });
    await row.getByText("Runs scans and reads reports <i>only</i>").waitFor();
    await row.getByText("Custom").waitFor();

    const roles = await api(adminToken, "GET", "/api/roles");
    const made = roles.body.data.find((r) => r.role === roleName);
    assert.equal(made.rank, 150);
    const groups = Object.fromEntries(roles.body.catalog.groups.map((g) => [g.name, g.permissions.map((p) => p.key)]));
    for (const k of [...groups.Scans, ...groups.Reports, "auth:self"]) assert.ok(made.permissions.includes(k), `${k} in ${made.permissions}`);
    assert.equal(made.permissions.length, groups.Scans.length + groups.Reports.length + 1, `only the two groups: ${made.permissions}`);

    // A user holds it as an other role: the delete is refused, naming them, in the dialog.
    const users = await api(adminToken, "GET", `/api/users?search=${holder.username}`);
    const u = users.body.data.find((x) => x.username === holder.username);
    const upd = await api(adminToken, "POST", "/api/users/update", { id: u.id, version: u.version, roles: [roleName] });
    assert.equal(upd.status, 200, `${holder.username} holds the role: ${JSON.stringify(upd.body)}`);
    await page.getByRole("radio", { name: `Select role ${roleName}` }).check();
    await page.getByRole("button", { name: "Delete", exact: true }).click();
    const confirm = page.getByRole("dialog", { name: "Delete role" });
    await confirm.getByRole("button", { name: "Delete" }).click();
    await confirm.getByText(new RegExp(`held by 1 user\\(s\\): ${holder.username}`)).waitFor();
    await shot(page, "a7-role-delete-refused");
    await checkA11y(page, "role-delete-refused");
    await confirm.getByRole("button", { name: "Cancel" }).click();

    const again = await api(adminToken, "POST", "/api/users/update", { id: u.id, version: upd.body.version, roles: [] });
    assert.equal(again.status, 200, `${holder.username} no longer holds it: ${JSON.stringify(again.body)}`);
    await page.getByRole("button", { name: "Delete", exact: true }).click();
    await page.getByRole("dialog", { name: "Delete role" }).getByRole("button", { name: "Delete" }).click();
    await page.getByText(`Role ${roleName} deleted.`).waitFor();
    await page.getByRole("row").filter({ hasText: roleName }).waitFor({ state: "detached" });
  });

  test("the administrator role opens read-only", async () => {
    const { page } = admin;
    await page.getByRole("link", { name: "Administrator", exact: true }).click();
    await page.getByRole("heading", { name: "Role Administrator", level: 1 }).waitFor();
    await page.getByText("The administrator role cannot be changed").waitFor();
    assert.equal(await page.getByRole("button", { name: "Save role" }).count(), 0, "nothing to save");
    assert.equal(await page.getByRole("checkbox", { name: "Every permission in Security" }).isDisabled(), true, "nothing to tick");
    await shot(page, "a8-role-admin");
    await checkA11y(page, "role-admin");
    await page.getByRole("link", { name: "Back to the roles" }).click();
    await page.getByRole("heading", { name: "Roles and permissions", level: 1 }).waitFor();
    assert.equal(violations.length, 0, `serious or critical accessibility violations:\n${violations.join("\n\n")}`);
  });
});
