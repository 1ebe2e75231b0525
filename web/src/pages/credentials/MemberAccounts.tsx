// An organization credential's member accounts: Discover lists them from
// AWS Organizations through the credential's role (in the management or a
// delegated administrator account), with each account's OU path and
// status. A refusal (the role may not list the organization: the API's 503
// names the actions it needs) shows as an alert above the table.

import Alert from "@cloudscape-design/components/alert";
import Button from "@cloudscape-design/components/button";
import Header from "@cloudscape-design/components/header";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useState } from "react";
import type { Credential } from "../../api/types";
import { usePermissions } from "../../auth/permissions";
import { ApiErrorContent } from "../../components/ApiErrorContent";
import { EmptyState } from "../../components/table";
import { OrgAccountsTable } from "./OrgAccountsTable";
import { useDiscovery } from "./organization";
import { InfoLink } from "../../help/InfoLink";

export function MemberAccounts({ credential }: { credential: Pick<Credential, "id" | "name"> }) {
  const perms = usePermissions();
  const canDiscover = perms.can("button:credential-validate");
  const [asked, setAsked] = useState(false);
  const q = useDiscovery(credential.id, asked);
  const d = q.data;
  const discover = () => (asked ? void q.refetch() : setAsked(true));
  const description = d
    ? `${d.active} active of ${d.accounts.length} accounts, listed through management account ${d.managementAccountId}. A scan covers the active ones.`
    : "The accounts of the organization, listed from AWS Organizations through this credential's role.";
  return (
    <SpaceBetween size="s">
      {q.error && (
        <Alert type="error" header="The member accounts could not be listed">
          <ApiErrorContent error={q.error} />
        </Alert>
      )}
      <OrgAccountsTable
        label="Member accounts"
        accounts={d?.accounts ?? []}
        loading={q.isFetching && !d}
        header={
          <Header
            variant="h2"
            counter={d ? `(${d.accounts.length})` : undefined}
            info={<InfoLink topic="organizations" />}
            description={description}
            actions={
              canDiscover && (
                <Button onClick={discover} loading={q.isFetching} iconName={d ? "refresh" : undefined}>
                  {d ? "Discover again" : "Discover"}
                </Button>
              )
            }
          >
            Member accounts
          </Header>
        }
        empty={
          d ? (
            <EmptyState title="No member accounts" subtitle="AWS Organizations lists no account in this organization." />
          ) : (
            <EmptyState
              title="Not discovered yet"
              subtitle={canDiscover ? "Discover lists the member accounts with their OU paths." : "Your role may not list the member accounts."}
            />
          )
        }
      />
    </SpaceBetween>
  );
}
