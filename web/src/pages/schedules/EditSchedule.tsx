// Creating or editing a schedule, on one page: when it runs (expression,
// time zone, with help and examples), whether it is enabled and whom it
// notifies, then the scan it starts, through the create-task wizard's own
// steps. The next runs are the API's to compute: the schedule's page shows
// them once saved.

import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
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
import { useNavigate, useParams } from "react-router";
import { ApiError } from "../../api/errors";
import type { Schedule } from "../../api/types";
import { useApi } from "../../app/services";
import { usePermissions } from "../../auth/permissions";
import { Actions } from "../../components/Actions";
import { useFlash } from "../../components/flash";
import { Loaded } from "../../components/Loading";
import { formatDateIn } from "../../format";
import { useApiMutation } from "../../hooks/useApiMutation";
import { useServiceCatalog } from "../../hooks/useServiceCatalog";
import { useBreadcrumbs } from "../../layout/breadcrumbs";
import type { Draft, Errors } from "../tasks/wizard/draft";
import { CredentialsTable, ProjectStep, RegionsStep } from "../tasks/wizard/steps";
import { TaskExclusionsField } from "../tasks/wizard/ScopeFields";
import { exclusionFields } from "../../components/exclusions";
import { EXPRESSION_EXAMPLES, formFromSchedule, localField, newScheduleForm, SCHEDULE_FIELDS, timezones, toCreate, toUpdate, validateSchedule, type ScheduleForm } from "./form";
import { InfoLink } from "../../help/InfoLink";

export default function EditSchedule() {
  const { id } = useParams();
  const api = useApi();
  const q = useQuery({ queryKey: ["schedules", "detail", id], queryFn: () => api.schedules.detail(id ?? ""), enabled: !!id });
  useBreadcrumbs([
    { text: "Schedules", href: "/schedules" },
    ...(id ? [{ text: q.data?.name ?? id, href: `/schedules/${id}` }, { text: "Edit", href: `/schedules/${id}/edit` }] : [{ text: "New schedule", href: "/schedules/new" }]),
  ]);
  if (!id) return <ScheduleFormPage />;
  return (
    <Loaded query={q} text="Loading schedule">
      {(s) => <ScheduleFormPage schedule={s} />}
    </Loaded>
  );
}

export function ScheduleFormPage({ schedule }: { schedule?: Schedule }) {
  const api = useApi();
  const flash = useFlash();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const regions = useServiceCatalog().data?.regions;
  const [form, setForm] = useState<ScheduleForm>(() => (schedule ? formFromSchedule(schedule) : newScheduleForm()));
  const [shown, setShown] = useState<Errors>({});
  const [serverError, setServerError] = useState<ApiError | null>(null);
  const back = schedule ? `/schedules/${schedule.id}` : "/schedules";

  const change = (patch: Partial<ScheduleForm>) => {
    setForm((f) => ({ ...f, ...patch }));
    setServerError(null);
    setShown((e) => {
      const next = { ...e };
      for (const k of Object.keys(patch)) delete next[k];
      return next;
    });
  };
  const updateTask = (patch: Partial<Draft>) => {
    setForm((f) => ({ ...f, task: { ...f.task, ...patch } }));
    setServerError(null);
    setShown((e) => {
      const next = { ...e };
      for (const k of Object.keys(patch)) delete next[k];
      if ("metadata" in patch) for (const k of Object.keys(patch.metadata ?? {})) delete next[k];
      return next;
    });
  };

  const save = useApiMutation({
    mutationFn: () => (schedule ? api.schedules.update(toUpdate(schedule, form)) : api.schedules.create(toCreate(form))),
    fields: [...SCHEDULE_FIELDS, ...exclusionFields("exclusions", form.task.exclusions.length)],
    onSuccess: (s) => {
      void queryClient.invalidateQueries({ queryKey: ["schedules"] });
      flash.success(schedule ? `Saved "${s.name}".` : `Schedule "${s.name}" created.`);
      navigate(`/schedules/${s.id}`);
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === "VALIDATION_ERROR" && typeof err.details.field === "string") setServerError(err);
    },
  });

  const errorFor = (field: string): string | undefined => {
    if (shown[field]) return shown[field];
    if (serverError && typeof serverError.details.field === "string" && localField(serverError.details.field) === field) {
      return serverError.details.reason || serverError.message;
    }
    return undefined;
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errs = validateSchedule(form, regions);
    setShown(errs);
    if (Object.keys(errs).length === 0) save.mutate();
  };

  const steps = { draft: form.task, update: updateTask, errorFor };
  return (
    <ContentLayout
      header={
        <Header variant="h1" info={<InfoLink topic="schedules" />} description="Runs a scan on its own, on a rate, a cron expression or once, and tells the channels you choose how it went.">
          {schedule ? `Edit ${schedule.name}` : "New schedule"}
        </Header>
      }
    >
      <form onSubmit={submit} noValidate>
        <Form actions={<Actions submitText={schedule ? "Save" : "Create schedule"} submitsForm loading={save.isPending} onCancel={() => navigate(back)} />}>
          <SpaceBetween size="l">
            <WhenFields form={form} change={change} updateTask={updateTask} errorFor={errorFor} schedule={schedule} />
            <CredentialsTable {...steps} />
            <RegionsStep {...steps} />
            <ServicesField form={form} change={change} errorFor={errorFor} />
            <TaskExclusionsField {...steps} description="Scope rules for every scan the schedule starts: what they leave out is in no result, export or report." />
            <ProjectStep {...steps} setDraft={(f) => setForm((s) => ({ ...s, task: f(s.task) }))} />
          </SpaceBetween>
        </Form>
      </form>
    </ContentLayout>
  );
}

