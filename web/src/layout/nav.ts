// The side navigation as data: each entry names the UI resource that shows it.

import type { UiResource } from "../api/types";

export interface NavLink {
  text: string;
  href: string;
  ui: UiResource;
}

export interface NavSection {
  text: string;
  links: NavLink[];
}

export const NAV: NavSection[] = [
  {
    text: "Scans",
    links: [
      { text: "Dashboard", href: "/", ui: "menu:dashboard" },
      { text: "Tasks", href: "/tasks", ui: "menu:tasks" },
      { text: "Reports", href: "/reports", ui: "menu:reports" },
      { text: "Report templates", href: "/templates", ui: "menu:templates" },
      // Exports are the caller's own (auth:self): whoever sees the dashboard sees them.
      { text: "Exports", href: "/exports", ui: "menu:dashboard" },
    ],
  },
  {
    text: "Automation",
    links: [
      { text: "Schedules", href: "/schedules", ui: "menu:schedules" },
      { text: "Notifications", href: "/notifications", ui: "menu:notifications" },
    ],
  },
  {
    text: "Accounts",
    links: [{ text: "Credentials", href: "/credentials", ui: "menu:credentials" }],
  },
  {
    text: "Workspace",
    links: [{ text: "Settings", href: "/settings", ui: "menu:settings" }],
  },
  {
    text: "Governance",
    links: [
      { text: "Approvals", href: "/approvals", ui: "menu:approvals" },
      { text: "Approval workflows", href: "/approvals/workflows", ui: "menu:approval-workflows" },
      { text: "Temporary grants", href: "/approvals/grants", ui: "menu:grants" },
      { text: "Security alerts", href: "/alerts", ui: "menu:alerts" },
      { text: "Alert rules", href: "/alerts/rules", ui: "menu:alert-rules" },
    ],
  },
  {
    text: "Administration",
    links: [
      { text: "Users", href: "/users", ui: "menu:users" },
      { text: "Roles and permissions", href: "/roles", ui: "menu:roles" },
      { text: "Invites", href: "/invites", ui: "menu:invites" },
      { text: "Audit log", href: "/audit", ui: "menu:audit" },
      { text: "Workers", href: "/workers", ui: "menu:workers" },
      // Platform administration: the API grants it only in the deployment's first workspace.
      { text: "Workspaces", href: "/workspaces", ui: "menu:workspaces" },
    ],
  },
];

/** The sections and links the user may see; empty sections are dropped. */
export function visibleNav(can: (ui: UiResource) => boolean): NavSection[] {
  return NAV.map((s) => ({ ...s, links: s.links.filter((l) => can(l.ui)) })).filter((s) => s.links.length > 0);
}

/** The nav entry a path belongs to, for highlighting: the longest matching href ("" for none). */
export function activeHref(pathname: string): string {
  let best = pathname === "/" ? "/" : "";
  for (const s of NAV) {
    for (const l of s.links) {
      if (l.href !== "/" && (pathname === l.href || pathname.startsWith(`${l.href}/`)) && l.href.length > best.length) {
        best = l.href;
      }
    }
  }
  return best;
}
