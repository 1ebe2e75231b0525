// The create-task wizard: credentials -> regions -> project metadata (with
// the network diagram upload) -> review. Each step checks its own fields
// before moving on; an API field error sends the user back to its step.

import Alert from "@cloudscape-design/components/alert";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import ColumnLayout from "@cloudscape-design/components/column-layout";
import Container from "@cloudscape-design/components/container";
import FileUpload from "@cloudscape-design/components/file-upload";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import KeyValuePairs from "@cloudscape-design/components/key-value-pairs";
import Multiselect, { type MultiselectProps } from "@cloudscape-design/components/multiselect";
import SpaceBetween from "@cloudscape-design/components/space-between";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import Table from "@cloudscape-design/components/table";
import TextFilter from "@cloudscape-design/components/text-filter";
import Wizard from "@cloudscape-design/components/wizard";
import { useCollection } from "@cloudscape-design/collection-hooks";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState, type ReactNode } from "react";
import { useNavigate } from "react-router";
import { ApiError } from "../../api/errors";
import type { Credential } from "../../api/types";
import { diagramProblem, uploadDiagram } from "../../api/upload";
import { useApi } from "../../app/services";
import { ApiErrorContent } from "../../components/ApiErrorContent";
import { ErrorAlert } from "../../components/ErrorAlert";
import { useFlash } from "../../components/flash";
import { ValidationIndicator } from "../../components/status";
import { EmptyState } from "../../components/table";
import { humanize } from "../../format";
import { useApiMutation } from "../../hooks/useApiMutation";
import { useServiceCatalog } from "../../hooks/useServiceCatalog";
import { useBreadcrumbs } from "../../layout/breadcrumbs";
import { emptyDraft, localField, METADATA_FIELDS, stepOfField, toRequest, validateStep, type Draft, type Errors } from "./wizard/draft";

export default function CreateTask() {
  useBreadcrumbs([
    { text: "Tasks", href: "/tasks" },
    { text: "New scan", href: "/tasks/new" },
  ]);
  const api = useApi();
  const navigate = useNavigate();
  const flash = useFlash();
  const queryClient = useQueryClient();
  const regions = useServiceCatalog().data?.regions;
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  const [step, setStep] = useState(0);
  const [shown, setShown] = useState<Errors>({});
  const [serverError, setServerError] = useState<ApiError | null>(null);
  // One key per wizard: a double submit or a retry after a timeout starts one task, not two.
  const [idempotencyKey] = useState(() => crypto.randomUUID());

  const update = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setServerError(null);
  };

  const create = useApiMutation({
    mutationFn: () => api.tasks.create(toRequest(draft), idempotencyKey),
    // Field errors are shown beside their field, on their step.
    fields: ["name", "credentialIds", "regions", "services", "projectMetadata", ...METADATA_FIELDS.map((m) => `projectMetadata.${m.field}`), ...METADATA_FIELDS.map((m) => m.field), "projectMetadata.networkDiagramKey"],
    onSuccess: (task) => {
      void queryClient.invalidateQueries({ queryKey: ["tasks"] });
      flash.success(`Scan "${task.name}" started.`);
      navigate(`/tasks/${task.id}`);
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === "VALIDATION_ERROR" && typeof err.details.field === "string") {
        setServerError(err);
        setStep(stepOfField(err.details.field));
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

  const navigateTo = (requested: number, reason: string) => {
    if (reason === "next" || requested > step) {
      // Every step before the requested one must be complete.
      for (let s = step; s < requested; s++) {
        const errs = validateStep(s, draft, regions);
        if (Object.keys(errs).length > 0) {
          setShown(errs);
          setStep(s);
          return;
        }
      }
    }
    setShown({});
    setStep(requested);
  };

  return (
    <Wizard
      activeStepIndex={step}
      onNavigate={(e) => navigateTo(e.detail.requestedStepIndex, e.detail.reason)}
      onCancel={() => navigate("/tasks")}
      onSubmit={() => create.mutate()}
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
          description: "The accounts to scan, through the credentials you may use.",
          content: <CredentialsStep draft={draft} update={update} errorFor={errorFor} />,
        },
        {
          title: "Choose regions",
          description: "Regional services are scanned in these regions; global services once per account.",
          content: <RegionsStep draft={draft} update={update} errorFor={errorFor} />,
        },
        {
          title: "Project details",
          description: "They go on the cover and in the document control of the report.",
          content: <ProjectStep draft={draft} update={update} errorFor={errorFor} setDraft={setDraft} />,
        },
        {
          title: "Review and start",
          content: (
            <SpaceBetween size="l">
              {serverError && stepOfField(String(serverError.details.field ?? "")) === 3 && (
                <Alert type="error" header="The scan could not start">
                  <ApiErrorContent error={serverError} />
                </Alert>
              )}
              <Review draft={draft} onEdit={(s) => navigateTo(s, "step")} />
            </SpaceBetween>
          ),
        },
      ]}
    />
  );
}

