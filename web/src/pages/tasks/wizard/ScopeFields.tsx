// What narrows a scan besides its regions, on the wizard's regions step:
// the services (none chosen: every one), the organization scope (shown
// when an organization credential is chosen: every active account, only
// the accounts under some OUs, or only named accounts; the OUs and accounts
// come from discovering the organization), and the scan's own exclusions
// (the workspace's apply too).

import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Container from "@cloudscape-design/components/container";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Multiselect, { type MultiselectProps } from "@cloudscape-design/components/multiselect";
import RadioGroup from "@cloudscape-design/components/radio-group";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useQueries, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import type { Credential, OrgAccount } from "../../../api/types";
import { useApi } from "../../../app/services";
import { usePermissions } from "../../../auth/permissions";
import { ApiErrorContent } from "../../../components/ApiErrorContent";
import { ExclusionsEditor } from "../../../components/ExclusionsEditor";
import { describeExclusion, exclusionField } from "../../../components/exclusions";
import { RouterLink } from "../../../components/RouterLink";
import { useServiceCatalog } from "../../../hooks/useServiceCatalog";
import { accountsInScope, isActiveAccount, ouOptions } from "../../credentials/organization";
import type { Draft, OrgMode } from "./draft";
import { useCredentialOptions, type StepProps } from "./steps";
import { InfoLink } from "../../../help/InfoLink";

const optional = (label: string) => (
  <span>
    {label} <i>- optional</i>
  </span>
);

/** The services a scan (or a schedule's) is limited to; none chosen: every service. */
export function ServicesField({ services, onChange, errorText }: { services: readonly string[]; onChange: (services: string[]) => void; errorText?: string }) {
  const catalog = useServiceCatalog();
  const options = (catalog.data?.services ?? []).map((s) => ({ value: s.key, label: s.title, description: s.family, tags: [s.key] }));
  const selected = services.map((k) => options.find((o) => o.value === k) ?? { value: k, label: k });
  return (
    <Container header={<Header variant="h2">Services</Header>}>
      <FormField label={optional("Services")} description="Leave empty to scan every service." errorText={errorText}>
        <Multiselect
          deselectAriaLabel={(o) => `Remove ${o.label ?? o.value}`}
          selectedOptions={selected}
          onChange={(e) => onChange(e.detail.selectedOptions.map((o) => o.value ?? "").filter(Boolean))}
          options={options}
          statusType={catalog.isLoading ? "loading" : "finished"}
          loadingText="Loading services"
          filteringType="auto"
          placeholder="All services"
          ariaLabel="Services"
          tokenLimit={8}
          i18nStrings={{ tokenLimitShowMore: "Show more", tokenLimitShowFewer: "Show fewer" }}
        />
      </FormField>
    </Container>
  );
}

/** The organization credentials among the chosen ones. */
export function useChosenOrganizations(credentialIds: readonly string[]): Credential[] {
  const creds = useCredentialOptions();
  return (creds.data?.data ?? []).filter((c) => c.credentialType === "organization" && credentialIds.includes(c.id));
}

/** The member accounts of these organization credentials, discovered while enabled; their union and the first error. */
function useMembers(credentialIds: readonly string[], enabled: boolean) {
  const api = useApi();
  const results = useQueries({
    queries: credentialIds.map((id) => ({
      queryKey: ["credentials", "discover", id],
      queryFn: () => api.credentials.discover(id),
      enabled,
      staleTime: 5 * 60_000,
      retry: false,
    })),
  });
  const accounts: OrgAccount[] = [];
  const seen = new Set<string>();
  for (const r of results) {
    for (const a of r.data?.accounts ?? []) {
      if (!seen.has(a.id)) {
        seen.add(a.id);
        accounts.push(a);
      }
    }
  }
  return {
    accounts,
    loading: results.some((r) => r.isLoading),
    error: results.find((r) => r.error)?.error ?? null,
    retry: () => results.forEach((r) => r.error && void r.refetch()),
  };
}

function accountLabel(a: OrgAccount): string {
  return `${a.name} (${a.id})`;
}

