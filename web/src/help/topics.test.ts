import { describe, expect, it } from "vitest";
import { activeHref, NAV } from "../layout/nav";
import { routeTopic } from "./routes";
import { HELP, helpTopic, type HelpTopicId } from "./topics";

const navLinks = NAV.flatMap((s) => s.links);

describe("help topics", () => {
  it.each(navLinks.map((l) => [l.text, l.href]))("every side-navigation page has a topic of its own: %s", (_, href) => {
    const topic = routeTopic(href);
    expect(topic).not.toBe("console");
    expect(helpTopic(topic).title).toBeTruthy();
    expect(helpTopic(topic).paragraphs.length).toBeGreaterThan(0);
  });

  it("gives no two navigation pages the same topic", () => {
    const topics = navLinks.map((l) => routeTopic(l.href));
    expect(new Set(topics).size).toBe(navLinks.length);
  });

  it("opens a page's topic below its navigation entry, and pages off the navigation on theirs", () => {
    expect(routeTopic("/schedules/s1/edit")).toBe("schedules");
    expect(routeTopic("/credentials/new")).toBe("credentials");
    expect(routeTopic("/approvals/r1")).toBe("approvals");
    expect(routeTopic("/tasks/new")).toBe("new-scan");
    expect(routeTopic("/tasks/t1")).toBe("task");
    expect(routeTopic("/account")).toBe("account");
    expect(routeTopic("/permissions/apply")).toBe("access-requests");
    expect(routeTopic("/no/such/page")).toBe("console");
  });

  it("covers the terms the issue names", () => {
    const terms: HelpTopicId[] = ["external-id", "scanner-role", "units", "coverage-grid", "outcome", "workspaces", "roles", "schedules", "templates", "exclusions", "approvals", "audit", "alerts"];
    for (const t of terms) expect(HELP[t].paragraphs.length).toBeGreaterThan(0);
  });

  it.each(Object.keys(HELP) as HelpTopicId[])("%s: has a title, whole sentences, and links to AWS documentation or a console page", (id) => {
    const t = helpTopic(id);
    expect(t.title[0]).toBe(t.title[0]?.toUpperCase());
    for (const p of t.paragraphs) expect(p).toMatch(/[.:)]$/);
    for (const l of t.links ?? []) {
      if (l.href.startsWith("/")) expect(activeHref(l.href)).not.toBe("");
      else expect(l.href).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
    }
  });
});