interface StepProps {
  draft: Draft;
  update: (patch: Partial<Draft>) => void;
  errorFor: (field: string) => string | undefined;
}

function useCredentialOptions() {
  const api = useApi();
  return useQuery({
    queryKey: ["credentials", "active"],
    queryFn: () => api.credentials.list({ active: true, page_size: 100 }),
    staleTime: 30_000,
  });
}

function CredentialsStep({ draft, update, errorFor }: StepProps) {
  const creds = useCredentialOptions();
  const all = creds.data?.data ?? [];
  const { items, filterProps, filteredItemsCount } = useCollection(all, {
    filtering: {
      fields: ["name", "accountId", "credentialType"],
      empty: <EmptyState title="No credentials" subtitle="Ask an administrator to add or assign one." />,
      noMatch: <EmptyState title="No match" subtitle="No credential matches the filter." />,
    },
    sorting: { defaultState: { sortingColumn: { sortingField: "name" } } },
  });
  const selected = all.filter((c) => draft.credentialIds.includes(c.id));
  return (
    <SpaceBetween size="l">
      <Container header={<Header variant="h2">Task</Header>}>
        <FormField label="Task name" description="How the task and its report are listed." errorText={errorFor("name")}>
          <Input value={draft.name} onChange={(e) => update({ name: e.detail.value })} placeholder="Quarterly inventory" ariaRequired />
        </FormField>
      </Container>
      <SpaceBetween size="xs">
        <Table<Credential>
          variant="container"
          header={<Header variant="h2" counter={`(${selected.length}/${all.length})`}>Credentials</Header>}
          selectionType="multi"
          trackBy="id"
          selectedItems={selected}
          onSelectionChange={(e) => update({ credentialIds: e.detail.selectedItems.map((c) => c.id) })}
          ariaLabels={{
            selectionGroupLabel: "Credential selection",
            itemSelectionLabel: (_, c) => `Select ${c.name}`,
            allItemsSelectionLabel: () => "Select all credentials",
            tableLabel: "Credentials",
          }}
          loading={creds.isLoading}
          loadingText="Loading credentials"
          items={items}
          empty={creds.error ? <ErrorAlert error={creds.error} onRetry={() => void creds.refetch()} /> : undefined}
          filter={<TextFilter {...filterProps} filteringPlaceholder="Find credentials" countText={`${filteredItemsCount ?? 0} matches`} filteringAriaLabel="Find credentials" />}
          columnDefinitions={[
            { id: "name", header: "Name", cell: (c) => c.name + (c.demo ? " (demo)" : ""), sortingField: "name", isRowHeader: true },
            { id: "account", header: "Account", cell: (c) => c.accountId, sortingField: "accountId" },
            { id: "type", header: "Type", cell: (c) => humanize(c.credentialType) },
            { id: "validation", header: "Last validation", cell: (c) => <ValidationIndicator validation={c.validation} /> },
          ]}
        />
        {errorFor("credentialIds") && <FieldError text={errorFor("credentialIds") as string} />}
      </SpaceBetween>
    </SpaceBetween>
  );
}

/** An error under a control that is not a form field (the credentials table). */
function FieldError({ text }: { text: string }) {
  return (
    <div role="alert">
      <StatusIndicator type="error">{text}</StatusIndicator>
    </div>
  );
}

const areas: Record<string, string> = {
  us: "United States",
  ca: "Canada",
  mx: "Mexico",
  sa: "South America",
  eu: "Europe",
  il: "Israel",
  me: "Middle East",
  af: "Africa",
  ap: "Asia Pacific",
};

/** The regions the API accepts, grouped by the area their code names ("eu-west-1": Europe). */
function regionOptions(regions: readonly string[]): MultiselectProps.OptionGroup[] {
  const groups = new Map<string, MultiselectProps.Option[]>();
  for (const r of regions) {
    const area = areas[r.split("-")[0] ?? ""] ?? "Other";
    groups.set(area, [...(groups.get(area) ?? []), { value: r, label: r }]);
  }
  return [...groups].map(([label, options]) => ({ label, options }));
}

