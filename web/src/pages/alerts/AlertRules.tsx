// The security monitor's rules: what each watches, whether it is on, and
// its configuration (thresholds, the working hours and time zone, the
// actions it counts), each saved on its own with the version it was read
// at. The API checks a configuration and names what it refuses; the
// reason shows beside that field.

import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Checkbox from "@cloudscape-design/components/checkbox";
import ColumnLayout from "@cloudscape-design/components/column-layout";
import Container from "@cloudscape-design/components/container";
import ContentLayout from "@cloudscape-design/components/content-layout";
import Form from "@cloudscape-design/components/form";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import Multiselect from "@cloudscape-design/components/multiselect";
import Select from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Toggle from "@cloudscape-design/components/toggle";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState, type FormEvent } from "react";
import { ApiError } from "../../api/errors";
import type { AlertRule } from "../../api/types";
import { useApi } from "../../app/services";
import { useFlash } from "../../components/flash";
import { Loaded } from "../../components/Loading";
import { formatDate, sentence } from "../../format";
import { useApiMutation } from "../../hooks/useApiMutation";
import { useBreadcrumbs } from "../../layout/breadcrumbs";
import { timezones } from "../schedules/form";
import { useUserNames } from "../approvals/parts";
import { configFields, configValues, fieldOfError, fieldProblems, toConfig, WEEKDAYS, type ConfigField, type ConfigValues } from "./ruleConfig";
import { InfoLink } from "../../help/InfoLink";

export default function AlertRules() {
  useBreadcrumbs([
    { text: "Security alerts", href: "/alerts" },
    { text: "Alert rules", href: "/alerts/rules" },
  ]);
  const api = useApi();
  const q = useQuery({ queryKey: ["alerts", "rules"], queryFn: api.alerts.rules });
  return (
    <ContentLayout
      header={
        <Header variant="h1" info={<InfoLink topic="alert-rules" />} description="The security monitor reads the audit log every minute and raises an alert when a rule matches.">
          Alert rules
        </Header>
      }
    >
      <Loaded query={q} text="Loading rules">
        {(d) => (
          <SpaceBetween size="l">
            {d.data.map((r) => (
              <RuleEditor key={`${r.id}-${r.version}`} rule={r} />
            ))}
          </SpaceBetween>
        )}
      </Loaded>
    </ContentLayout>
  );
}

