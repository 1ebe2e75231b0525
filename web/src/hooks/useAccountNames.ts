// The names account ids go by: the name of the credential that reaches the
// account, for users who may list credentials. Pages show "Production
// (123456789012)" instead of twelve bare digits.

import { useQuery } from "@tanstack/react-query";
import { useApi } from "../app/services";
import { usePermissions } from "../auth/permissions";

export type AccountNamer = (accountId: string, credentialIds?: readonly string[]) => string | undefined;

/**
 * Names an account by its credentials: those among credentialIds when
 * given (the credentials a task used), else every one for the account;
 * several names are joined. Undefined when none is known.
 */
export function useAccountNames(): AccountNamer {
  const api = useApi();
  const enabled = usePermissions().can("menu:credentials");
  const q = useQuery({
    queryKey: ["credentials", "names"],
    queryFn: () => api.credentials.list({ page_size: 100 }),
    enabled,
    staleTime: 60_000,
  });
  const creds = q.data?.data ?? [];
  return (accountId, credentialIds) => {
    const mine = creds.filter((c) => c.accountId === accountId);
    const used = credentialIds ? mine.filter((c) => credentialIds.includes(c.id)) : [];
    const names = (used.length > 0 ? used : mine).map((c) => c.name);
    return names.length > 0 ? names.join(", ") : undefined;
  };
}
