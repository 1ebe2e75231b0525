// The audit log: every change and every denied or failed attempt, with
// filters and a CSV export of what the filters select (a background job:
// the file downloads when it is written). An alert's evidence link opens it
// narrowed to the evidence (?entries= names the entries, marked here).

import Alert from "@cloudscape-design/components/alert";
import Badge from "@cloudscape-design/components/badge";
import Box from "@cloudscape-design/components/box";
import Button from "@cloudscape-design/components/button";
import DateRangePicker from "@cloudscape-design/components/date-range-picker";
import Popover from "@cloudscape-design/components/popover";
import PropertyFilter, { type PropertyFilterProps } from "@cloudscape-design/components/property-filter";
import SpaceBetween from "@cloudscape-design/components/space-between";
import { type StatusIndicatorProps } from "@cloudscape-design/components/status-indicator";
import { useNavigate, useSearchParams } from "react-router";
import type { AuditEntry, AuditResult } from "../../api/types";
import { useApi } from "../../app/services";
import { usePermissions } from "../../auth/permissions";
import { CopyValue } from "../../components/CopyValue";
import { ListTable } from "../../components/ListTable";
import { Status } from "../../components/status";
import { hasFilters, NoWrap, Truncated } from "../../components/table";
import { TimeZoneControl } from "../../components/TimeZoneControl";
import { formatDate, formatTotal, humanize } from "../../format";
import { useBackgroundJob } from "../../hooks/useBackgroundJob";
import { usePagedList } from "../../hooks/usePagedList";
import { useSearchState } from "../../hooks/useSearchState";
import { useBreadcrumbs } from "../../layout/breadcrumbs";
import { entriesParam } from "../alerts/evidence";
import { rangeFromUrl, rangeToUrl } from "../tasks/dateRange";
import { AUDIT_KEYS, filterToTokens, toAuditExport, tokensToFilter } from "./auditFilter";

const properties: PropertyFilterProps.FilteringProperty[] = [
  { key: "actor", propertyLabel: "Actor", groupValuesLabel: "Actors", operators: ["="] },
  { key: "action", propertyLabel: "Action", groupValuesLabel: "Actions", operators: ["="] },
  { key: "resource_type", propertyLabel: "Resource type", groupValuesLabel: "Resource types", operators: ["="] },
  { key: "result", propertyLabel: "Result", groupValuesLabel: "Results", operators: ["="] },
];
const resultKind: Record<AuditResult, StatusIndicatorProps.Type> = { success: "success", failure: "error", denied: "warning" };
// Every control of the filter named, tokens' remove buttons included (axe-core checks them once a filter is set).
const filterStrings: PropertyFilterProps.I18nStrings = {
  dismissAriaLabel: "Dismiss",
  clearAriaLabel: "Clear",
  clearFiltersText: "Clear filters",
  removeTokenButtonAriaLabel: (t) => `Remove filter ${t.propertyLabel} ${t.operator} ${t.value}`,
  tokenOperatorAriaLabel: "Filter join",
  operationAndText: "and",
  operationOrText: "or",
  operatorsText: "Operators",
  operatorEqualsText: "Equals",
  groupValuesText: "Values",
  groupPropertiesText: "Properties",
  editTokenHeader: "Edit filter",
  propertyText: "Property",
  operatorText: "Operator",
  valueText: "Value",
  cancelActionText: "Cancel",
  applyActionText: "Apply",
  allPropertiesLabel: "All properties",
  tokenLimitShowMore: "Show more",
  tokenLimitShowFewer: "Show fewer",
  enteredTextLabel: (v) => `Use: "${v}"`,
};
const options: PropertyFilterProps.FilteringOption[] = Object.keys(resultKind).map((r) => ({ propertyKey: "result", value: r }));

