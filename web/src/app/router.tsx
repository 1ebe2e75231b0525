// The route table. Every page is its own chunk (loaded on first visit) with
// its own error boundary; pages behind a menu or button carry the UI
// resource that unlocks them.

import type { ComponentType } from "react";
import { createBrowserRouter, type RouteObject } from "react-router";
import type { UiResource } from "../api/types";
import { Guard } from "../components/Guard";
import { RouteError } from "../components/RouteError";

type PageModule = { default: ComponentType };

function page(path: string | undefined, load: () => Promise<PageModule>, ui?: UiResource): RouteObject {
  const route = {
    errorElement: <RouteError />,
    lazy: async () => {
      const { default: Page } = await load();
      return {
        Component: () => (
          <Guard ui={ui}>
            <Page />
          </Guard>
        ),
      };
    },
  };
  return path === undefined ? { ...route, index: true } : { ...route, path };
}

export const routes: RouteObject[] = [
  page("/signin", () => import("../pages/auth/SignIn")),
  page("/signup", () => import("../pages/auth/SignUp")),
  {
    path: "/",
    // The shell is its own chunk too: the sign-in page, where every visit starts, does not need it.
    lazy: async () => ({ Component: (await import("../layout/Shell")).default }),
    errorElement: <RouteError />,
    children: [
      page(undefined, () => import("../pages/Dashboard"), "menu:dashboard"),
      page("tasks", () => import("../pages/tasks/TaskList"), "menu:tasks"),
      page("tasks/new", () => import("../pages/tasks/CreateTask"), "button:task-create"),
      page("tasks/:id", () => import("../pages/tasks/TaskDetail"), "menu:tasks"),
      // Creating and editing a schedule check schedules:create and :update (no button UI ids of their own).
      page("schedules", () => import("../pages/schedules/ScheduleList"), "menu:schedules"),
      page("schedules/new", () => import("../pages/schedules/EditSchedule"), "menu:schedules"),
      page("schedules/:id", () => import("../pages/schedules/ScheduleDetail"), "menu:schedules"),
      page("schedules/:id/edit", () => import("../pages/schedules/EditSchedule"), "menu:schedules"),
      page("notifications", () => import("../pages/notifications/ChannelList"), "menu:notifications"),
      page("notifications/new", () => import("../pages/notifications/CreateChannel"), "button:notification-create"),
      page("notifications/:id", () => import("../pages/notifications/ChannelDetail"), "menu:notifications"),
      page("reports", () => import("../pages/Reports"), "menu:reports"),
      page("templates", () => import("../pages/templates/TemplateList"), "menu:templates"),
      page("settings", () => import("../pages/settings/Settings"), "menu:settings"),
      // Every signed-in user has their own exports (GET /api/exports is auth:self, which shows the dashboard).
      page("exports", () => import("../pages/Exports"), "menu:dashboard"),
      page("credentials", () => import("../pages/credentials/CredentialList"), "menu:credentials"),
      page("credentials/new", () => import("../pages/credentials/CreateCredential"), "button:credential-create"),
      page("credentials/:id", () => import("../pages/credentials/CredentialDetail"), "menu:credentials"),
      page("users", () => import("../pages/users/UserList"), "menu:users"),
      page("users/:id", () => import("../pages/users/UserDetail"), "menu:users"),
      page("roles", () => import("../pages/admin/Roles"), "menu:roles"),
      page("roles/new", () => import("../pages/admin/RoleEditor"), "button:role-update"),
      page("roles/:role", () => import("../pages/admin/RoleEditor"), "menu:roles"),
      page("invites", () => import("../pages/admin/Invites"), "menu:invites"),
      page("audit", () => import("../pages/admin/Audit"), "menu:audit"),
      page("workers", () => import("../pages/admin/Workers"), "menu:workers"),
      page("workspaces", () => import("../pages/admin/Workspaces"), "menu:workspaces"),
      page("approvals", () => import("../pages/approvals/ApprovalList"), "menu:approvals"),
      page("approvals/workflows", () => import("../pages/approvals/WorkflowList"), "menu:approval-workflows"),
      page("approvals/grants", () => import("../pages/approvals/GrantList"), "menu:grants"),
      page("approvals/:id", () => import("../pages/approvals/ApprovalDetail"), "menu:approvals"),
      page("alerts", () => import("../pages/alerts/AlertList"), "menu:alerts"),
      page("alerts/rules", () => import("../pages/alerts/AlertRules"), "menu:alert-rules"),
      page("alerts/:id", () => import("../pages/alerts/AlertDetail"), "menu:alerts"),
      page("account", () => import("../pages/auth/Account")),
      // Anyone signed in: a role without approvals:request gets the request as text for an administrator.
      page("permissions/apply", () => import("../pages/auth/ApplyPermission")),
      page("*", () => import("../pages/NotFound")),
    ],
  },
];

export function createRouter() {
  return createBrowserRouter(routes);
}
