// A user's lifecycle and a credential's details, end to end at 1440 and
// 1024 px. The admin creates a user (a permanent password), resets it from
// the user's page (the temporary password shown once, with its copy
// button; it then signs in only to choose a new one) and the list reads
// "Force change password" for them. Another user is kept out by failed
// sign-ins (wrong passwords through the sign-in API) and unlocked from the
// list's Actions menu; locked by an admin, they are found by the Locked
// filter and unlocked the same way. Two credentials reaching the same
// account through the same role (hostile names) are both flagged
// Duplicate, each naming the other; the free-text filter narrows the list
// by account id and by name, in the address; a credential's page warns of
// its duplicate, and the demo staging account, validated, lists what a scan
// can read per service (lambda unreadable, its denied action shown). The
// form fills the account id from a pasted role ARN. Every page passes
// axe-core; screenshots c-*.png.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { a11yCollector, adminPage, api, env, go, launch, login, shot } from "./harness.mjs";

const run = Date.now().toString(36);
const WIDTHS = [1440, 1024];
// An account no other test uses, so the free text finds only this test's credentials.
const account = `9${String(Date.now()).slice(-11)}`;
const roleArn = `arn:aws:iam::${account}:role/CloudCensusScanner`;
const dupA = `<img src=x onerror=alert(1)> dup A ${run}`;
const dupB = `=HYPERLINK("x") dup B ${run}`;
const elsewhere = `e2e lifecycle elsewhere ${run}`;

async function settle(page, noun) {
  await page.waitForFunction((n) => !document.body.innerText.includes(`Loading ${n}`), noun, { timeout: 20_000 });
}

