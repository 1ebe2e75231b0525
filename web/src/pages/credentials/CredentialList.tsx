// Credentials: the accounts CloudCensus can reach, with their last
// validation; secrets appear only masked. Administrators also set the base
// role here. The actions on the selected rows follow one batch check of
// the page's rows: each is enabled only where the API would let it act,
// and says why not otherwise.

import Button from "@cloudscape-design/components/button";
import SpaceBetween from "@cloudscape-design/components/space-between";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import { useNavigate } from "react-router";
import { useApi } from "../../app/services";
import { Can, usePermissions } from "../../auth/permissions";
import { ConfirmModal } from "../../components/ConfirmModal";
import { ListTable } from "../../components/ListTable";
import { RouterLink } from "../../components/RouterLink";
import { ValidationIndicator } from "../../components/status";
import { FilterInput, FilterSelect } from "../../components/table";
import { formatDate, humanize } from "../../format";
import { useBulkAction } from "../../hooks/useBulkAction";
import { useResourceChecks } from "../../hooks/useResourceChecks";
import { usePagedList } from "../../hooks/usePagedList";
import { useSearchState } from "../../hooks/useSearchState";
import { useBreadcrumbs } from "../../layout/breadcrumbs";
import { BaseRolePanel } from "./BaseRolePanel";
import { useValidateCredential } from "./useValidate";

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
    state: useSearchState(["credentialType", "active", "accountId"] as const),
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
        noun="credentials"
        selectionType={selectable ? "multi" : undefined}
        itemName={(c) => c.name}
        wrapLines
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
            <FilterInput state={creds} name="accountId" placeholder="Account id" label="Filter by account id" />
          </SpaceBetween>
        }
        empty={{ title: "No credentials", subtitle: "Add one to scan an account." }}
        columnDefinitions={[
          { id: "name", header: "Name", isRowHeader: true, cell: (c) => <RouterLink href={`/credentials/${c.id}`}>{c.name}</RouterLink> },
          { id: "type", header: "Type", cell: (c) => humanize(c.credentialType) + (c.demo ? " (demo)" : "") },
          { id: "account", header: "Account", cell: (c) => c.accountId },
          { id: "principal", header: "Role or key", cell: (c) => c.roleArn ?? c.accessKeyId ?? "-" },
          { id: "active", header: "State", cell: (c) => <StatusIndicator type={c.isActive ? "success" : "stopped"}>{c.isActive ? "Active" : "Inactive"}</StatusIndicator> },
          { id: "validation", header: "Validation", cell: (c) => <ValidationIndicator validation={c.validation} /> },
          { id: "validated", header: "Last validated", cell: (c) => formatDate(c.lastValidatedAt) },
        ]}
      />
      {perms.has("base-role:read") && <BaseRolePanel canEdit={perms.has("base-role:update")} />}
      <ConfirmModal {...remove.confirm} title="Delete credentials" confirmText="Delete">
        Delete {selected.length} credential(s)? Scans that used them keep their results; new scans cannot use them.
      </ConfirmModal>
    </SpaceBetween>
  );
}
