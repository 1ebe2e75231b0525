// The workspaces the signed-in person belongs to, and the move into
// another. A deployment starts with one workspace, and a person in only
// one never sees the idea: the switcher shows from two memberships on.
// Switching trades the session cookie for an access token of the chosen
// workspace, then drops everything the console holds of the old one (the
// query cache, the flashes, the page) before showing the new one.

import type { ButtonDropdownProps } from "@cloudscape-design/components/button-dropdown";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import type { Membership } from "../api/types";
import { useServices, useSessionState } from "../app/services";
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
      session.start(tokens);
      queryClient.clear();
      flash.clear();
      flash.success(`You are working in ${to.workspaceName}.`);
      navigate("/");
    },
  });
}
