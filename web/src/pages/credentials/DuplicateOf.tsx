// The flag on a credential that reaches the same account the same way as
// others (same account and role, or the same access key): a scan with both
// reads the account twice, and one of them is likely a mistake. The list
// names the others (duplicateOf holds their names); their pages are found
// among the credentials of the same account, asked for only when the names
// are shown. The detail answer carries no duplicateOf, so a credential's
// page reads it from that same list.

import Alert from "@cloudscape-design/components/alert";
import Badge from "@cloudscape-design/components/badge";
import Box from "@cloudscape-design/components/box";
import Popover from "@cloudscape-design/components/popover";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useQuery } from "@tanstack/react-query";
import type { Credential } from "../../api/types";
import { useApi } from "../../app/services";
import { RouterLink } from "../../components/RouterLink";

type Duplicate = Pick<Credential, "id" | "accountId" | "duplicateOf">;

/** The "Duplicate" badge of a list row; its popover names the others. */
export function DuplicateOf({ credential }: { credential: Duplicate }) {
  if (!credential.duplicateOf?.length) return null;
  return (
    <Popover header="Duplicate credential" size="medium" triggerType="text" dismissAriaLabel="Close" renderWithPortal content={<Others credential={credential} />}>
      <Badge color="severity-medium">Duplicate</Badge>
    </Popover>
  );
}

/** The same on a credential's page, as a warning above its details. */
export function DuplicateNotice({ credential }: { credential: Duplicate }) {
  const same = useSameAccount(credential.accountId);
  const listed = same.data?.data.find((o) => o.id === credential.id);
  const duplicateOf = credential.duplicateOf ?? listed?.duplicateOf;
  if (!duplicateOf?.length) return null;
  return (
    <Alert type="warning" header="Duplicate credential">
      <Others credential={{ ...credential, duplicateOf }} />
    </Alert>
  );
}

/** The credentials of one account the caller may see, each with its duplicateOf. */
function useSameAccount(accountId: string) {
  const api = useApi();
  return useQuery({
    queryKey: ["credentials", "list", { accountId, page_size: 100 }],
    queryFn: () => api.credentials.list({ accountId, page_size: 100 }),
  });
}

function Others({ credential: c }: { credential: Duplicate }) {
  const names = c.duplicateOf ?? [];
  const same = useSameAccount(c.accountId);
  const idOf = (name: string) => same.data?.data.find((o) => o.name === name && o.id !== c.id)?.id;
  return (
    <SpaceBetween size="xs">
      <Box>
        It reaches account {c.accountId} the same way (the same role or access key) as the credential{names.length > 1 ? "s" : ""} below: a scan with both reads the account
        twice. Keep one.
      </Box>
      <ul style={{ margin: 0, paddingInlineStart: 18 }}>
        {names.map((name) => {
          const id = idOf(name);
          return <li key={name}>{id ? <RouterLink href={`/credentials/${id}`}>{name}</RouterLink> : name}</li>;
        })}
      </ul>
    </SpaceBetween>
  );
}