export default function Audit() {
  useBreadcrumbs([{ text: "Audit log", href: "/audit" }]);
  const api = useApi();
  const perms = usePermissions();
  const entries = usePagedList({ queryKey: ["audit"], state: useSearchState([...AUDIT_KEYS, "from", "to"] as const), load: api.admin.audit });
  const { values, set } = entries;
  const exportCsv = useBackgroundJob({ start: () => api.admin.auditExport(toAuditExport(values)), errorHeader: "The export could not start" });
  const exporting = exportCsv.isStarting || exportCsv.active.some((j) => j.kind === "audit_export");
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const evidence = entriesParam(params.get("entries"));
  const shownEvidence = (entries.query.data?.data ?? []).filter((a) => evidence.has(a.id)).length;

  const table = (
    <ListTable
      list={entries}
      variant="full-page"
      title="Audit log"
      noun="audit entries"
      description="Who changed what, and every denied or failed attempt. Secrets are redacted."
      actions={
        <SpaceBetween direction="horizontal" size="xs">
          <TimeZoneControl />
          {perms.has("audit:export") && (
            <Button iconName="download" loading={exporting} onClick={() => exportCsv.start()}>
              Export CSV
            </Button>
          )}
        </SpaceBetween>
      }
      filter={
        <SpaceBetween direction="horizontal" size="xs">
          <div style={{ minWidth: 360 }}>
            <PropertyFilter
              query={filterToTokens(values)}
              onChange={(e) => {
                const f = tokensToFilter(e.detail);
                set(Object.fromEntries(AUDIT_KEYS.map((k) => [k, f[k]])));
              }}
              filteringProperties={properties}
              filteringOptions={options}
              disableFreeTextFiltering
              filteringPlaceholder="Filter by actor, action, resource type or result"
              filteringAriaLabel="Filter audit entries"
              countText={entries.query.data ? `${formatTotal(entries.query.data.pagination)} matches` : undefined}
              i18nStrings={filterStrings}
              expandToViewport
            />
          </div>
          <DateRangePicker
            value={rangeFromUrl(values.from, values.to)}
            onChange={(e) => set(rangeToUrl(e.detail.value))}
            relativeOptions={[
              { key: "1h", amount: 1, unit: "hour", type: "relative" },
              { key: "1d", amount: 1, unit: "day", type: "relative" },
              { key: "7d", amount: 7, unit: "day", type: "relative" },
            ]}
            isValidRange={() => ({ valid: true })}
            placeholder="Any time"
            ariaLabel="Filter by time"
            showClearButton
            i18nStrings={{ applyButtonLabel: "Apply", cancelButtonLabel: "Cancel", clearButtonLabel: "Clear" }}
          />
        </SpaceBetween>
      }
      empty={{ title: "No entries yet", subtitle: "Changes and denied or failed attempts are recorded here." }}
      filters={{ active: hasFilters(values), clear: () => set(Object.fromEntries([...AUDIT_KEYS, "from", "to"].map((k) => [k, undefined]))) }}
      defaultColumns={{
        wide: ["evidence", "time", "actor", "action", "resource", "result", "ip", "details"],
        narrow: ["evidence", "time", "actor", "action", "resource", "result", "details"],
      }}
      preferencesKey="audit"
      columnDefinitions={[
        ...(evidence.size > 0
          ? [{ id: "evidence", header: "Evidence", width: 110, cell: (a: AuditEntry) => (evidence.has(a.id) ? <Badge color="red">Evidence</Badge> : null) }]
          : []),
        { id: "time", header: "Time", width: 210, minWidth: 200, cell: (a) => formatDate(a.timestamp) },
        { id: "actor", header: "Actor", width: 130, minWidth: 100, cell: (a) => <Truncated text={a.actorName || a.actor} />, isRowHeader: true },
        { id: "action", header: "Action", width: 170, minWidth: 120, cell: (a) => <Truncated text={a.action} /> },
        {
          id: "resource",
          header: "Resource",
          width: 190,
          minWidth: 120,
          cell: (a) =>
            a.resourceId ? (
              <CopyValue value={a.resourceId} label={`${a.resourceType} id`} display={`${a.resourceType} ${a.resourceId}`} truncate />
            ) : (
              <NoWrap>{a.resourceType}</NoWrap>
            ),
        },
        {
          id: "result",
          header: "Result",
          width: 130,
          minWidth: 110,
          // The error itself is in the entry's details.
          cell: (a) => <Status type={resultKind[a.result] ?? "info"}>{humanize(a.result)}</Status>,
        },
        { id: "ip", header: "Source IP", width: 140, minWidth: 110, cell: (a) => <NoWrap>{a.ip}</NoWrap> },
        { id: "details", header: "Details", minWidth: 90, cell: (a) => <Details entry={a} /> },
      ]}
    />
  );
  if (evidence.size === 0) return table;
  return (
    <SpaceBetween size="m">
      <Alert
        type="info"
        header="An alert's evidence"
        action={<Button onClick={() => navigate("/audit")}>Show the whole log</Button>}
      >
        The log is narrowed to the time, actor and action of the {evidence.size} {evidence.size === 1 ? "entry" : "entries"} that raised the alert;
        {` ${shownEvidence} of them ${shownEvidence === 1 ? "is" : "are"} on this page, marked Evidence.`}
      </Alert>
      {table}
    </SpaceBetween>
  );
}

function Details({ entry }: { entry: AuditEntry }) {
  const block = (title: string, v: unknown) =>
    v === undefined || v === null ? null : (
      <div>
        <Box variant="awsui-key-label">{title}</Box>
        <pre style={{ margin: 0, whiteSpace: "pre-wrap", fontSize: 12 }}>{JSON.stringify(v, null, 2)}</pre>
      </div>
    );
  return (
    <Popover
      header={`${entry.action} ${entry.resourceType}`}
      size="large"
      triggerType="text"
      content={
        <SpaceBetween size="s">
          {block("Before", entry.before)}
          {block("After", entry.after)}
          {entry.error && (
            <div>
              <Box variant="awsui-key-label">Error</Box>
              {entry.error}
            </div>
          )}
          {entry.resourceId && (
            <div>
              <Box variant="awsui-key-label">Resource id</Box>
              <CopyValue value={entry.resourceId} label={`${entry.resourceType} id`} />
            </div>
          )}
          <div>
            <Box variant="awsui-key-label">Request id</Box>
            <CopyValue value={entry.requestId} label="request id" />
          </div>
          <Box variant="small">{entry.userAgent}</Box>
        </SpaceBetween>
      }
    >
      View
    </Popover>
  );
}
