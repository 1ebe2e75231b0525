// The create-task wizard: credentials -> regions and scope (services, an
// organization's accounts, exclusions) -> project metadata (with the
// network diagram upload) -> review. Each step checks its own fields
// before moving on, moving focus to the first field in error; an error
// goes as soon as its field is valid; an API field error sends the user
// back to its step. The project metadata of the last scan started here is
// offered again.

import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import Container from "@cloudscape-design/components/container";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import KeyValuePairs from "@cloudscape-design/components/key-value-pairs";
import SpaceBetween from "@cloudscape-design/components/space-between";
import Wizard from "@cloudscape-design/components/wizard";
import { useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { useNavigate } from "react-router";
import { ApiError } from "../../api/errors";
import { useApi } from "../../app/services";
import { ApiErrorContent } from "../../components/ApiErrorContent";
import { useFlash } from "../../components/flash";
import { useApiMutation } from "../../hooks/useApiMutation";
import { useServiceCatalog } from "../../hooks/useServiceCatalog";
import { useBreadcrumbs } from "../../layout/breadcrumbs";
import { InfoLink } from "../../help/InfoLink";
import { describeExclusion, exclusionFields } from "../../components/exclusions";
import { emptyDraft, everyAccount, localField, METADATA_FIELDS, STEPS, stepOfField, stillInvalid, toRequest, validateStep, type Draft, type Errors } from "./wizard/draft";
import { regionLabel } from "./wizard/regions";
import { rememberedMetadata, rememberMetadata } from "./wizard/remembered";
import type { StartedState } from "./TaskDetail";
import { OrganizationScopeField, OrgScopeSummary, ServicesField, TaskExclusionsField, useChosenOrganizations } from "./wizard/ScopeFields";
import { CredentialsTable, ProjectStep, RegionsStep, templateLabel, useCredentialOptions, useTemplateOptions, type StepProps } from "./wizard/steps";

export default function CreateTask() {
  useBreadcrumbs([
    { text: "Tasks", href: "/tasks" },
    { text: "New scan", href: "/tasks/new" },
  ]);
  const api = useApi();
  const navigate = useNavigate();
  const flash = useFlash();
  const queryClient = useQueryClient();
  const catalog = useServiceCatalog().data;
  const regions = catalog?.regions;
  const serviceKeys = catalog?.services.map((s) => s.key);
  const [draft, setDraft] = useState<Draft>(() => {
    const d = emptyDraft();
    return { ...d, metadata: { ...d.metadata, ...rememberedMetadata() } };
  });
  // The organization scope counts only while an organization credential is chosen.
  const organizations = useChosenOrganizations(draft.credentialIds);
  const effective: Draft = organizations.length > 0 ? draft : { ...draft, organization: everyAccount() };
  const [step, setStep] = useState(0);
  const [shown, setShown] = useState<Errors>({});
  const [serverError, setServerError] = useState<ApiError | null>(null);
  // One key per wizard: a double submit or a retry after a timeout starts one task, not two.
  const [idempotencyKey] = useState(() => crypto.randomUUID());

  const update = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setServerError(null);
  };
  // A shown error goes as soon as its field is valid.
  useEffect(() => {
    setShown((prev) => (Object.keys(prev).length === 0 ? prev : stillInvalid(prev, validateStep(step, effective, regions, serviceKeys))));
    // effective follows draft (and the catalog, loaded once before any step can be left).
  }, [draft, step]);

  // After Next or Start scan found problems, focus goes to the first field in error.
  const root = useRef<HTMLDivElement>(null);
  const [focusRequest, setFocusRequest] = useState(0);
  useEffect(() => {
    if (focusRequest === 0) return;
    // After the step (and its error texts) rendered, and after the wizard's own focus handling.
    const t = setTimeout(() => {
      const first = root.current?.querySelector<HTMLElement>('[aria-invalid="true"], [data-invalid="true"]');
      first?.focus();
    }, 0);
    return () => clearTimeout(t);
  }, [focusRequest]);

  const create = useApiMutation({
    mutationFn: () => api.tasks.create(toRequest(effective), idempotencyKey),
    // Field errors are shown beside their field, on their step.
    fields: ["name", "credentialIds", "regions", "services", "projectMetadata", ...METADATA_FIELDS.map((m) => `projectMetadata.${m.field}`), ...METADATA_FIELDS.map((m) => m.field), "projectMetadata.networkDiagramKey", "templateId",
      "organization", "organization.ouIds", "organization.accountIds", ...exclusionFields("exclusions", draft.exclusions.length)],
    onSuccess: (task) => {
      void queryClient.invalidateQueries({ queryKey: ["tasks"] });
      rememberMetadata(effective.metadata);
      const state: StartedState = { startedFlash: flash.success(`Scan "${task.name}" started.`) };
      navigate(`/tasks/${task.id}`, { state });
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === "VALIDATION_ERROR" && typeof err.details.field === "string") {
        setServerError(err);
        setStep(stepOfField(err.details.field));
        setFocusRequest((n) => n + 1);
      }
    },
  });

  const errorFor = (field: string): string | undefined => {
    if (shown[field]) return shown[field];
    if (serverError && typeof serverError.details.field === "string" && localField(serverError.details.field) === field) {
      return serverError.details.reason || serverError.message;
    }
    return undefined;
  };

  /** Shows the first incomplete step of from..upTo-1 with its errors, its first field focused; false when all are complete. */
  const stopAtProblem = (from: number, upTo: number): boolean => {
    for (let s = from; s < upTo; s++) {
      const errs = validateStep(s, effective, regions, serviceKeys);
      if (Object.keys(errs).length > 0) {
        setShown(errs);
        setStep(s);
        setFocusRequest((n) => n + 1);
        return true;
      }
    }
    return false;
  };

  const navigateTo = (requested: number, reason: string) => {
    // Every step before the requested one must be complete.
    if ((reason === "next" || requested > step) && stopAtProblem(step, requested)) return;
    setShown({});
    setStep(requested);
  };

  return (
    <div ref={root}>
      <Wizard
        activeStepIndex={step}
        onNavigate={(e) => navigateTo(e.detail.requestedStepIndex, e.detail.reason)}
        onCancel={() => navigate("/tasks")}
        // A step left incomplete (an upload still running) is shown before anything is sent.
        onSubmit={() => !stopAtProblem(0, STEPS.length - 1) && create.mutate()}
        isLoadingNextStep={create.isPending}
        allowSkipTo={false}
        submitButtonText="Start scan"
        i18nStrings={{
          stepNumberLabel: (n) => `Step ${n}`,
          collapsedStepsLabel: (n, total) => `Step ${n} of ${total}`,
          navigationAriaLabel: "Steps",
          cancelButton: "Cancel",
          previousButton: "Previous",
          nextButton: "Next",
          optional: "optional",
        }}
        steps={[
          {
            title: "Choose credentials",
            info: <InfoLink topic="new-scan" />,
            description: "The accounts to scan, through the credentials you may use.",
            content: <CredentialsStep draft={draft} update={update} errorFor={errorFor} />,
          },
          {
            title: "Choose regions and scope",
            info: <InfoLink topic="new-scan" />,
            description: "Regional services are scanned in these regions, global services once per account. Services, an organization's accounts and exclusions narrow the scan.",
            content: (
              <SpaceBetween size="l">
                <RegionsStep draft={draft} update={update} errorFor={errorFor} />
                <ServicesField services={draft.services} onChange={(services) => update({ services })} errorText={errorFor("services")} />
                <OrganizationScopeField draft={draft} update={update} errorFor={errorFor} />
                <TaskExclusionsField draft={draft} update={update} errorFor={errorFor} />
              </SpaceBetween>
            ),
          },
          {
            title: "Project details",
            info: <InfoLink topic="project-details" />,
            description: "They go on the cover and in the document control of the report.",
            content: <ProjectStep draft={draft} update={update} errorFor={errorFor} setDraft={setDraft} />,
          },
          {
            title: "Review and start",
            info: <InfoLink topic="new-scan" />,
            content: (
              <SpaceBetween size="l">
                {serverError && stepOfField(String(serverError.details.field ?? "")) === 3 && (
                  <Alert type="error" header="The scan could not start">
                    <ApiErrorContent error={serverError} />
                  </Alert>
                )}
                <Review draft={effective} organizations={organizations.map((c) => c.name)} onEdit={(s) => navigateTo(s, "step")} />
              </SpaceBetween>
            ),
          },
        ]}
      />
    </div>
  );
}

