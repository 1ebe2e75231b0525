// The create-task wizard's steps, shared with the schedule form (a
// schedule starts the same scan on its own): the credentials table, the
// regions, and the project metadata with the network diagram upload.

import Button from "@cloudscape-design/components/button";
import ColumnLayout from "@cloudscape-design/components/column-layout";
import Container from "@cloudscape-design/components/container";
import FileUpload from "@cloudscape-design/components/file-upload";
import FormField from "@cloudscape-design/components/form-field";
import Header from "@cloudscape-design/components/header";
import Input from "@cloudscape-design/components/input";
import Multiselect, { type MultiselectProps } from "@cloudscape-design/components/multiselect";
import Select, { type SelectProps } from "@cloudscape-design/components/select";
import SpaceBetween from "@cloudscape-design/components/space-between";
import StatusIndicator from "@cloudscape-design/components/status-indicator";
import Table from "@cloudscape-design/components/table";
import TextFilter from "@cloudscape-design/components/text-filter";
import { useCollection } from "@cloudscape-design/collection-hooks";
import { useQuery } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { ApiError } from "../../../api/errors";
import type { Credential, Template } from "../../../api/types";
import { diagramProblem, uploadDiagram } from "../../../api/upload";
import { useApi } from "../../../app/services";
import { usePermissions } from "../../../auth/permissions";
import { CopyValue } from "../../../components/CopyValue";
import { ErrorAlert } from "../../../components/ErrorAlert";
import { ValidationIndicator } from "../../../components/status";
import { EmptyState } from "../../../components/table";
import { humanize } from "../../../format";
import { useServiceCatalog } from "../../../hooks/useServiceCatalog";
import { METADATA_FIELDS, type Draft } from "./draft";
import { regionName } from "./regions";
import { InfoLink } from "../../../help/InfoLink";

export interface StepProps {
  draft: Draft;
  update: (patch: Partial<Draft>) => void;
  errorFor: (field: string) => string | undefined;
}

export function useCredentialOptions() {
  const api = useApi();
  return useQuery({
    queryKey: ["credentials", "active"],
    queryFn: () => api.credentials.list({ active: true, page_size: 100 }),
    staleTime: 30_000,
  });
}

/** The report templates a scan may name, for users whose role lists them. */
export function useTemplateOptions() {
  const api = useApi();
  const canList = usePermissions().can("menu:templates");
  const query = useQuery({
    queryKey: ["templates", "options"],
    queryFn: () => api.templates.list({ page_size: 100 }),
    enabled: canList,
    staleTime: 30_000,
  });
  return { canList, query };
}

/** How a draft's template reads: "Workspace default (name)" for none, the template's name otherwise. */
export function templateLabel(templateId: string, templates: readonly Template[] | undefined): string {
  if (!templateId) {
    const current = templates?.find((t) => t.default);
    return current ? `Workspace default (${current.name})` : "Workspace default";
  }
  const t = templates?.find((x) => x.id === templateId);
  return t ? t.name : templates ? "A template that no longer exists" : templateId;
}

/** The report template select: the workspace's default first, then every template. */
export function ReportTemplateField({ draft, update, errorFor }: StepProps) {
  const { canList, query } = useTemplateOptions();
  if (!canList) return null;
  const templates = query.data?.data;
  const options: SelectProps.Option[] = [
    { value: "", label: templateLabel("", templates) },
    ...(templates ?? []).map((t) => ({ value: t.id, label: t.name, tags: [t.builtIn ? "Built-in" : "Uploaded", ...(t.default ? ["Default"] : [])] })),
  ];
  if (draft.templateId && templates && !templates.some((t) => t.id === draft.templateId)) {
    options.push({ value: draft.templateId, label: templateLabel(draft.templateId, templates), description: "Reports use the workspace default instead." });
  }
  return (
    <Container header={<Header variant="h2">Report</Header>}>
      <FormField
        label={
          <span>
            Report template <i>- optional</i>
          </span>
        }
        description="The Word template the report is built on: its cover, styles, header, footer and logo."
        errorText={errorFor("templateId")}
      >
        <Select
          selectedOption={options.find((o) => o.value === draft.templateId) ?? options[0] ?? null}
          onChange={(e) => update({ templateId: e.detail.selectedOption.value ?? "" })}
          options={options}
          ariaLabel="Report template"
          statusType={query.isLoading ? "loading" : query.error ? "error" : "finished"}
          loadingText="Loading templates"
          errorText="The templates could not be loaded."
          recoveryText="Retry"
          onLoadItems={() => query.error && void query.refetch()}
        />
      </FormField>
    </Container>
  );
}

