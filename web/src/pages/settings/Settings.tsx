// The workspace's settings: how long reports are kept (the retention job
// runs daily at 03:00 UTC and audits what it deletes), the exclusions
// every scan applies (ExclusionsSettings) and which template new reports
// use by default (chosen on Report templates). Saving sends the
// version the form started from; a stale one (409) reloads the settings.

import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import ContentLayout from "@cloudscape-design/components/content-layout";
import Form from "@cloudscape-design/components/form";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import KeyValuePairs from "@cloudscape-design/components/key-value-pairs";
import RadioGroup from "@cloudscape-design/components/radio-group";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { ApiError, fieldError } from "../../api/errors";
import type { Settings as WorkspaceSettings } from "../../api/types";
import { useApi } from "../../app/services";
import { usePermissions } from "../../auth/permissions";
import { useFlash } from "../../components/flash";
import { Loaded } from "../../components/Loading";
import { RouterLink } from "../../components/RouterLink";
import { useApiMutation } from "../../hooks/useApiMutation";
import { useBreadcrumbs } from "../../layout/breadcrumbs";
import { ExclusionsSettings } from "./ExclusionsSettings";
import { describeRetention, MAX_RETENTION_DAYS, retentionDays, retentionForm, retentionProblem, type RetentionForm } from "./retention";
import { InfoLink } from "../../help/InfoLink";

export default function Settings() {
  useBreadcrumbs([{ text: "Settings", href: "/settings" }]);
  const api = useApi();
  const q = useQuery({ queryKey: ["settings"], queryFn: api.settings.get });
  const [reloaded, setReloaded] = useState(false);
  return (
    <ContentLayout header={<Header variant="h1" info={<InfoLink topic="settings" />} description="What applies to the whole workspace.">Settings</Header>}>
      <Loaded query={q} text="Loading settings">
        {(s) => (
          <SpaceBetween size="l">
            {reloaded && (
              <Alert type="warning" header="The settings were changed elsewhere" dismissible dismissAriaLabel="Dismiss" onDismiss={() => setReloaded(false)}>
                Someone saved the settings after you opened them, so yours were not saved. The page shows them as they are now: make your change again.
              </Alert>
            )}
            <RetentionEditor key={s.version} settings={s} onStale={() => setReloaded(true)} onSaved={() => setReloaded(false)} />
            <ExclusionsSettings key={`exclusions-${s.version}`} settings={s} onStale={() => setReloaded(true)} onSaved={() => setReloaded(false)} />
            <DefaultTemplate id={s.defaultTemplateId} />
          </SpaceBetween>
        )}
      </Loaded>
    </ContentLayout>
  );
}

function RetentionEditor({ settings, onStale, onSaved }: { settings: WorkspaceSettings; onStale: () => void; onSaved: () => void }) {
  const api = useApi();
  const flash = useFlash();
  const perms = usePermissions();
  const queryClient = useQueryClient();
  const canEdit = perms.can("button:settings-update");
  const [form, setForm] = useState<RetentionForm>(() => retentionForm(settings.reportRetentionDays));
  const [touched, setTouched] = useState(false);
  const days = retentionDays(form);
  const dirty = form.mode === "forever" ? settings.reportRetentionDays !== 0 : days !== settings.reportRetentionDays;

  const save = useApiMutation({
    mutationFn: () => api.settings.update({ reportRetentionDays: days, version: settings.version }),
    fields: ["reportRetentionDays"],
    errorHeader: "The settings were not saved",
    onSuccess: (s) => {
      flash.success(`Settings saved. ${describeRetention(s.reportRetentionDays)}`);
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

  const problem = touched ? retentionProblem(form) : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (!retentionProblem(form)) save.mutate();
  };

  return (
    <form onSubmit={submit} noValidate>
      <Form
        actions={
          canEdit && (
            <SpaceBetween direction="horizontal" size="xs">
              <Button
                formAction="none"
                disabled={!dirty}
                onClick={() => {
                  setForm(retentionForm(settings.reportRetentionDays));
                  setTouched(false);
                }}
              >
                Reset
              </Button>
              <Button variant="primary" formAction="submit" disabled={!dirty} loading={save.isPending}>
                Save
              </Button>
            </SpaceBetween>
          )
        }
      >
        <Container
          header={
            <Header variant="h2" description="How long built reports are kept. Tasks and their scan results have their own retention.">
              Report retention
            </Header>
          }
        >
          <SpaceBetween size="m">
            <FormField label="Keep reports" stretch>
              <RadioGroup
                value={form.mode}
                onChange={(e) => setForm({ mode: e.detail.value as RetentionForm["mode"], days: form.days || "365" })}
                ariaLabel="Keep reports"
                items={[
                  { value: "forever", label: "Keep reports forever", disabled: !canEdit },
                  {
                    value: "days",
                    label: "Delete reports older than a number of days",
                    description: "A report is deleted once it is older than the days you set.",
                    disabled: !canEdit,
                  },
                ]}
              />
            </FormField>
            {form.mode === "days" && (
              <FormField
                label="Days to keep reports"
                constraintText={`1 to ${MAX_RETENTION_DAYS.toLocaleString("en-US")} days.`}
                errorText={problem ?? fieldError(save.error, "reportRetentionDays")}
              >
                <Input
                  type="number"
                  inputMode="numeric"
                  value={form.days}
                  disabled={!canEdit}
                  onChange={(e) => setForm({ ...form, days: e.detail.value })}
                  ariaRequired
                />
              </FormField>
            )}
            <Box variant="p">
              Retention runs every day at 03:00 UTC. Each report it deletes is recorded in the audit log. {describeRetention(settings.reportRetentionDays)}
            </Box>
            {!canEdit && <Box color="text-status-inactive">Your role may read these settings but not change them.</Box>}
          </SpaceBetween>
        </Container>
      </Form>
    </form>
  );
}

/** The default template by name, from the templates list when the user may read it. */
function DefaultTemplate({ id }: { id: string }) {
  const api = useApi();
  const perms = usePermissions();
  const canList = perms.can("menu:templates");
  const templates = useQuery({
    queryKey: ["templates", "options"],
    queryFn: () => api.templates.list({ page_size: 100 }),
    enabled: canList,
    staleTime: 30_000,
  });
  const current = templates.data?.data.find((t) => (id ? t.id === id : t.builtIn));
  const name = current?.name ?? (id ? id : "The built-in template");
  return (
    <Container header={<Header variant="h2" description="The template new reports use when their scan names none.">Default report template</Header>}>
      <KeyValuePairs
        columns={2}
        items={[
          { label: "Default template", value: name },
          {
            label: "Change it",
            value: canList ? <RouterLink href="/templates">Report templates</RouterLink> : "On Report templates, with a role that may change it.",
          },
        ]}
      />
    </Container>
  );
}
