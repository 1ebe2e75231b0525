// What every e2e test needs: the stack's address and admin account from the
// environment, Debian's chromium driven by playwright-core, screenshots
// under web/screenshots/, and an axe-core check of the page.

import assert from "node:assert/strict";
import { mkdir, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));

function need(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: the e2e suite needs a running CloudCensus stack (see web/README.md)`);
  return v;
}

export const env = {
  baseUrl: need("CLOUDCENSUS_URL").replace(/\/+$/, ""),
  adminUser: need("CLOUDCENSUS_ADMIN_USERNAME"),
  adminPassword: need("CLOUDCENSUS_ADMIN_PASSWORD"),
  chromium: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  scanTimeoutMs: Number(process.env.E2E_SCAN_TIMEOUT_MS ?? 300_000),
  screenshots: process.env.E2E_SCREENSHOTS ?? join(here, "..", "screenshots"),
};

export async function launch() {
  // launch() gives every run a fresh temporary profile (its own --user-data-dir).
  return chromium.launch({
    executablePath: env.chromium,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** A new page in its own context (its own storage); options: viewport, timezoneId. */
export async function newPage(browser, { viewport = { width: 1440, height: 900 }, timezoneId } = {}) {
  const context = await browser.newContext({ baseURL: env.baseUrl, acceptDownloads: true, viewport, ...(timezoneId ? { timezoneId } : {}) });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && problems.push(`console error: ${m.text()}`));
  return { context, page, problems };
}

/**
 * Saves a picture of the whole page. Playwright's fullPage capture makes
 * Cloudscape's app layout close its side navigation (it reads the capture
 * as a viewport change), so grow the viewport to the page instead.
 */
export async function shot(page, name) {
  await mkdir(env.screenshots, { recursive: true });
  const size = page.viewportSize();
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  if (size && height > size.height) await page.setViewportSize({ width: size.width, height: Math.min(height, 4000) });
  try {
    await page.screenshot({ path: join(env.screenshots, `${name}.png`) });
  } finally {
    if (size) await page.setViewportSize(size);
  }
}

let axeSource;
/** Runs axe-core on the page; returns the serious and critical violations. */
export async function axe(page) {
  axeSource ??= await readFile(require.resolve("axe-core/axe.min.js"), "utf8");
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
  });
  return violations.filter((v) => v.impact === "serious" || v.impact === "critical");
}

export function describeViolations(vs) {
  return vs.map((v) => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.join(", ")}`).join("\n");
}

/**
 * Collects the serious and critical axe-core violations of the pages a
 * suite checks, to assert once at its end: check(page, name) adds a page's.
 */
export function a11yCollector() {
  const violations = [];
  const check = async (page, name) => {
    const found = await axe(page);
    if (found.length) violations.push(`${name}:\n${describeViolations(found)}`);
  };
  return { violations, check };
}

/** A new page of browser, signed in as the stack's admin; options as newPage's. */
export async function adminPage(browser, options) {
  const admin = await newPage(browser, options);
  await admin.page.goto("/");
  await admin.page.waitForURL(/\/signin/);
  await signIn(admin.page, env.adminUser, env.adminPassword);
  return admin;
}

/** Signs in on the sign-in page; answers the new-password challenge with newPassword if it comes. */
export async function signIn(page, username, password, { newPassword } = {}) {
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password", { exact: true }).fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  const challenge = page.getByRole("heading", { name: "Choose a new password" });
  const signedIn = page.getByRole("navigation").first();
  await Promise.race([challenge.waitFor(), page.waitForURL((u) => !u.pathname.startsWith("/signin"))]);
  if (await challenge.isVisible()) {
    if (!newPassword) throw new Error(`${username} must choose a new password, and the test gave none`);
    await page.getByLabel("New password", { exact: true }).fill(newPassword);
    await page.getByLabel("Confirm new password").fill(newPassword);
    await page.getByRole("button", { name: "Set password and sign in" }).click();
    await page.waitForURL((u) => !u.pathname.startsWith("/signin"));
    return "challenge";
  }
  await signedIn.waitFor();
  return "password";
}

/** The links of the side navigation. */
export async function navLinks(page) {
  const nav = page.locator("nav").filter({ has: page.getByRole("link", { name: "Dashboard" }) }).first();
  await nav.waitFor();
  return nav.getByRole("link").allTextContents();
}

/** Calls the API as the console would, outside the browser (setup and checks); the body parsed. */
export async function api(token, method, path, body) {
  const res = await fetch(`${env.baseUrl}${path}`, {
    method,
    headers: { Accept: "application/json", ...(body ? { "Content-Type": "application/json" } : {}), ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** Signs in through the API (into workspaceId when given) and returns the access token. */
export async function login(username, password, workspaceId) {
  const r = await api(undefined, "POST", "/api/auth/login", { username, password, ...(workspaceId ? { workspaceId } : {}) });
  assert.equal(r.status, 200, `${username} signs in through the API: ${JSON.stringify(r.body)}`);
  assert.ok(r.body.token, `${username} gets a token, not a challenge`);
  return r.body.token;
}

/** Waits until check() answers something truthy, asking every interval ms. */
export async function until(what, check, timeoutMs, interval = 1000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** Moves inside the SPA without a reload (a reload would sign in again through the refresh cookie). */
export async function go(page, path) {
  await page.evaluate((p) => {
    window.history.pushState({}, "", p);
    window.dispatchEvent(new PopStateEvent("popstate"));
  }, path);
}
