// Credentials: the accounts CloudCensus can reach, with their last
// validation; secrets appear only masked. Administrators also set the base
// role here.

import Button from "@cloudscape-design/components/button";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import Select, { type SelectProps } from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import Table from "@cloudscape-design/components/table";
import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useNavigate } from "react-router";
import type { Credential, CredentialType } from "../../api/types";
import { useApi } from "../../app/services";
import { Can, usePermissions } from "../../auth/permissions";
import { ConfirmModal } from "../../components/ConfirmModal";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useFlash } from "../../components/flash";
import { RouterLink } from "../../components/RouterLink";
import { ValidationIndicator } from "../../components/status";
import { counter, EmptyState, Pager, PAGE_SIZE, optionFor } from "../../components/table";
import { formatDate, humanize } from "../../format";
import { useApiMutation } from "../../hooks/useApiMutation";
import { useSearchState } from "../../hooks/useSearchState";
import { useBreadcrumbs } from "../../layout/breadcrumbs";
import { BaseRolePanel } from "./BaseRolePanel";
import { useValidateCredential } from "./useValidate";

const typeOptions: SelectProps.Option[] = [
  { value: "", label: "Any type" },
  { value: "assume_role", label: "Assume role" },
  { value: "access_key", label: "Access key" },
];
const activeOptions: SelectProps.Option[] = [
  { value: "", label: "Active or not" },
  { value: "true", label: "Active" },
  { value: "false", label: "Inactive" },
];

export default function CredentialList() {
  useBreadcrumbs([{ text: "Credentials", href: "/credentials" }]);
  const api = useApi();
  const perms = usePermissions();
  const flash = useFlash();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const validate = useValidateCredential();
  const { values, page, set } = useSearchState(["credentialType", "active", "accountId"] as const);
  const [account, setAccount] = useState(values.accountId);
  const [selected, setSelected] = useState<Credential[]>([]);
  const [confirm, setConfirm] = useState(false);
  useEffect(() => setAccount(values.accountId), [values.accountId]);

  const query = {
    page,
    page_size: PAGE_SIZE,
    credentialType: (values.credentialType || undefined) as CredentialType | undefined,
    active: values.active === "" ? undefined : values.active === "true",
    accountId: values.accountId || undefined,
  };
  const creds = useQuery({ queryKey: ["credentials", "list", query], queryFn: () => api.credentials.list(query), placeholderData: keepPreviousData });
  const remove = useApiMutation({
    mutationFn: async (cs: Credential[]) => Promise.all(cs.map((c) => api.credentials.remove(c.id))),
    onSuccess: (_, cs) => {
      flash.success(`Deleted ${cs.length} credential(s).`);
      setSelected([]);
      setConfirm(false);
      void queryClient.invalidateQueries({ queryKey: ["credentials"] });
    },
    onError: () => setConfirm(false),
  });
  const only = selected.length === 1 ? selected[0] : undefined;
  const selectable = perms.can("button:credential-delete") || perms.can("button:credential-validate");

  return (
    <SpaceBetween size="l">
      <Table
        variant="full-page"
        selectionType={selectable ? "multi" : undefined}
        selectedItems={selected}
        onSelectionChange={(e) => setSelected(e.detail.selectedItems)}
        wrapLines
        trackBy="id"
        ariaLabels={{
          selectionGroupLabel: "Credential selection",
          itemSelectionLabel: (_, c) => `Select ${c.name}`,
          allItemsSelectionLabel: () => "Select all credentials",
        }}
        header={
          <Header
            variant="awsui-h1-sticky"
            counter={counter(creds.data?.pagination)}
            description="The AWS accounts scans can reach. Secrets are stored encrypted and shown masked."
            actions={
              <SpaceBetween direction="horizontal" size="xs">
                <Can ui="button:credential-validate">
                  <Button disabled={!only} loading={validate.isPending} onClick={() => only && validate.mutate(only.id)}>
                    Validate
                  </Button>
                </Can>
                <Can ui="button:credential-delete">
                  <Button disabled={selected.length === 0 || selected.some((c) => c.demo)} onClick={() => setConfirm(true)}>
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
          >
            Credentials
          </Header>
        }
        filter={
          <SpaceBetween direction="horizontal" size="xs">
            <Select selectedOption={optionFor(typeOptions, values.credentialType)} options={typeOptions} onChange={(e) => set({ credentialType: e.detail.selectedOption.value })} ariaLabel="Filter by type" />
            <Select selectedOption={optionFor(activeOptions, values.active)} options={activeOptions} onChange={(e) => set({ active: e.detail.selectedOption.value })} ariaLabel="Filter by state" />
            <Input
              type="search"
              value={account}
              placeholder="Account id"
              ariaLabel="Filter by account id"
              onChange={(e) => setAccount(e.detail.value)}
              onKeyDown={(e) => e.detail.key === "Enter" && set({ accountId: account.trim() })}
              onBlur={() => account.trim() !== values.accountId && set({ accountId: account.trim() })}
            />
          </SpaceBetween>
        }
        pagination={<Pager info={creds.data?.pagination} onChange={(p) => set({ page: p })} />}
        loading={creds.isLoading}
        loadingText="Loading credentials"
        items={creds.data?.data ?? []}
        empty={creds.error ? <ErrorAlert error={creds.error} onRetry={() => void creds.refetch()} /> : <EmptyState title="No credentials" subtitle="Add one to scan an account." />}
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
      <ConfirmModal visible={confirm} title="Delete credentials" confirmText="Delete" loading={remove.isPending} onConfirm={() => remove.mutate(selected)} onDismiss={() => setConfirm(false)}>
        Delete {selected.length} credential(s)? Scans that used them keep their results; new scans cannot use them.
      </ConfirmModal>
    </SpaceBetween>
  );
}
