// usePermissions answers "may this user see that menu or press that
// button?" from GET /api/auth/permissions. Until the answer arrives nothing
// is granted, so a button that would answer 403 never flashes into view.

import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { PERMISSIONS } from "../api/generated/contract";
import type { PermissionKey, PermissionsResponse, Role, UiResource } from "../api/types";
import { useApi, useSessionState } from "../app/services";

export interface Permissions {
  loaded: boolean;
  role: Role | undefined;
  /** The caller's rank (their highest role's): the most a role they create or give may have. */
  rank: number;
  can(ui: UiResource): boolean;
  has(permission: PermissionKey): boolean;
}

export function permissionsFrom(r: PermissionsResponse | undefined): Permissions {
  const ui = new Set(r?.uiResources ?? []);
  const perms = new Set(r?.permissions ?? []);
  return {
    loaded: r !== undefined,
    role: r?.role,
    rank: r?.rank ?? 0,
    can: (id) => ui.has(id),
    has: (p) => perms.has(p) || perms.has(`${p.split(":")[0]}:*`) || perms.has("*"),
  };
}

/** Whether s is one of the backend's permission keys (a key read from a URL may not be). */
export function isPermissionKey(s: string): s is PermissionKey {
  return (PERMISSIONS as readonly string[]).includes(s);
}

export function permissionsKey(userId: string | undefined) {
  return ["permissions", userId] as const;
}

export function usePermissions(): Permissions {
  const api = useApi();
  const session = useSessionState();
  const userId = session?.user.id;
  const { data } = useQuery({
    queryKey: permissionsKey(userId),
    queryFn: () => api.auth.permissions(),
    enabled: userId !== undefined,
    staleTime: 60_000,
  });
  return permissionsFrom(userId ? data : undefined);
}

/** Renders children only when the user has the UI resource. */
export function Can({ ui, children, otherwise = null }: { ui: UiResource; children: ReactNode; otherwise?: ReactNode }) {
  return usePermissions().can(ui) ? <>{children}</> : <>{otherwise}</>;
}
