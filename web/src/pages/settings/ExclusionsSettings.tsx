// The workspace's exclusions: scope rules every scan of the workspace
// applies, besides a task's own. Saved with the settings' version (a stale
// one, 409, reloads them) and the retention as it is; the API's reason for
// a rule (exclusions[i].value) shows beside its row.

import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import Form from "@cloudscape-design/components/form";
import Header from "@cloudscape-design/components/header";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { ApiError } from "../../api/errors";
import type { ScopeRule, Settings as WorkspaceSettings } from "../../api/types";
import { useApi } from "../../app/services";
import { usePermissions } from "../../auth/permissions";
import { ExclusionsEditor } from "../../components/ExclusionsEditor";
import { apiRowError, cleanExclusions, exclusionFields, exclusionProblems, sameExclusions } from "../../components/exclusions";
import { useFlash } from "../../components/flash";
import { useApiMutation } from "../../hooks/useApiMutation";
import { useServiceCatalog } from "../../hooks/useServiceCatalog";
import { InfoLink } from "../../help/InfoLink";

export function describeExclusionCount(n: number): string {
  if (n === 0) return "No exclusion applies to the workspace's scans.";
  return `${n} exclusion${n === 1 ? " applies" : "s apply"} to every scan of the workspace.`;
}

export function ExclusionsSettings({ settings, onStale, onSaved }: { settings: WorkspaceSettings; onStale: () => void; onSaved: () => void }) {
  const api = useApi();
  const flash = useFlash();
  const perms = usePermissions();
  const queryClient = useQueryClient();
  const services = useServiceCatalog().data?.services.map((s) => s.key);
  const canEdit = perms.can("button:settings-update");
  const saved = settings.exclusions ?? [];
  const [rules, setRules] = useState<ScopeRule[]>(() => saved.map((r) => ({ kind: r.kind, value: r.value })));
  const [touched, setTouched] = useState(false);
  const dirty = !sameExclusions(rules, saved);
  const problems = touched ? exclusionProblems(rules, services) : {};

  const save = useApiMutation({
    mutationFn: () => api.settings.update({ reportRetentionDays: settings.reportRetentionDays, version: settings.version, exclusions: cleanExclusions(rules) }),
    fields: exclusionFields("exclusions", rules.length),
    errorHeader: "The exclusions were not saved",
    onSuccess: (s) => {
      flash.success(`Exclusions saved. ${describeExclusionCount(s.exclusions?.length ?? 0)}`);
      onSaved();
      queryClient.setQueryData(["settings"], s);
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === "CONFLICT") {
        onStale();
        void queryClient.invalidateQueries({ queryKey: ["settings"] });
      }
    },
  });

  const change = (next: ScopeRule[]) => {
    setRules(next);
    save.reset();
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (Object.keys(exclusionProblems(rules, services)).length === 0) save.mutate();
  };
  const generalError = save.error instanceof ApiError && save.error.fieldReason("exclusions");

  return (
    <form onSubmit={submit} noValidate aria-label="Exclusions">
      <Form
        errorText={generalError || undefined}
        actions={
          canEdit && (
            <SpaceBetween direction="horizontal" size="xs">
              <Button
                formAction="none"
                disabled={!dirty}
                onClick={() => {
                  setRules(saved.map((r) => ({ kind: r.kind, value: r.value })));
                  setTouched(false);
                  save.reset();
                }}
                ariaLabel="Reset the exclusions"
              >
                Reset
              </Button>
              <Button variant="primary" formAction="submit" disabled={!dirty} loading={save.isPending}>
                Save exclusions
              </Button>
            </SpaceBetween>
          )
        }
      >
        <Container
          header={
            <Header
              variant="h2"
              counter={`(${saved.length})`}
              info={<InfoLink topic="exclusions" />}
              description="Scope rules every scan of the workspace applies, besides a scan's own. What a rule leaves out is in no result, export or report; the report's coverage appendix counts it."
            >
              Exclusions
            </Header>
          }
        >
          <SpaceBetween size="m">
            <ExclusionsEditor
              rules={rules}
              onChange={change}
              readOnly={!canEdit}
              empty="No exclusions: scans cover everything their credentials, regions and services reach."
              errorFor={(i, part) => (part === "value" ? problems[i] : undefined) ?? apiRowError(save.error, "exclusions", i, part)}
            />
            <Box variant="p">{describeExclusionCount(saved.length)} Account, region and service rules skip whole units or services; tag, resource and CIDR rules drop the resources they match.</Box>
            {!canEdit && <Box color="text-status-inactive">Your role may read the exclusions but not change them.</Box>}
          </SpaceBetween>
        </Container>
      </Form>
    </form>
  );
}
