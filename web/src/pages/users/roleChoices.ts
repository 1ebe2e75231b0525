// The roles a person may be given, for the user pages' role choosers: the
// workspace's roles (custom ones too) with their descriptions when the
// caller may read them, else the three built-in ones. A role ranked above
// the caller's own is offered disabled: the API would refuse it.

import { useQuery } from "@tanstack/react-query";
import type { Role, RolePermissions, User } from "../../api/types";
import { useApi } from "../../app/services";
import { usePermissions } from "../../auth/permissions";
import { ROLES, roleLabel } from "../../format";

export interface RoleOption {
  value: Role;
  label: string;
  description?: string;
  disabled?: boolean;
}

/** Every role a user holds, the primary one first, each once. */
export function rolesOf(u: Pick<User, "role" | "roles">): Role[] {
  return [u.role, ...(u.roles ?? []).filter((r, i, all) => r !== u.role && all.indexOf(r) === i)];
}

export function roleOptions(roles: Pick<RolePermissions, "role" | "description" | "rank">[] | undefined, callerRank: number): RoleOption[] {
  if (!roles) return ROLES.map((r) => ({ value: r, label: roleLabel(r) }));
  return roles.map((r) => {
    const above = callerRank > 0 && r.rank > callerRank;
    return {
      value: r.role,
      label: roleLabel(r.role),
      description: above ? `${r.description} (ranks above your own)`.trim() : r.description || undefined,
      disabled: above || undefined,
    };
  });
}

/** The role options, and whether they are still loading. */
export function useRoleChoices(): { options: RoleOption[]; loading: boolean } {
  const api = useApi();
  const perms = usePermissions();
  const canRead = perms.has("roles:read");
  const q = useQuery({ queryKey: ["roles"], queryFn: api.admin.roles, enabled: canRead, staleTime: 60_000 });
  return { options: roleOptions(canRead ? q.data?.data : undefined, perms.rank), loading: canRead && q.isLoading };
}

/** The other roles once primary is chosen: the primary is never among them. */
export function withoutPrimary(others: Role[], primary: Role): Role[] {
  return others.filter((r) => r !== primary);
}
