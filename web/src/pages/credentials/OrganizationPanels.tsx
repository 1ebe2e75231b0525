// What an organization credential's page adds to a credential's: its
// member accounts (Discover) and, for a real one, the two role templates
// (management account and StackSets).

import SpaceBetween from "@cloudscape-design/components/space-between";
import type { Credential } from "../../api/types";
import { usePermissions } from "../../auth/permissions";
import { MemberAccounts } from "./MemberAccounts";
import { OrganizationRolePanel } from "./OrganizationRolePanel";

export function OrganizationPanels({ c, editing = false }: { c: Credential; editing?: boolean }) {
  const perms = usePermissions();
  if (c.credentialType !== "organization" || editing) return null;
  return (
    <SpaceBetween size="l">
      <MemberAccounts credential={c} />
      {!c.demo && c.externalId && perms.can("button:credential-create") && <OrganizationRolePanel externalId={c.externalId} memberRoleName={c.memberRoleName} />}
    </SpaceBetween>
  );
}
