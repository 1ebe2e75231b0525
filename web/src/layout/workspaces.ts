// The workspaces the signed-in person belongs to, and the move into
// another. A deployment starts with one workspace, and a person in only
// one never sees the idea: the switcher shows from two memberships on.
// Switching trades the session cookie for an access token of the chosen
// workspace, then drops everything the console holds of the old one (the
// query cache, the flashes, the page) before showing the new one; so does
// a refresh that lands in another workspace (a switch in another tab).

import type { ButtonDropdownProps } from "@cloudscape-design/components/button-dropdown";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { useNavigate } from "react-router";
import type { Membership } from "../api/types";
import { useServices, useSessionState } from "../app/services";
import type { Session } from "../auth/session";
import { useFlash } from "../components/flash";
import { roleLabel } from "../format";
import { useApiMutation } from "../hooks/useApiMutation";

/** The memberships query's key; join and workspace creation invalidate ["memberships"]. */
export function membershipsKey(userId: string | undefined) {
  return ["memberships", userId] as const;
}

export function useMemberships(): Membership[] {
  const { api } = useServices();
  const userId = useSessionState()?.user.id;
  const { data } = useQuery({
    queryKey: membershipsKey(userId),
    queryFn: () => api.auth.workspaces(),
    enabled: userId !== undefined,
    staleTime: 60_000,
  });
  return data?.data ?? [];
}

/** The switcher's menu: each workspace, the current one checked; empty below two. */
export function switcherItems(memberships: Membership[]): ButtonDropdownProps.Items {
  if (memberships.length < 2) return [];
  return [
    {
      text: "Switch workspace",
      items: memberships.map((m) => ({
        id: m.workspaceId,
        itemType: "checkbox" as const,
        checked: m.current,
        text: m.workspaceName,
        secondaryText: [m.role, ...m.roles.filter((r) => r !== m.role)].map(roleLabel).join(", "),
        disabled: m.status !== "active",
        disabledReason: m.status !== "active" ? "Your membership here is not active." : undefined,
      })),
    },
  ];
}

/** The workspace each session was switched to here, so the guard below knows the move was handled. */
const switchedTo = new WeakMap<Session, string>();

/**
 * The workspace is the person's, not the tab's: a switch in another tab
 * or window moves this one too at its next token refresh. When the
 * session's workspace changes without a switch made here, drop what the
 * console holds of the old one and start again from the dashboard.
 */
export function useWorkspaceGuard() {
  const { session } = useServices();
  const queryClient = useQueryClient();
  const flash = useFlash();
  const navigate = useNavigate();
  const workspaceId = useSessionState()?.user.workspaceId;
  const shown = useRef(workspaceId);
  useEffect(() => {
    if (workspaceId === undefined || shown.current === workspaceId) return;
    shown.current = workspaceId;
    if (switchedTo.get(session) === workspaceId) return;
    queryClient.clear();
    flash.clear();
    flash.success("You now work in another workspace, chosen in another tab or window: this one shows it too.");
    navigate("/");
  }, [workspaceId, session, queryClient, flash, navigate]);
}

export function useSwitchWorkspace() {
  const { api, session } = useServices();
  const queryClient = useQueryClient();
  const flash = useFlash();
  const navigate = useNavigate();
  return useApiMutation({
    mutationFn: (to: Membership) => api.auth.switchWorkspace(to.workspaceId),
    errorHeader: "Could not switch workspace",
    onSuccess: async (tokens, to) => {
      // Nothing fetched with the old token may land in the new workspace's cache.
      await queryClient.cancelQueries();
      switchedTo.set(session, tokens.user.workspaceId);
      session.start(tokens);
      queryClient.clear();
      flash.clear();
      flash.success(`You are working in ${to.workspaceName}.`);
      navigate("/");
    },
  });
}
