// Row by row, what the caller may do to the rows a list shows: one batch
// check (POST /api/auth/permissions/check) of every row's actions, so each
// button is enabled for exactly the rows the API would let it act on, and
// a disabled one says why in the API's words. The role's UI resources
// still decide whether a button shows at all.

import { useQuery } from "@tanstack/react-query";
import type { PermissionCheck, PermissionCheckResult, PermissionKey } from "../api/types";
import { useApi } from "../app/services";

/** The kinds of resource the batch check knows. */
export type CheckedResource = "task" | "report" | "credential" | "schedule" | "channel" | "user";

/** The most checks one call may ask. */
export const MAX_CHECKS = 100;

/** The checks of rows × permissions, in calls of at most MAX_CHECKS. */
export function checkBatches(resourceType: CheckedResource, ids: readonly string[], permissions: readonly PermissionKey[]): PermissionCheck[][] {
  const all = ids.flatMap((resourceId) => permissions.map((permission) => ({ permission, resourceType, resourceId })));
  const out: PermissionCheck[][] = [];
  for (let i = 0; i < all.length; i += MAX_CHECKS) out.push(all.slice(i, i + MAX_CHECKS));
  return out;
}

/** Whether an action may run on every selected row, and if not, why (naming the first row refused). */
export interface ActionState {
  disabled: boolean;
  disabledReason?: string;
}

export interface ResourceChecks {
  /** The API answered. */
  loaded: boolean;
  /** The answer for one row and permission; undefined until it is known. */
  result(id: string, permission: PermissionKey): PermissionCheckResult | undefined;
  /** The state of a button acting on these rows with this permission. */
  action<T extends { id: string }>(rows: readonly T[], permission: PermissionKey, nameOf: (row: T) => string): ActionState;
}

export function resourceChecks(results: readonly PermissionCheckResult[] | undefined): ResourceChecks {
  const byKey = new Map((results ?? []).map((r) => [`${r.permission} ${r.resourceId ?? ""}`, r]));
  const result = (id: string, permission: PermissionKey) => byKey.get(`${permission} ${id}`);
  return {
    loaded: results !== undefined,
    result,
    action: (rows, permission, nameOf) => {
      if (rows.length === 0) return { disabled: true };
      for (const row of rows) {
        const r = result(row.id, permission);
        // Not known (yet): the API checks again when the button is pressed.
        if (r && !r.allowed) return { disabled: true, disabledReason: `Not allowed for "${nameOf(row)}": ${r.reason || "the API refuses it"}.` };
      }
      return { disabled: false };
    },
  };
}

/** Checks the permissions on the rows with these ids (the page a list shows). */
export function useResourceChecks(resourceType: CheckedResource, ids: readonly string[], permissions: readonly PermissionKey[], enabled = true): ResourceChecks {
  const api = useApi();
  const query = useQuery({
    queryKey: ["permcheck", resourceType, [...permissions], [...ids]],
    queryFn: async () => (await Promise.all(checkBatches(resourceType, ids, permissions).map((checks) => api.auth.check(checks)))).flatMap((a) => a.results),
    enabled: enabled && ids.length > 0 && permissions.length > 0,
    staleTime: 30_000,
  });
  return resourceChecks(query.data);
}