/** Which accounts of the chosen organizations the scan covers; nothing when none is chosen. */
export function OrganizationScopeField({ draft, update, errorFor }: StepProps) {
  const orgs = useChosenOrganizations(draft.credentialIds);
  const canDiscover = usePermissions().can("button:credential-validate");
  const members = useMembers(
    orgs.map((c) => c.id),
    canDiscover && orgs.length > 0,
  );
  const ous = useMemo(() => ouOptions(members.accounts), [members.accounts]);
  if (orgs.length === 0) return null;

  const scope = draft.organization;
  const setScope = (patch: Partial<typeof scope>) => update({ organization: { ...scope, ...patch } });
  const discovered = members.accounts.length > 0;
  const active = members.accounts.filter(isActiveAccount);
  const covered = accountsInScope(members.accounts, scope.mode === "ous" ? { ouIds: scope.ouIds } : scope.mode === "accounts" ? { accountIds: scope.accountIds } : {});
  const unavailable = !canDiscover
    ? "Your role may not list the organization's accounts."
    : members.error
      ? "The organization's accounts could not be listed."
      : !discovered && !members.loading
        ? "The organization lists no account."
        : undefined;
  const status: MultiselectProps["statusType"] = members.loading ? "loading" : members.error ? "error" : "finished";

  const ouChoices: MultiselectProps.Option[] = ous.map((o) => ({
    value: o.id,
    label: o.path,
    description: `${o.active} active account${o.active === 1 ? "" : "s"}`,
    tags: [o.id],
  }));
  const accountChoices: MultiselectProps.Option[] = members.accounts.map((a) => ({
    value: a.id,
    label: accountLabel(a),
    description: a.ouPath,
    disabled: !isActiveAccount(a),
    tags: isActiveAccount(a) ? undefined : [`${a.status.charAt(0)}${a.status.slice(1).toLowerCase().replace(/_/g, " ")}: never scanned`],
  }));
  const selectedOus = scope.ouIds.map((id) => ouChoices.find((o) => o.value === id) ?? { value: id, label: id });
  const selectedAccounts = scope.accountIds.map((id) => accountChoices.find((o) => o.value === id) ?? { value: id, label: id });

  return (
    <Container
      header={
        <Header variant="h2" info={<InfoLink topic="organizations" />} description={`Which accounts of ${orgs.map((c) => c.name).join(", ")} the scan covers. Suspended accounts are never scanned.`}>
          Organization scope
        </Header>
      }
    >
      <SpaceBetween size="m">
        {members.error && (
          <Alert type="warning" header="The member accounts could not be listed">
            <ApiErrorContent error={members.error} /> The scan can still cover every active account: the organization is listed again when it starts.
          </Alert>
        )}
        <FormField label="Accounts to scan" stretch>
          <RadioGroup
            value={scope.mode}
            onChange={(e) => setScope({ mode: e.detail.value as OrgMode })}
            ariaLabel="Organization scope"
            items={[
              {
                value: "all",
                label: "Every active account",
                description: discovered ? `${active.length} active account${active.length === 1 ? "" : "s"} now, and any that join before the scan starts.` : "Every account that is active when the scan starts.",
              },
              { value: "ous", label: "Only accounts in some OUs", description: unavailable ?? "The active accounts anywhere under the OUs you choose.", disabled: !!unavailable && scope.mode !== "ous" },
              { value: "accounts", label: "Only named accounts", description: unavailable ?? "The active accounts you choose.", disabled: !!unavailable && scope.mode !== "accounts" },
            ]}
          />
        </FormField>
        {scope.mode === "ous" && (
          <FormField label="Organizational units" description="Accounts in nested OUs are included." errorText={errorFor("organization.ouIds") ?? errorFor("organization")}>
            <Multiselect
              deselectAriaLabel={(o) => `Remove ${o.label ?? o.value}`}
              selectedOptions={selectedOus}
              onChange={(e) => setScope({ ouIds: e.detail.selectedOptions.map((o) => o.value ?? "").filter(Boolean) })}
              options={ouChoices}
              statusType={status}
              loadingText="Listing the organization's OUs"
              errorText="The OUs could not be listed."
              recoveryText="Retry"
              onLoadItems={() => members.error && members.retry()}
              filteringType="auto"
              placeholder="Choose OUs"
              ariaLabel="Organizational units"
              empty="No OU below the root."
              tokenLimit={6}
              i18nStrings={{ tokenLimitShowMore: "Show more", tokenLimitShowFewer: "Show fewer" }}
            />
          </FormField>
        )}
        {scope.mode === "accounts" && (
          <FormField label="Member accounts" errorText={errorFor("organization.accountIds") ?? errorFor("organization")}>
            <Multiselect
              deselectAriaLabel={(o) => `Remove ${o.label ?? o.value}`}
              selectedOptions={selectedAccounts}
              onChange={(e) => setScope({ accountIds: e.detail.selectedOptions.map((o) => o.value ?? "").filter(Boolean) })}
              options={accountChoices}
              statusType={status}
              loadingText="Listing the organization's accounts"
              errorText="The accounts could not be listed."
              recoveryText="Retry"
              onLoadItems={() => members.error && members.retry()}
              filteringType="auto"
              placeholder="Choose accounts"
              ariaLabel="Member accounts"
              tokenLimit={6}
              i18nStrings={{ tokenLimitShowMore: "Show more", tokenLimitShowFewer: "Show fewer" }}
            />
          </FormField>
        )}
        {discovered && (
          <Box variant="small">
            {covered.length === 0
              ? "No active account is chosen yet."
              : `The scan covers ${covered.length} account${covered.length === 1 ? "" : "s"}: ${covered.map((a) => a.name).join(", ")}.`}
          </Box>
        )}
      </SpaceBetween>
    </Container>
  );
}

