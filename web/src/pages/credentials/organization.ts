// What the console derives from an organization credential's member
// accounts (POST /api/credentials/discover): the OUs a task may be limited
// to, by the path prefixes of the accounts' OU paths, each mapped to its OU
// id (an account's ouIds are the ids of the OUs above it, root first, in
// the order of its path's names); and the discovery itself, cached per
// credential so the credential's page and the task wizard share it.

import { useQuery } from "@tanstack/react-query";
import type { OrgAccount, RoleTemplate } from "../../api/types";
import { useApi } from "../../app/services";

/** How the API joins the names of an OU path: "Root / Workloads / Prod". */
export const OU_SEPARATOR = " / ";

export interface OuOption {
  /** The OU's id (ou-...), what a task's organization filter names. */
  id: string;
  /** Its path from the root, "Root / Workloads". */
  path: string;
  /** Active accounts anywhere under it: what a scan limited to it covers. */
  active: number;
  /** Every account under it, suspended ones too. */
  total: number;
}

/** An account is scanned only while ACTIVE (suspended and closing ones never are). */
export function isActiveAccount(a: Pick<OrgAccount, "status">): boolean {
  return a.status === "ACTIVE";
}

/**
 * The OUs of the accounts' paths, below the root (limiting a scan to the
 * root is scanning every account), sorted by path. An account whose path
 * and ids do not line up (a name holding the separator) gives only the OUs
 * it can name for sure: its own, under its full path.
 */
export function ouOptions(accounts: readonly OrgAccount[]): OuOption[] {
  const byId = new Map<string, OuOption>();
  const add = (id: string, path: string, a: OrgAccount) => {
    const o = byId.get(id) ?? { id, path, active: 0, total: 0 };
    o.total++;
    if (isActiveAccount(a)) o.active++;
    byId.set(id, o);
  };
  for (const a of accounts) {
    const ids = a.ouIds ?? [];
    const names = a.ouPath.split(OU_SEPARATOR);
    if (names.length === ids.length) {
      for (let i = 1; i < ids.length; i++) add(ids[i] as string, names.slice(0, i + 1).join(OU_SEPARATOR), a);
    } else if (ids.length > 1) {
      add(ids[ids.length - 1] as string, a.ouPath, a);
    }
  }
  return [...byId.values()].sort((x, y) => x.path.localeCompare(y.path));
}

/** The accounts a scan limited to these OUs and accounts covers (the API's rule: active, and under one or named). */
export function accountsInScope(accounts: readonly OrgAccount[], filter: { ouIds?: readonly string[]; accountIds?: readonly string[] }): OrgAccount[] {
  const ous = filter.ouIds ?? [];
  const ids = filter.accountIds ?? [];
  return accounts.filter(
    (a) => isActiveAccount(a) && ((ous.length === 0 && ids.length === 0) || ids.includes(a.id) || (a.ouIds ?? []).some((ou) => ous.includes(ou))),
  );
}

/** The region the StackSets variant creates the role in (IAM is global): the quick-create link's. */
export function homeRegion(t: Pick<RoleTemplate, "quickCreateUrl" | "stackSetTemplate">): string {
  try {
    const r = new URL(t.quickCreateUrl).searchParams.get("region");
    if (r) return r;
  } catch {
    // not a URL: read the template instead
  }
  return /HomeRegion:\s*\n\s*Default:\s*([a-z0-9-]+)/.exec(t.stackSetTemplate)?.[1] ?? "us-east-1";
}

/**
 * The member accounts of an organization credential, asked for only while
 * enabled (a discovery signs in to AWS): the answer stays in the cache, so
 * a page that did not ask still shows what another one found.
 */
export function useDiscovery(credentialId: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: ["credentials", "discover", credentialId],
    queryFn: () => api.credentials.discover(credentialId),
    enabled: enabled && !!credentialId,
    staleTime: 5 * 60_000,
    retry: false,
  });
}