interface FieldsProps {
  form: ScheduleForm;
  change: (patch: Partial<ScheduleForm>) => void;
  errorFor: (field: string) => string | undefined;
}

function WhenFields({ form, change, updateTask, errorFor, schedule }: FieldsProps & { updateTask: (p: Partial<Draft>) => void; schedule?: Schedule }) {
  const zones = useMemo(() => timezones().map((z) => ({ value: z, label: z })), []);
  const zoneOptions = zones.some((z) => z.value === form.timezone) ? zones : [{ value: form.timezone, label: form.timezone }, ...zones];
  return (
    <Container header={<Header variant="h2">Schedule</Header>}>
      <SpaceBetween size="l">
        <FormField label="Schedule name" description="Each task it starts is named after it." errorText={errorFor("name")}>
          <Input value={form.task.name} onChange={(e) => updateTask({ name: e.detail.value })} placeholder="Nightly inventory" ariaRequired />
        </FormField>
        <ColumnLayout columns={2}>
          <SpaceBetween size="l">
            <FormField
              label="Expression"
              info={<InfoLink topic="schedule-expressions" />}
              description="When it runs, in EventBridge Scheduler syntax: rate(...), cron(...) with 6 fields, or at(...) for once."
              constraintText="At most once every 5 minutes."
              errorText={errorFor("expression")}
            >
              <Input value={form.expression} onChange={(e) => change({ expression: e.detail.value })} placeholder="cron(0 2 * * ? *)" ariaRequired />
            </FormField>
            <FormField label="Time zone" description="cron and at times are read on this zone's clock, daylight saving included." errorText={errorFor("timezone")}>
              <Select
                selectedOption={zoneOptions.find((z) => z.value === form.timezone) ?? null}
                onChange={(e) => change({ timezone: e.detail.selectedOption.value ?? "" })}
                options={zoneOptions}
                filteringType="auto"
                ariaLabel="Time zone"
                virtualScroll
              />
            </FormField>
            <FormField label="State" errorText={errorFor("enabled")}>
              <Toggle checked={form.enabled} onChange={(e) => change({ enabled: e.detail.checked })}>
                {form.enabled ? "Enabled: runs on its schedule" : "Disabled: kept, but does not run"}
              </Toggle>
            </FormField>
            <ChannelsField form={form} change={change} errorFor={errorFor} />
          </SpaceBetween>
          <ExpressionHelp onPick={(expression) => change({ expression })} schedule={schedule} />
        </ColumnLayout>
      </SpaceBetween>
    </Container>
  );
}