/** The credentials a scan may use, as a selectable table, with its error. */
export function CredentialsTable({ draft, update, errorFor }: StepProps) {
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
            { id: "account", header: "Account", cell: (c) => <CopyValue value={c.accountId} label="account id" />, sortingField: "accountId" },
            { id: "type", header: "Type", cell: (c) => humanize(c.credentialType) },
            { id: "validation", header: "Last validation", cell: (c) => <ValidationIndicator validation={c.validation} /> },
          ]}
        />
        {errorFor("credentialIds") && <FieldError text={errorFor("credentialIds") as string} />}
      </SpaceBetween>
  );
}

/** An error under a control that is not a form field (the credentials table). */
export function FieldError({ text }: { text: string }) {
  // data-invalid: the wizard moves focus here when this is the first problem of a step.
  return (
    <div role="alert" tabIndex={-1} data-invalid="true">
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

/** A region as a choice: its name, its code beside it; either finds it. */
function regionOption(code: string): MultiselectProps.Option {
  const name = regionName(code);
  return name ? { value: code, label: name, labelTag: code } : { value: code, label: code };
}

/** The regions the API accepts, grouped by the area their code names ("eu-west-1": Europe). */
export function regionOptions(regions: readonly string[]): MultiselectProps.OptionGroup[] {
  const groups = new Map<string, MultiselectProps.Option[]>();
  for (const r of regions) {
    const area = areas[r.split("-")[0] ?? ""] ?? "Other";
    groups.set(area, [...(groups.get(area) ?? []), regionOption(r)]);
  }
  return [...groups].map(([label, options]) => ({ label, options }));
}

export function RegionsStep({ draft, update, errorFor }: StepProps) {
  const catalog = useServiceCatalog();
  const options = useMemo(() => regionOptions(catalog.data?.regions ?? []), [catalog.data]);
  const selected = draft.regions.map(regionOption);
  return (
    <Container header={<Header variant="h2">Regions</Header>}>
      <SpaceBetween size="m">
        <FormField
          label="Regions"
          info={<InfoLink topic="units" />}
          description="Each account is scanned once per region, plus one global unit for its global services. Find a region by its name (Ireland) or its code (eu-west-1)."
          errorText={errorFor("regions")}
        >
          <Multiselect
            deselectAriaLabel={(o) => `Remove ${o.label ?? o.value}`}
            selectedOptions={selected}
            onChange={(e) => update({ regions: e.detail.selectedOptions.map((o) => o.value ?? "").filter(Boolean) })}
            options={options}
            statusType={catalog.isLoading ? "loading" : catalog.error ? "error" : "finished"}
            loadingText="Loading regions"
            errorText="The regions could not be loaded."
            recoveryText="Retry"
            onLoadItems={() => catalog.error && void catalog.refetch()}
            filteringType="auto"
            filteringPlaceholder="Find by name or code"
            filteringAriaLabel="Find regions"
            filteringResultsText={(matches, total) => `${matches} of ${total} regions`}
            noMatch="No region matches. Try a name (Ireland, Tokyo) or a code (eu-west-1)."
            empty="No regions are available."
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

export function ProjectStep({ draft, update, errorFor, setDraft }: StepProps & { setDraft: (f: (d: Draft) => Draft) => void }) {
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
      <ReportTemplateField draft={draft} update={update} errorFor={errorFor} />
    </SpaceBetween>
  );
}