/** The main table's row whose text includes text. */
function row(page, text) {
  return page.locator("main table tbody tr").filter({ hasText: text });
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

/** Waits until a column of the main table reads exactly cells (the list shown a moment ago stays until the next page arrives). */
async function columnIs(page, header, cells) {
  const end = Date.now() + 15_000;
  let got = [];
  while (Date.now() < end) {
    got = await column(page, header);
    if (JSON.stringify(got) === JSON.stringify(cells)) return;
    await page.waitForTimeout(250);
  }
  throw new Error(`the ${header} column should read ${JSON.stringify(cells)}; it reads ${JSON.stringify(got)} at ${page.url()}`);
}

/** Waits until the Name column lists exactly names (the list shown a moment ago stays until the next page arrives). */
async function namesBecome(page, names) {
  const want = [...names].sort();
  try {
    await page.waitForFunction(
      (w) => {
        const table = [...document.querySelectorAll("main table")].find((t) => t.querySelector("tbody tr"));
        if (!table) return false;
        const i = [...table.querySelectorAll("thead th")].findIndex((th) => th.innerText.trim() === "Name");
        const got = [...table.querySelectorAll("tbody tr")].map((tr) => tr.children[i]?.querySelector("a")?.textContent?.trim() ?? "").sort();
        return JSON.stringify(got) === JSON.stringify(w);
      },
      want,
      { timeout: 15_000 },
    );
  } catch {
    throw new Error(`the list should name ${JSON.stringify(want)}; it shows ${JSON.stringify(await column(page, "Name"))} at ${page.url()}`);
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

/** Selects the row of username and picks an item of the Actions menu. */
async function userAction(page, username, item) {
  await page.getByRole("radio", { name: `Select ${username}` }).check();
  await page.getByRole("button", { name: "Actions" }).click();
  await page.getByRole("menuitem", { name: item }).click();
}

/** Finds one user in the list by the free text, optionally with a status filter. */
async function findUser(page, username, status) {
  await go(page, `/users?search=${encodeURIComponent(username)}${status ? `&status=${status}` : ""}`);
  await page.getByRole("heading", { name: "Users", level: 1 }).waitFor();
  await settle(page, "users");
}

describe("a user's lifecycle, and a credential's details", { concurrency: false }, () => {
  let browser;
  let admin;
  let adminToken;
  const ids = {};
  const { violations, check } = a11yCollector();

  before(async () => {
    adminToken = await login(env.adminUser, env.adminPassword);
    for (const [key, name, acct] of [["a", dupA, account], ["b", dupB, account], ["other", elsewhere, `8${account.slice(1)}`]]) {
      const r = await api(adminToken, "POST", "/api/credentials/create", { name, credentialType: "assume_role", accountId: acct, roleArn: `arn:aws:iam::${acct}:role/CloudCensusScanner` });
      assert.equal(r.status, 201, `credential ${name}: ${JSON.stringify(r.body)}`);
      ids[key] = r.body.id;
    }
    browser = await launch();
    admin = await adminPage(browser);
  });
  after(async () => {
    await browser?.close();
  });

  for (const width of WIDTHS) {
    test(`at ${width} px the admin creates a user and resets their password: shown once, then Force change password`, async () => {
      const { page } = admin;
      await page.setViewportSize({ width, height: 900 });
      const person = { username: `e2e-reset-${run}-${width}`, email: `e2e-reset-${run}-${width}@example.com`, password: `Reset-${run}-Aa1!` };
      await go(page, "/users");
      await page.getByRole("heading", { name: "Users", level: 1 }).waitFor();
      await page.getByRole("button", { name: "Create user" }).click();
      const create = page.getByRole("dialog", { name: "Create user" });
      await create.getByLabel("Username", { exact: true }).fill(person.username);
      await create.getByLabel("Email", { exact: true }).fill(person.email);
      await create.getByLabel("Password", { exact: true }).fill(person.password);
      await create.getByText("Temporary: the user must choose a new password at first sign-in").click();
      await create.getByRole("button", { name: "Create user" }).click();
      await page.getByRole("heading", { name: person.username, level: 1 }).waitFor();
      await page.getByText("Active", { exact: true }).waitFor();
      assert.equal(await page.getByText("Version", { exact: true }).count(), 0, "the internal version is not shown");

      await page.getByRole("button", { name: "Reset password" }).click();
      const dialog = page.getByRole("dialog", { name: "Reset password" });
      await dialog.getByText(/Their current password stops working at once/).waitFor();
      await dialog.getByRole("button", { name: "Reset password" }).click();
      const copy = page.getByRole("button", { name: /^Copy temporary password / });
      await copy.waitFor();
      const temporary = (await copy.getAttribute("aria-label")).replace(/^Copy temporary password /, "");
      assert.ok(temporary.length >= 8, "a temporary password is shown");
      await page.getByText("Shown only once").waitFor();
      await page.getByText(temporary, { exact: true }).waitFor();
      await shot(page, `c-user-reset-${width}`);
      await check(page, `user reset @${width}`);
      await page.getByRole("button", { name: "Done" }).click();
      await page.getByRole("dialog").filter({ hasText: temporary }).waitFor({ state: "hidden" });
      assert.equal(await page.getByText(temporary, { exact: true }).count(), 0, "the password is gone once the dialog closes");
      await page.getByText("Force change password", { exact: true }).waitFor();

      // The old password no longer works; the temporary one leads only to choosing a new one.
      assert.notEqual((await api(undefined, "POST", "/api/auth/login", { username: person.username, password: person.password })).status, 200);
      const challenged = await api(undefined, "POST", "/api/auth/login", { username: person.username, password: temporary });
      assert.equal(challenged.status, 200, JSON.stringify(challenged.body));
      assert.equal(challenged.body.challenge, "NEW_PASSWORD_REQUIRED");

      await findUser(page, person.username);
      await columnIs(page, "Username", [person.username]);
      await columnIs(page, "Status", ["Force change password"]);
    });

    test(`at ${width} px a user failed sign-ins keep out, or an admin locked, is unlocked from the list`, async () => {
      const { page } = admin;
      await page.setViewportSize({ width, height: 900 });
      const person = { username: `e2e-lock-${run}-${width}`, email: `e2e-lock-${run}-${width}@example.com`, password: `Lock-${run}-Aa1!` };
      const made = await api(adminToken, "POST", "/api/users/create", { ...person, role: "user" });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      // Wrong passwords through the sign-in API until it closes; then even the right one is refused.
      for (let i = 0; i < 5; i++) await api(undefined, "POST", "/api/auth/login", { username: person.username, password: `wrong-${i}` });
      assert.notEqual((await api(undefined, "POST", "/api/auth/login", { username: person.username, password: person.password })).status, 200, "sign-in is closed");

      await findUser(page, person.username);
      await row(page, person.username).getByText(/^Sign-in closed until .+ \(failed attempts\)$/).waitFor();
      await userAction(page, person.username, "Unlock");
      await page.getByText(`Unlocked ${person.username}: they can sign in again.`).waitFor();
      await row(page, person.username).getByText("Active", { exact: true }).waitFor();
      await login(person.username, person.password);

      // An admin's lock: the Locked filter finds them, and Unlock lets them in again.
      const locked = await api(adminToken, "POST", "/api/users/update", { id: made.body.id, version: (await api(adminToken, "GET", `/api/users/detail?id=${made.body.id}`)).body.version, status: "locked" });
      assert.equal(locked.status, 200, JSON.stringify(locked.body));
      await findUser(page, person.username, "locked");
      await page.getByRole("button", { name: /Filter by status/ }).filter({ hasText: "Locked" }).waitFor();
      await columnIs(page, "Status", ["Locked"]);
      await columnIs(page, "Username", [person.username]);
      assert.deepEqual(await sideways(page), [], "the users list does not scroll sideways");
      await shot(page, `c-users-${width}`);
      await check(page, `users locked @${width}`);
      await userAction(page, person.username, "Unlock");
      await page.getByText(`Unlocked ${person.username}: they can sign in again.`).first().waitFor();
      await row(page, person.username).waitFor({ state: "detached" });
      await login(person.username, person.password);
    });

    test(`at ${width} px two credentials reaching one account the same way are flagged, and the free text finds them`, async () => {
      const { page } = admin;
      await page.setViewportSize({ width, height: 900 });
      await go(page, "/credentials");
      await page.getByRole("heading", { name: "Credentials", level: 1 }).waitFor();
      await settle(page, "credentials");

      // By account id: both duplicates, not the credential elsewhere; the search is in the address.
      await page.getByLabel("Find credentials").fill(account);
      await page.waitForURL((u) => u.searchParams.get("q") === account);
      await namesBecome(page, [dupA, dupB]);
      assert.deepEqual(await sideways(page), [], "the credentials list does not scroll sideways");
      assert.equal(await page.locator("main table tbody img").count(), 0, "a name's markup stays text");
      for (const name of [dupA, dupB]) await row(page, name).getByText("Duplicate", { exact: true }).waitFor();
      await row(page, dupA).getByText("Duplicate", { exact: true }).click();
      const popover = page.getByRole("dialog").filter({ hasText: "Duplicate credential" });
      const link = popover.getByRole("link", { name: dupB, exact: true });
      await link.waitFor();
      assert.equal(await link.getAttribute("href"), `/credentials/${ids.b}`);
      await shot(page, `c-credentials-${width}`);
      await check(page, `credentials duplicates @${width}`);
      await page.keyboard.press("Escape");

      // By name: only that credential.
      await page.getByLabel("Find credentials").fill(`dup B ${run}`);
      await page.waitForURL((u) => u.searchParams.get("q") === `dup B ${run}`);
      await namesBecome(page, [dupB]);
      await page.getByLabel("Find credentials").fill(elsewhere);
      await namesBecome(page, [elsewhere]);
      assert.equal(await row(page, elsewhere).getByText("Duplicate", { exact: true }).count(), 0, "a credential reaching another account is no duplicate");
    });

    test(`at ${width} px a credential's page warns of its duplicate; the demo account lists what a scan can read`, async () => {
      const { page } = admin;
      await page.setViewportSize({ width, height: 900 });
      await go(page, `/credentials/${ids.a}`);
      await page.getByRole("heading", { name: dupA, level: 1 }).waitFor();
      await page.getByText("Not validated", { exact: true }).waitFor();
      const notice = page.locator("main").filter({ hasText: "Duplicate credential" });
      await notice.getByText(new RegExp(`reaches account ${account} the same way`)).waitFor();
      const link = page.getByRole("link", { name: dupB, exact: true });
      await link.waitFor();
      assert.equal(await link.getAttribute("href"), `/credentials/${ids.b}`);
      assert.equal(await page.locator("main img").count(), 0, "the hostile name stays text");
      await shot(page, `c-credential-duplicate-${width}`);
      await check(page, `credential duplicate @${width}`);

      // The demo staging account: validation dry-runs the scan's reads; lambda is denied there.
      const demo = (await api(adminToken, "GET", "/api/credentials?q=demo-staging")).body.data.find((c) => c.name.startsWith("Demo account"));
      assert.ok(demo, "the stack seeds the demo staging account");
      await go(page, `/credentials/${demo.id}`);
      await page.getByRole("heading", { name: demo.name, level: 1 }).waitFor();
      if (!(await page.getByRole("heading", { name: /Services a scan can read/ }).isVisible())) {
        await page.getByRole("button", { name: "Validate" }).click();
      }
      const services = page.getByRole("heading", { name: /Services a scan can read/ });
      await services.waitFor({ timeout: 60_000 });
      await page.getByText(/^\d+ services? unreadable: a scan would miss/).waitFor();
      const first = page.locator("main table").filter({ hasText: "Denied action" }).locator("tbody tr").first();
      assert.match(await first.innerText(), /Lambda[\s\S]*No \(access denied\)[\s\S]*lambda:ListFunctions/);
      await page.getByText(/^Valid, \d+ services? unreadable$/).waitFor();
      await shot(page, `c-credential-detail-${width}`);
      await check(page, `credential detail @${width}`);
    });
  }

  test("the form fills the account id from a pasted role ARN, offering the role the stack creates", async () => {
    const { page } = admin;
    await page.setViewportSize({ width: 1440, height: 900 });
    await go(page, "/credentials/new");
    await page.getByRole("heading", { name: "Add credential", level: 1 }).waitFor();
    const arn = page.getByLabel("Role ARN", { exact: true });
    await page.waitForFunction(() => document.querySelector("input[placeholder*='CloudCensusScanner']"), null, { timeout: 15_000 });
    assert.equal(await arn.getAttribute("placeholder"), "arn:aws:iam::123456789012:role/CloudCensusScanner");
    await arn.fill(roleArn);
    assert.equal(await page.getByLabel("AWS account id").inputValue(), account);
    await check(page, "add credential");
  });

  test("every page visited passes axe-core", () => {
    assert.deepEqual(violations, []);
  });
});