/** How the review step reads a draft's organization scope: the OUs' paths and the accounts' names once discovered. */
export function OrgScopeSummary({ draft }: { draft: Draft }) {
  const orgs = useChosenOrganizations(draft.credentialIds);
  const canDiscover = usePermissions().can("button:credential-validate");
  const members = useMembers(
    orgs.map((c) => c.id),
    canDiscover && orgs.length > 0,
  );
  const o = draft.organization;
  if (o.mode === "ous" && o.ouIds.length > 0) {
    const paths = new Map(ouOptions(members.accounts).map((x) => [x.id, x.path] as const));
    return <>Accounts under {o.ouIds.map((id) => paths.get(id) ?? id).join(", ")}</>;
  }
  if (o.mode === "accounts" && o.accountIds.length > 0) {
    const byId = new Map(members.accounts.map((a) => [a.id, a] as const));
    return <>{o.accountIds.map((id) => { const a = byId.get(id); return a ? accountLabel(a) : id; }).join(", ")}</>;
  }
  return <>Every active account</>;
}

/** The workspace's exclusions as text, for users who may read the settings. */
function WorkspaceExclusions() {
  const api = useApi();
  const canRead = usePermissions().can("menu:settings");
  const q = useQuery({ queryKey: ["settings"], queryFn: api.settings.get, enabled: canRead, staleTime: 30_000 });
  const rules = q.data?.exclusions ?? [];
  if (!canRead) return <Box variant="small">The workspace's exclusions apply too.</Box>;
  return (
    <Box variant="small">
      {rules.length === 0 ? "The workspace has no exclusions." : `The workspace's exclusions apply too: ${rules.map(describeExclusion).join("; ")}.`} They are set in{" "}
      <RouterLink href="/settings">Settings</RouterLink>.
    </Box>
  );
}

/** The scan's own exclusions, beside the workspace's. */
export function TaskExclusionsField({
  draft,
  update,
  errorFor,
  description = "Scope rules for this scan only: what they leave out is in no result, export or report.",
}: StepProps & { description?: string }) {
  return (
    <Container
      header={
        <Header variant="h2" info={<InfoLink topic="exclusions" />} description={description}>
          {optional("Exclusions")}
        </Header>
      }
    >
      <SpaceBetween size="s">
        <ExclusionsEditor
          rules={draft.exclusions}
          onChange={(exclusions) => update({ exclusions })}
          errorFor={(i, part) => errorFor(exclusionField("exclusions", i, part))}
          empty="No exclusions of its own."
        />
        <WorkspaceExclusions />
      </SpaceBetween>
    </Container>
  );
}
