// Which help topic a page opens on when the help panel is opened without
// an Info link: each side-navigation page has its own (keyed by its href,
// so a page added to nav.ts without a topic fails the help test), and a
// few pages outside the navigation have theirs.

import { activeHref } from "../layout/nav";
import type { HelpTopicId } from "./topics";

export const NAV_TOPICS: Record<string, HelpTopicId> = {
  "/": "dashboard",
  "/tasks": "tasks",
  "/reports": "reports",
  "/templates": "templates",
  "/exports": "exports",
  "/schedules": "schedules",
  "/notifications": "notifications",
  "/credentials": "credentials",
  "/settings": "settings",
  "/approvals": "approvals",
  "/approvals/workflows": "approval-workflows",
  "/approvals/grants": "grants",
  "/alerts": "alerts",
  "/alerts/rules": "alert-rules",
  "/users": "users",
  "/roles": "roles",
  "/invites": "invites",
  "/audit": "audit",
  "/workers": "workers",
  "/workspaces": "workspaces",
};

/** Pages whose topic is not their navigation entry's, checked first. */
const PAGE_TOPICS: [RegExp, HelpTopicId][] = [
  [/^\/tasks\/new$/, "new-scan"],
  [/^\/tasks\/[^/]+$/, "task"],
  [/^\/account$/, "account"],
  [/^\/permissions\/apply$/, "access-requests"],
];

/** The topic of the page at pathname; the console's overview for a page with none. */
export function routeTopic(pathname: string): HelpTopicId {
  const page = PAGE_TOPICS.find(([re]) => re.test(pathname));
  if (page) return page[1];
  const href = activeHref(pathname);
  return (href && NAV_TOPICS[href]) || "console";
}
