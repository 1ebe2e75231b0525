// Credentials: the accounts CloudCensus can reach, with their last
// validation (or a scan's sign-in, which proves as much); secrets appear
// only masked. One free-text filter finds a name, an account id or a role
// ARN; a credential reaching the same account the same way as another is
// flagged as a duplicate, naming the other. Administrators also set the base
// role here. The actions on the selected rows follow one batch check of
// the page's rows: each is enabled only where the API would let it act,
// and says why not otherwise.

import Button from "@cloudscape-design/components/button";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useNavigate } from "react-router";
import { useApi } from "../../app/services";
import { Can, usePermissions } from "../../auth/permissions";
import { ConfirmModal } from "../../components/ConfirmModal";
import { ListTable } from "../../components/ListTable";
import { CopyValue } from "../../components/CopyValue";
import { Status } from "../../components/status";
import { FilterInput, FilterSelect, hasFilters, NoWrap, TruncatedLink } from "../../components/table";
import { formatDate, humanize } from "../../format";
import { useBulkAction } from "../../hooks/useBulkAction";
import { useResourceChecks } from "../../hooks/useResourceChecks";
import { usePagedList } from "../../hooks/usePagedList";
import { useSearchState } from "../../hooks/useSearchState";
import { useBreadcrumbs } from "../../layout/breadcrumbs";
import { BaseRolePanel } from "./BaseRolePanel";
import { CredentialValidation } from "./CredentialValidation";
import { DuplicateOf } from "./DuplicateOf";
import { useValidateCredential } from "./useValidate";
import { InfoLink } from "../../help/InfoLink";

const typeOptions = [
  { value: "assume_role", label: "Assume role" },
  { value: "access_key", label: "Access key" },
  { value: "organization", label: "Organization" },
];
const activeOptions = [
  { value: "true", label: "Active" },
  { value: "false", label: "Inactive" },
];