function RegionsStep({ draft, update, errorFor }: StepProps) {
  const catalog = useServiceCatalog();
  const options = useMemo(() => regionOptions(catalog.data?.regions ?? []), [catalog.data]);
  const selected = draft.regions.map((r) => ({ value: r, label: r }));
  return (
    <Container header={<Header variant="h2">Regions</Header>}>
      <SpaceBetween size="m">
        <FormField
          label="Regions"
          description="Each account is scanned once per region, plus one global unit for its global services."
          errorText={errorFor("regions")}
        >
          <Multiselect
            selectedOptions={selected}
            onChange={(e) => update({ regions: e.detail.selectedOptions.map((o) => o.value ?? "").filter(Boolean) })}
            options={options}
            statusType={catalog.isLoading ? "loading" : catalog.error ? "error" : "finished"}
            loadingText="Loading regions"
            errorText="The regions could not be loaded."
            recoveryText="Retry"
            onLoadItems={() => catalog.error && void catalog.refetch()}
            filteringType="auto"
            placeholder="Choose regions"
            tokenLimit={8}
            ariaLabel="Regions"
            i18nStrings={{ tokenLimitShowMore: "Show more", tokenLimitShowFewer: "Show fewer", selectAllText: "Select all" }}
            enableSelectAll
          />
        </FormField>
        <SpaceBetween direction="horizontal" size="xs">
          <Button onClick={() => update({ regions: ["us-east-1"] })}>Only us-east-1</Button>
          <Button onClick={() => update({ regions: [] })} disabled={draft.regions.length === 0}>
            Clear
          </Button>
        </SpaceBetween>
      </SpaceBetween>
    </Container>
  );
}

function ProjectStep({ draft, update, errorFor, setDraft }: StepProps & { setDraft: (f: (d: Draft) => Draft) => void }) {
  const api = useApi();
  const [files, setFiles] = useState<File[]>([]);
  const [uploadError, setUploadError] = useState<string | undefined>();

  const choose = async (chosen: File[]) => {
    setFiles(chosen);
    setUploadError(undefined);
    const file = chosen[0];
    if (!file) {
      update({ diagram: null });
      return;
    }
    const problem = diagramProblem(file);
    if (problem) {
      setUploadError(problem);
      update({ diagram: null });
      return;
    }
    update({ diagramUploading: true, diagram: null });
    try {
      const key = await uploadDiagram(api, file);
      setDraft((d) => ({ ...d, diagramUploading: false, diagram: { fileName: file.name, key } }));
    } catch (err) {
      setDraft((d) => ({ ...d, diagramUploading: false, diagram: null }));
      setUploadError(err instanceof ApiError ? err.details.reason || err.message : String(err));
    }
  };

  return (
    <SpaceBetween size="l">
      <Container header={<Header variant="h2">Project metadata</Header>}>
        <ColumnLayout columns={2}>
          {METADATA_FIELDS.map(({ field, label, placeholder }) => (
            <FormField key={field} label={label} errorText={errorFor(field)}>
              <Input
                value={draft.metadata[field]}
                type={field === "cloudEngineerEmail" ? "email" : "text"}
                placeholder={placeholder}
                ariaRequired
                onChange={(e) => update({ metadata: { ...draft.metadata, [field]: e.detail.value } })}
              />
            </FormField>
          ))}
        </ColumnLayout>
      </Container>
      <Container header={<Header variant="h2">Network diagram</Header>}>
        <FormField
          label={
            <span>
              Diagram image <i>- optional</i>
            </span>
          }
          description="A PNG or JPEG placed in the report's network diagram section."
          errorText={uploadError ?? errorFor("networkDiagram")}
        >
          <FileUpload
            value={files}
            onChange={(e) => void choose(e.detail.value)}
            accept="image/png,image/jpeg"
            showFileSize
            showFileThumbnail
            constraintText={draft.diagramUploading ? "Uploading..." : draft.diagram ? `Uploaded as ${draft.diagram.fileName}` : "PNG or JPEG, up to 10 MB."}
            i18nStrings={{
              uploadButtonText: () => "Choose image",
              dropzoneText: () => "Drop an image to upload",
              removeFileAriaLabel: (i) => `Remove file ${i + 1}`,
              limitShowFewer: "Show fewer files",
              limitShowMore: "Show more files",
              errorIconAriaLabel: "Error",
            }}
          />
        </FormField>
      </Container>
    </SpaceBetween>
  );
}

function Review({ draft, onEdit }: { draft: Draft; onEdit: (step: number) => void }) {
  const creds = useCredentialOptions();
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
      {section("Step 2: Regions", 1, [
        { label: "Regions", value: draft.regions.join(", ") },
        { label: "Scan units", value: `${draft.regions.length + 1} per account (regions plus global)` },
      ])}
      {section("Step 3: Project", 2, [
        ...METADATA_FIELDS.map(({ field, label }) => ({ label, value: draft.metadata[field] || "-" })),
        { label: "Network diagram", value: draft.diagram ? draft.diagram.fileName : <Box color="text-status-inactive">None</Box> },
      ])}
    </SpaceBetween>
  );
}