function CredentialsStep(props: StepProps) {
  const { draft, update, errorFor } = props;
  return (
    <SpaceBetween size="l">
      <Container header={<Header variant="h2">Task</Header>}>
        <FormField label="Task name" description="How the task and its report are listed." errorText={errorFor("name")}>
          <Input value={draft.name} onChange={(e) => update({ name: e.detail.value })} placeholder="Quarterly inventory" ariaRequired />
        </FormField>
      </Container>
      <CredentialsTable {...props} />
    </SpaceBetween>
  );
}

function Review({ draft, organizations, onEdit }: { draft: Draft; organizations: string[]; onEdit: (step: number) => void }) {
  const creds = useCredentialOptions();
  const templates = useTemplateOptions();
  const names = (creds.data?.data ?? []).filter((c) => draft.credentialIds.includes(c.id));
  const section = (title: string, step: number, items: { label: string; value: ReactNode }[]) => (
    <Container header={<Header variant="h2" actions={<Button onClick={() => onEdit(step)}>Edit</Button>}>{title}</Header>}>
      <KeyValuePairs columns={3} items={items} />
    </Container>
  );
  return (
    <SpaceBetween size="l">
      {section("Step 1: Credentials", 0, [
        { label: "Task name", value: draft.name },
        { label: "Credentials", value: names.map((c) => `${c.name} (${c.accountId})`).join(", ") || `${draft.credentialIds.length} selected` },
        { label: "Accounts", value: String(new Set(names.map((c) => c.accountId)).size || draft.credentialIds.length) },
      ])}
      {section("Step 2: Regions and scope", 1, [
        { label: "Regions", value: draft.regions.map(regionLabel).join(", ") },
        { label: "Scan units", value: `${draft.regions.length + 1} per account (regions plus global)` },
        { label: "Services", value: draft.services.join(", ") || "All" },
        ...(organizations.length > 0 ? [{ label: "Organization scope", value: <OrgScopeSummary draft={draft} /> }] : []),
        {
          label: "Exclusions of this scan",
          value: draft.exclusions.length > 0 ? draft.exclusions.map(describeExclusion).join("; ") : <Box color="text-status-inactive">None</Box>,
        },
      ])}
      {section("Step 3: Project", 2, [
        ...METADATA_FIELDS.map(({ field, label }) => ({ label, value: draft.metadata[field] || "-" })),
        { label: "Network diagram", value: draft.diagram ? draft.diagram.fileName : <Box color="text-status-inactive">None</Box> },
        ...(templates.canList || draft.templateId ? [{ label: "Report template", value: templateLabel(draft.templateId, templates.query.data?.data) }] : []),
      ])}
    </SpaceBetween>
  );
}
