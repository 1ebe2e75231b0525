// How the console reads, end to end, at 1440 and 1024 px: an administrator
// starts a scan with the keyboard only (errors focus their field and go
// once it is valid, regions are found by name, the project metadata is
// remembered for the next scan); on the dashboard, tasks, a task, the
// credentials, reports and the audit log no status cell breaks a word, no
// main table scrolls sideways, every time shows seconds and its zone (local
// or UTC, as chosen), and axe-core finds nothing serious; the coverage grid
// opens a cell's detail from the keyboard and keeps its header in view; a
// finished task is deleted only once "delete" is typed. Each page is
// screenshotted at both widths.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { a11yCollector, adminPage, env, go, launch, shot } from "./harness.mjs";

const run = Date.now().toString(36);
const taskName = `e2e readability ${run}`;
/** Each width scans with its own task (the last test deletes each). */
const nameAt = (width) => (width === 1440 ? taskName : `${taskName} at ${width}`);
const metadata = {
  "Client name": "Readable Corp",
  "Project name": `Readability ${run}`,
  "BD manager": "Bea Manager",
  "Solutions architect": "Sol Architect",
  "Cloud engineer": "Cloud Engineer",
  "Cloud engineer email": "engineer@example.com",
};
// A zone with an offset, so a local time cannot pass for UTC.
const ZONE = "Europe/Berlin";
const WIDTHS = [1440, 1024];
const STATUS_HEADERS = ["Status", "State", "Validation", "Result", "Level", "In this scan"];

async function isFocused(locator) {
  return locator.evaluate((el) => el === document.activeElement || el.contains(document.activeElement));
}

/** Presses Tab until the locator holds the focus. */
async function tabTo(page, locator, max = 80) {
  const passed = [];
  for (let i = 0; i < max; i++) {
    if (await isFocused(locator)) return;
    await page.keyboard.press("Tab");
    passed.push(await page.evaluate(() => {
      const el = document.activeElement;
      return `${el?.tagName.toLowerCase()} "${(el?.getAttribute("aria-label") ?? el?.textContent ?? "").slice(0, 40)}"`;
    }));
  }
  assert.fail(`Tab never reached ${locator}; it passed ${passed.join(", ")}`);
}

async function focusedIsInvalid(page) {
  await page.waitForFunction(() => document.activeElement?.getAttribute("aria-invalid") === "true", null, { timeout: 5_000 });
}

/** The status cells of the page's tables: how many lines each takes and whether its text is cut. */
function statusCells(page) {
  return page.evaluate((headers) => {
    const names = new Set(headers);
    const cells = [];
    for (const table of document.querySelectorAll("main table")) {
      if (table.closest('[aria-label="Coverage matrix"]') || !table.querySelector("tbody")) continue;
      const heads = [...table.querySelectorAll("thead th")].map((th) => th.innerText.trim());
      const cols = heads.flatMap((h, i) => (names.has(h) ? [i] : []));
      for (const tr of table.querySelectorAll("tbody tr")) {
        for (const i of cols) {
          const td = tr.children[i];
          const text = td?.innerText.trim();
          if (!td || !text) continue;
          const tops = [];
          const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            if (!n.textContent.trim()) continue;
            const r = document.createRange();
            r.selectNodeContents(n);
            for (const rect of r.getClientRects()) if (rect.width > 0) tops.push(rect.top);
          }
          tops.sort((a, b) => a - b);
          const lines = tops.length === 0 ? 0 : 1 + tops.slice(1).filter((t, k) => t - tops[k] > 6).length;
          const content = td.firstElementChild ?? td;
          cells.push({ header: heads[i], text, lines, cut: content.scrollWidth > content.clientWidth + 1 });
        }
      }
    }
    return cells;
  }, STATUS_HEADERS);
}

/** The page's tables that scroll sideways. */
function sidewaysTables(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll("main table")]
      .filter((t) => !t.closest('[aria-label="Coverage matrix"]') && t.querySelector("tbody") && t.offsetParent !== null)
      .map((t) => ({
        name: t.getAttribute("aria-label") || (() => {
          for (let el = t.parentElement; el; el = el.parentElement) {
            const h = el.querySelector("h1, h2");
            if (h) return h.textContent;
          }
          return "table";
        })(),
        scroll: t.parentElement.scrollWidth,
        client: t.parentElement.clientWidth,
      }))
      .filter((x) => x.scroll > x.client + 1),
  );
}

const DATE = /\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}[^\n\t]{0,12}/g;
const FULL = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} (UTC|GMT[+-]\d{1,2}(:\d{2})?)/;
const OLD = /\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}, \d{4},? \d{1,2}:\d{2}/;

async function timestamps(page) {
  const text = await page.evaluate(() => document.querySelector("main")?.innerText ?? "");
  return { shown: text.match(DATE) ?? [], old: text.match(OLD) };
}

