// The signed-in frame: top navigation with the user menu (and, for a person
// in two workspaces or more, the workspace switcher), side navigation
// filtered by the user's UI resources, breadcrumbs, the flashbar, the help
// panel (closed at first; Info links open it on their topic, the Help
// button on the page's), and the routed page. Visiting it signed out goes to sign-in and comes back.

import AppLayout from "@cloudscape-design/components/app-layout";
import BreadcrumbGroup from "@cloudscape-design/components/breadcrumb-group";
import SideNavigation, { type SideNavigationProps } from "@cloudscape-design/components/side-navigation";
import TopNavigation, { type TopNavigationProps } from "@cloudscape-design/components/top-navigation";
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Navigate, Outlet, useLocation, useNavigate } from "react-router";
import { usePermissions } from "../auth/permissions";
import { useServices, useSessionState } from "../app/services";
import { Flashes } from "../components/flash";
import { useNavigationOpen } from "../hooks/useMediaQuery";
import { useFollow } from "../components/RouterLink";
import { roleLabel } from "../format";
import { HelpProvider, useHelpPanel } from "../help/HelpProvider";
import { BreadcrumbsContext, type PathCrumbs } from "./breadcrumbs";
import { activeHref, visibleNav } from "./nav";
import { switcherItems, useMemberships, useSwitchWorkspace, useWorkspaceGuard } from "./workspaces";

export function signInPath(next: string | undefined): string {
  return next && next !== "/" ? `/signin?next=${encodeURIComponent(next)}` : "/signin";
}

export default function Shell() {
  const session = useSessionState();
  const { session: control } = useServices();
  const location = useLocation();
  if (!session) {
    const back = control.lastEnd === "signed_out" ? undefined : location.pathname + location.search;
    return <Navigate to={signInPath(back)} replace />;
  }
  return <SignedIn username={session.user.username} />;
}

function SignedIn({ username }: { username: string }) {
  const { api, session } = useServices();
  const perms = usePermissions();
  const follow = useFollow();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const location = useLocation();
  const [crumbs, setCrumbs] = useState<PathCrumbs>({ path: "", items: [] });
  // Closed at first below 1280 px, so the main tables fit a 1024 px window.
  const [navOpen, setNavOpen] = useNavigationOpen();
  const memberships = useMemberships();
  const switchWorkspace = useSwitchWorkspace();
  const { help, openCurrent, layout } = useHelpPanel();
  useWorkspaceGuard();

  const signOut = async () => {
    try {
      await api.auth.logout(); // ends the session's tokens and clears its cookie
    } catch {
      // The token dies with the session either way; a failed revoke must not keep the user in.
    }
    session.end("signed_out");
    queryClient.clear();
    navigate("/signin", { replace: true });
  };

  const current = memberships.find((m) => m.current);
  const workspaceItems = switcherItems(memberships);
  const switcher: TopNavigationProps.Utility[] =
    workspaceItems.length > 0
      ? [
          {
            type: "menu-dropdown",
            text: current?.workspaceName ?? "Workspace",
            title: "Workspace",
            ariaLabel: `Workspace: ${current?.workspaceName ?? "none chosen"}. Switch workspace`,
            iconName: "folder",
            items: workspaceItems,
            onItemClick: (e) => {
              const to = memberships.find((m) => m.workspaceId === e.detail.id);
              if (to && !to.current && !switchWorkspace.isPending) switchWorkspace.mutate(to);
            },
          },
        ]
      : [];

  const items: SideNavigationProps.Item[] = visibleNav(perms.can).map((s) => ({
    type: "section",
    text: s.text,
    items: s.links.map((l) => ({ type: "link", text: l.text, href: l.href })),
  }));

  return (
    <BreadcrumbsContext.Provider value={setCrumbs}>
      <HelpProvider help={help}>
        <div id="top-nav" style={{ position: "sticky", top: 0, zIndex: 1002 }}>
          <TopNavigation
            identity={{ title: "CloudCensus", href: "/", onFollow: (e) => follow(e as CustomEvent<{ href?: string }>) }}
            utilities={[
              { type: "button", text: "Help", iconName: "status-info", ariaLabel: "Help", disableUtilityCollapse: true, onClick: openCurrent },
              ...switcher,
              {
                type: "menu-dropdown",
                text: username,
                description: perms.role ? roleLabel(perms.role) : undefined,
                iconName: "user-profile",
                items: [
                  { id: "account", text: "Account settings", href: "/account" },
                  { id: "signout", text: "Sign out" },
                ],
                onItemFollow: follow,
                onItemClick: (e) => {
                  if (e.detail.id === "signout") void signOut();
                },
              },
            ]}
          />
        </div>
        <AppLayout
          headerSelector="#top-nav"
          {...layout}
          ariaLabels={{
            navigation: "Side navigation",
            navigationClose: "Close side navigation",
            navigationToggle: "Open side navigation",
            notifications: "Notifications",
            tools: "Help panel",
            toolsClose: "Close help panel",
            toolsToggle: "Open help panel",
          }}
          navigationOpen={navOpen}
          onNavigationChange={(e) => setNavOpen(e.detail.open)}
          navigation={
            <SideNavigation
              header={{ text: "CloudCensus", href: "/" }}
              activeHref={activeHref(location.pathname)}
              items={items}
              onFollow={follow}
            />
          }
          breadcrumbs={
            crumbs.path === location.pathname && crumbs.items.length > 0 ? (
              <BreadcrumbGroup items={[{ text: "CloudCensus", href: "/" }, ...crumbs.items]} onFollow={follow} ariaLabel="Breadcrumbs" />
            ) : undefined
          }
          notifications={<Flashes />}
          content={<Outlet />}
        />
      </HelpProvider>
    </BreadcrumbsContext.Provider>
  );
}