/** Before saving, how expressions read; editing, the runs the saved settings give. */
function ExpressionHelp({ onPick, schedule }: { onPick: (e: string) => void; schedule?: Schedule }) {
  return (
    <SpaceBetween size="s">
      {schedule && (
        <div>
          <Box variant="awsui-key-label">Next runs as saved</Box>
          {schedule.nextRuns.length > 0 ? (
            <ul aria-label="Next runs as saved">
              {schedule.nextRuns.map((t) => (
                <li key={t}>{formatDateIn(t, schedule.timezone)}</li>
              ))}
            </ul>
          ) : (
            <Box color="text-status-inactive">None: {schedule.enabled ? "the expression has no run left" : "the schedule is disabled"}.</Box>
          )}
          <Box variant="small">Saved changes show their next runs on the schedule's page.</Box>
        </div>
      )}
      <Box variant="awsui-key-label">Examples</Box>
      <ul aria-label="Expression examples">
        {EXPRESSION_EXAMPLES.map(({ expression, meaning }) => (
          <li key={expression}>
            <Button variant="inline-link" formAction="none" onClick={() => onPick(expression)} ariaLabel={`Use ${expression}`}>
              {expression}
            </Button>{" "}
            {meaning}
          </li>
        ))}
      </ul>
      <Box variant="small">
        cron fields: minutes, hours, day of month, month, day of week, year. One of day of month and day of week must be ?. rate() counts from when the schedule
        is saved; a run is skipped while the previous scan still runs.
      </Box>
    </SpaceBetween>
  );
}

function ChannelsField({ form, change, errorFor }: FieldsProps) {
  const api = useApi();
  const perms = usePermissions();
  const canRead = perms.has("notifications:read");
  const channels = useQuery({
    queryKey: ["notifications", "options"],
    queryFn: () => api.notifications.list({ page_size: 100 }),
    enabled: canRead,
    staleTime: 30_000,
  });
  const options = (channels.data?.data ?? []).map((c) => ({ value: c.id, label: c.name, description: c.type, disabled: !c.enabled }));
  const selected = form.channelIds.map((id) => options.find((o) => o.value === id) ?? { value: id, label: id });
  return (
    <FormField
      label={
        <span>
          Notify <i>- optional</i>
        </span>
      }
      description="Channels told when a run completes, fails or is skipped."
      errorText={errorFor("channelIds")}
    >
      <Multiselect
        deselectAriaLabel={(o) => `Remove ${o.label ?? o.value}`}
        selectedOptions={selected}
        onChange={(e) => change({ channelIds: e.detail.selectedOptions.map((o) => o.value ?? "").filter(Boolean) })}
        options={options}
        statusType={channels.isLoading ? "loading" : channels.error ? "error" : "finished"}
        loadingText="Loading channels"
        errorText="The channels could not be loaded."
        empty={canRead ? "No notification channels yet." : "Your role cannot list notification channels."}
        placeholder="Choose channels"
        ariaLabel="Notification channels"
        tokenLimit={4}
        i18nStrings={{ tokenLimitShowMore: "Show more", tokenLimitShowFewer: "Show fewer" }}
      />
    </FormField>
  );
}

function ServicesField({ form, change, errorFor }: FieldsProps) {
  const catalog = useServiceCatalog();
  const options = (catalog.data?.services ?? []).map((s) => ({ value: s.key, label: s.title, description: s.family }));
  const selected = form.services.map((k) => options.find((o) => o.value === k) ?? { value: k, label: k });
  return (
    <Container header={<Header variant="h2">Services</Header>}>
      <FormField
        label={
          <span>
            Services <i>- optional</i>
          </span>
        }
        description="Leave empty to scan every service."
        errorText={errorFor("services")}
      >
        <Multiselect
          deselectAriaLabel={(o) => `Remove ${o.label ?? o.value}`}
          selectedOptions={selected}
          onChange={(e) => change({ services: e.detail.selectedOptions.map((o) => o.value ?? "").filter(Boolean) })}
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