async function settle(page) {
  await page.waitForFunction(() => !/\bLoading (tasks|task|reports|credentials|audit entries|logs)\b/.test(document.body.innerText), null, { timeout: 20_000 });
}

describe("the console reads well at 1440 and 1024 px", { concurrency: false }, () => {
  let browser;
  let admin;
  let taskPath;
  const paths = {};
  const { violations, check } = a11yCollector();

  before(async () => {
    browser = await launch();
    admin = await adminPage(browser, { timezoneId: ZONE });
  });
  after(async () => {
    await browser?.close();
  });

  for (const width of WIDTHS) {
    test(`at ${width} px the wizard works keyboard-only: errors focus their field and go once it is valid, regions are found by name`, async () => {
      const { page } = admin;
      const name = nameAt(width);
      await page.setViewportSize({ width, height: 900 });
      await go(page, "/tasks");
      await page.getByRole("heading", { name: "Tasks", level: 1 }).waitFor();
      await page.getByRole("button", { name: "New scan" }).focus();
      await page.keyboard.press("Enter");
      await page.getByRole("heading", { name: "Choose credentials", level: 1 }).waitFor();

      await page.getByRole("button", { name: "Next" }).focus();
      await page.keyboard.press("Enter");
      await page.getByText("Name the task.").waitFor();
      await page.getByText("Select at least one credential.").waitFor();
      await focusedIsInvalid(page);
      assert.ok(await isFocused(page.getByLabel("Task name")), "Next with errors focuses the first field in error");
      await page.keyboard.type(name);
      await page.getByText("Name the task.").waitFor({ state: "detached" });

      await tabTo(page, page.getByRole("checkbox", { name: /^Select Demo account/ }).first());
      await page.keyboard.press("Space");
      await page.getByText("Select at least one credential.").waitFor({ state: "detached" });
      await tabTo(page, page.getByRole("button", { name: "Next" }));
      await page.keyboard.press("Enter");
      await page.getByRole("heading", { name: "Choose regions and scope", level: 1 }).waitFor();

      await page.getByRole("button", { name: "Next" }).focus();
      await page.keyboard.press("Enter");
      await page.getByText("Select at least one region.").waitFor();
      await focusedIsInvalid(page);
      await page.keyboard.press("Enter");
      await page.keyboard.type("Ireland");
      await page.getByRole("option", { name: /Europe \(Ireland\).*eu-west-1/ }).waitFor();
      await page.keyboard.press("Control+A");
      await page.keyboard.type("Virginia");
      await page.getByRole("option", { name: /US East \(N\. Virginia\).*us-east-1/ }).waitFor();
      await shot(page, `r-wizard-region-search-${width}`);
      await page.keyboard.press("ArrowDown");
      await page.keyboard.press("Enter");
      await page.keyboard.press("Escape");
      await page.getByText("Select at least one region.").waitFor({ state: "detached" });
      await tabTo(page, page.getByRole("button", { name: "Next" }));
      await page.keyboard.press("Enter");
      await page.getByRole("heading", { name: "Project details", level: 1 }).waitFor();
      // The second width's scan starts with the first's details (remembered): emptied by keyboard first.
      for (const label of Object.keys(metadata)) {
        const field = page.getByLabel(label, { exact: true });
        if ((await field.inputValue()) === "") continue;
        await tabTo(page, field);
        await page.keyboard.press("Control+A");
        await page.keyboard.press("Backspace");
      }

      await page.getByRole("button", { name: "Next" }).focus();
      await page.keyboard.press("Enter");
      await page.getByText("Enter the BD manager's name.").waitFor();
      await focusedIsInvalid(page);
      assert.ok(await isFocused(page.getByLabel("Client name", { exact: true })), "the first field in error is focused");
      for (const [label, value] of Object.entries(metadata)) {
        await tabTo(page, page.getByLabel(label, { exact: true }));
        await page.keyboard.type(value);
      }
      await page.getByText("Enter the BD manager's name.").waitFor({ state: "detached" });
      await check(page, `wizard-project @${width}`);
      await tabTo(page, page.getByRole("button", { name: "Next" }));
      await page.keyboard.press("Enter");
      await page.getByRole("heading", { name: "Review and start", level: 1 }).waitFor();
      await page.getByText("US East (N. Virginia) us-east-1").waitFor();
      await tabTo(page, page.getByRole("button", { name: "Start scan" }));
      await page.keyboard.press("Enter");
      await page.waitForURL((u) => /^\/tasks\/[^/]+$/.test(u.pathname) && u.pathname !== "/tasks/new");
      paths[width] = new URL(page.url()).pathname;
      if (width === WIDTHS[0]) taskPath = paths[width];

      await page.waitForFunction(
        () => document.querySelector('progress[aria-label="Overall progress"]')?.getAttribute("value") === "100",
        null,
        { timeout: env.scanTimeoutMs, polling: 1000 },
      );
      await page.getByText(/^(Completed|Partially completed)$/).first().waitFor({ timeout: 60_000 });
      // The flash that announced the start goes with the scan's end.
      await page.getByText(`Scan "${name}" started.`).waitFor({ state: "detached", timeout: 10_000 });
    });
  }

  test("the next scan starts with the project metadata of the last", async () => {
    const { page } = admin;
    await go(page, "/tasks/new");
    await page.getByLabel("Task name").fill(`${taskName} again`);
    await page.getByRole("checkbox", { name: /^Select Demo account/ }).first().check();
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByRole("button", { name: "Only us-east-1" }).click();
    await page.getByRole("button", { name: "Next" }).click();
    await page.getByRole("heading", { name: "Project details", level: 1 }).waitFor();
    for (const [label, value] of Object.entries(metadata)) assert.equal(await page.getByLabel(label, { exact: true }).inputValue(), value, label);
    await page.getByRole("button", { name: "Cancel" }).click();
    await page.waitForURL((u) => u.pathname === "/tasks");
  });

  test("at 1024 px the side navigation starts closed", async () => {
    const narrow = await adminPage(browser, { viewport: { width: 1024, height: 800 }, timezoneId: ZONE });
    try {
      await narrow.page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
      assert.equal(await narrow.page.getByRole("button", { name: "Close side navigation" }).isVisible(), false, "the navigation is open at 1024 px");
    } finally {
      await narrow.context.close();
    }
  });

  for (const width of WIDTHS) {
    test(`at ${width} px no status breaks a word, no main table scrolls sideways, times show seconds and a zone`, async () => {
      const { page } = admin;
      assert.ok(taskPath, "the scan test ran");
      await page.setViewportSize({ width, height: 900 });
      // The navigation closes on its own when the window narrows (and opens again when it widens).
      await page.getByRole("button", { name: "Close side navigation" }).waitFor({ state: width < 1280 ? "hidden" : "visible" });
      // [name, path, heading, shows times, has a status column]
      const pages = [
        ["dashboard", "/", "Dashboard", true, true],
        ["tasks", "/tasks", "Tasks", true, true],
        ["task", taskPath, taskName, true, true],
        ["credentials", "/credentials", "Credentials", false, true],
        ["reports", "/reports", "Reports", true, false],
        ["audit", "/audit", "Audit log", true, true],
      ];
      const problems = [];
      for (const [name, path, heading, hasTimes, hasStatus] of pages) {
        await go(page, path);
        await page.getByRole("heading", { name: heading, level: 1 }).waitFor();
        await settle(page);
        if (name === "task") await page.getByText(/^(Completed|Partially completed)$/).first().waitFor();
        await page.waitForTimeout(300);

        const cells = await statusCells(page);
        if (hasStatus && cells.length === 0) problems.push(`${name} @${width}: no status cell found`);
        for (const c of cells) {
          if (c.lines !== 1) problems.push(`${name} @${width}: "${c.text}" (${c.header}) takes ${c.lines} lines`);
          if (c.cut) problems.push(`${name} @${width}: "${c.text}" (${c.header}) is cut`);
        }
        for (const t of await sidewaysTables(page)) problems.push(`${name} @${width}: table ${t.name} scrolls sideways (${t.scroll} > ${t.client})`);
        const { shown, old } = await timestamps(page);
        if (hasTimes && shown.length === 0) problems.push(`${name} @${width}: no time shown`);
        for (const s of shown) if (!FULL.test(s)) problems.push(`${name} @${width}: time "${s}" lacks seconds or a zone`);
        if (old) problems.push(`${name} @${width}: old time format "${old[0]}"`);

        await shot(page, `r-${name}-${width}`);
        await check(page, `${name} @${width}`);
        if (name === "task") {
          await page.getByRole("tab", { name: "Logs" }).click();
          await page.getByRole("heading", { name: "Logs" }).waitFor();
          await settle(page);
          for (const t of await sidewaysTables(page)) problems.push(`task logs @${width}: table ${t.name} scrolls sideways (${t.scroll} > ${t.client})`);
          for (const c of await statusCells(page)) if (c.lines !== 1) problems.push(`task logs @${width}: "${c.text}" takes ${c.lines} lines`);
          await shot(page, `r-task-logs-${width}`);
        }
      }
      assert.deepEqual(problems, []);
    });
  }

  test("times follow the chosen zone: local, then UTC", async () => {
    const { page } = admin;
    await page.setViewportSize({ width: 1440, height: 900 });
    await go(page, "/");
    await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
    await settle(page);
    const zones = async () => (await timestamps(page)).shown.map((s) => s.replace(/^\S+ \S+ /, ""));
    await page.getByRole("button", { name: "Local time", exact: true }).focus();
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => /\d{2}:\d{2}:\d{2} GMT\+1/.test(document.querySelector("main")?.innerText ?? ""));
    assert.ok((await zones()).every((z) => z.startsWith("GMT+1")), `local times in ${ZONE}: ${await zones()}`);
    await page.getByRole("button", { name: "UTC", exact: true }).focus();
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => /\d{2}:\d{2}:\d{2} UTC/.test(document.querySelector("main")?.innerText ?? ""));
    assert.ok((await zones()).every((z) => z.startsWith("UTC")), `UTC times: ${await zones()}`);
    await shot(page, "r-dashboard-utc");
    // The choice holds on the next page, and in the next visit.
    await go(page, "/audit");
    await page.getByRole("heading", { name: "Audit log", level: 1 }).waitFor();
    await settle(page);
    assert.ok((await zones()).length > 0 && (await zones()).every((z) => z.startsWith("UTC")), "the audit log follows the choice");
    await page.getByRole("button", { name: "Local time", exact: true }).click();
  });

  for (const width of WIDTHS) {
    test(`at ${width} px the coverage grid works from the keyboard and keeps its header in view`, async () => {
      const { page } = admin;
      await page.setViewportSize({ width, height: 900 });
      await go(page, paths[width]);
      await page.getByRole("heading", { name: nameAt(width), level: 1 }).waitFor();
      await page.getByRole("tab", { name: "Coverage" }).focus();
      await page.keyboard.press("Enter");
      const grid = page.getByRole("region", { name: "Coverage matrix" });
      await grid.waitFor();
      // The one cell in the tab order (a roving tabindex): Tab lands on it, arrows move from it.
      const first = grid.locator('button[data-r][tabindex="0"]');
      assert.equal(await first.count(), 1, "exactly one cell is in the tab order");
      await tabTo(page, first, 10);
      const position = () => page.evaluate(() => [document.activeElement?.getAttribute("data-r"), document.activeElement?.getAttribute("data-c")].join(","));
      const start = await position();
      await page.keyboard.press("ArrowDown");
      assert.notEqual(await position(), start, "ArrowDown moves to the next service");
      await page.keyboard.press("Enter");
      const dialog = page.getByRole("dialog").filter({ hasText: /in \d{12}|in .*\(\d{12}\)/ });
      await dialog.waitFor();
      await dialog.getByText("Resources", { exact: true }).waitFor();
      await shot(page, `r-task-coverage-popover-${width}`);
      await check(page, `coverage popover @${width}`);
      await page.keyboard.press("Escape");
      await dialog.waitFor({ state: "detached" });
      assert.equal(await position() !== ",", true, "the focus returns to the cell");

      const header = await grid.evaluate(async (el) => {
        el.scrollTop = 200;
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        const th = el.querySelector("thead th");
        return { scrolled: el.scrollTop, gap: Math.abs(th.getBoundingClientRect().top - el.getBoundingClientRect().top) };
      });
      if (header.scrolled > 0) assert.ok(header.gap < 2, `the header stays at the top of the grid (${header.gap} px off)`);
      await shot(page, `r-task-coverage-${width}`);
    });
  }

  for (const width of WIDTHS) {
    test(`at ${width} px a finished task is deleted only after typing delete, and the dialog says it cannot be undone`, async () => {
      const { page } = admin;
      await page.setViewportSize({ width, height: 900 });
      await go(page, paths[width]);
      await page.getByRole("heading", { name: nameAt(width), level: 1 }).waitFor();
      await page.getByRole("button", { name: "Actions" }).click();
      const cancelItem = page.getByRole("menuitem", { name: /Cancel scan/ });
      assert.equal(await cancelItem.getAttribute("aria-disabled"), "true", "a finished scan cannot be cancelled");
      await page.getByRole("menuitem", { name: "Delete" }).click();
      const dialog = page.getByRole("dialog", { name: "Delete task" });
      await dialog.getByText("This cannot be undone.").waitFor();
      const confirm = dialog.getByRole("button", { name: "Delete" });
      const disabled = async () => (await confirm.isDisabled()) || (await confirm.getAttribute("aria-disabled")) === "true";
      assert.ok(await disabled(), "Delete waits for the typed confirmation");
      const input = dialog.getByLabel('To confirm, type "delete".');
      await input.fill("delet");
      assert.ok(await disabled(), "a wrong word does not confirm");
      await shot(page, `r-task-delete-${width}`);
      await check(page, `task delete @${width}`);
      await input.fill("delete");
      assert.equal(await disabled(), false);
      await confirm.click();
      await page.waitForURL((u) => u.pathname === "/tasks");
      await page.getByText(`Deleted "${nameAt(width)}".`).waitFor();
      assert.equal(violations.length, 0, `serious or critical accessibility violations:\n${violations.join("\n\n")}`);
    });
  }

});
