// Schedules and notification channels end to end, against a running
// CloudCensus stack: the admin adds a webhook channel pointing at a
// receiver this test serves on 127.0.0.1 (local mode lets channels post to
// loopback), sends it a test and checks the receiver got it, signed with
// the channel's secret; then creates a schedule every 5 minutes that
// notifies the channel, sees its next three runs, runs it now and follows
// it to the task it started.

import assert from "node:assert/strict";
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";
import { after, before, describe, test } from "node:test";
import { a11yCollector, adminPage, launch, shot } from "./harness.mjs";

const run = Date.now().toString(36);
const secret = `e2e-secret-${run}-0123456789`;
const channelName = `e2e hook ${run}`;
const scheduleName = `e2e schedule ${run}`;

/** A webhook receiver: records each request with whether its signature verifies. */
async function startReceiver() {
  const received = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const ts = String(req.headers["x-cloudcensus-timestamp"] ?? "");
      const want = createHmac("sha256", secret).update(`${ts}.`).update(body).digest();
      const got = String(req.headers["x-cloudcensus-signature"] ?? "")
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s.startsWith("v1="))
        .map((s) => Buffer.from(s.slice(3), "hex"));
      const signed = got.some((g) => g.length === want.length && timingSafeEqual(g, want));
      received.push({ path: req.url, event: req.headers["x-cloudcensus-event"], signed, body: body.toString("utf8") });
      res.writeHead(200, { "Content-Type": "text/plain" }).end("ok");
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}/hook`, received, close: () => new Promise((r) => server.close(r)) };
}

async function nav(page, text) {
  await page.locator("nav").getByRole("link", { name: text, exact: true }).first().click();
}

describe("schedules and notifications", { concurrency: false }, () => {
  let browser;
  let admin;
  let receiver;
  const { violations, check: checkA11y } = a11yCollector();

  before(async () => {
    receiver = await startReceiver();
    browser = await launch();
    admin = await adminPage(browser);
  });
  after(async () => {
    await browser?.close();
    await receiver?.close();
  });

  test("admin adds a webhook channel and a test reaches the receiver, signed", async () => {
    const { page } = admin;
    await nav(page, "Notifications");
    await page.getByRole("heading", { name: "Notification channels", level: 1 }).waitFor();
    await page.getByRole("button", { name: "Add channel" }).click();
    await page.getByText("Verifying webhook deliveries").waitFor();
    await page.getByLabel("Name", { exact: true }).fill(channelName);
    await page.getByLabel("Endpoint URL").fill(receiver.url);
    await page.getByLabel("Signing secret").fill(secret);
    await shot(page, "30-channel-create");
    await checkA11y(page, "channel-create");
    await page.getByRole("button", { name: "Add channel" }).click();
    await page.getByRole("heading", { name: channelName, level: 1 }).waitFor();

    await page.getByRole("button", { name: "Send test" }).click();
    await page.getByText("Test message delivered").waitFor({ timeout: 30_000 });
    await page.getByText("The receiver answered 200.").waitFor();
    assert.ok(receiver.received.length >= 1, "the receiver got the test");
    const first = receiver.received[0];
    assert.equal(first.path, "/hook");
    assert.equal(first.signed, true, `the test is signed with the channel's secret (${JSON.stringify(first)})`);
    await shot(page, "31-channel-detail");
    await checkA11y(page, "channel-detail");

    await nav(page, "Notifications");
    await page.getByRole("link", { name: channelName, exact: true }).waitFor();
    await shot(page, "32-channels");
    await checkA11y(page, "channels");
  });

  let taskPath;
  test("admin creates a schedule every 5 minutes, sees its next runs, runs it now and sees the task", async () => {
    const { page } = admin;
    await nav(page, "Schedules");
    await page.getByRole("heading", { name: "Schedules", level: 1 }).waitFor();
    await page.getByRole("button", { name: "New schedule" }).click();
    await page.getByLabel("Schedule name").fill(scheduleName);
    await page.getByLabel("Expression", { exact: true }).fill("rate(5 minutes)");
    await page.getByRole("button", { name: /^Notify/ }).click();
    await page.getByRole("option", { name: new RegExp(channelName) }).click();
    await page.keyboard.press("Escape");
    await page.getByRole("checkbox", { name: /^Select Demo account/ }).first().check();
    await page.getByRole("button", { name: "Only us-east-1" }).click();
    const fields = {
      "Client name": "Example Corp",
      "Project name": `E2E schedule ${run}`,
      "BD manager": "Bea Manager",
      "Solutions architect": "Sol Architect",
      "Cloud engineer": "Cloud Engineer",
      "Cloud engineer email": "engineer@example.com",
    };
    for (const [label, value] of Object.entries(fields)) await page.getByLabel(label, { exact: true }).fill(value);
    await shot(page, "33-schedule-create");
    await checkA11y(page, "schedule-create");
    await page.getByRole("button", { name: "Create schedule" }).click();

    await page.getByRole("heading", { name: scheduleName, level: 1 }).waitFor();
    const nextRuns = page.getByRole("list", { name: "Next runs" }).getByRole("listitem");
    await nextRuns.first().waitFor();
    assert.equal(await nextRuns.count(), 3, "the next three runs");
    await page.getByRole("link", { name: channelName, exact: true }).waitFor();
    await shot(page, "34-schedule-detail");
    await checkA11y(page, "schedule-detail");

    await page.getByRole("button", { name: "Run now" }).click();
    await page.waitForURL(/\/tasks\/[^/]+$/);
    taskPath = new URL(page.url()).pathname;
    await page.getByText("Started by schedule").waitFor();
    await page.getByRole("link", { name: scheduleName, exact: true }).waitFor();
    await page.getByRole("progressbar", { name: "Overall progress" }).waitFor();
    await shot(page, "35-scheduled-task");

    // The schedule's page names the run and links to its task.
    await page.getByRole("link", { name: scheduleName, exact: true }).click();
    await page.getByRole("heading", { name: scheduleName, level: 1 }).waitFor();
    const viewTask = page.getByRole("link", { name: "View task" });
    await viewTask.waitFor();
    assert.equal(await viewTask.getAttribute("href"), taskPath);

    await nav(page, "Schedules");
    await page.getByRole("link", { name: scheduleName, exact: true }).waitFor();
    await shot(page, "36-schedules");
    await checkA11y(page, "schedules");
    assert.equal(violations.length, 0, `serious or critical accessibility violations:\n${violations.join("\n\n")}`);
  });
});