export function RuleEditor({ rule }: { rule: AlertRule }) {
  const api = useApi();
  const flash = useFlash();
  const queryClient = useQueryClient();
  const users = useUserNames();
  const fields = useMemo(() => configFields(rule.defaults), [rule.defaults]);
  const [enabled, setEnabled] = useState(rule.enabled);
  const [values, setValues] = useState<ConfigValues>(() => configValues(fields, rule.config, rule.defaults));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [stale, setStale] = useState(false);
  const initial = useMemo(() => JSON.stringify(configValues(fields, rule.config, rule.defaults)), [fields, rule.config, rule.defaults]);
  const dirty = enabled !== rule.enabled || JSON.stringify(values) !== initial;
  const atDefaults = JSON.stringify(values) === JSON.stringify(configValues(fields, rule.defaults, rule.defaults));

  const save = useApiMutation({
    mutationFn: () => api.alerts.updateRule({ rule: rule.id, enabled, config: toConfig(fields, values), version: rule.version }),
    fields: ["config", ...fields.map((f) => `config.${f.path}`)],
    errorHeader: `"${rule.title}" was not saved`,
    onSuccess: (r) => {
      flash.success(`Saved "${r.title}": ${r.enabled ? "it watches with this configuration from the next minute." : "it is off."}`);
      void queryClient.invalidateQueries({ queryKey: ["alerts", "rules"] });
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === "VALIDATION_ERROR" && typeof err.details.field === "string") {
        const f = fieldOfError(err.details.field);
        const known = f && fields.some((x) => x.path === f);
        setErrors({ [known ? f : "config"]: sentence(err.details.reason || err.message) });
      }
      if (err instanceof ApiError && err.code === "CONFLICT") {
        setStale(true);
        void queryClient.invalidateQueries({ queryKey: ["alerts", "rules"] });
      }
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const problems = fieldProblems(fields, values);
    setErrors(problems);
    if (Object.keys(problems).length === 0) save.mutate();
  };
  const set = (path: string, v: ConfigValues[string]) => setValues((vs) => ({ ...vs, [path]: v }));
  const grouped = groupFields(fields);

  return (
    <form onSubmit={submit} noValidate aria-label={rule.title}>
      <Form
        actions={
          <SpaceBetween direction="horizontal" size="xs">
            <Button formAction="none" disabled={atDefaults} onClick={() => setValues(configValues(fields, rule.defaults, rule.defaults))}>
              Use defaults
            </Button>
            <Button
              formAction="none"
              disabled={!dirty}
              onClick={() => {
                setEnabled(rule.enabled);
                setValues(configValues(fields, rule.config, rule.defaults));
                setErrors({});
              }}
            >
              Reset
            </Button>
            <Button variant="primary" formAction="submit" disabled={!dirty} loading={save.isPending} ariaLabel={`Save ${rule.title}`}>
              Save
            </Button>
          </SpaceBetween>
        }
      >
        <Container
          header={
            <Header
              variant="h2"
              description={rule.description}
              actions={
                <Toggle checked={enabled} onChange={(e) => setEnabled(e.detail.checked)} ariaLabel={`${rule.title} enabled`}>
                  {enabled ? "On" : "Off"}
                </Toggle>
              }
            >
              {rule.title}
            </Header>
          }
          footer={
            <Box variant="small">
              Rule <Box variant="code">{rule.id}</Box>
              {rule.updatedAt ? `, changed by ${users.get(rule.updatedBy ?? "") ?? rule.updatedBy ?? "someone"} ${formatDate(rule.updatedAt)}` : ", never changed"}
            </Box>
          }
        >
          <SpaceBetween size="m">
            {stale && (
              <Alert type="warning" header="The rule was changed elsewhere">
                Someone saved this rule after you opened it, so yours was not saved. It shows as it is now: make your change again.
              </Alert>
            )}
            {errors.config && <Alert type="error">{errors.config}</Alert>}
            {grouped.map(([group, fs]) => (
              <SpaceBetween key={group ?? "-"} size="xs">
                {group && <Box variant="h3">{group}</Box>}
                <ColumnLayout columns={fs.length > 1 ? 2 : 1}>
                  {fs.map((f) => (
                    <ConfigInput key={f.path} field={f} value={values[f.path]} error={errors[f.path]} onChange={(v) => set(f.path, v)} />
                  ))}
                </ColumnLayout>
              </SpaceBetween>
            ))}
          </SpaceBetween>
        </Container>
      </Form>
    </form>
  );
}

function groupFields(fields: readonly ConfigField[]): [string | undefined, ConfigField[]][] {
  const out = new Map<string | undefined, ConfigField[]>();
  for (const f of fields) out.set(f.group, [...(out.get(f.group) ?? []), f]);
  return [...out];
}

function ConfigInput({ field, value, error, onChange }: { field: ConfigField; value: ConfigValues[string] | undefined; error?: string; onChange: (v: ConfigValues[string]) => void }) {
  const label = field.group ? `${field.group}: ${field.label.toLowerCase()}` : field.label;
  switch (field.kind) {
    case "boolean":
      return (
        <FormField errorText={error} description={field.description}>
          <Checkbox checked={value === true} onChange={(e) => onChange(e.detail.checked)}>
            {field.label}
          </Checkbox>
        </FormField>
      );
    case "zone":
      return <ZoneInput label={field.label} value={String(value ?? "")} error={error} onChange={onChange} />;
    case "weekdays": {
      const chosen = Array.isArray(value) ? value : [];
      return (
        <FormField label={field.label} errorText={error} description={field.description}>
          <Multiselect
            selectedOptions={WEEKDAYS.filter((d) => chosen.includes(d.value))}
            options={WEEKDAYS}
            // Kept in the week's order, whatever order they were picked in.
            onChange={(e) => onChange(WEEKDAYS.map((d) => d.value).filter((d) => e.detail.selectedOptions.some((o) => o.value === d)))}
            placeholder="Choose days"
            ariaLabel={label}
            deselectAriaLabel={(o) => `Remove ${o.label ?? o.value}`}
          />
        </FormField>
      );
    }
    default:
      return (
        <FormField label={field.label} errorText={error} description={field.description}>
          <Input
            type={field.kind === "number" ? "number" : "text"}
            inputMode={field.kind === "number" ? "numeric" : undefined}
            value={String(value ?? "")}
            onChange={(e) => onChange(e.detail.value)}
            ariaLabel={label}
          />
        </FormField>
      );
  }
}

function ZoneInput({ label, value, error, onChange }: { label: string; value: string; error?: string; onChange: (v: string) => void }) {
  const zones = useMemo(() => timezones().map((z) => ({ value: z, label: z })), []);
  const options = zones.some((z) => z.value === value) || !value ? zones : [{ value, label: value }, ...zones];
  return (
    <FormField label={label} errorText={error} description="Working hours are read on this zone's clock, daylight saving included.">
      <Select
        selectedOption={options.find((z) => z.value === value) ?? null}
        onChange={(e) => onChange(e.detail.selectedOption.value ?? "")}
        options={options}
        filteringType="auto"
        ariaLabel={label}
        virtualScroll
      />
    </FormField>
  );
}