export default function CredentialList() {
  useBreadcrumbs([{ text: "Credentials", href: "/credentials" }]);
  const api = useApi();
  const perms = usePermissions();
  const navigate = useNavigate();
  const validate = useValidateCredential();
  const creds = usePagedList({
    queryKey: ["credentials", "list"],
    state: useSearchState(["credentialType", "active", "accountId", "q"] as const),
    load: api.credentials.list,
  });
  const { selected } = creds;
  const remove = useBulkAction(creds, { run: (c) => api.credentials.remove(c.id), done: (n) => `Deleted ${n} credential(s).`, invalidate: [["credentials"]] });
  const only = selected.length === 1 ? selected[0] : undefined;
  const selectable = perms.can("button:credential-delete") || perms.can("button:credential-validate") || perms.can("button:credential-update");
  const checks = useResourceChecks(
    "credential",
    (creds.query.data?.data ?? []).map((c) => c.id),
    ["credentials:delete", "credentials:update", "credentials:validate"],
    selectable,
  );
  const name = (c: { name: string }) => c.name;
  const demo = selected.find((c) => c.demo);
  const deleteState = demo ? { disabled: true, disabledReason: `"${demo.name}" is a demo credential: it cannot be deleted.` } : checks.action(selected, "credentials:delete", name);
  const single = (permission: "credentials:update" | "credentials:validate") =>
    selected.length > 1 ? { disabled: true, disabledReason: "Select one credential." } : checks.action(selected, permission, name);
  const validateState = single("credentials:validate");
  const editState = single("credentials:update");

  return (
    <SpaceBetween size="l">
      <ListTable
        list={creds}
        variant="full-page"
        title="Credentials"
        info={<InfoLink topic="credentials" />}
        noun="credentials"
        selectionType={selectable ? "multi" : undefined}
        itemName={(c) => c.name}
        description="The AWS accounts scans can reach. Secrets are stored encrypted and shown masked."
        actions={
          <SpaceBetween direction="horizontal" size="xs">
            <Can ui="button:credential-validate">
              <Button {...validateState} loading={validate.isPending} onClick={() => only && validate.mutate(only.id)}>
                Validate
              </Button>
            </Can>
            <Can ui="button:credential-update">
              <Button {...editState} onClick={() => only && navigate(`/credentials/${only.id}?edit=1`)}>
                Edit
              </Button>
            </Can>
            <Can ui="button:credential-delete">
              <Button {...deleteState} onClick={remove.ask}>
                Delete
              </Button>
            </Can>
            <Can ui="button:credential-create">
              <Button variant="primary" onClick={() => navigate("/credentials/new")}>
                Add credential
              </Button>
            </Can>
          </SpaceBetween>
        }
        filter={
          <SpaceBetween direction="horizontal" size="xs">
            <FilterSelect state={creds} name="credentialType" any="Any type" options={typeOptions} label="Filter by type" />
            <FilterSelect state={creds} name="active" any="Active or not" options={activeOptions} label="Filter by state" />
            <FilterInput state={creds} name="q" placeholder="Find by name, account id or role ARN" label="Find credentials" />
          </SpaceBetween>
        }
        empty={{
          title: "No credentials yet",
          subtitle: "Add a credential to scan an AWS account.",
          action: perms.can("button:credential-create") ? <Button onClick={() => navigate("/credentials/new")}>Add credential</Button> : undefined,
        }}
        filters={{ active: hasFilters(creds.values), clear: () => creds.set({ credentialType: undefined, active: undefined, accountId: undefined, q: undefined }) }}
        defaultColumns={{
          wide: ["name", "type", "account", "principal", "active", "validation"],
          narrow: ["name", "account", "principal", "validation"],
        }}
        columnDefinitions={[
          {
            id: "name",
            header: "Name",
            isRowHeader: true,
            width: 200,
            minWidth: 120,
            cell: (c) => (
              // One line: the name cut with an ellipsis, the duplicate flag always in view after it.
              <span style={{ display: "flex", alignItems: "center", gap: 6, minWidth: 0 }}>
                <span style={{ minWidth: 0 }}>
                  <TruncatedLink text={c.name} href={`/credentials/${c.id}`} />
                </span>
                <span style={{ flexShrink: 0 }}>
                  <DuplicateOf credential={c} />
                </span>
              </span>
            ),
          },
          { id: "type", header: "Type", width: 170, minWidth: 110, cell: (c) => <NoWrap>{humanize(c.credentialType) + (c.demo ? " (demo)" : "")}</NoWrap> },
          // An account id is never cut: 12 digits and the copy button fit.
          { id: "account", header: "Account", width: 175, minWidth: 175, cell: (c) => <CopyValue value={c.accountId} label="account id" /> },
          {
            id: "principal",
            header: "Role or key",
            width: 195,
            minWidth: 140,
            cell: (c) =>
              c.roleArn ? (
                <CopyValue value={c.roleArn} label="role ARN" truncate />
              ) : c.accessKeyId ? (
                <CopyValue value={c.accessKeyId} label="access key id" truncate />
              ) : (
                "-"
              ),
          },
          { id: "active", header: "State", width: 110, minWidth: 100, cell: (c) => <Status type={c.isActive ? "success" : "stopped"}>{c.isActive ? "Active" : "Inactive"}</Status> },
          { id: "validation", header: "Validation", width: 210, minWidth: 150, cell: (c) => <CredentialValidation c={c} /> },
          { id: "validated", header: "Last validated", minWidth: 200, cell: (c) => formatDate(c.lastValidatedAt) },
        ]}
      />
      {perms.has("base-role:read") && <BaseRolePanel canEdit={perms.has("base-role:update")} />}
      <ConfirmModal {...remove.confirm} title="Delete credentials" confirmText="Delete" irreversible>
        Delete {selected.length} credential(s)? Scans that used them keep their results; new scans cannot use them.
      </ConfirmModal>
    </SpaceBetween>
  );
}
